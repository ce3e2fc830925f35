"""PaymentCardRecognizer: Luhn-valid numbers with a plausible issuer prefix, typed or dictated;
Luhn-invalid numbers, short numbers, impossible prefixes and phone numbers are not cards."""

from __future__ import annotations

import pytest

from detectors.recognizers.payment_card import PaymentCardRecognizer

RECOGNIZER = PaymentCardRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # typed
        ("card number 4111 1111 1111 1111 please", None, ["4111 1111 1111 1111"]),
        ("it's 5555-5555-5555-4444", None, ["5555-5555-5555-4444"]),
        ("4111111111111111", None, ["4111111111111111"]),
        ("amex 3782 822463 10005", None, ["3782 822463 10005"]),
        ("the long number is 6011111111111117", None, ["6011111111111117"]),
        ("new mastercard 2223 0031 2200 3222", None, ["2223 0031 2200 3222"]),
        ("old visa 4222222222222", None, ["4222222222222"]),
        ("4111 1111 1111 1111 and the cvv is 123", None, ["4111 1111 1111 1111"]),
        # dictated (ASR)
        ("four one one one, one one one one, one one one one, one one one one", None,
         ["four one one one, one one one one, one one one one, one one one one"]),
        ("five five five five, five five five five, five five five five, four four four four", ["card", "number"],
         ["five five five five, five five five five, five five five five, four four four four"]),
        ("4111, 1111, 1111, 1111", None, ["4111, 1111, 1111, 1111"]),
        ("four one double one, double one double one, double one double one, one triple one", None,
         ["four one double one, double one double one, double one double one, one triple one"]),
        # near misses
        ("card number 4111 1111 1111 1112", None, []),  # Luhn-invalid
        ("4111111111111112", ["card", "number"], []),  # Luhn-invalid, even with context
        ("account 411111111111", ["card"], []),  # 12 digits
        ("1234567890123452", ["card"], []),  # Luhn-valid, but no scheme issues 1...
        ("call 00442079460956", None, []),  # Luhn-valid, but an international phone number
        ("+12125550198", None, []),
        ("07700 900123", None, []),
    ],
)
def test_payment_card(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "CREDIT_CARD" and score == 1.0 for entity, _, score in found)
