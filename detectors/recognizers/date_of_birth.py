"""Dates of birth: a real calendar date, a plausible birth year, and birth context.

Catches (on normalised text): "12/03/1982", "12-03-82", "1982-03-12", "12.03.1982",
"March 4, 1982", "March the 4 1982", "4 March 1982", "4th of March 1982", "the 21 of June 2005"
(spoken "the twenty first of June two thousand and five" after normalisation), ASR's "23rd on April
1946" and "7th and August 2008" for "of", "12031982"
(spoken "twelve oh three nineteen eighty two"), "031282", and day + month without a year ("March 4th").

Every date scores low on its own (0.1-0.2): it only counts as a date of birth with context,
either Presidio's lemma enhancer (CONTEXT words near it, or `context=[...]` from the previous
turn) or, because spaCy lemmatises "born" to "bear" and never sees "date of birth" as one word,
this recognizer's own look-back for birth phrases in the preceding characters.

Deliberately not caught: impossible dates ("31/02/1990"), years outside 1900..this year,
times ("5 pm"), bare years ("since 2019"), two-part numbers ("order 12/34").
"""

from __future__ import annotations

import datetime as dt
import re

from presidio_analyzer import Pattern, RecognizerResult

from detectors.recognizers.base import CallscrubPatternRecognizer
from presidio_analyzer.nlp_engine import NlpArtifacts

_MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)?\d{2}"
# "4th of March", and how ASR hears the "of": "23rd on April", "7th and August".
_OF = r"(?:(?:of|on|and)\s+)?"
_BIRTH_CUE = re.compile(
    r"\b(?:date\s+of\s+birth|d\.?\s?o\.?\s?b\b\.?|born|birth\s?(?:day|date)|b'?day)", re.I
)
_LOOK_BACK = 60  # characters before the date in which a birth phrase counts


class DateOfBirthRecognizer(CallscrubPatternRecognizer):
    """Recognise DATE_OF_BIRTH: valid dates that only pass the threshold with birth context."""

    ENTITY = "DATE_OF_BIRTH"
    NAME = "CallscrubDateOfBirthRecognizer"

    PATTERNS = [
        Pattern("DOB numeric (d/m/y or m/d/y)", r"\b\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})\b", 0.2),
        Pattern("DOB ISO (y-m-d)", r"\b(?:19|20)\d{2}([/.-])\d{1,2}\1\d{1,2}\b", 0.2),
        Pattern("DOB month first", rf"\b{_MONTH}\s+(?:the\s+)?{_DAY},?\s+(?:of\s+)?{_YEAR}\b", 0.2),
        Pattern("DOB day first", rf"\b{_DAY}\s+{_OF}{_MONTH},?\s+{_YEAR}\b", 0.2),
        Pattern("DOB no year",  # not when a year follows: "4 March 1850" is not "4 March"
                rf"\b(?:{_MONTH}\s+(?:the\s+)?{_DAY}|{_DAY}\s+{_OF}{_MONTH})\b(?!,?\s+(?:of\s+)?\d)", 0.1),
        Pattern("DOB compact ddmm(yy)yy",
                r"\b(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)?\d{2}\b", 0.1),
    ]
    CONTEXT = ["birth", "dob", "d.o.b", "born", "birthday", "bday"]


    @staticmethod
    def parse(pattern_text: str) -> list[dt.date]:
        """Every calendar date the text can mean (d/m and m/d are both tried); [] if none.
        Dates without a year are checked against a leap year."""
        low = pattern_text.lower().replace(",", " ")
        nums = [int(n) for n in re.findall(r"\d+", low)]
        month_word = re.search(r"[a-z]{3,}", re.sub(r"\b(?:st|nd|rd|th|the|of|on|and)\b", " ", low))
        if month_word:
            month = _MONTH_NAMES.index(month_word.group()[:3]) + 1
            day, year = nums[0], (nums[1] if len(nums) > 1 else 2000)
            candidates = [(year, month, day)]
        elif len(nums) == 1:  # ddmmyyyy / ddmmyy
            s = re.sub(r"\D", "", low)
            candidates = [(int(s[4:]), int(s[2:4]), int(s[:2]))]
        elif nums[0] > 31:  # ISO
            candidates = [(nums[0], nums[1], nums[2])]
        else:
            candidates = [(nums[2], nums[1], nums[0]), (nums[2], nums[0], nums[1])]
        this_year = dt.date.today().year
        out = []
        for year, month, day in candidates:
            if year < 100:
                year += 2000 if year <= this_year % 100 else 1900
            try:
                date = dt.date(year, month, day)
            except ValueError:
                continue
            if 1900 <= year <= this_year and date <= dt.date.today():
                out.append(date)
        return out

    def invalidate_result(self, pattern_text: str) -> bool:
        return not self.parse(pattern_text)

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Boost dates with a birth phrase ("born", "date of birth", "DOB:") just before them."""
        for result in raw_recognizer_results:
            before = text[max(0, result.start - _LOOK_BACK) : result.start]
            cues = list(_BIRTH_CUE.finditer(before))
            if not cues:
                continue  # Presidio's lemma enhancer still gets its turn
            cue = cues[-1]
            result.score = min(1.0, max(result.score + 0.35, 0.4))
            result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            if result.analysis_explanation is not None:
                result.analysis_explanation.set_supportive_context_word(cue.group())
                result.analysis_explanation.set_improved_score(result.score)
        return raw_recognizer_results
