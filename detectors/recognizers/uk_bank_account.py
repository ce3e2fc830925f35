"""UK bank details (UK_BANK_ACCOUNT): six-digit sort codes and eight-digit account numbers.

Catches: a sort code followed by an account number ("12-34-56 12345678", "sort code 123456,
account number 12345678") at 0.9 each; a sort code right after "sort code" at 0.9; eight
digits right after "account number" at 0.6; the fourteen digits that a sort code and account
number dictated in one breath become after normalisation, when named. Alone, a sort code
("12-34-56" 0.3, "123456" 0.1) or an account number (0.1) counts only with context words
(sort, account, bank) in the sentence or the previous turn.
Deliberately not: bare six or eight digit numbers, dates ("12-03-1982"), phone numbers, nine or
more digits where eight are expected. There is no public checksum for sort code/account pairs.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

_START = r"(?<![\d+/.:-]|\d[ -])"
_END = r"(?!\d|[ /.:-]\d{1,2}\b)"
_SORT = r"\d{2}([ -]?)\d{2}\1\d{2}"
_ACCOUNT = r"\d{8}"
_SORT_ANY = r"\d{2}[ -]?\d{2}[ -]?\d{2}"
_BETWEEN = r"[ ,]*(?:(?:and )?(?:the |my |your )?account(?: number| no\.?)?(?: is)?[ :,]*)?"
_SORT_CODE_NAMED = r"(?<=\bsort ?codes?\b[^\d]{0,20}?)"
_ACCOUNT_NAMED = r"(?<=\baccount (?:number|no\.?|num)\b[^\d]{0,20}?)"


class UkBankAccountRecognizer(CallscrubPatternRecognizer):
    """UK_BANK_ACCOUNT: 0.9 for a sort code and account number together or a named sort code,
    0.6 for a named account number, 0.1-0.3 for either alone (context only)."""

    ENTITY = "UK_BANK_ACCOUNT"
    NAME = "CallscrubUkBankAccountRecognizer"

    PATTERNS = [
        Pattern("sort code (before account number)",
                _START + _SORT + r"(?=" + _BETWEEN + _ACCOUNT + r"(?!\d))", 0.9),
        Pattern("account number (after sort code)",
                r"(?<=(?<![\d-])" + _SORT_ANY + _BETWEEN + r")" + _ACCOUNT + _END, 0.9),
        Pattern("sort code (named)", _SORT_CODE_NAMED + _START + _SORT + _END, 0.9),
        Pattern("sort code and account number (named, run together)",
                _SORT_CODE_NAMED + _START + r"\d{14}" + _END, 0.85),
        Pattern("account number (named)", _ACCOUNT_NAMED + _START + _ACCOUNT + _END, 0.6),
        Pattern("sort code (dashed, context only)", _START + r"\d{2}-\d{2}-\d{2}" + _END, 0.3),
        Pattern("sort code (context only)", _START + _SORT + _END, 0.1),
        Pattern("account number (context only)", _START + _ACCOUNT + _END, 0.1),
        Pattern("sort code and account number (context only)", _START + r"\d{14}" + _END, 0.1),
    ]
    CONTEXT = ["sort", "account", "bank", "acc"]

