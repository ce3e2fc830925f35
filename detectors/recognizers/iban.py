"""International bank account numbers (IBAN_CODE), validated by the ISO 13616 mod-97 check.

Catches: IBANs of the right length for their country, compact ("GB82WEST12345698765432") or
with any single spaces or dashes between characters, as typed ("DE89 3704 0044 0532 0130 00")
or as dictation becomes after normalisation ("G B 82 WEST 12345698765432", "n l 91 ABNA
0417164300"). Lengths are known for the countries in `IBAN_LENGTHS`.
Deliberately not: wrong check digits, wrong lengths, unknown countries, IBANs glued to more
letters or digits, and BBAN-only account numbers (see uk_bank_account).
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
    "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26,
    "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28,
    "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
}
_GAP = r"[ -]?"


def _country_pattern(country: str, length: int) -> str:
    """"GB" -> G, B, two check digits, then exactly 18 alphanumerics, with optional gaps."""
    return (country[0] + _GAP + country[1] + (_GAP + r"\d") * 2
            + (_GAP + r"[A-Z0-9]") * (length - 4))


def mod97_valid(iban: str) -> bool:
    """ISO 7064 mod 97-10: move the first four characters to the end, letters to 10-35, mod 97 == 1."""
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


class IbanCodeRecognizer(CallscrubPatternRecognizer):
    """IBAN_CODE: candidates of the right length score 0.5 until validated; mod-97 valid -> 1.0,
    invalid -> dropped."""

    ENTITY = "IBAN_CODE"
    NAME = "CallscrubIbanRecognizer"

    PATTERNS = [
        Pattern(
            "IBAN (country length)",
            r"(?<![A-Z0-9])(?:"
            + "|".join(_country_pattern(c, n) for c, n in sorted(IBAN_LENGTHS.items()))
            + r")(?![A-Z0-9]|[ -]\d)",
            0.5,
        ),
    ]
    CONTEXT = ["iban", "bank", "account", "transfer", "bic", "swift", "sepa"]


    def validate_result(self, pattern_text: str) -> bool:
        """Right length for its country and a valid mod-97 check."""
        iban = re.sub(r"[^A-Z0-9]", "", pattern_text.upper())
        return IBAN_LENGTHS.get(iban[:2]) == len(iban) and mod97_valid(iban)
