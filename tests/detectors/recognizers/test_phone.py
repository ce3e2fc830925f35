"""PhoneNumberRecognizer: typed, dictated and international numbers; amounts, times, years, short
numbers, dates and card numbers are not phone numbers."""

from __future__ import annotations

import pytest

from detectors.recognizers.phone import PhoneNumberRecognizer

RECOGNIZER = PhoneNumberRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # typed
        ("You can reach me on 212-555-0198.", None, ["212-555-0198"]),
        ("The office is (312) 555-0163 during the day", None, ["(312) 555-0163"]),
        ("Our London number is +44 20 7946 0958", None, ["+44 20 7946 0958"]),
        ("mobile 07700 900123", None, ["07700 900123"]),
        ("it's 07700900123 thanks", None, ["07700900123"]),
        ("text +12125550198 when you land", None, ["+12125550198"]),
        ("my number is 5552134498", None, ["5552134498"]),
        ("call the helpline on 0871 234 5678", None, ["0871 234 5678"]),
        ("Dublin office +353 1 234 5678", None, ["+353 1 234 5678"]),
        # dictated (ASR)
        ("it's five five five two one three four four nine eight", None,
         ["five five five two one three four four nine eight"]),
        ("5, 5, 5, 2, 1, 3, 4, 4, 9, 8", ["phone", "number"], ["5, 5, 5, 2, 1, 3, 4, 4, 9, 8"]),
        ("oh seven seven double oh, nine double oh, one two three", None,
         ["oh seven seven double oh, nine double oh, one two three"]),
        ("two one two, five five five, oh one nine eight", None, ["two one two, five five five, oh one nine eight"]),
        ("plus four four two oh seven nine four six oh nine five eight", None,
         ["plus four four two oh seven nine four six oh nine five eight"]),
        # near misses
        ("the balance is $1,500 today", None, []),
        ("about 1500 dollars", None, []),
        ("I'll call at 10:30", ["call"], []),
        ("born in 1982", None, []),
        ("press 1 for sales", None, []),
        ("it was order 42", ["number"], []),
        ("card 4111111111111111", None, []),
        ("date of birth 12/03/1982", None, []),
        ("ssn 123-45-6789", None, []),
        ("reference 1234567890", None, []),
        ("IBAN GB82 WEST 1234 5698 7654 32", None, []),  # NANP-shaped tail of an IBAN
        ("NL91 ABNA 0417 1643 00", ["number"], []),
        ("card 4111 1111 1111 1111", ["phone"], []),
    ],
)
def test_phone(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "PHONE_NUMBER" for entity, _, _ in found)


@pytest.mark.parametrize(
    ("text", "context", "low", "high"),
    [
        ("+44 20 7946 0958", None, 0.85, 1.0),  # VALID, country code written
        ("212-555-0198", None, 0.7, 0.7),  # VALID national, no context
        ("my phone number is 212-555-0198", None, 1.0, 1.0),  # VALID + context
        ("5552134498", None, 0.7, 0.7),  # VALID under IT metadata, though a fictional US number
        ("+1 555 213 4498", None, 0.5, 0.5),  # plausible only: 555 is not a VALID US exchange
        ("+1 555 213 4498", ["mobile"], 0.85, 0.85),  # plausible + previous-turn context
    ],
)
def test_phone_scores(run_recognizer, text: str, context: list[str] | None, low: float, high: float) -> None:
    [(_, _, score)] = run_recognizer(RECOGNIZER, text, context=context)
    assert low <= score <= high


def test_phone_regions_configurable(run_recognizer) -> None:
    us_only = PhoneNumberRecognizer(regions=("US",))
    assert [s for _, s, _ in run_recognizer(us_only, "call 0871 234 5678")] == []
    assert [s for _, s, _ in run_recognizer(us_only, "call 212-555-0198")] == ["212-555-0198"]
