"""StreetAddressRecognizer: house number + street name + type (+ flat, town), typed, spoken and
lower-case; counts, street names without a number and function-word phrases are not addresses."""

from __future__ import annotations

import pytest

from detectors.recognizers.street_address import StreetAddressRecognizer

RECOGNIZER = StreetAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # typed
        ("I live at 12 Baker Street", None, ["12 Baker Street"]),
        ("send it to 221B Baker St please", None, ["221B Baker St"]),
        ("1600 Pennsylvania Avenue", None, ["1600 Pennsylvania Avenue"]),
        ("Flat 3, 14 Queens Road", None, ["Flat 3, 14 Queens Road"]),
        ("it's 12 Baker Street London", None, ["12 Baker Street London"]),
        ("I moved to 5 Elm Grove, Leeds last year", None, ["5 Elm Grove, Leeds"]),
        ("she lives at 4 St Mary's Road", None, ["4 St Mary's Road"]),
        ("i live at 12 baker street", None, ["12 baker street"]),  # lower-case chat: needs context
        # spoken, as tiny.en writes it
        ("I live at twelve Baker Street", None, ["twelve Baker Street"]),
        ("it's two two one B Baker Street", None, ["two two one B Baker Street"]),
        ("one hundred and twelve Baker Street", None, ["one hundred and twelve Baker Street"]),
        ("flat three, fourteen Queens Road", None, ["flat three, fourteen Queens Road"]),
        ("it's forty two wallaby way", ["what's the first line of your address"], ["forty two wallaby way"]),
        # near misses
        ("I ordered 12 items", ["address"], []),
        ("I love Street Fighter", None, []),
        ("the high street shops", ["street"], []),
        ("2 tickets for Oxford Street", None, []),
        ("we have 3 kids on the road", None, []),
        ("it's 12 baker street", None, ["12 baker street"]),  # "street" itself is context
    ],
)
def test_street_address(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "STREET_ADDRESS" for entity, _, _ in found)
