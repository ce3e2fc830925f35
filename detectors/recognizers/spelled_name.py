"""Names spelled letter by letter (PERSON): "Surname is Green - G R E E N", "S for Sugar ...".

The normaliser joins spelled letters into one upper-case word ("GREEN"); this recognizer
reports such words at 0.15, which passes the threshold only with a spelling or name context
word nearby or in the previous turn ("How do you spell that?", "surname").
Deliberately not: upper-case words without that context ("URGENT", "NOT happy"), common
words shouted in chats, and two-letter words.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

COMMON_WORDS = {"THE", "AND", "YES", "NO", "NOT", "OK", "OKAY", "THANKS", "THANK", "YOU", "PLEASE", "HELLO",
                "HI", "URGENT", "ASAP", "FAQ", "PIN", "CVV", "IBAN", "SSN", "DOB", "NINO", "VAT", "USA", "UK",
                "GBP", "USD", "EUR", "ATM", "SMS", "PDF", "ID", "ALL", "NOW", "HELP", "STOP", "FREE", "NEW"}


class SpelledNameRecognizer(CallscrubPatternRecognizer):
    """PERSON: an upper-case word of 3+ letters (a spelled name once normalised), with context."""

    ENTITY = "PERSON"
    NAME = "CallscrubSpelledNameRecognizer"

    # Case matters here: Presidio compiles patterns case-insensitively unless told otherwise.
    PATTERNS = [Pattern("spelled word", r"(?-i:(?<![\w@.])[A-Z]{3,}(?![\w@]))", 0.15)]
    CONTEXT = ["spell", "spelled", "spelt", "spelling", "surname", "name", "initial", "letters"]


    def invalidate_result(self, pattern_text: str) -> bool:
        return pattern_text in COMMON_WORDS
