"""The normaliser: spoken and typed forms -> canonical text, with a faithful map back."""

from __future__ import annotations

import pytest

from detectors.normalise import normalise


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # digit lists as Whisper writes them
        ("Yes, it is 5, 5, 5, 2, 1, 3, 4, 4, 9, 8.", "Yes, it is 5552134498."),
        ("my card is 41, 1, 1, 1, 1, 1, 1, 1", "my card is 411111111"),
        ("4-1-1-1", "4111"),
        # spoken digits, oh, double/triple, hundred/thousand
        ("five five five two one three four four nine eight", "5552134498"),
        ("double four oh seven", "4407"),
        ("triple nine", "999"),
        ("spell double low D", "spell double low D"),
        ("zero seven seven zero zero nine hundred thousand one hundred twenty three", "07700900123"),
        ("five hundred fifty five", "555"),
        ("four thousand four hundred ninety eight", "4498"),
        ("nineteen eighty two", "1982"),
        ("plus four four two oh seven nine four six", "+44207946"),
        ("plus 44 20 7946 0958", "+44 20 7946 0958"),
        ("a plus for you", "a plus for you"),
        # spoken separators
        ("sort code one two dash three four dash five six", "sort code 12-34-56"),
        ("one two slash oh three", "12/03"),
        # spoken and mangled e-mails
        ("john dot patterson at gmail dot com", "john.patterson@gmail.com"),
        ("it's John. Patterson at gmail.com", "it's john.patterson@gmail.com"),
        ("John.Patterson.gmail.com", "john.patterson@gmail.com"),
        ("it is maria underscore g at example dot co dot uk", "it is maria_g@example.co.uk"),
        ("j patterson 82 at gmail dot com", "jpatterson82@gmail.com"),
        # a typed "@": the address has no spaces, the words before it are not its local part
        ("copy my colleague maria.gonzalez@example.com on it", "copy my colleague maria.gonzalez@example.com on it"),
        # spelled letters
        ("S M I T H", "SMITH"),
        ("that's S-M-I-T-H", "that's SMITH"),
        ("S for Sugar, M for Mother, I for India", "SMI"),
        ("A for Alpha B for Bravo one two three four five six C for Charlie", "AB 123456 C"),
        ("a for loop", "a for loop"),
        # ordinal dates
        ("born March fourth nineteen eighty two", "born March 4 1982"),
        ("the twenty first of June two thousand and five", "the 21 of June 2005"),
        # distractors survive unchanged
        ("call 212-555-0198 at 5 pm", "call 212-555-0198 at 5 pm"),
        ("I have 2, 3 items costing $1,500", "I have 2, 3 items costing $1,500"),
        ("press one for sales", "press one for sales"),
        ("That one is fine at home.", "That one is fine at home."),
        ("I looked at it. Then at home, dot the i's.", "I looked at it. Then at home, dot the i's."),
        ("Oh, I see", "Oh, I see"),
        ("March 4, 1982", "March 4, 1982"),
        ("my dob is 03-12-82", "my dob is 03-12-82"),
        ("my email is john dot patterson at gmail dot com. My mother's", "my email is john.patterson@gmail.com. My mother's"),
        ("", ""),
    ],
)
def test_canonical_forms(text: str, canonical: str) -> None:
    assert normalise(text).text == canonical


@pytest.mark.parametrize(
    ("text", "needle", "original"),
    [
        ("Yes, it is 5, 5, 5, 2, 1, 3, 4, 4, 9, 8.", "5552134498", "5, 5, 5, 2, 1, 3, 4, 4, 9, 8"),
        ("it is john dot patterson at gmail dot com ok", "john.patterson@gmail.com", "john dot patterson at gmail dot com"),
        ("my surname is S M I T H thanks", "SMITH", "S M I T H"),
        ("no change here", "change", "change"),
    ],
)
def test_spans_map_back_to_the_original(text: str, needle: str, original: str) -> None:
    norm = normalise(text)
    start = norm.text.index(needle)
    s, e = norm.to_original(start, start + len(needle))
    assert text[s:e] == original
    # a part of a rewritten value maps to the whole original value (never narrower)
    s2, e2 = norm.to_original(start + 1, start + 2)
    assert s2 <= text.index(original[0]) + len(original) and e2 >= s2


def test_offsets_are_monotonic() -> None:
    norm = normalise("call five five five, two one three at john dot smith at gmail dot com, S M I T H")
    assert list(norm.starts) == sorted(norm.starts) and list(norm.ends) == sorted(norm.ends)
    assert len(norm.starts) == len(norm.text)
