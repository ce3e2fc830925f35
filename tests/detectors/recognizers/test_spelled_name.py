"""SpelledNameRecognizer: a name spelled letter by letter (joined into one upper-case word by the
normaliser) is a PERSON when spelling or a surname is the topic; shouted words, common words,
two-letter words and ordinary capitalised words are not."""

from __future__ import annotations

import pytest

from detectors.recognizers.spelled_name import SpelledNameRecognizer

RECOGNIZER = SpelledNameRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("Surname is Green - G R E E N", ["spell"], ["G R E E N"]),
        ("Surname is Green - G R E E N", None, ["G R E E N"]),  # "surname" in the sentence
        ("S for Sugar, M for Mother, I for India, T for Tommy, H for Harry", ["spell"],
         ["S for Sugar, M for Mother, I for India, T for Tommy, H for Harry"]),
        ("Surname is Green, G-R-E-E-N, thanks.", None, ["G-R-E-E-N"]),
        ("my surname is D-O-U-L-D", None, ["D-O-U-L-D"]),
        ("I spell it S M I T H", None, ["S M I T H"]),
        ("How do you spell that? SMITH", None, ["SMITH"]),
        ("ROWE", ["Could you spell your surname for me?"], ["ROWE"]),
        ("My name is J O N E S", None, ["J O N E S"]),
        # near misses
        ("G R E E N", None, []),  # no context: 0.15
        ("S for Sugar, M for Mother, I for India, T for Tommy, H for Harry", None, []),
        ("this is URGENT", None, []),
        ("this is URGENT", ["spell"], []),  # common word
        ("THANKS", ["spell"], []),
        ("Surname is", ["spell"], []),  # upper-case words only
        ("my surname is Smith", None, []),
        ("my name is JO", ["name"], []),  # two letters
        ("email JSMITH@EXAMPLE.COM", ["name"], []),
    ],
)
def test_spelled_name(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "PERSON" for entity, _, _ in found)
