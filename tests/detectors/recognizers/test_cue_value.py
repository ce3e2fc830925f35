"""CueValueRecognizer, as the registry builds it: what follows "my email is", "I spell it", "this is ...
speaking", "my surname is" or "the customer ID is" up to the end of the clause, however tiny.en garbled
it; the cue alone ("my email is in the system", "I am here to help") is not a value."""

from __future__ import annotations

import pytest

from detectors.recognizers.cue_value import (
    EMAIL_CUES, EMAIL_MARKERS, END_WORDS, ID_CUES, INTRO_CUES, NAME_CUES, NOT_A_NAME, SPELLING_CUES, CueValueRecognizer,
)

# Exactly as detectors/recognizers/registry.py builds them.
EMAIL = CueValueRecognizer("EMAIL_ADDRESS", EMAIL_CUES, max_words=14, value_markers=EMAIL_MARKERS)
SPELLING = CueValueRecognizer("PERSON", SPELLING_CUES, max_words=8, name="CallscrubSpellingCueRecognizer")
INTRO = CueValueRecognizer("PERSON", INTRO_CUES, max_words=3, name="CallscrubIntroducedNameRecognizer",
                           not_a_value=NOT_A_NAME, strip_leading=True)
NAMED_ID = CueValueRecognizer("ID_NUMBER", ID_CUES, max_words=12, name="CallscrubNamedIdRecognizer",
                              not_a_value=frozenset({"the", "a", "an"}), strip_leading=True, in_the_is_no_value=False)
NAMED = CueValueRecognizer("PERSON", NAME_CUES, max_words=3, name="CallscrubNamedRecognizer",
                           end_words=END_WORDS[:-1] + "|and|but|from|my)")


@pytest.mark.parametrize(
    ("recognizer", "text", "expected"),
    [
        # e-mail, as tiny.en writes a dictated address
        (EMAIL, "You can email me at cideraetatowtook.com Thank You", ["cideraetatowtook.com"]),
        (EMAIL, "My email is G say to rat gmail.com thanks.", ["G say to rat gmail.com"]),
        (EMAIL, "My email address is john dot smith at gmail dot com, okay.", ["john dot smith at gmail dot com"]),
        (EMAIL, "please send them to accounts at acme dot com thank you", ["accounts at acme dot com"]),
        (EMAIL, "my email is the same as before", []),
        (EMAIL, "my email is in the system", []),
        (EMAIL, "I'll send you an email tomorrow.", []),
        (EMAIL, "you can reach me at 427-588-4252", []),
        (EMAIL, "My email is in the underscore function and outlook.com. Thanks.",
         ["in the underscore function and outlook.com"]),
        # spelled surnames
        (SPELLING, "My surname is Saunders, and I spell this at you, and be the rest, thanks.",
         ["at you, and be the rest"]),
        (SPELLING, "I spell it D-O-U-L-D.", ["D-O-U-L-D"]),
        (SPELLING, "How do you spell that?", []),
        # introductions
        (INTRO, "This is the end time speaking.", ["end time"]),  # leading "the" is stripped
        (INTRO, "This is his wife speaking", []),
        (INTRO, "Hi, it's everyone Martin here.", ["Martin"]),
        (INTRO, "hollie webb here, hi", ["hollie webb"]),
        (INTRO, "thank you for calling, this is Sarah speaking", ["Sarah"]),
        (INTRO, "I am here to help", []),
        (INTRO, "Hello, Hollie Webb speaking, how can I help?", ["Hollie Webb"]),
        (INTRO, "Yes I'm here", []),
        # names after "name is"
        (NAMED, "My surname is Saunders, and I spell this at you", ["Saunders"]),
        (NAMED, "My full name is hollie webb from Leeds", ["hollie webb"]),
        (NAMED, "My name is not important", []),
        # ids after their name
        (NAMED_ID, "The customer ID is C-U-S-D-I-N-4-7-6, I-D-I-L-K.", ["C-U-S-D-I-N-4-7-6, I-D-I-L-K"]),
        (NAMED_ID, "My account number is four one eight eight, nine nine two one, thanks.",
         ["four one eight eight, nine nine two one"]),
        (NAMED_ID, "my card number is on the back", ["on the back"]),  # after an id's name: taken as the id
        (NAMED_ID, "The customer ID in the U.S. D2488, I'm okay.", ["U.S. D2488, I'm"]),
        (SPELLING, "My surname is Wolden at spell double low D thanks.", ["double low D"]),
    ],
)
def test_cue_value(run_recognizer, recognizer: CueValueRecognizer, text: str, expected: list[str]) -> None:
    found = run_recognizer(recognizer, text)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == recognizer.supported_entities[0] and score == 0.6 for entity, _, score in found)
