"""One frozen record type per concept, shared by every stage and serialised one way (JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float
    speaker: str


@dataclass(frozen=True)
class Segment:
    id: int
    start: float
    end: float
    speaker: str
    channel: int | None  # None: a mono recording, every channel carries this segment
    text: str
    words: tuple[Word, ...]


@dataclass(frozen=True)
class Transcript:
    """A full transcript (private zone) or its redacted form (redacted zone)."""

    source_uri: str
    source_etag: str
    language: str
    language_probability: float
    duration: float
    sample_rate: int
    channels: int
    model: str
    segments: tuple[Segment, ...]
    redacted: bool = False
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> bytes:
        return _dumps(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        segments = tuple(
            Segment(**{**s, "words": tuple(Word(**w) for w in s["words"])}) for s in data["segments"]
        )
        return cls(**{**data, "segments": segments})


@dataclass(frozen=True)
class ChatMessage:
    ts: str
    sender: str
    text: str


@dataclass(frozen=True)
class Detection:
    """Where personal data was found. Holds positions and types, never the value itself."""

    entity_type: str
    score: float
    detector: str
    turn: int  # index of the turn (transcript) or message (chat)
    char_start: int
    char_end: int
    t_start: float | None = None
    t_end: float | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class AudioSpan:
    """A stretch of a recording to cover (seconds); channel None means every channel."""

    t_start: float
    t_end: float
    channel: int | None


@dataclass(frozen=True)
class DetectionReport:
    """The private zone's record of what was found in one object."""

    source_uri: str
    source_etag: str
    kind: str
    detections: tuple[Detection, ...] = field(default_factory=tuple)
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> bytes:
        return _dumps(asdict(self))


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
