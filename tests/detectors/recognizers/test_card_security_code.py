"""CardSecurityCodeRecognizer: 3-4 digits count only when the conversation says they are the
security code; bare numbers, amounts, times and parts of longer numbers never do."""

from __future__ import annotations

import pytest

from detectors.recognizers.card_security_code import CardSecurityCodeRecognizer

RECOGNIZER = CardSecurityCodeRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # named by a phrase in the same sentence
        ("the security code is 123", None, ["123"]),
        ("CVV 4567", None, ["4567"]),
        ("my cvc is 042", None, ["042"]),
        ("the three digits on the back are 737", None, ["737"]),
        ("on the back of the card it says 1234", None, ["1234"]),
        # dictated (ASR)
        ("security code is one two three", None, ["one two three"]),
        ("the CV2 is seven, three, seven", None, ["seven, three, seven"]),
        ("the three digits on the back are oh four two", None, ["oh four two"]),
        ("the number on the back is double seven three", ["cvv"], ["double seven three"]),
        # previous-turn context only
        ("it's 737", ["security code"], ["737"]),
        ("seven three seven", ["cvv"], ["seven three seven"]),
        # near misses
        ("it's 123", None, []),
        ("press 1 for sales", ["security"], []),
        ("the fee is $150", ["security"], []),
        ("it costs 150 pounds", ["cvv"], []),
        ("about 1,500 a month", ["cvv"], []),
        ("I'll call at 10:30", ["cvv"], []),
        ("my ssn is 123 45 6789", ["security"], []),
        ("card 4111 1111 1111 1111", ["cvv"], []),
        ("the security code on the door is at the front", None, []),
    ],
)
def test_card_security_code(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "CARD_SECURITY_CODE" for entity, _, _ in found)


def test_bare_code_is_below_threshold_without_context(run_recognizer) -> None:
    [(_, _, score)] = run_recognizer(RECOGNIZER, "it's 737", threshold=0.0)
    assert score == 0.1
