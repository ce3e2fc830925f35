"""SecurityAnswerRecognizer: the answer (1-3 words) after a security-question phrase, or after
"the answer is" when the agent's question is the context; hedges and non-answers are not caught."""

from __future__ import annotations

import pytest

from detectors.recognizers.security_answer import SecurityAnswerRecognizer

RECOGNIZER = SecurityAnswerRecognizer()
QUESTION = ["for security, what was the name of your first pet"]


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("my mother's maiden name is Jones", None, ["Jones"]),
        ("mum's maiden name was O'Neill thanks", None, ["O'Neill"]),
        ("my first pet was called Rex and he was a dog", None, ["Rex"]),
        ("first pet's name was Biscuit", None, ["Biscuit"]),
        ("my first school was St Mary's primary", None, ["St Mary's primary"]),
        ("memorable word is sunshine", None, ["sunshine"]),
        ("my memorable place is Brighton", None, ["Brighton"]),
        ("my favourite colour is blue", None, ["blue"]),
        ("my password is hunter2", None, ["hunter2"]),
        # the question came in the agent's previous turn
        ("the answer is Fluffy", QUESTION, ["Fluffy"]),
        ("it's Biscuit", QUESTION, ["Biscuit"]),
        # ASR: spelled answer, joined by the normaliser
        ("my memorable word is S U N S E T", None, ["S U N S E T"]),
        # near misses
        ("the answer is Fluffy", None, []),  # no security context
        ("my pet was sick last week", None, []),
        ("the answer is I don't remember", QUESTION, []),
        ("it's no problem", QUESTION, []),
        ("my favourite thing is that you answer quickly", None, []),
        ("what was your mother's maiden name", None, []),
    ],
)
def test_security_answer(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "SECURITY_ANSWER" for entity, _, _ in found)
