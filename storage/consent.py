"""The consent register: per data subject (keyed hash) and purpose, granted or withdrawn, with provenance.

Data in the governance zone, one small JSON document per subject key, holding every change ever
recorded (never overwritten history, only appended):

    consent/<subject_key>.json   {"subject_key", "changes": [{purpose, status, at, source, evidence,
                                   identifier_type, recorded_at, recorded_by}]}

The status of a purpose for a subject is its latest change by `at` (when the subject said it),
across all the subject's keys (their e-mail, phone and customer id are different keys). No
identifiers are stored: only keyed hashes and references (`evidence`: a ticket id, a call URI).
"""

from __future__ import annotations

import json
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


def _key(subject_key: str) -> str:
    if len(subject_key) != 64 or any(c not in "0123456789abcdef" for c in subject_key):
        raise ValueError("a subject key is 64 lower-case hex characters")
    return f"{PREFIX}{subject_key}.json"


class ConsentRegister:
    def __init__(self, governance: ObjectStore) -> None:
        self.store = governance

    def changes(self, subject_key: str) -> list[ConsentChange]:
        try:
            doc = json.loads(self.store.get(_key(subject_key)))
        except ObjectNotFoundError:
            return []
        return [ConsentChange(**c) for c in doc["changes"]]

    def record(self, change: ConsentChange) -> ConsentChange:
        if change.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        stamped = ConsentChange(**{**asdict(change),
                                   "recorded_at": change.recorded_at or datetime.now(tz=UTC).isoformat()})
        history = [*self.changes(change.subject_key), stamped]
        doc = {"subject_key": change.subject_key, "changes": [asdict(c) for c in history]}
        self.store.put(_key(change.subject_key), json.dumps(doc, indent=1).encode(), "application/json")
        return stamped

    def latest(self, subject_keys: Iterable[str], purpose: str) -> ConsentChange | None:
        """The subject's current status for `purpose`: the latest change across all their keys."""
        found = [c for k in subject_keys for c in self.changes(k) if c.purpose == purpose and c.status != "pending"]
        return max(found, key=lambda c: (c.at, c.recorded_at)) if found else None

    def withdrawn(self, subject_keys: Iterable[str], purpose: str, required: bool = False) -> bool:
        """True if the subject withdrew `purpose` (or, when consent is `required`, never granted it)."""
        latest = self.latest(list(subject_keys), purpose)
        if latest is None:
            return required
        return latest.status == "withdrawn"
