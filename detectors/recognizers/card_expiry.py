"""Card expiry dates (CARD_EXPIRY): month and year as printed on a card.

Catches: "12/27", "12/2027", "12-27", "03 / 27" and the run-together "1227" that dictation
("twelve twenty seven", "oh three two seven") becomes after normalisation. Right after a phrase
that names it ("expiry", "expires", "expiration date", "exp date", "valid until", "end date")
it scores 0.9; otherwise only with context: MM/YY forms at 0.3, MMYY at 0.1.
Deliberately not: months outside 01-12, full dates ("12/03/1982"), times ("10:30"), years
("2027"), and any of these shapes without context ("12/27" in a chat about something else).
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

_START = r"(?<![\d/.:-]|[\d/.:-] )"
_END = r"(?![\d/.:]|-\d| [/-] ?\d)"
_SEPARATED = r"\d{1,2} ?[/-] ?(?:20)?\d{2}"
_JOINED = r"(?:0[1-9]|1[0-2])(?:20)?\d{2}"
_NAMED_BY = (
    r"(?<=\b(?:expiry|expires?|expiring|expired|expiration|exp|valid (?:until|till|to|thru|through)"
    r"|end date|good (?:until|thru|through))\b[^\d]{0,25}?)"
)
_MONTH = re.compile(r"^(\d{1,2})(?: ?[/-] ?|(?=\d{2}(?:\d{2})?$))")


class CardExpiryRecognizer(CallscrubPatternRecognizer):
    """CARD_EXPIRY: 0.9 after a naming phrase; 0.3 (MM/YY) or 0.1 (MMYY) that need context."""

    ENTITY = "CARD_EXPIRY"
    NAME = "CallscrubCardExpiryRecognizer"

    PATTERNS = [
        Pattern("expiry (named, MM/YY)", _NAMED_BY + _START + _SEPARATED + _END, 0.9),
        Pattern("expiry (named, MMYY)", _NAMED_BY + _START + _JOINED + _END, 0.9),
        Pattern("expiry (MM/YY)", _START + _SEPARATED + _END, 0.3),
        Pattern("expiry (MMYY)", _START + _JOINED + _END, 0.1),
    ]
    CONTEXT = ["expiry", "expire", "expiration", "expiring", "valid", "until"]


    def invalidate_result(self, pattern_text: str) -> bool:
        """A month outside 01-12 is not an expiry date."""
        month = _MONTH.match(pattern_text)
        return month is None or not 1 <= int(month.group(1)) <= 12
