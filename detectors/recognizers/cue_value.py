"""Whatever follows a strong cue, up to the end of the clause (EMAIL_ADDRESS, PERSON, ...).

tiny.en turns a dictated e-mail into "cideraetatowtook.com" or "G say to rat gmail.com" and a
spelled surname into "D-O-U-L-D" or "this U-T-T-O-N": no pattern for the value survives, but
the cue does ("my email is", "I spell it", "this is ... speaking"). This recognizer takes the
words after the cue up to a clause end ("thanks", "okay", "please", "and that's", "?", "!",
or `max_words`), so the whole garbled value is redacted.
Deliberately not: the cue alone ("my email is in the system", "as I said" are cut by the
stop words), and anything past the clause end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

END_WORDS = r"(?:thanks|thank|okay|ok|please|cheers|right|and that's|that's it|bye|so|but I|if you)"
_WORD = re.compile(r"\S+")
_DETERMINERS = {"the", "a", "an", "my", "your", "our", "their", "his", "her", "its", "this", "that"}
# Words that show the cue was not followed by a value ("my email is in the system").
NOT_A_VALUE = {"on", "the", "not", "still", "correct", "right", "wrong", "same", "there", "here", "what",
               "fine", "changed", "different", "below", "above", "attached", "linked"}

# Not "reach me at" or "contact me on": those introduce phone numbers as often as e-mails.
# The longer cues come first: the first alternative that matches wins.
EMAIL_CUES = [r"\be-?mail\s+me\s+(?:at|on)", r"\bmail\s+me\s+at", r"\bsend\s+(?:it|them|that|this)\s+to",
              r"\be-?mail(?:\s+address)?(?:\s+is|'s|\s+info|\s+it's|:)"]
EMAIL_MARKERS = r"@|\b(?:dot|underscore|at)\b|\.(?:com|co|org|net|uk|ie|io)\b|gmail|outlook|hotmail|yahoo"
SPELLING_CUES = [r"\b(?:it's|that's|it\s+is)\s+spelled", r"\bspell(?:s|ed)?(?:\s+(?:it|this|that|them))?",
                 r"\bspelt", r"\bspelling\s+is"]
NAME_CUES = [r"\b(?:full\s+|first\s+|last\s+|sur|family\s+|maiden\s+)?name\s+is",
             r"\bname's", r"\bname\s+on\s+the\s+account\s+is"]
INTRO_CUES = [r"\b(?:this\s+is|it's)\s+(?=(?:\S+\s+){0,2}\S+\s+(?:speaking|here)\b)",
              r"^\s*(?:(?:hi|hello|hey|yes|yeah|good\s+(?:morning|afternoon|evening))[\s,!.]+)?"
              r"(?=(?:[^\s,.]+\s+){0,2}[^\s,.]+\s+(?:speaking|here)\b)"]
# "The customer ID is C-U-S-D-I-N-4-7-6": whatever is read out after an id's name is the id.
# ASR often writes "in" for "is" and "count" for "account".
ID_CUES = [r"\b(?:card|account|count|customer|client|reference|policy|member(?:ship)?|insurance|security|social|"
           r"phone|mobile|contact|sort)\s+(?:number|no\.?|id|ref(?:erence)?|code)\s*(?:is|in|was|it's|:)",
           r"\bsocial(?:\s+security)?\s+(?:is|in|was|it's|:)"]
# Leading words that are not a name ("I am here to...", "Yes I'm here", "everyone Martin here"):
# stripped from the front of an introduction's value; nothing left, no name.
NOT_A_NAME = frozenset({"i", "i'm", "we", "you", "they", "he", "she", "it", "who", "what", "is", "are", "am",
                        "was", "my", "our", "your", "someone", "nobody", "everyone", "just", "still", "yes",
                        "yeah", "no", "ok", "okay", "well", "so", "hi", "hello", "hey", "the", "his", "her",
                        "their", "a", "an", "now", "also", "here", "there", "manager", "wife", "husband",
                        "it's", "this", "that's", "that", "is"})


class CueValueRecognizer(EntityRecognizer):
    """`entity` for the words after any of `cues`, up to the end of the clause."""

    def __init__(self, entity: str, cues: Sequence[str], max_words: int = 8, score: float = 0.6,
                 supported_language: str = "en", name: str | None = None,
                 end_words: str = END_WORDS, not_a_value: frozenset[str] = frozenset(NOT_A_VALUE),
                 strip_leading: bool = False, in_the_is_no_value: bool = True,
                 value_markers: str | None = None) -> None:
        # A clause with a marker of the value ("dot", "underscore", ".com" for e-mails) is a value
        # even when it starts like a non-value ("in the underscore ...", "at the day to ...").
        self._markers = re.compile(value_markers, re.I) if value_markers else None
        self._not_a_value = not_a_value
        self._strip_leading = strip_leading
        self._in_the_is_no_value = in_the_is_no_value
        self._cue = re.compile(r"(?:" + "|".join(cues) + r")[\s:,]*", re.I)
        self._end = re.compile(r"(?:[?!]|\.(?=\s*$)|,?\s+" + end_words + r"\b|\s+(?:speaking|here)\b)", re.I)
        self._max_words = max_words
        self._score = score
        super().__init__(supported_entities=[entity], supported_language=supported_language,
                         name=name or f"CallscrubCue{entity.title().replace('_', '')}Recognizer")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for cue in self._cue.finditer(text):
            start = cue.end()
            tail = text[start:]
            stop = self._end.search(tail)
            clause = tail[: stop.start()] if stop else tail
            words = list(_WORD.finditer(clause))[: self._max_words]
            marked = self._markers is not None and self._markers.search(clause) is not None
            if self._strip_leading:
                while words and words[0].group().lower().strip(",.!") in self._not_a_value:
                    words.pop(0)
            if not words or (not marked and words[0].group().lower().strip(",.") in self._not_a_value):
                continue
            if not marked and self._in_the_is_no_value and len(words) > 1 and words[0].group().lower() == "in" \
                    and words[1].group().lower() in _DETERMINERS:
                continue  # "my email is in the system"; but ASR's "email info in LNA ..." is a value
            start = start + words[0].start()
            end = cue.end() + words[-1].end()
            while end > start and text[end - 1] in ",.;:":
                end -= 1
            if end <= start:
                continue
            results.append(RecognizerResult(
                self.supported_entities[0], start, end, self._score,
                analysis_explanation=AnalysisExplanation(self.name, self._score, textual_explanation="value after a cue"),
                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id},
            ))
        return results
