from __future__ import annotations

import pytest

from callscrub.config import DetectionSettings
from callscrub.errors import ConfigError
from detectors.engine import build_analyzer, use_bundled_public_suffix_list
from detectors.spans import Span, merge_spans
from detectors.text import TextRedactor


def test_missing_spacy_model_fails_closed_without_download(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy.cli

    monkeypatch.setattr(spacy.cli, "download", lambda *a, **k: pytest.fail("must never download"))
    with pytest.raises(ConfigError, match="not installed"):
        build_analyzer(DetectionSettings(spacy_model="en_core_web_trf_not_here"))


def test_unknown_entity_type_fails_closed() -> None:
    with pytest.raises(ConfigError, match="NOT_A_TYPE"):
        build_analyzer(DetectionSettings(entities=["PERSON", "NOT_A_TYPE"]))


def test_public_suffix_list_comes_from_the_bundled_snapshot() -> None:
    import tldextract.tldextract as tx

    use_bundled_public_suffix_list()
    assert tx.TLD_EXTRACTOR.suffix_list_urls == ()
    assert tx.extract("mail.example.co.uk").suffix == "co.uk"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail me at maria.gonzalez@example.com please", ["EMAIL_ADDRESS"]),
        ("My card is 4111 1111 1111 1111", ["CREDIT_CARD"]),
        ("Call 212-555-0198", ["PHONE_NUMBER"]),
        ("I am David Miller", ["PERSON"]),
        ("The weather is nice", []),
    ],
)
def test_typed_values_are_found(text: str, expected: list[str]) -> None:
    redactor = TextRedactor.from_settings(DetectionSettings())
    assert [s.entity_type for s in redactor.find(text)] == expected


def test_overlaps_merge_to_the_strongest_type() -> None:
    merged = merge_spans([Span("CREDIT_CARD", 0, 19, 1.0, "a"), Span("DATE_TIME", 15, 19, 0.85, "b"),
                          Span("URL", 30, 40, 0.5, "c"), Span("EMAIL_ADDRESS", 25, 40, 1.0, "d")])
    assert [(s.entity_type, s.start, s.end) for s in merged] == [("CREDIT_CARD", 0, 19), ("EMAIL_ADDRESS", 25, 40)]
