"""The verification pass: text re-scans, the audio clip it re-transcribes, and real runs."""

from __future__ import annotations

import json

import pytest

from callscrub.audio.decode import load_audio, whisper_channels
from callscrub.audio.redact import redact_audio
from callscrub.audio.transcribe import get_transcriber
from callscrub.config import DetectionSettings, RedactionSettings, TranscriptionSettings, VerificationSettings
from callscrub.records import AudioSpan, Transcript, Word
from detectors.text import TextRedactor
from detectors.transcript import redact_transcript
from pipelines.verification import (
    CUT_GAP_S, GAP_S, _join, _pieces, _Piece, _window_texts, neutralise, rescan_audio, rescan_texts,
)
from tests.conftest import CliRun


@pytest.fixture(scope="module")
def redactor() -> TextRedactor:
    return TextRedactor.from_settings(DetectionSettings())


def test_neutralise_blanks_every_operator_token_in_place() -> None:
    text = "I'm <PERSON_4f1c2a>, [PHONE_NUMBER], card [CREDIT_CARD ****1111], <enc:EMAIL_ADDRESS:AbC-_9>."
    out = neutralise(text)
    assert len(out) == len(text)
    assert "PERSON" not in out and "1111" not in out and "enc:" not in out and out.startswith("I'm ?")


def test_a_clean_redaction_has_no_residuals(redactor: TextRedactor) -> None:
    turns = ["Can I take your name and number?", "My name is [PERSON] and my number is [PHONE_NUMBER].",
             "Thanks <PERSON_4f1c2a>, and the card?", "It's [CREDIT_CARD ****1111], e-mail [EMAIL_ADDRESS]."]
    assert rescan_texts(turns, redactor, "transcript") == []


def test_what_survived_is_a_residual_with_its_place_but_not_its_value(redactor: TextRedactor) -> None:
    turns = ["Can I take your number?", "It's [PHONE_NUMBER], or my mobile 07700 900123, e-mail jo@example.com"]
    found = rescan_texts(turns, redactor, "transcript")
    assert {r.entity_type for r in found} >= {"PHONE_NUMBER", "EMAIL_ADDRESS"}
    assert all(r.turn == 1 and r.source == "transcript" for r in found)
    phone = next(r for r in found if r.entity_type == "PHONE_NUMBER")
    assert turns[1][phone.char_start : phone.char_end].strip() == "07700 900123"
    assert "900123" not in json.dumps([r.__dict__ for r in found])


def test_covered_spans_are_cut_out_of_each_window() -> None:
    window = AudioSpan(2.0, 10.0, 1)
    covered = [AudioSpan(3.0, 4.0, 1), AudioSpan(5.0, 6.0, None), AudioSpan(6.0, 7.0, 0), AudioSpan(9.98, 12, 1)]
    assert _pieces(window, covered) == [(2.0, 3.0), (4.0, 5.0), (6.0, 9.98)], "channel 0's span is not cut"
    audio = [__import__("numpy").zeros(16000 * 12, dtype="float32")] * 2
    joined, pieces = _join(audio, [window], covered)
    assert [(p.t_start, p.t_end) for p in pieces] == [(2.0, 3.0), (4.0, 5.0), (6.0, 9.98)]
    assert pieces[0].offset == pytest.approx(GAP_S)
    assert pieces[1].offset == pytest.approx(GAP_S + 1.0 + CUT_GAP_S)
    assert len(joined) / 16000 == pytest.approx(GAP_S + 1.0 + CUT_GAP_S + 1.0 + CUT_GAP_S + 3.98, abs=1e-3)


def test_reheard_words_map_back_with_a_break_at_each_cut() -> None:
    pieces = [_Piece(0, 2.0, 3.0, 1.0), _Piece(0, 4.0, 5.0, 2.3), _Piece(1, 20.0, 22.0, 4.3)]
    words = [Word(1.1, 1.5, " my", 1.0, ""), Word(1.5, 1.9, " name", 1.0, ""), Word(2.4, 2.8, " and", 1.0, ""),
             Word(4.4, 4.9, " thanks.", 1.0, "")]
    texts, refs = _window_texts(words, pieces, 2)
    assert texts == ["my name ? and", "thanks."]
    assert refs[0][2] == (10, 13, 4.1, 4.5), "times are on the original recording"
    assert refs[1][0][2:] == (20.1, 20.6)


