"""IbanCodeRecognizer: mod-97 valid IBANs of the right length, compact, grouped or dictated; wrong
check digits, wrong lengths and unknown countries are not IBANs."""

from __future__ import annotations

import pytest

from detectors.recognizers.iban import IbanCodeRecognizer

RECOGNIZER = IbanCodeRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # typed
        ("my IBAN is GB82WEST12345698765432.", None, ["GB82WEST12345698765432"]),
        ("DE89 3704 0044 0532 0130 00", None, ["DE89 3704 0044 0532 0130 00"]),
        ("pay FR1420041010050500013M02606 today", None, ["FR1420041010050500013M02606"]),
        ("NL91 ABNA 0417 1643 00", None, ["NL91 ABNA 0417 1643 00"]),
        ("IE29 AIBK 9311 5212 3456 78", None, ["IE29 AIBK 9311 5212 3456 78"]),
        ("ES91 2100 0418 4502 0005 1332 and IT60X0542811101000000123456", None,
         ["ES91 2100 0418 4502 0005 1332", "IT60X0542811101000000123456"]),
        ("BE68539007547034, CH9300762011623852957", None, ["BE68539007547034", "CH9300762011623852957"]),
        ("AT61 1904 3002 3457 3201 or PL61109010140000071219812874 or PT50000201231234567890154", None,
         ["AT61 1904 3002 3457 3201", "PL61109010140000071219812874", "PT50000201231234567890154"]),
        ("lower case gb82west12345698765432", None, ["gb82west12345698765432"]),
        # dictated (ASR)
        ("it's G B 82 W E S T 1 2 3 4 5 6 9 8 7 6 5 4 3 2", None,
         ["G B 82 W E S T 1 2 3 4 5 6 9 8 7 6 5 4 3 2"]),
        ("G B eight two W E S T one two three four five six nine eight seven six five four three two", None,
         ["G B eight two W E S T one two three four five six nine eight seven six five four three two"]),
        ("n l nine one a b n a oh four one seven one six four three oh oh", ["iban"],
         ["n l nine one a b n a oh four one seven one six four three oh oh"]),
        ("D E eight nine three seven oh four oh oh four four oh five three two oh one three oh oh oh", None,
         ["D E eight nine three seven oh four oh oh four four oh five three two oh one three oh oh oh"]),
        # near misses
        ("GB83WEST12345698765432", ["iban"], []),  # wrong check digits
        ("GB82WEST1234569876543", None, []),  # one character short
        ("DE89 3704 0044 0532 0130 001", None, []),  # one character long
        ("XX82WEST12345698765432", None, []),  # no such country
        ("account 12345698765432", ["iban"], []),
    ],
)
def test_iban(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "IBAN_CODE" and score == 1.0 for entity, _, score in found)
