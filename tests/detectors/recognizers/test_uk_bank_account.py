"""UkBankAccountRecognizer: sort codes and account numbers, together (high) or alone (context
only); bare six or eight digit numbers, dates and phone numbers are not bank details."""

from __future__ import annotations

import pytest

from detectors.recognizers.uk_bank_account import UkBankAccountRecognizer

RECOGNIZER = UkBankAccountRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # together
        ("12-34-56 12345678", None, ["12-34-56", "12345678"]),
        ("it's 12 34 56, account 87654321", None, ["12 34 56", "87654321"]),
        ("sort code 12-34-56, account number 12345678", None, ["12-34-56", "12345678"]),
        # named
        ("my sort code is 40-47-84", None, ["40-47-84"]),
        ("sortcode 404784", None, ["404784"]),
        ("the account number is 12345678", None, ["12345678"]),
        # dictated (ASR)
        ("sort code one two dash three four dash five six", None, ["one two dash three four dash five six"]),
        ("sort code twelve thirty four fifty six", None, ["twelve thirty four fifty six"]),
        ("sort code one two three four five six, account number one two three four five six seven eight", None,
         ["one two three four five six", "one two three four five six seven eight"]),
        ("sort code is one two three four five six, one two three four five six seven eight", None,
         ["one two three four five six, one two three four five six seven eight"]),
        ("account number one two, three four, five six, seven eight", None, ["one two, three four, five six, seven eight"]),
        # previous-turn context only
        ("it's 12345678", ["account number"], ["12345678"]),
        ("four oh four seven eight four", ["sort code"], ["four oh four seven eight four"]),
        # near misses
        ("it's 12345678", None, []),
        ("it's 404784", None, []),
        ("12-34-56", None, []),
        ("born 12-03-1982", ["account"], []),
        ("account number 123456789", None, []),  # nine digits
        ("call me on 07700900123", ["account"], []),
    ],
)
def test_uk_bank_account(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "UK_BANK_ACCOUNT" for entity, _, _ in found)


def test_sort_code_with_account_number_scores_high(run_recognizer) -> None:
    found = run_recognizer(RECOGNIZER, "12-34-56 12345678", threshold=0.0)
    assert [score for _, _, score in found] == [0.9, 0.9]
