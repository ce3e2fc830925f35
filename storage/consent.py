"""The consent register: per data subject (keyed hash) and purpose, granted or withdrawn, with provenance.

Data in the governance zone, one small immutable JSON object per change (history is only ever
added to, and two writers cannot lose each other's changes):

    consent/<subject_key>/<recorded_at>-<id>.json   {subject_key, identifier_type, purpose, status, at,
                                                     source, evidence, recorded_at, recorded_by}

The status of a purpose for a subject is its latest change by `at` (when the subject said it),
across all the subject's keys (their e-mail, phone and customer id are different keys). No
identifiers are stored: only keyed hashes and references (`evidence`: a ticket id, a call URI).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from callscrub.errors import ObjectNotFoundError
from storage.base import ObjectStore

PREFIX = "consent/"
STATUSES = ("granted", "withdrawn", "pending")


@dataclass(frozen=True)
class ConsentChange:
    subject_key: str
    identifier_type: str
    purpose: str
    status: str  # granted | withdrawn | pending (said in a call, identity not yet verified)
    at: str  # ISO 8601 UTC: when the subject gave or withdrew it
    source: str  # ivr | agent | web_form | crm_import | spoken ...
    evidence: str | None = None  # a reference: ticket id, call URI, form submission id
    recorded_at: str = ""
    recorded_by: str = ""


def _prefix(subject_key: str) -> str:
    if len(subject_key) != 64 or any(c not in "0123456789abcdef" for c in subject_key):
        raise ValueError("a subject key is 64 lower-case hex characters")
    return f"{PREFIX}{subject_key}/"


class ConsentRegister:
    """One immutable object per change (created with `put_new`): concurrent writers, a CLI
    withdrawal next to a CRM import, never lose each other's changes."""

    def __init__(self, governance: ObjectStore) -> None:
        self.store = governance

    def changes(self, subject_key: str) -> list[ConsentChange]:
        found = [ConsentChange(**json.loads(self.store.get(o.key))) for o in self.store.list(_prefix(subject_key))]
        return sorted(found, key=lambda c: (c.at, c.recorded_at))

    def record(self, change: ConsentChange) -> ConsentChange:
        if change.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        stamped = ConsentChange(**{**asdict(change),
                                   "recorded_at": change.recorded_at or datetime.now(tz=UTC).isoformat()})
        name = f"{stamped.recorded_at.replace(':', '').replace('+', '_')}-{uuid.uuid4().hex[:8]}.json"
        created = self.store.put_new(_prefix(change.subject_key) + name, json.dumps(asdict(stamped)).encode(),
                                     "application/json")
        if created is None:  # a uuid collision: vanishingly rare, never silently dropped
            raise ValueError("a consent change with this name exists already; record it again")
        return stamped

    def current(self, subject_keys: Iterable[str]) -> dict[str, ConsentChange]:
        """Purpose -> the subject's deciding change, reading each key's history once."""
        return current_of(c for k in subject_keys for c in self.changes(k))

    def latest(self, subject_keys: Iterable[str], purpose: str) -> ConsentChange | None:
        """The subject's current status for `purpose`: the latest change across all their keys."""
        return self.current(subject_keys).get(purpose)

    def withdrawn(self, subject_keys: Iterable[str], purpose: str, required: bool = False) -> bool:
        """True if the subject withdrew `purpose` (or, when consent is `required`, never granted it)."""
        return denies(self.latest(list(subject_keys), purpose), required)


def current_of(changes: Iterable[ConsentChange]) -> dict[str, ConsentChange]:
    """Purpose -> the latest change by when the subject said it; pending changes decide nothing."""
    out: dict[str, ConsentChange] = {}
    for c in changes:
        best = out.get(c.purpose)
        if c.status != "pending" and (best is None or (c.at, c.recorded_at) > (best.at, best.recorded_at)):
            out[c.purpose] = c
    return out


def denies(change: ConsentChange | None, required: bool = False) -> bool:
    """Whether a deciding change (None: nothing on record) means no consent."""
    return required if change is None else change.status == "withdrawn"