@pytest.mark.slow
def test_audio_rescan_hears_a_value_left_in_the_audio_and_not_a_redacted_one(samples_raw, redactor) -> None:  # noqa: ANN001
    data = (samples_raw / "call-0001.ogg").read_bytes()
    info, samples = load_audio(data)
    transcriber = get_transcriber(TranscriptionSettings())
    result = transcriber.transcribe(whisper_channels(data, info, samples))
    transcript = Transcript("file:///call-0001.ogg", "e", result.language, 1.0, info.duration, info.sample_rate,
                            info.channels, "bundled:tiny.en", tuple(result.segments))
    redacted, detections, spans = redact_transcript(transcript, redactor)
    # tiny.en hears the e-mail as "maria dot gonzalez at example dot com" on some CPUs and as "Maria.com"
    # on others (int8 kernels differ): the phone number is what every machine hears.
    assert "PHONE_NUMBER" in {d.entity_type for d in detections}
    audio, covered = redact_audio(info, samples, spans, RedactionSettings())
    clean, windows, checked = rescan_audio(audio, info, covered, redacted, transcriber, redactor,
                                           VerificationSettings())
    assert windows >= 1 and 0 < checked < info.duration
    assert [r for r in clean if r.entity_type in ("PHONE_NUMBER", "EMAIL_ADDRESS")] == []

    # Now "forget" to beep the phone number: the re-transcription must hear it.
    phone = next(d for d in detections if d.entity_type == "PHONE_NUMBER")
    keep = [s for s in spans if not (s.t_start >= phone.t_start - 0.01 and s.t_end <= phone.t_end + 0.01)]
    leaky, leaky_covered = redact_audio(info, samples, keep, RedactionSettings())
    heard, _, _ = rescan_audio(leaky, info, leaky_covered, redacted, transcriber, redactor,
                               VerificationSettings(audio="full"))
    leaks = [r for r in heard if r.entity_type == "PHONE_NUMBER"]
    assert leaks and all(r.source == "audio" for r in leaks)
    assert any(r.t_start < phone.t_end and r.t_end > phone.t_start for r in leaks), "found where it was said"


@pytest.mark.slow
def test_every_demo_object_is_verified_with_no_residual_numbers_or_emails(demo_run: CliRun) -> None:
    summary = json.loads(demo_run.stdout)
    check = summary["verification"]
    assert check["objects"] == 6
    assert not {"PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD"} & set(check["residuals"])
    assert check["fraction_of_transcription"] is not None and check["seconds"] > 0
    reports = sorted((demo_run.workdir / "work/private/verification").rglob("*.json"))
    assert len(reports) == 6
    docs = [json.loads(p.read_text()) for p in reports]
    recordings = [d for d in docs if d["kind"] == "recording"]
    assert len(recordings) == 3 and all(d["audio_mode"] == "windows" and d["windows"] >= 1 for d in recordings)
    flagged = {o["key"] for o in summary["objects"] if o["residuals"]}
    assert flagged == set(check["with_residuals"])


@pytest.mark.slow
def test_index_markers_carry_the_verification_result(demo_run: CliRun) -> None:
    import duckdb

    files = str(demo_run.workdir / "work/index/objects/**/*.parquet")
    rows = duckdb.sql(f"SELECT residuals FROM read_parquet('{files}')").fetchall()  # noqa: S608 - test path
    assert len(rows) == 6 and all(r[0] is not None for r in rows)


@pytest.mark.parametrize(("entity", "text", "counts"), [
    ("ID_NUMBER", "4", False), ("ID_NUMBER", "free", False), ("ID_NUMBER", "Z", False),
    ("CREDIT_CARD", "3, 6, 9, 6, 8, 8", True), ("PHONE_NUMBER", "two one two five", True),
    ("PERSON", "Gonzalez", True), ("EMAIL_ADDRESS", "maria at example dot com", True),
])
def test_a_fragment_at_a_cut_is_not_a_numeric_residual(entity: str, text: str, counts: bool) -> None:
    from pipelines.verification import substantial

    assert substantial(entity, text) is counts
