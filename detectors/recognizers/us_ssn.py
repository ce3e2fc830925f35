"""US Social Security numbers (US_SSN): area-group-serial, 3-2-4 digits.

Catches: "123-45-6789" (0.6) and "123 45 6789" (0.5), lifted by context; right after "social
security (number)" or "SSN" any of these forms and the run-together "123456789" (what dictation
becomes after normalisation) at 0.9; "123456789" elsewhere only with context (0.1).
Deliberately not: the ranges the SSA never issues (area 000, 666, 900-999; group 00; serial
0000), its advertising numbers (078-05-1120, 219-09-9999), mixed separators, ZIP+4
("12345-6789"), phone numbers (3-3-4) and runs of more than nine digits.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

_START = r"(?<![\d+/.:-]|\d[ -])"
_END = r"(?!\d|[ /.:-]\d)"
_NAMED_BY = r"(?<=\b(?:social security|social|ssn|ss)(?: number| no\.?| #)?\b[^\d]{0,20}?)"
_NEVER_ISSUED = {"078051120", "219099999"}


class SocialSecurityNumberRecognizer(CallscrubPatternRecognizer):
    """US_SSN: 0.9 when named, 0.6 dashed, 0.5 spaced, 0.1 nine digits (context only);
    never-issued ranges are dropped."""

    ENTITY = "US_SSN"
    NAME = "CallscrubUsSsnRecognizer"

    PATTERNS = [
        Pattern("SSN (named)", _NAMED_BY + _START + r"\d{3}([ -]?)\d{2}\1\d{4}" + _END, 0.9),
        Pattern("SSN (dashed)", _START + r"\d{3}-\d{2}-\d{4}" + _END, 0.6),
        Pattern("SSN (spaced)", _START + r"\d{3} \d{2} \d{4}" + _END, 0.5),
        Pattern("SSN (nine digits, context only)", _START + r"\d{9}" + _END, 0.1),
    ]
    CONTEXT = ["social", "security", "ssn", "ssa"]


    def invalidate_result(self, pattern_text: str) -> bool:
        """Area 000, 666 or 900-999, group 00, serial 0000, or an advertising number."""
        digits = re.sub(r"\D", "", pattern_text)
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        return (area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000"
                or digits in _NEVER_ISSUED)
