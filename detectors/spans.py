"""Spans of detected personal data: merging overlaps and replacing them in text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    entity_type: str
    start: int
    end: int
    score: float
    detector: str


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Union overlapping or touching spans; the merged span keeps the strongest entity type.

    Strongest = highest score, then longest. An e-mail that also matched as a URL stays an e-mail,
    a card number with a DATE_TIME inside it stays a card number, and nothing in between leaks.
    """
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in ordered:
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            best = max((last, span), key=lambda s: (s.score, s.end - s.start))
            merged[-1] = Span(best.entity_type, last.start, max(last.end, span.end), best.score, best.detector)
        else:
            merged.append(span)
    return merged


def replace_spans(text: str, spans: list[Span], replacement: Callable[[Span, str], str]) -> str:
    """Replace each (merged, non-overlapping) span of `text` with `replacement(span, value)`."""
    out: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: s.start):
        out.append(text[cursor : span.start])
        out.append(replacement(span, text[span.start : span.end]))
        cursor = span.end
    out.append(text[cursor:])
    return "".join(out)
