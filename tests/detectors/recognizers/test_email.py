"""EmailAddressRecognizer: typed, dictated (normalised) and chat-obfuscated addresses with a real TLD;
made-up TLDs, English "at ... dot" phrases and broken addresses are not e-mails."""

from __future__ import annotations

import pytest

from detectors.recognizers.email import EmailAddressRecognizer

RECOGNIZER = EmailAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # typed
        ("email me at john.smith@example.co.uk please", None, ["john.smith@example.co.uk"]),
        ("it's j_doe+billing@mail.example.com", None, ["j_doe+billing@mail.example.com"]),
        ("Contact: Maria.Gonzalez@Outlook.COM", None, ["Maria.Gonzalez@Outlook.COM"]),
        # dictated, as tiny.en writes it (the normaliser types it)
        ("it's John. Patterson at gmail.com", None, ["John. Patterson at gmail.com"]),
        ("john dot patterson at gmail dot com", None, ["john dot patterson at gmail dot com"]),
        ("yeah it's priya underscore patel at hotmail dot co dot uk", None,
         ["priya underscore patel at hotmail dot co dot uk"]),
        # sentence-final period after the TLD: the normaliser leaves this one, the recognizer still finds it
        ("my email is john dot patterson at gmail dot com. My mother's maiden name is Jones", None,
         ["john dot patterson at gmail dot com"]),
        # obfuscated chat forms
        ("john [at] gmail [dot] com", None, ["john [at] gmail [dot] com"]),
        ("john(at)gmail(dot)com", None, ["john(at)gmail(dot)com"]),
        ("john at gmail dot com", None, ["john at gmail dot com"]),
        ("contact: jane {at} example.org", None, ["jane {at} example.org"]),
        ("mail me at priya at acme dot shop", None, ["priya at acme dot shop"]),
        ("it's sam at acme dot shop", ["what's your email address"], ["sam at acme dot shop"]),
        # near misses
        ("write to admin@server.local", None, []),
        ("have a look at this dot com", None, []),
        ("I'll be there at 5.30", None, []),
        ("user@@gmail.com", None, []),
        ("john@gmail.comx", None, []),
        ("meet me at the office", ["email"], []),
    ],
)
def test_email(run_recognizer, text: str, context: list[str] | None, expected: list[str]) -> None:
    found = run_recognizer(RECOGNIZER, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == "EMAIL_ADDRESS" for entity, _, _ in found)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("reply to a.b@example.org", 0.9, 0.9),  # typed, real TLD, no context
        ("john [at] example [dot] org", 0.85, 0.85),  # bracketed obfuscation
        ("sam at acme dot shop", 0.6, 0.6),  # bare words: plausible only
    ],
)
def test_email_scores(run_recognizer, text: str, low: float, high: float) -> None:
    [(_, _, score)] = run_recognizer(RECOGNIZER, text)
    assert low <= score <= high
