"""SocialSecurityNumberRecognizer: 3-2-4 numbers outside the never-issued ranges; nine bare digits only with
context; phone numbers, ZIP+4 and invalid ranges are not SSNs."""

from __future__ import annotations

import pytest

from detectors.recognizers.us_ssn import SocialSecurityNumberRecognizer

RECOGNIZER = SocialSecurityNumberRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # typed
        ("it's 123-45-6789", None, ["123-45-6789"]),
        ("my social is 123 45 6789", None, ["123 45 6789"]),
        ("SSN: 123456789", None, ["123456789"]),
        ("social security number 536-22-1234.", None, ["536-22-1234"]),
        # dictated (ASR)
        ("social security one two three four five six seven eight nine", None,
         ["one two three four five six seven eight nine"]),
        ("one two three dash four five dash six seven eight nine", None,
         ["one two three dash four five dash six seven eight nine"]),
        ("it's 5, 3, 6, 2, 2, 1, 2, 3, 4", ["ssn"], ["5, 3, 6, 2, 2, 1, 2, 3, 4"]),
        ("five three six, double two, one two three four", ["social security number"],
         ["five three six, double two, one two three four"]),
        # previous-turn context only
        ("123456789", ["social security"], ["123456789"]),
        # near misses
        ("reference 123456789", None, []),
        ("000-12-3456", None, []),
        ("666-12-3456", ["ssn"], []),
        ("ssn 900-12-3456", None, []),
        ("123-00-4567", None, []),
        ("123-45-0000", None, []),
        ("078-05-1120", None, []),
        ("call 212-555-0198", None, []),
        ("zip 12345-6789", None, []),
        ("123-45 6789", None, []),  # mixed separators
        ("1234567890", ["ssn"], []),  # ten digits
    ],
)
def test_us_ssn(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "US_SSN" for entity, _, _ in found)
