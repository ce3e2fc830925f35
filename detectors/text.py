"""Find and redact personal data in one piece of text."""

from __future__ import annotations

from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine

from callscrub.config import DetectionSettings
from detectors.engine import build_analyzer
from detectors.normalise import normalise
from detectors.operators import Operator, tag
from detectors.spans import Span, merge_spans, replace_spans


@dataclass
class TextRedactor:
    """Wraps one AnalyzerEngine: `find()` returns merged spans, `redact()` rewrites text."""

    analyzer: AnalyzerEngine
    settings: DetectionSettings
    operator: Operator = tag

    @property
    def entities(self) -> list[str]:
        return self.settings.all_entities()

    @classmethod
    def from_settings(cls, settings: DetectionSettings, operator: Operator = tag) -> TextRedactor:
        return cls(build_analyzer(settings), settings, operator)

    def find(self, text: str, context: list[str] | None = None) -> list[Span]:
        """Merged spans of personal data in `text` (original offsets).

        `context`: words from the previous turns of the conversation; they raise the score of
        values whose recognizer lists them (an agent's "card number?" before the digits).
        """
        return self.find_many([text], [context])[0]

    def find_many(self, texts: list[str], contexts: list[list[str] | None] | None = None) -> list[list[Span]]:
        """`find` over many texts: spaCy runs once over the batch (nlp.pipe), then each text is
        analysed on its normalised form and the spans are mapped back to the original."""
        contexts = contexts or [None] * len(texts)
        norms = [normalise(t) for t in texts]
        todo = [i for i, n in enumerate(norms) if n.text.strip()]
        engine = self.analyzer.nlp_engine
        if len(todo) == 1:  # one text: skip nlp.pipe's batching machinery
            artifacts = iter([(None, engine.process_text(norms[todo[0]].text, self.settings.language))])
        else:
            artifacts = engine.process_batch([norms[i].text for i in todo], language=self.settings.language,
                                             batch_size=32)
        out: list[list[Span]] = [[] for _ in texts]
        for i, (_, nlp_artifacts) in zip(todo, artifacts, strict=True):
            results = self.analyzer.analyze(
                text=norms[i].text,
                language=self.settings.language,
                entities=self.entities,
                score_threshold=self.settings.score_threshold,
                context=contexts[i] or None,
                nlp_artifacts=nlp_artifacts,
            )
            spans = []
            for r in results:
                start, end = norms[i].to_original(r.start, r.end)
                detector = str((r.recognition_metadata or {}).get("recognizer_name", "presidio"))
                spans.append(Span(r.entity_type, start, end, float(r.score), detector))
            out[i] = merge_spans(spans)
        return out

    def replacement(self, span: Span, value: str) -> str:
        return self.operator(span.entity_type, value)

    def redact(self, text: str) -> tuple[str, list[Span]]:
        spans = self.find(text)
        return replace_spans(text, spans, self.replacement), spans
