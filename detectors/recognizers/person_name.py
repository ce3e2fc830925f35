"""Person names that callers and agents say about themselves; complements spaCy's PERSON NER.

Catches 1-3 name tokens after a self-introduction cue, on normalised text:
- strong cues (0.85; lower-case names 0.6): "my name is X", "name's X", "my surname / first name /
  last name / full name is X", "call me X", "spell that S M I T H" after "my surname is"
  (the normaliser joins spelled letters: "SMITH", mapped back to "S M I T H");
- weak cues (0.6): "this is X", "I'm X" / "I am X", "it's X here", "X speaking",
  "you're speaking to/with X", for lower-case chat too ("hi this is john smith").
Names stop at punctuation, stopwords and anything spaCy tags as a verb, adverb, adjective, ...

Deliberately not caught: "I'm fine", "I'm calling about", "I'm sorry", "this is about my bill",
"call me back"; "this is Acme Energy" is dropped when spaCy tags it ORG or it ends in a
company word (Energy, Bank, ...), but other organisation names after "this is" get through.
Names mentioned in passing ("I spoke to John") are left to spaCy's NER.
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

_STRONG = re.compile(
    r"\b(?:my\s+(?:(?:full|first|last|second|middle|sur|family|maiden)\s*)?name\s+is|(?:my\s+)?name's"
    r"|(?:you\s+can\s+)?call\s+me|(?:sur|last\s+|first\s+)name\s+is)\s+", re.I)
_WEAK = re.compile(r"\b(?:this\s+is|i'm|i\s+am|it's|it\s+is|speaking\s+(?:to|with))\s+", re.I)
_SPEAKING = re.compile(r"(?:,\s*|\s+)(?:speaking|here)\b", re.I)
_NAME_POS = {"PROPN", "NOUN", "X", "ADJ", "VERB"}
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "doctor", "prof", "sir"}
_NOT_NAMES = {"fine", "sorry", "good", "great", "okay", "ok", "well", "sure", "afraid", "just", "not", "here",
              "calling", "ringing", "phoning", "about", "back", "please", "thanks", "thank", "yes", "yeah", "no",
              "hello", "hi", "speaking", "mum", "dad", "madam", "customer", "account", "bill", "name", "spelled",
              "spelt", "written", "pronounced", "listed", "registered", "changed", "different", "unusual",
              "happy", "glad", "going", "looking", "trying", "wondering", "ready", "new", "right", "correct"}
_ORG_WORDS = {"energy", "bank", "insurance", "services", "service", "support", "team", "ltd", "limited", "plc",
              "inc", "group", "telecom", "mobile", "broadband", "water", "gas", "power", "council", "company",
              "department", "helpdesk", "airways", "airlines", "solutions", "direct", "customer"}


class PersonNameRecognizer(EntityRecognizer):
    """Recognise PERSON from self-introductions, spelled surnames and lower-case chat names."""

    CONTEXT = ["name", "surname", "called", "speaking", "spell"]

    def __init__(
        self,
        supported_language: str = "en",
        supported_entity: str = "PERSON",
        name: str = "CallscrubPersonNameRecognizer",
        context: list[str] | None = None,
    ) -> None:
        super().__init__(supported_entities=[supported_entity], name=name,
                         supported_language=supported_language, context=context or self.CONTEXT)

    def load(self) -> None:  # nothing to load: the spaCy doc comes in with nlp_artifacts
        pass

    @staticmethod
    def _is_name(tok) -> bool:  # noqa: ANN001 - a spacy Token
        word = tok.text
        if not re.fullmatch(r"[A-Za-z][A-Za-z'-]*", word) or word.lower() in _NOT_NAMES | _TITLES:
            return False
        if word.isupper() and len(word) > 1 or tok.pos_ == "PROPN":
            return True  # "SMITH" (spelled), "Maria", "john" tagged PROPN
        # spaCy's small model tags unknown lower-case names as ADJ / VERB ("priya", "mohammed")
        return not tok.is_stop and tok.pos_ in _NAME_POS

    @staticmethod
    def _looks_proper(names: list) -> bool:  # noqa: ANN001
        return any(t.pos_ == "PROPN" or t.text[0].isupper() for t in names)

    def _names_after(self, doc, start: int) -> list:  # noqa: ANN001
        names = []
        for tok in doc:
            if tok.idx < start or not names and (tok.lower_.rstrip(".") in _TITLES or tok.text == "."):
                continue  # "I'm Dr. Patel": the title is not the name
            if len(names) == 3 or not self._is_name(tok):
                break
            names.append(tok)
        return names

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc = nlp_artifacts.tokens
        results: list[RecognizerResult] = []
        for cue, strong in ((_STRONG, True), (_WEAK, False)):
            for m in cue.finditer(text):
                names = self._names_after(doc, m.end())
                if not names or not strong and not self._looks_proper(names):
                    continue
                span = (names[0].idx, names[-1].idx + len(names[-1]))
                low = m.group().lower()
                if not strong and not self._weak_ok(text, low, names, span):
                    continue
                score = 0.85 if strong and self._looks_proper(names) else 0.6
                results.append(self._result(span, score, m.group().strip()))
        for m in _SPEAKING.finditer(text):  # "John Smith speaking", "Sarah here"
            before = [t for t in doc if t.idx + len(t) <= m.start()][-3:]
            names = []
            for tok in reversed(before):
                if not self._is_name(tok) or tok.text.islower():
                    break
                names.insert(0, tok)
            if names and not self._is_org(names):
                span = (names[0].idx, names[-1].idx + len(names[-1]))
                results.append(self._result(span, 0.6, m.group().strip(", ")))
        return EntityRecognizer.remove_duplicates(results)

    def _weak_ok(self, text: str, cue: str, names: list, span: tuple[int, int]) -> bool:  # noqa: ANN001
        if self._is_org(names):
            return False
        if cue.startswith("it"):  # "it's John here", not "it's Monday"
            return bool(re.match(r"\s*,?\s*here\b", text[span[1]:], re.I)) or names[0].ent_type_ == "PERSON"
        return True

    @staticmethod
    def _is_org(names: list) -> bool:  # noqa: ANN001
        return names[-1].text.lower() in _ORG_WORDS or any(t.ent_type_ in ("ORG", "GPE", "DATE") for t in names)

    def _result(self, span: tuple[int, int], score: float, cue: str) -> RecognizerResult:
        explanation = AnalysisExplanation(recognizer=self.name, original_score=score,
                                          textual_explanation=f"self-introduction cue {cue!r}")
        return RecognizerResult(self.supported_entities[0], span[0], span[1], score, explanation,
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
