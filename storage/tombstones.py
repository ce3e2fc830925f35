"""Tombstones: the keyed hashes of erased data subjects, so data that reappears is erased again.

One small immutable object per subject key in the index zone (`tombstones/<subject_key>.json`):
the key, its identifier type, the request that erased it and when. No identifier is stored, only
the blind key: without the secret a tombstone identifies nobody. The ingest flow reads them and
erases the subject from a late arrival or a restored backup as soon as it is processed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from storage.base import ObjectStore

PREFIX = "tombstones/"


@dataclass(frozen=True)
class Tombstone:
    subject_key: str
    identifier_type: str
    request_id: str
    erased_at: str  # ISO 8601 UTC


def _key(subject_key: str) -> str:
    if len(subject_key) != 64 or any(c not in "0123456789abcdef" for c in subject_key):
        raise ValueError("a subject key is 64 lower-case hex characters")
    return f"{PREFIX}{subject_key}.json"


def add(index: ObjectStore, stone: Tombstone) -> bool:
    """Write the tombstone unless one is there already (the first erasure's record stays); True if written."""
    return index.put_new(_key(stone.subject_key), json.dumps(asdict(stone)).encode(), "application/json") is not None


def keys(index: ObjectStore) -> frozenset[str]:
    """Every tombstoned subject key (one listing; the names are the keys)."""
    return frozenset(o.key.removeprefix(PREFIX).removesuffix(".json") for o in index.list(PREFIX)
                     if o.key.endswith(".json"))


def load(index: ObjectStore, subject_key: str) -> Tombstone | None:
    info = index.head(_key(subject_key))
    return Tombstone(**json.loads(index.get(info.key))) if info else None
