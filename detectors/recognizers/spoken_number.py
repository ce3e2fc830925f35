"""Long numbers as ASR garbles them (ID_NUMBER): no checksum survives tiny.en.

A card read aloud comes out as "4,500, 3,000, 9,000, 10, 6,500, 49, 1,000, 214"; an IBAN as
"GB 94, SLR 66408797 46497"; a NINO as "S-G-41-5-7-8-7-B". Checksum recognizers rightly refuse
these, yet every digit is still someone's number. This recognizer takes a whole run of digit
groups, separators and short letter groups, and scores it by how many digits it holds:
9+ digits 0.6, 5-8 digits 0.25 (needs context: "number", "card", "account", ... in the sentence
or the previous turn). The whole run is one span, so no four digits survive beside it.
Deliberately not: amounts ("$1,500", "4,500 dollars"), times ("10:30"), dates after a month
name ("March 4, 1982"), years, counts under five digits.
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

_TOKEN = re.compile(r"I'm|[A-Za-z]+|\d+|[,.\-/]")
_MONEY_BEFORE = re.compile(r"(?:[$£€]|\b(?:usd|gbp|eur))\s*$", re.I)
_MONEY_AFTER = re.compile(r"^\s*(?:%|percent|dollars?|pounds?|euros?|quid|bucks|pence|cents?|k\b|grand)", re.I)
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
           "nov", "dec"}
# Words ASR puts between the groups of one dictated number ("and", "to" for two, "oh", "I'm").
CONNECTORS = {"and", "to", "oh", "o", "in", "i'm", "double", "triple"}
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}$")


def _letters_ok(tok: str) -> bool:
    """Short letter groups inside a garbled id: "GB", "SLR", "Db", "B", "CUST" (not ordinary words)."""
    return (len(tok) <= 3 and (tok.isupper() or len(tok) == 1 or tok[:1].isupper())) or (
        len(tok) == 4 and tok.isupper())


class SpokenNumberRecognizer(EntityRecognizer):
    """ID_NUMBER: runs of digit groups (with separators and short letter groups) of 5+ digits."""

    CONTEXT = ["number", "card", "account", "iban", "insurance", "sort", "code", "phone", "mobile", "reference",
               "customer", "policy", "social", "ssn", "digits", "long", "bank", "contact", "call", "id", "member", "acc", "acct", "sc", "ref"]

    def __init__(self, supported_language: str = "en", supported_entity: str = "ID_NUMBER",
                 name: str = "CallscrubSpokenNumberRecognizer", context: list[str] | None = None) -> None:
        super().__init__(supported_entities=[supported_entity], supported_language=supported_language, name=name,
                         context=context if context is not None else self.CONTEXT)

    def load(self) -> None:  # nothing to load
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        results: list[RecognizerResult] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i][0]
            starts = tok.isdigit() or self._glued_prefix(text, tokens, i) or (
                tok.isalpha() and tok[:1].isupper() and _letters_ok(tok) and self._digits_follow(text, tokens, i))
            if not starts:
                i += 1
                continue
            j = i
            while j + 1 < len(tokens) and self._continues(text, tokens, j):
                j += 1
            while j > i and not tokens[j][0].isalnum():
                j -= 1
            result = self._score(text, tokens[i : j + 1])
            if result is not None:
                results.append(result)
            i = j + 1
        return results

    @staticmethod
    def _digits_follow(text: str, tokens: list[tuple[str, int, int]], i: int) -> bool:
        """A letter group starts a run only if digits follow within a few letter/separator tokens."""
        for k in range(i + 1, min(i + 6, len(tokens))):
            if text[tokens[k - 1][2] : tokens[k][1]] not in ("", " "):
                return False
            tok = tokens[k][0]
            if tok.isdigit():
                return True
            if not (tok in ",-./" or _letters_ok(tok)):
                return False
        return False

    @staticmethod
    def _glued_prefix(text: str, tokens: list[tuple[str, int, int]], i: int) -> bool:
        """A short prefix written onto the digits: "cust-506507", "ref12345", "AB123456"."""
        tok = tokens[i][0]
        if not (tok.isalpha() and len(tok) <= 5) or i + 1 >= len(tokens) or text[tokens[i][1] - 1 : tokens[i][1]] == "'":
            return False
        nxt = tokens[i + 1]
        if text[tokens[i][2] : nxt[1]]:
            return False
        if nxt[0].isdigit():
            return True
        return nxt[0] == "-" and i + 2 < len(tokens) and tokens[i + 2][0].isdigit() and not text[nxt[2] : tokens[i + 2][1]]

    @staticmethod
    def _continues(text: str, tokens: list[tuple[str, int, int]], j: int) -> bool:
        cur, nxt = tokens[j], tokens[j + 1]
        gap = text[cur[2] : nxt[1]]
        if gap not in ("", " ") or (nxt[0] in ",./-" and cur[0] in ",./-"):
            return False
        if nxt[0].isdigit() or nxt[0] in ",-/.":
            return True
        if not (cur[0].isdigit() or cur[0] in ",-/."):
            return False
        if not gap:  # letters written onto the digits belong to the id: "4188B", "4302iN", "12-AB"
            return len(nxt[0]) <= 3
        # ASR fillers between digit groups of one dictated number: "4,158,291,200 and 1,100", "7-1-1, I'm 0-0-3-2"
        if nxt[0].lower() in CONNECTORS and j + 2 < len(tokens) and tokens[j + 2][0].isdigit() \
                and text[nxt[2] : tokens[j + 2][1]] == " ":
            return True
        # after a space only capitals ("GB 94, SLR")
        return nxt[0].isupper() and nxt[0] not in ("I", "A") and _letters_ok(nxt[0])

    def _score(self, text: str, run: list[tuple[str, int, int]]) -> RecognizerResult | None:
        start, end = run[0][1], run[-1][2]
        value = text[start:end]
        digits = sum(len(t) for t, _, _ in run if t.isdigit())
        if digits < 5 or _TIME.match(value):
            return None
        if _MONEY_BEFORE.search(text[max(0, start - 6) : start]) or _MONEY_AFTER.match(text[end : end + 10]):
            return None
        before = re.findall(r"[A-Za-z]+", text[max(0, start - 20) : start])
        if before and before[-1].lower() in _MONTHS and digits <= 6:
            return None  # "March 4, 1982": a date, left to the date-of-birth recognizer
        score = 0.6 if digits >= 9 else 0.25
        return RecognizerResult(self.supported_entities[0], start, end, score,
                                analysis_explanation=AnalysisExplanation(self.name, score, textual_explanation=
                                                                         f"{digits} digits in a spoken run"),
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
