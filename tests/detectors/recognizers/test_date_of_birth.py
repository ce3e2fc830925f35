"""DateOfBirthRecognizer: real dates with a plausible birth year count only with birth context
(a phrase before them, or the previous turn); bills, times, years and short numbers never."""

from __future__ import annotations

import pytest

from detectors.recognizers.date_of_birth import DateOfBirthRecognizer

RECOGNIZER = DateOfBirthRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # typed
        ("dob 12/03/1982", None, ["12/03/1982"]),
        ("DOB: 1982-03-12", None, ["1982-03-12"]),
        ("date of birth 12.03.1982", None, ["12.03.1982"]),
        ("my d.o.b is 03-12-82", None, ["03-12-82"]),
        ("I was born on March 4, 1982", None, ["March 4, 1982"]),
        ("my birthday is 4 March, 1982", None, ["4 March, 1982"]),
        ("date of birth is the 4th of March 1982", None, ["4th of March 1982"]),
        ("my birthday is March 4th", None, ["March 4th"]),
        # spoken, as tiny.en writes it (the normaliser makes the numbers digits)
        ("my date of birth is March fourth nineteen eighty two", None, ["March fourth nineteen eighty two"]),
        ("born on the twenty first of June two thousand and five", None,
         ["twenty first of June two thousand and five"]),
        ("born on twelve oh three nineteen eighty two", None, ["twelve oh three nineteen eighty two"]),
        # ASR's "of": tiny.en writes "on" or "and" (bench/verification.py found these left in the audio)
        ("My date on birth is 7th and August 2008, thanks.", None, ["7th and August 2008"]),
        ("May it on birth, 23rd on April 1946, that's it.", None, ["23rd on April 1946"]),
        ("the meeting was on the 3rd and March 2020 was busy", None, []),
        # context from the agent's previous turn
        ("it's 12/03/1982", ["can I take your date of birth"], ["12/03/1982"]),
        ("March the fourth nineteen eighty two", ["dob"], ["March the fourth nineteen eighty two"]),
        # near misses
        ("your bill is due on March 4", None, []),
        ("your bill is due on 12/03/2024", None, []),
        ("call me back at 5 pm", ["birthday"], []),
        ("I've been a customer since 2019", ["born"], []),
        ("order 12/34", ["date of birth"], []),
        ("date of birth 31/02/1990", None, []),
        ("I was born on 4 March 1850", None, []),
    ],
)
def test_date_of_birth(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "DATE_OF_BIRTH" for entity, _, _ in found)


@pytest.mark.parametrize(
    ("text", "context", "low", "high"),
    [
        ("12/03/1982", None, 0.1, 0.2),  # a date, no birth context: below threshold
        ("born 12/03/1982", None, 0.5, 0.6),  # birth phrase before it
        ("12/03/1982", ["date of birth"], 0.5, 0.6),  # previous turn
    ],
)
def test_date_of_birth_scores(run_recognizer, text: str, context: list[str] | None, low: float,
                              high: float) -> None:
    [(_, _, score)] = run_recognizer(RECOGNIZER, text, context=context, threshold=0.05)
    assert low <= score <= high
