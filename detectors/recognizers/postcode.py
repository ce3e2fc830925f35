"""UK postcodes and US ZIP codes.

Catches (on normalised text):
- UK postcodes in the Royal Mail format, letters checked per position: "SW1A 1AA",
  "EC1A 1BB", "M1 1AE", "sw1a 1aa" (chat), "SW1A1AA" (typed or spelled without the space,
  0.5), and ASR's spaced letters "S W 1 A 1 A A" (0.3: needs context);
- US ZIP codes "94103" and ZIP+4 "94103-1234", only with context ("zip", "postcode",
  "postal code", ...): a bare 5-digit number is an order, an amount, a count (0.1 / 0.3).

Deliberately not caught: UK codes with letters Royal Mail never uses in that position
("QV1 1CI"), partial postcodes ("SW1A" alone), Canadian / other countries' formats.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

_UK = re.compile(
    r"(?:GIR0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})"
)
_OUTWARD = r"[A-Z]{1,2}\d[A-Z\d]?"
_INWARD = r"\d[A-Z]{2}"


class PostcodeRecognizer(CallscrubPatternRecognizer):
    """Recognise POSTCODE: validated UK postcodes; US ZIP codes with context only."""

    ENTITY = "POSTCODE"
    NAME = "CallscrubPostcodeRecognizer"

    PATTERNS = [
        Pattern("UK postcode", rf"\b{_OUTWARD}\s{_INWARD}\b", 0.7),
        Pattern("UK postcode (no space)", rf"\b{_OUTWARD}{_INWARD}\b", 0.5),
        Pattern("UK postcode (spaced letters)",
                r"\b[A-Z](?:\s?[A-Z])?\s?\d(?:\s?[A-Z\d])?\s?\d\s?[A-Z]\s?[A-Z]\b", 0.3),
        Pattern("US ZIP+4", r"(?<![\d-])\d{5}-\d{4}(?![\d-])", 0.3),
        Pattern("US ZIP", r"(?<![\d-])\d{5}(?![\d-])", 0.1),
    ]
    CONTEXT = ["postcode", "zip", "postal", "post"]


    def invalidate_result(self, pattern_text: str) -> bool:
        """UK-shaped matches must pass the per-position letter rules; ZIPs are never invalid."""
        compact = re.sub(r"\s", "", pattern_text).upper()
        if compact.replace("-", "").isdigit():
            return compact.startswith("00000")
        return not _UK.fullmatch(compact)
