"""UK National Insurance numbers (UK_NINO): two prefix letters, six digits, suffix A-D.

Catches: "AB123456C", "AB 12 34 56 C", lower case, and spelled forms as they arrive after
normalisation ("A B 123456 C", "A, B, 123456, C": two spelled letters are not joined) at 0.85;
the same without the suffix letter (often dropped when read out) at 0.3, which needs context
(national insurance, NINO) in the sentence or the previous turn.
Deliberately not: prefixes HMRC never allocates - first letter D, F, I, Q, U or V; second letter
D, F, I, O, Q, U or V; BG, GB, NK, KN, TN, NT, ZZ - so not HMRC's specimen "QQ 12 34 56 C";
suffixes other than A-D; letters or digits glued on either side.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

_GAP = r"(?:,? |-)?"
_PREFIX = r"[A-Z]" + _GAP + r"[A-Z]"
_DIGITS = _GAP.join([r"\d{2}"] * 3)
_START = r"(?<![A-Z0-9])"
_END = r"(?![A-Z0-9])"
_BAD_FIRST = set("DFIQUV")
_BAD_SECOND = set("DFIOQUV")
_NOT_ALLOCATED = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


class NationalInsuranceNumberRecognizer(CallscrubPatternRecognizer):
    """UK_NINO: 0.85 with a suffix letter A-D, 0.3 without (context only); invalid prefixes dropped."""

    ENTITY = "UK_NINO"
    NAME = "CallscrubUkNinoRecognizer"

    PATTERNS = [
        Pattern("NINO", _START + _PREFIX + _GAP + _DIGITS + _GAP + r"[A-D]" + _END, 0.85),
        Pattern("NINO (no suffix, context only)", _START + _PREFIX + _GAP + _DIGITS + r"(?![A-Z0-9]|[ ,-]\d)", 0.3),
    ]
    CONTEXT = ["national", "insurance", "nino", "nic"]


    def invalidate_result(self, pattern_text: str) -> bool:
        """A prefix HMRC does not allocate."""
        prefix = re.sub(r"[^A-Z]", "", pattern_text.upper())[:2]
        return prefix[0] in _BAD_FIRST or prefix[1] in _BAD_SECOND or prefix in _NOT_ALLOCATED
