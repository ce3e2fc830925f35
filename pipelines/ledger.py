"""Which raw objects were processed, at which etag and settings: makes `run` incremental.

One small JSON record per raw object in the index zone, named by a hash of its key so the
listing shows no file names. Records hold references only (key, etag, URIs, codes, counts).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from callscrub.errors import ObjectNotFoundError
from storage.base import ObjectStore

PREFIX = "ledger"


@dataclass(frozen=True)
class LedgerEntry:
    key: str
    etag: str
    sidecar_etag: str | None
    fingerprint: str
    status: str  # "processed" | "quarantined"
    run_id: str
    processed_at: str
    code: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)


def _entry_key(raw_key: str) -> str:
    return f"{PREFIX}/{hashlib.sha256(raw_key.encode('utf-8')).hexdigest()}.json"


def read_entry(index: ObjectStore, raw_key: str) -> LedgerEntry | None:
    try:
        data = json.loads(index.get(_entry_key(raw_key)))
    except ObjectNotFoundError:
        return None
    return LedgerEntry(**data)


def write_entry(index: ObjectStore, entry: LedgerEntry) -> None:
    index.put(_entry_key(entry.key), json.dumps(asdict(entry), indent=1).encode(), "application/json")


def delete_entry(index: ObjectStore, raw_key: str) -> int:
    """Forget `raw_key` (erasure): a later upload of the same bytes is processed, and erased, again."""
    return index.delete(_entry_key(raw_key))
