"""CustomIdRecognizer: configured identifiers, typed and spoken (separator missing or spoken as
"dash"), case-insensitive; invalid configuration fails closed with ValueError."""

from __future__ import annotations

import pytest

from detectors.recognizers.custom_id import CustomIdRecognizer, separator_tolerant

CUSTOMER = CustomIdRecognizer("CUSTOMER_ID", r"CUST-\d{6}", ["customer", "account"])
POLICY = CustomIdRecognizer("POLICY_NUMBER", r"\bPOL\d{8}\b", ["policy"], score=0.5)
ORDER = CustomIdRecognizer("ORDER_ID", r"\bORD/\d{4}/[A-Z]{2}\b", ["order"], score=0.3)


@pytest.mark.parametrize(
    ("recognizer", "text", "context", "expected"),
    [
        # typed
        (CUSTOMER, "my customer number is CUST-004417", None, ["CUST-004417"]),
        (CUSTOMER, "cust-004417", None, ["cust-004417"]),
        (POLICY, "policy POL12345678 renewed", None, ["POL12345678"]),
        (ORDER, "order ORD/2024/AB shipped", None, ["ORD/2024/AB"]),
        # spoken / normalised: separator missing, spaced or spoken
        (CUSTOMER, "CUST004417", None, ["CUST004417"]),
        (CUSTOMER, "my customer number is CUST dash zero zero four four one seven", None,
         ["CUST dash zero zero four four one seven"]),
        (CUSTOMER, "customer id is C U S T zero zero four four one seven", None,
         ["C U S T zero zero four four one seven"]),
        (POLICY, "the policy number is P O L one two three four five six seven eight", None,
         ["P O L one two three four five six seven eight"]),
        (POLICY, "it's pol 12345678", None, ["pol 12345678"]),
        (ORDER, "ORD slash 2024 slash AB", ["order number"], ["ORD slash 2024 slash AB"]),
        # near misses
        (CUSTOMER, "CUST-0044", ["customer"], []),
        (CUSTOMER, "customer service", None, []),
        (POLICY, "POL123456789", ["policy"], []),
        (POLICY, "the pole is 12345678 metres", None, []),
        (ORDER, "ORD/2024/AB", None, []),  # score 0.3 without context
    ],
)
def test_custom_id(run_recognizer, recognizer: CustomIdRecognizer, text: str, context: list[str] | None,
                   expected: list[str]) -> None:
    found = run_recognizer(recognizer, text, context=context)
    assert [substring for _, substring, _ in found] == expected, found
    assert all(entity == recognizer.supported_entities[0] for entity, _, _ in found)


@pytest.mark.parametrize(
    ("entity_type", "pattern", "score", "message"),
    [
        ("CUSTOMER_ID", r"CUST-(\d{6}", 0.6, "invalid regular expression"),
        ("CUSTOMER_ID", r"[abc", 0.6, "invalid regular expression"),
        ("CUSTOMER_ID", r"\d*", 0.6, "matches the empty string"),
        ("customer id", r"CUST-\d{6}", 0.6, "UPPER_SNAKE_CASE"),
        ("CUSTOMER_ID", r"CUST-\d{6}", 1.5, "score"),
    ],
)
def test_custom_id_invalid_config(entity_type: str, pattern: str, score: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CustomIdRecognizer(entity_type, pattern, ["customer"], score=score)


@pytest.mark.parametrize(
    ("pattern", "unchanged"),
    [
        (r"ORD[-_ ]?\d+", True),  # the author already allows separators
        (r"[A-Z]{2}\d{4}", True),  # no literal letter before the digits
        (r"(?P<p>AC)-\d{4}", False),
    ],
)
def test_separator_tolerant(pattern: str, unchanged: bool) -> None:
    assert (separator_tolerant(pattern) == pattern) is unchanged
