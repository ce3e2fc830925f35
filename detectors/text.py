"""Find and redact personal data in one piece of text."""

from __future__ import annotations

from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine

from callscrub.config import DetectionSettings
from detectors.engine import build_analyzer
from detectors.operators import Operator, tag
from detectors.spans import Span, merge_spans, replace_spans


@dataclass
class TextRedactor:
    """Wraps one AnalyzerEngine: `find()` returns merged spans, `redact()` rewrites text."""

    analyzer: AnalyzerEngine
    settings: DetectionSettings
    operator: Operator = tag

    @classmethod
    def from_settings(cls, settings: DetectionSettings, operator: Operator = tag) -> TextRedactor:
        return cls(build_analyzer(settings), settings, operator)

    def find(self, text: str) -> list[Span]:
        if not text.strip():
            return []
        results = self.analyzer.analyze(
            text=text,
            language=self.settings.language,
            entities=list(self.settings.entities),
            score_threshold=self.settings.score_threshold,
        )
        spans = [
            Span(
                r.entity_type,
                r.start,
                r.end,
                float(r.score),
                str((r.recognition_metadata or {}).get("recognizer_name", "presidio")),
            )
            for r in results
        ]
        return merge_spans(spans)

    def replacement(self, span: Span, value: str) -> str:
        return self.operator(span.entity_type, value)

    def redact(self, text: str) -> tuple[str, list[Span]]:
        spans = self.find(text)
        return replace_spans(text, spans, self.replacement), spans
