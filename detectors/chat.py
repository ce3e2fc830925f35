"""Redact chat messages one by one, keeping order, senders and timestamps."""

from __future__ import annotations

from callscrub.records import ChatMessage, Detection
from detectors.context import previous_turn_words
from detectors.spans import replace_spans
from detectors.text import TextRedactor


def redact_messages(
    messages: list[ChatMessage], redactor: TextRedactor
) -> tuple[list[str], list[Detection]]:
    """The redacted text of each message (same order) and what was found (positions only)."""
    texts: list[str] = []
    detections: list[Detection] = []
    raw = [m.text for m in messages]
    found = redactor.find_many(raw, previous_turn_words(raw, redactor.settings.context_turns))
    for i, (msg, spans) in enumerate(zip(messages, found, strict=True)):
        texts.append(replace_spans(msg.text, spans, redactor.replacement))
        detections.extend(
            Detection(s.entity_type, round(s.score, 4), s.detector, i, s.start, s.end, speaker=msg.sender)
            for s in spans
        )
    return texts, detections
