"""The constructor every pattern recognizer of ours shares.

Subclasses declare `ENTITY`, `NAME`, `PATTERNS` and `CONTEXT` as class attributes (Presidio's
style); each can still be overridden per instance through the constructor.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer


class CallscrubPatternRecognizer(PatternRecognizer):
    ENTITY: ClassVar[str]
    NAME: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]] = []
    CONTEXT: ClassVar[list[str]] = []

    def __init__(self, patterns: list[Pattern] | None = None, context: list[str] | None = None,
                 supported_language: str = "en", supported_entity: str | None = None,
                 name: str | None = None) -> None:
        super().__init__(
            supported_entity=supported_entity or self.ENTITY,
            patterns=patterns or self.PATTERNS,
            context=context if context is not None else self.CONTEXT,
            supported_language=supported_language,
            name=name or self.NAME,
        )
