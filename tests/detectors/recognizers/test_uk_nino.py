"""NationalInsuranceNumberRecognizer: National Insurance numbers with allocated prefixes, typed or spelled;
unallocated prefixes, bad suffixes and suffix-less numbers without context are not NINOs."""

from __future__ import annotations

import pytest

from detectors.recognizers.uk_nino import NationalInsuranceNumberRecognizer

RECOGNIZER = NationalInsuranceNumberRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # typed
        ("my NI number is AB123456C", None, ["AB123456C"]),
        ("it's AB 12 34 56 C.", None, ["AB 12 34 56 C"]),
        ("national insurance: jg 10 37 21 d", None, ["jg 10 37 21 d"]),
        ("CE-12-34-56-A", None, ["CE-12-34-56-A"]),
        # spelled / dictated (ASR)
        ("A B 1 2 3 4 5 6 C", None, ["A B 1 2 3 4 5 6 C"]),
        ("it's A B one two three four five six C", None, ["A B one two three four five six C"]),
        ("A, B, 1, 2, 3, 4, 5, 6, C", None, ["A, B, 1, 2, 3, 4, 5, 6, C"]),
        ("J G one oh three seven two one D", None, ["J G one oh three seven two one D"]),
        ("A for Alpha B for Bravo one two three four five six C for Charlie", None,
         ["A for Alpha B for Bravo one two three four five six C for Charlie"]),
        # no suffix: context only
        ("AB 12 34 56", ["national insurance"], ["AB 12 34 56"]),
        ("my nino is AB123456", None, ["AB123456"]),
        # near misses
        ("AB 12 34 56", None, []),  # no suffix, no context
        ("QQ 12 34 56 C", None, []),  # HMRC's specimen: Q never allocated first
        ("DA123456A", None, []),  # D not allowed first
        ("AO123456A", None, []),  # O not allowed second
        ("GB123456A", None, []),  # GB not allocated
        ("ZZ 12 34 56 B", ["nino"], []),  # ZZ not allocated
        ("AB123456E", None, []),  # suffix E
        ("XAB123456C", None, []),  # glued letter
    ],
)
def test_uk_nino(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "UK_NINO" for entity, _, _ in found)
