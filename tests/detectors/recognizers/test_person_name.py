"""PersonNameRecognizer: names after self-introductions, spelled surnames and lower-case chat
names; "I'm fine", "I'm calling about", "this is about my bill" and company names are not names."""

from __future__ import annotations

import pytest

from detectors.recognizers.person_name import PersonNameRecognizer

RECOGNIZER = PersonNameRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # typed chat
        ("my name is John Smith", None, ["John Smith"]),
        ("hi this is john smith", None, ["john smith"]),
        ("my name is priya patel", None, ["priya patel"]),
        ("name's Jim O'Neill", None, ["Jim O'Neill"]),
        ("call me Bob", None, ["Bob"]),
        ("I'm Dr. Patel", None, ["Patel"]),
        ("my first name is Anne and my last name is Baker", None, ["Anne", "Baker"]),
        # ASR, as tiny.en writes it
        ("My name is Maria Gonzalez, and my phone is five five five two one three four four nine eight", None,
         ["Maria Gonzalez"]),
        ("my surname is S M I T H", None, ["S M I T H"]),
        ("thank you for calling Acme Energy, this is Sarah speaking", None, ["Sarah"]),
        ("John Smith speaking", None, ["John Smith"]),
        ("Hello, it's John here", None, ["John"]),
        ("yes you're speaking to Tom", None, ["Tom"]),
        # near misses
        ("I'm fine thanks", None, []),
        ("I'm calling about my bill", None, []),
        ("this is about my bill", None, []),
        ("oh I'm sorry", None, []),
        ("this is Acme Energy", None, []),
        ("can you call me back at 5 pm", None, []),
        ("it's Monday", None, []),
        ("who am I speaking to", None, []),
        ("it's John. Patterson at gmail.com", None, []),  # an e-mail, not an introduction
    ],
)
def test_person_name(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "PERSON" for entity, _, _ in found)
