"""Transcript redaction with the real analyzer on hand-built transcripts (word timing as Whisper gives it)."""

from __future__ import annotations

import pytest

from callscrub.config import DetectionSettings
from callscrub.records import Segment, Transcript, Word
from detectors.operators import Pseudonym
from detectors.text import TextRedactor
from detectors.transcript import build_turns, redact_transcript


@pytest.fixture(scope="module")
def redactor() -> TextRedactor:
    return TextRedactor.from_settings(DetectionSettings())


def _words(tokens: list[tuple[str, float, float]], speaker: str) -> tuple[Word, ...]:
    return tuple(Word(s, e, t, 0.9, speaker) for t, s, e in tokens)


def _transcript(*segments: Segment) -> Transcript:
    return Transcript("file:///x.wav", "e", "en", 1.0, 30.0, 16000, 2, "tiny.en", segments)


AGENT = Segment(0, 0.0, 2.0, "agent", 0, "What number?", _words([(" What", 0.0, 0.5), (" number?", 0.5, 1.0)], "agent"))
CUSTOMER = Segment(
    1, 2.0, 6.0, "customer", 1, "Hi, I'm Maria Gonzalez, call 212-555-0198 please.",
    _words([(" Hi,", 2.0, 2.2), (" I'm", 2.2, 2.4), (" Maria", 2.4, 2.8), (" Gonzalez,", 2.8, 3.2),
            (" call", 3.2, 3.4), (" 212", 3.4, 3.8), ("-555", 3.8, 4.2), ("-0198", 4.2, 3.9),  # end < start
            (" please.", 4.6, 5.0)], "customer"),
)


def test_turn_text_follows_whisper_spacing() -> None:
    turns = build_turns(_transcript(AGENT, CUSTOMER))
    assert [t.speaker for t in turns] == ["agent", "customer"]
    assert turns[1].text == "Hi, I'm Maria Gonzalez, call 212-555-0198 please."


def test_every_token_of_a_value_is_replaced_in_words_and_text(redactor: TextRedactor) -> None:
    redacted, detections, spans = redact_transcript(_transcript(AGENT, CUSTOMER), redactor)
    seg = redacted.segments[1]
    tokens = [w.text for w in seg.words]
    assert "212" not in " ".join(tokens) and "0198" not in " ".join(tokens) and "Maria" not in " ".join(tokens)
    assert "Maria" not in seg.text and "0198" not in seg.text
    assert seg.text.count("[PHONE_NUMBER]") == 1, "one value becomes one tag in the text"
    assert [w.start for w in seg.words] == [w.start for w in CUSTOMER.words], "timestamps are kept"
    assert redacted.segments[0] == AGENT, "untouched segments are unchanged"
    assert {d.entity_type for d in detections} >= {"PERSON", "PHONE_NUMBER"}
    phone = next(s for s, d in zip(spans, detections) if d.entity_type == "PHONE_NUMBER")
    # "-0198" has end < start: the span widens to its segment instead of trusting the word
    assert (phone.t_start, phone.t_end, phone.channel) == (2.0, 6.0, 1)


def test_detections_hold_positions_not_values(redactor: TextRedactor) -> None:
    _, detections, _ = redact_transcript(_transcript(AGENT, CUSTOMER), redactor)
    assert "Maria" not in repr(detections) and "0198" not in repr(detections)


def test_keyed_pseudonyms_are_consistent_and_keyed() -> None:
    a, b = Pseudonym("k" * 32), Pseudonym("j" * 32)
    assert a("PERSON", "Maria  Gonzalez") == a("PERSON", "maria gonzalez")
    assert a("PERSON", "Maria Gonzalez") != b("PERSON", "Maria Gonzalez")
    assert a("PERSON", "Maria Gonzalez").startswith("<PERSON_")
