"""What processing one object produced: counts and references, safe to log and to return."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class ObjectOutcome:
    key: str
    kind: str
    status: str  # "processed" | "quarantined" | "busy" (another run has it) | "skipped" (done elsewhere) | "vanished"
    code: str | None = None
    reason: str | None = None
    audio_seconds: float = 0.0
    transcribe_seconds: float = 0.0
    detections: dict[str, int] = field(default_factory=dict)
    residuals: dict[str, int] | None = None  # verification findings by type; None: not verified
    verify_seconds: float = 0.0
    raw_deleted: bool = False  # the raw audio was deleted at ingest (no recording consent)
    reerased: str | None = None  # an erased subject's data reappeared: "deleted" or "redacted" at ingest
    seconds: float = 0.0  # wall time of this object's processing, in its worker (claims and ledger included)


@dataclass
class RunSummary:
    run_id: str
    raw_uri: str
    root_uri: str
    skipped: int = 0
    outcomes: list[ObjectOutcome] = field(default_factory=list)

    @property
    def processed(self) -> list[ObjectOutcome]:
        return [o for o in self.outcomes if o.status == "processed"]

    @property
    def quarantined(self) -> list[ObjectOutcome]:
        return [o for o in self.outcomes if o.status == "quarantined"]

    @property
    def busy(self) -> list[ObjectOutcome]:
        """Objects another run was processing when this one got to them: that run records them."""
        return [o for o in self.outcomes if o.status == "busy"]

    @property
    def audio_seconds(self) -> float:
        return sum(o.audio_seconds for o in self.outcomes)

    @property
    def transcribe_seconds(self) -> float:
        return sum(o.transcribe_seconds for o in self.outcomes)

    @property
    def real_time_factor(self) -> float | None:
        """Transcription wall time / audio duration (lower is faster; 0.1 = ten times real time)."""
        return self.transcribe_seconds / self.audio_seconds if self.audio_seconds else None

    @property
    def detections(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for o in self.outcomes:
            total.update(o.detections)
        return dict(sorted(total.items()))

    def verification(self) -> dict[str, Any]:
        """How many objects were re-scanned, which still hold findings, and what it cost."""
        verified = [o for o in self.processed if o.residuals is not None]
        found: Counter[str] = Counter()
        for o in verified:
            found.update(o.residuals or {})
        seconds = sum(o.verify_seconds for o in verified)
        return {
            "objects": len(verified),
            "with_residuals": sorted(o.key for o in verified if o.residuals),
            "residuals": dict(sorted(found.items())),
            "seconds": round(seconds, 2),
            "fraction_of_transcription": round(seconds / self.transcribe_seconds, 4)
            if self.transcribe_seconds else None,
        }

    @property
    def exit_code(self) -> int:  # a tombstoned subject not erased again is a partial failure too
        return 1 if self.quarantined or any(o.reerased == "failed" for o in self.outcomes) else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "raw": self.raw_uri,
            "root": self.root_uri,
            "processed": len(self.processed),
            "skipped_unchanged": self.skipped + sum(o.status == "skipped" for o in self.outcomes),
            "busy": sorted(o.key for o in self.busy),
            "quarantined": [{"key": o.key, "code": o.code, "reason": o.reason} for o in self.quarantined],
            "audio_seconds": round(self.audio_seconds, 2),
            "transcribe_seconds": round(self.transcribe_seconds, 2),
            "real_time_factor": round(self.real_time_factor, 4) if self.real_time_factor else None,
            "detections": self.detections,
            "verification": self.verification(),
            "raw_deleted_without_consent": sorted(o.key for o in self.outcomes if o.raw_deleted),
            "reerased": {o.key: o.reerased for o in self.outcomes if o.reerased},
            "objects": [asdict(o) for o in self.outcomes],
            "exit_code": self.exit_code,
        }
