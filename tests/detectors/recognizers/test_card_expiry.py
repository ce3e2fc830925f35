"""CardExpiryRecognizer: month/year forms count only when the conversation says they are an
expiry date; impossible months, full dates, times and years never do."""

from __future__ import annotations

import pytest

from detectors.recognizers.card_expiry import CardExpiryRecognizer

RECOGNIZER = CardExpiryRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # named by a phrase in the same sentence
        ("expiry 12/27", None, ["12/27"]),
        ("it expires 12/2027", None, ["12/2027"]),
        ("the expiration date is 12-27", None, ["12-27"]),
        ("valid until 03 / 28", None, ["03 / 28"]),
        ("exp date 1227", None, ["1227"]),
        ("end date is 0929", None, ["0929"]),
        # dictated (ASR)
        ("expiry twelve twenty seven", None, ["twelve twenty seven"]),
        ("it expires one two slash two seven", None, ["one two slash two seven"]),
        ("the expiry date is oh three twenty six", None, ["oh three twenty six"]),
        # previous-turn context only
        ("12/27", ["expiry"], ["12/27"]),
        ("twelve twenty seven", ["when does it expire"], ["twelve twenty seven"]),
        # near misses
        ("see you on 12/27", None, []),
        ("it's 1227", None, []),
        ("expiry 13/27", None, []),  # no month 13
        ("expires 0027", None, []),  # no month 00
        ("my date of birth is 12/03/1982", ["expiry"], []),
        ("the card expires in 2027", None, []),
        ("I'll call at 10:30", ["expiry"], []),
    ],
)
def test_card_expiry(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "CARD_EXPIRY" for entity, _, _ in found)
