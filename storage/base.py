"""The ObjectStore protocol: what every backend offers, addressed by validated keys."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from storage.uri import StoreURI


@dataclass(frozen=True)
class ObjectInfo:
    """What a listing or a head returns. `etag` changes whenever the content does."""

    key: str
    size: int
    etag: str
    last_modified: datetime
    version_id: str | None = None


@runtime_checkable
class ObjectStore(Protocol):
    """A flat namespace of objects under one URI. Keys are `/`-separated, relative, validated."""

    @property
    def location(self) -> StoreURI: ...

    def uri_for(self, key: str) -> str:
        """The full URI of `key` (for logs, records and the index)."""
        ...

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Every object under `prefix`, in key order. In-flight temporary objects are skipped."""
        ...

    def head(self, key: str) -> ObjectInfo | None:
        """Metadata of `key`, or None if it does not exist."""
        ...

    def get(self, key: str) -> bytes:
        """The content of `key`; ObjectNotFoundError if absent."""
        ...

    def put(self, key: str, data: bytes, content_type: str | None = None) -> ObjectInfo:
        """Write `key` atomically: readers see the old object or the new one, never a part."""
        ...

    def put_new(self, key: str, data: bytes, content_type: str | None = None) -> ObjectInfo | None:
        """Write `key` only if no object is there (atomic create-if-absent); None if one was.

        Two writers racing for one key: exactly one wins. What append-only logs are built on.
        """
        ...

    def delete(self, key: str) -> int:
        """Delete `key` and, where versioned, every version and delete marker.

        Returns how many versions (or files) were removed; 0 if nothing was there.
        """
        ...

    def purge_history(self, key: str) -> int:
        """Delete every version of `key` but the current one (and every delete marker).

        An object rewritten in place (a mention erased, a sidecar rectified) must not survive as an
        older version in a versioned bucket. Returns how many versions were removed (0 unversioned).
        """
        ...

    def presign(self, key: str, expires_s: int = 3600) -> str:
        """A URL (S3) or path (local) a user can fetch `key` from."""
        ...
