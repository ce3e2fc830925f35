"""Phone numbers (PHONE_NUMBER), found by `phonenumbers` for each configured region.

Catches: numbers `phonenumbers` calls VALID in a configured region, typed or dictated
("212-555-0198", "(312) 555-0163", "+44 20 7946 0958", "0871 234 5678", "plus 442079460958");
and POSSIBLE numbers of a plausible shape that the metadata rejects, such as the fictional US
555 range and Ofcom's drama range ("5552134498", "07700 900123"): ten digits in the North
American plan, ten or eleven digits starting 0 (national trunk prefix), or E.164 with "+".
Deliberately not: amounts, times, years, short numbers ("press 1", "order 42"), dates,
SSN-shaped or sort-code-shaped digits, and card numbers (13-19 digits are too long to pass).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import phonenumbers
from phonenumbers import Leniency
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# Digit strings ("+" kept when written): North American plan, national trunk "0", E.164.
_PLAUSIBLE = (
    re.compile(r"1?[2-9]\d{2}[2-9]\d{6}"),  # NANP: area code and exchange start 2-9
    re.compile(r"0[1-9]\d{8,9}"),  # national trunk prefix (GB, IE, DE, FR, NL, ...)
    re.compile(r"\+[1-9]\d{7,14}"),  # E.164
)
# A match never qualifies next to money ("$1,500,000", "1500 dollars"), next to more digit groups,
# or after the start of an IBAN (the tail of "GB82 WEST 1234 5698 7654 32").
_BEFORE = re.compile(r"(?:[$£€][\d,.\s]*|\d[ -]?|\b[A-Z]{2}\d{2}[A-Z0-9 -]*)$")
_AFTER = re.compile(r"^(?:\s*(?:dollars?|pounds?|euros?|quid|bucks|percent|%)\b|[ -]?\d)", re.IGNORECASE)


class PhoneNumberRecognizer(LocalRecognizer):
    """PHONE_NUMBER: VALID numbers at 0.7 (0.85 when the country code is written), plausible
    POSSIBLE numbers at 0.5; context words lift either by Presidio's context enhancer."""

    CONTEXT = ["phone", "number", "call", "mobile", "cell", "reach", "landline", "contact",
               "telephone", "tel", "ring", "text"]
    DEFAULT_REGIONS: tuple[str, ...] = ("US", "GB", "IE", "DE", "FR", "ES", "IT", "NL")
    VALID_SCORE = 0.7
    INTERNATIONAL_SCORE = 0.85
    POSSIBLE_SCORE = 0.5

    def __init__(self, regions: Sequence[str] = DEFAULT_REGIONS, context: list[str] | None = None,
                 supported_language: str = "en", supported_entity: str = "PHONE_NUMBER",
                 name: str = "CallscrubPhoneRecognizer") -> None:
        self.regions = tuple(regions)
        super().__init__(supported_entities=[supported_entity], supported_language=supported_language,
                         context=context if context is not None else self.CONTEXT, name=name)

    def load(self) -> None:  # noqa: D102
        pass

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """Every region's VALID matches; POSSIBLE matches of a plausible shape where none is VALID."""
        if sum(ch.isdigit() for ch in text) < 7:  # no phone number is shorter: skip the matchers
            return []
        best: dict[tuple[int, int], tuple[float, str]] = {}
        for region in self.regions:
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=Leniency.VALID):
                score = self.INTERNATIONAL_SCORE if match.raw_string.lstrip("( ").startswith("+") \
                    or self._has_spoken_plus(text, match.start) else self.VALID_SCORE
                self._keep(best, match, score, f"valid number ({region} metadata)", text)
        for region in self.regions:
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
                digits = ("+" if "+" in match.raw_string else "") + re.sub(r"\D", "", match.raw_string)
                if any(p.fullmatch(digits) for p in _PLAUSIBLE):
                    self._keep(best, match, self.POSSIBLE_SCORE, "possible number of plausible length", text)
        results = [self._result(s, e, score, why) for (s, e), (score, why) in best.items()]
        return EntityRecognizer.remove_duplicates(results)

    @staticmethod
    def _has_spoken_plus(text: str, start: int) -> bool:
        return text[max(0, start - 5) : start].lower() == "plus "

    @staticmethod
    def _keep(best: dict[tuple[int, int], tuple[float, str]], match: phonenumbers.PhoneNumberMatch,
              score: float, why: str, text: str) -> None:
        if _BEFORE.search(text[max(0, match.start - 40) : match.start]) or _AFTER.match(text[match.end :]):
            return
        span = (match.start, match.end)
        if span not in best or best[span][0] < score:
            best[span] = (score, why)

    def _result(self, start: int, end: int, score: float, why: str) -> RecognizerResult:
        explanation = AnalysisExplanation(recognizer=self.name, original_score=score,
                                          textual_explanation=f"Phone number: {why}")
        return RecognizerResult(entity_type=self.supported_entities[0], start=start, end=end, score=score,
                                analysis_explanation=explanation,
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
