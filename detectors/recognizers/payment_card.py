"""Payment card numbers (CREDIT_CARD): 13-19 digits that pass the Luhn check and start with a
plausible issuer prefix (IIN) for their length.

Catches: contiguous digits ("4111111111111111", which is also what a dictated number becomes
after normalisation) and typed groups with one consistent separator ("4111 1111 1111 1111",
"5555-5555-5555-4444", "4111, 1111, 1111, 1111", Amex "3782 822463 10005").
Deliberately not: Luhn-invalid digits, numbers under 13 digits, issuer prefixes no scheme uses
(so most phone numbers and account numbers fail even when they happen to pass Luhn), and digits
glued to a "+" or to other digits.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

_SEP = r"(?:, ?|[ -])"
_START = r"(?<![\d+\-./])"
_END = r"(?![\d]|[-/.]\d)"

# (lowest prefix, highest prefix, allowed lengths): Visa, Mastercard, Amex, Diners, JCB, Discover,
# UnionPay, Maestro.
_IIN_RANGES: tuple[tuple[int, int, tuple[int, ...]], ...] = (
    (4, 4, (13, 16, 19)),
    (51, 55, (16,)),
    (2221, 2720, (16,)),
    (34, 34, (15,)),
    (37, 37, (15,)),
    (300, 305, (14, 16, 17, 18, 19)),
    (36, 36, (14, 16, 17, 18, 19)),
    (38, 39, (16, 17, 18, 19)),
    (3528, 3589, (16, 17, 18, 19)),
    (6011, 6011, (16, 17, 18, 19)),
    (644, 649, (16, 17, 18, 19)),
    (65, 65, (16, 17, 18, 19)),
    (62, 62, (16, 17, 18, 19)),
    (50, 50, (13, 14, 15, 16, 17, 18, 19)),
    (56, 69, (13, 14, 15, 16, 17, 18, 19)),
)


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by every card scheme."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def iin_plausible(digits: str) -> bool:
    """Whether some card scheme issues numbers of this length with this prefix."""
    for low, high, lengths in _IIN_RANGES:
        prefix = int(digits[: len(str(low))])
        if low <= prefix <= high and len(digits) in lengths:
            return True
    return False


class PaymentCardRecognizer(CallscrubPatternRecognizer):
    """CREDIT_CARD: candidates score 0.3 until validated; Luhn + IIN valid -> 1.0, else dropped."""

    ENTITY = "CREDIT_CARD"
    NAME = "CallscrubPaymentCardRecognizer"

    PATTERNS = [
        Pattern("card (contiguous)", _START + r"\d{13,19}" + _END, 0.3),
        Pattern("card (4-4-4-4)", _START + r"\d{4}(" + _SEP + r")\d{4}\1\d{4}\1\d{4}" + _END, 0.3),
        Pattern("card (4-4-4-4-1..3)", _START + r"\d{4}(" + _SEP + r")\d{4}\1\d{4}\1\d{4}\1\d{1,3}" + _END, 0.3),
        Pattern("card (4-6-4/5)", _START + r"\d{4}(" + _SEP + r")\d{6}\1\d{4,5}" + _END, 0.3),
    ]
    CONTEXT = ["card", "credit", "debit", "visa", "mastercard", "amex", "american express", "discover",
               "maestro", "number", "long number"]


    def validate_result(self, pattern_text: str) -> bool:
        """Luhn-valid with a plausible issuer prefix; anything else is not reported."""
        digits = re.sub(r"\D", "", pattern_text)
        return 13 <= len(digits) <= 19 and iin_plausible(digits) and luhn_valid(digits)
