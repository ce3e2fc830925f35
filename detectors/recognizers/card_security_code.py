"""Card security codes (CARD_SECURITY_CODE): the 3-4 digits on a card (CVV, CVC, CV2, CSC).

Catches: a 3-4 digit number right after a phrase that names it ("security code is 123",
"the CVV, 737", "three digits on the back are 737", "back of the card says 1234") at 0.9;
any other standalone 3-4 digit number at 0.1, which passes the threshold only when a context
word (cvv, cvc, security, ...) is in the sentence or the previous turn.
Deliberately not: bare numbers without context ("123", "press 1"), amounts ("$150", "150
pounds", "1,500"), times ("10:30"), and groups of longer digit runs (card numbers, "123 45 6789").
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

# Not part of an amount, a time, a date or a longer grouped number.
_START = r"(?<![\d$£€]|[\d$£€][ ,.:/-])"
_END = r"(?!\d|[ ,.:/-]\d|\s*(?:%|percent|dollars?|pounds?|euros?|quid|bucks|pence|cents?)\b)"
_CODE = _START + r"\b\d{3,4}\b" + _END
_NAMED_BY = (
    r"(?<=\b(?:cvv ?2?|cvc ?2?|cv2|csc|card verification (?:code|value|number)|security (?:code|number|digits)"
    r"|(?:three|four|3|4|last) digits on the back|back of (?:the|your|my) card)\b[^\d]{0,25}?)"
)


class CardSecurityCodeRecognizer(CallscrubPatternRecognizer):
    """CARD_SECURITY_CODE: 0.9 when a naming phrase precedes the digits, else 0.1 (context only)."""

    ENTITY = "CARD_SECURITY_CODE"
    NAME = "CallscrubCardSecurityCodeRecognizer"

    PATTERNS = [
        Pattern("security code (named)", _NAMED_BY + _CODE, 0.9),
        Pattern("security code (context only)", _CODE, 0.1),
    ]
    CONTEXT = ["cvv", "cvc", "cv2", "csc", "security", "verification"]

