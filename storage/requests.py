"""The request queue: data-subject requests as data in the governance zone.

    requests/<id>/request.json           the request (immutable): type, identifiers as keyed hashes,
                                         the originals sealed (AES-GCM), received_at, due_at
    requests/<id>/events/<seq>.json      status changes, one immutable object each (created with
                                         put_new at the next number: two processes never lose one)
    requests/<id>/steps/<step>.json      checkpoints: a step that has one is done and is never redone,
                                         so a crash mid-request resumes where it stopped

The status of a request is its latest event's. Nothing here holds an identifier in clear.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from callscrub.errors import ObjectNotFoundError
from storage.base import ObjectStore

PREFIX = "requests/"
TYPES = ("access", "portability", "erasure", "rectification")  # carried out by `requests process`
# Said in a conversation and handled by the DPO (`requests close` when done): a marketing or processing
# objection, a withdrawal of consent to recording, a complaint to the regulator.
MANUAL_TYPES = ("objection", "recording_consent_withdrawal", "complaint")
# received: queued; needs_verification: the requester's identity is not confirmed yet (spoken
# requests); in_progress; completed; blocked (a legal hold kept everything); failed (retry runs).
STATUSES = ("received", "needs_verification", "in_progress", "completed", "blocked", "failed")
OPEN = ("received", "in_progress", "failed")


@dataclass(frozen=True)
class RequestRecord:
    id: str
    type: str
    identifiers: tuple[dict[str, str], ...]  # ({"type": ..., "subject_key": ...}, ...)
    sealed: str  # the identifiers (and corrections) as given, AES-GCM sealed: for the response only
    received_at: str  # ISO 8601 UTC
    due_at: str  # received + 30 days (GDPR Art. 12(3))
    source: str = "dpo"  # dpo | web_form | email | spoken ...
    verified: bool = True
    evidence: str | None = None  # a reference (ticket id, call URI), never content
    submitted_by: str = ""

    @classmethod
    def from_json(cls, data: bytes) -> RequestRecord:
        raw = json.loads(data)
        return cls(**{**raw, "identifiers": tuple(raw["identifiers"])})

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=1).encode()

    def keys(self) -> dict[str, str]:
        return {i["subject_key"]: i["type"] for i in self.identifiers}

    def days_left(self, now: datetime | None = None) -> int:
        due = datetime.fromisoformat(self.due_at)
        return (due - (now or datetime.now(tz=UTC))).days


@dataclass(frozen=True)
class RequestEvent:
    status: str
    at: str
    by: str = ""
    details: dict[str, Any] = field(default_factory=dict)  # counts and references only


@dataclass(frozen=True)
class RequestState:
    record: RequestRecord
    events: tuple[RequestEvent, ...]

    @property
    def status(self) -> str:
        return self.events[-1].status if self.events else "received"


def _now() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


class RequestQueue:
    def __init__(self, governance: ObjectStore) -> None:
        self.store = governance

    def submit(self, record: RequestRecord) -> RequestRecord:
        if record.type not in TYPES + MANUAL_TYPES:
            raise ValueError(f"unknown request type {record.type!r}; types are {', '.join(TYPES + MANUAL_TYPES)}")
        if self.store.put_new(f"{PREFIX}{record.id}/request.json", record.to_json(), "application/json") is None:
            raise ValueError(f"a request with id {record.id} exists already")
        self.set_status(record.id, "received" if record.verified else "needs_verification", record.submitted_by)
        return record

    def get(self, request_id: str) -> RequestState:
        try:
            record = RequestRecord.from_json(self.store.get(f"{PREFIX}{request_id}/request.json"))
        except ObjectNotFoundError:
            raise ValueError(f"no request with id {request_id}") from None
        return RequestState(record, tuple(self._events(request_id)))

    def _events(self, request_id: str) -> Iterator[RequestEvent]:
        for o in self.store.list(f"{PREFIX}{request_id}/events/"):
            yield RequestEvent(**json.loads(self.store.get(o.key)))

    def all(self) -> list[RequestState]:
        ids = sorted({o.key.split("/")[1] for o in self.store.list(PREFIX) if o.key.endswith("/request.json")})
        return [self.get(i) for i in ids]

    def set_status(self, request_id: str, status: str, by: str = "", **details: Any) -> RequestEvent:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        event = RequestEvent(status, _now(), by, details)
        seq = sum(1 for _ in self.store.list(f"{PREFIX}{request_id}/events/"))
        while self.store.put_new(f"{PREFIX}{request_id}/events/{seq:06d}.json",
                                 json.dumps(asdict(event)).encode(), "application/json") is None:
            seq += 1  # another process took this number: take the next
        return event

    def done_steps(self, request_id: str) -> dict[str, dict[str, Any]]:
        """Step name -> what it recorded, for every step already checkpointed."""
        out: dict[str, dict[str, Any]] = {}
        for o in self.store.list(f"{PREFIX}{request_id}/steps/"):
            data = json.loads(self.store.get(o.key))
            out[data["step"]] = data["result"]
        return out

    def checkpoint(self, request_id: str, step: str, result: dict[str, Any]) -> bool:
        """Record `step` as done (once: a second checkpoint of the same step is refused); True if recorded."""
        body = json.dumps({"step": step, "done_at": _now(), "result": result}).encode()
        return self.store.put_new(f"{PREFIX}{request_id}/steps/{step}.json", body, "application/json") is not None
