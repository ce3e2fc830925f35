"""Conversation context: the previous turns decide what a bare number is."""

from __future__ import annotations

import pytest

from callscrub.config import DetectionSettings
from callscrub.records import ChatMessage
from detectors.chat import redact_messages
from detectors.context import previous_turn_words
from detectors.text import TextRedactor


@pytest.fixture(scope="module")
def redactor() -> TextRedactor:
    return TextRedactor.from_settings(DetectionSettings())


def test_previous_turn_words() -> None:
    assert previous_turn_words(["Card number?", "4111", "thanks"], 1) == [None, ["card", "number"], None]
    assert previous_turn_words(["a b", "c", "d"], 2)[2] == ["a", "b", "c"]


def test_security_code_counts_only_after_the_question(redactor: TextRedactor) -> None:
    asked = ["And the three digits on the back of the card, the security code?", "It's 737."]
    not_asked = ["How many items are in the box?", "It's 737."]
    found = redactor.find_many(asked, previous_turn_words(asked, 2))[1]
    # the security-answer recognizer may claim it too: either way the digits are redacted
    assert [asked[1][s.start : s.end] for s in found] == ["737"]
    assert found[0].entity_type in {"CARD_SECURITY_CODE", "SECURITY_ANSWER"}
    assert redactor.find_many(not_asked, previous_turn_words(not_asked, 2))[1] == []


def test_chat_digits_after_the_agent_question_are_redacted(redactor: TextRedactor) -> None:
    messages = [
        ChatMessage("1", "agent", "Can you confirm the security code on your card?"),
        ChatMessage("2", "customer", "sure 4 1 9"),
        ChatMessage("3", "agent", "Thanks, and the expiry date?"),
        ChatMessage("4", "customer", "12/27"),
    ]
    texts, detections = redact_messages(messages, redactor)
    assert "419" not in texts[1].replace(" ", "") and "12/27" not in texts[3]
    assert {d.entity_type for d in detections} >= {"CARD_EXPIRY"}
    assert len(detections) == 2


def test_agent_read_back_is_caught(redactor: TextRedactor) -> None:
    turns = ["My number is five five five, two one three, four four nine eight.",
             "Let me read that back: 5, 5, 5, 2, 1, 3, 4, 4, 9, 8. Is that right?"]
    found = redactor.find_many(turns, previous_turn_words(turns, 2))
    assert [s.entity_type for s in found[0]] == ["PHONE_NUMBER"]
    assert [s.entity_type for s in found[1]] == ["PHONE_NUMBER"]
    span = found[1][0]
    assert turns[1][span.start : span.end] == "5, 5, 5, 2, 1, 3, 4, 4, 9, 8"
