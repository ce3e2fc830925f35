"""Discover work in the raw zone: recordings (with optional sidecar) and chats, new or changed."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal

from callscrub.audio import AUDIO_EXTENSIONS
from storage.base import ObjectInfo, ObjectStore
from storage.keys import validate_key

from callscrub.errors import UnsafeKeyError
from pipelines.ledger import LedgerEntry, read_entry

CHAT_EXTENSIONS = (".json", ".csv")
Kind = Literal["recording", "chat", "unsupported", "unsafe_key"]


@dataclass(frozen=True)
class WorkItem:
    key: str
    kind: Kind
    etag: str
    size: int
    sidecar: str | None = None
    sidecar_etag: str | None = None


def _stem(key: str) -> str:
    return posixpath.splitext(key)[0]


def classify(objects: list[ObjectInfo]) -> list[WorkItem]:
    """Recordings by extension; a `.json` with a recording's stem is its sidecar; other
    `.json`/`.csv` are chats; anything else is unsupported (quarantined with a reason)."""
    audio_stems = {_stem(o.key) for o in objects if posixpath.splitext(o.key)[1].lower() in AUDIO_EXTENSIONS}
    sidecars = {
        _stem(o.key): o for o in objects
        if o.key.lower().endswith(".json") and _stem(o.key) in audio_stems
    }
    items: list[WorkItem] = []
    for o in objects:
        ext = posixpath.splitext(o.key)[1].lower()
        if ext in AUDIO_EXTENSIONS:
            car = sidecars.get(_stem(o.key))
            items.append(WorkItem(o.key, "recording", o.etag, o.size, car.key if car else None, car.etag if car else None))
        elif ext in CHAT_EXTENSIONS:
            if ext == ".json" and _stem(o.key) in sidecars and sidecars[_stem(o.key)].key == o.key:
                continue
            items.append(WorkItem(o.key, "chat", o.etag, o.size))
        else:
            items.append(WorkItem(o.key, "unsupported", o.etag, o.size))
    return items


def _safe(key: str) -> bool:
    try:
        validate_key(key)
    except UnsafeKeyError:
        return False
    return True


def is_current(entry: LedgerEntry | None, item: WorkItem, fingerprint: str) -> bool:
    """Was this version of the object (and of its sidecar) already done with these settings? A
    quarantined version stays quarantined whatever the settings: it is the input that is bad."""
    return (
        entry is not None
        and entry.etag == item.etag
        and entry.sidecar_etag == item.sidecar_etag
        and (entry.fingerprint == fingerprint or entry.status == "quarantined")
    )


def discover(raw: ObjectStore, index: ObjectStore, fingerprint: str) -> tuple[list[WorkItem], int]:
    """(items that are new or changed since they were last processed, how many were skipped)."""
    listed = list(raw.list())
    objects = [o for o in listed if _safe(o.key)]
    # A key that could escape the store (control characters, '..', '//') is never read; it is
    # reported and quarantined by reason (the object stays where it is, to be renamed).
    unsafe = [WorkItem(o.key, "unsafe_key", o.etag, o.size) for o in listed if not _safe(o.key)]
    todo: list[WorkItem] = []
    skipped = 0
    for item in classify(objects) + unsafe:
        if is_current(read_entry(index, item.key), item, fingerprint):
            skipped += 1
        else:
            todo.append(item)
    return todo, skipped
