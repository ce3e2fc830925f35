"""Open a store from its URI."""

from __future__ import annotations

from pathlib import Path

from storage.base import ObjectStore
from storage.local import LocalStore
from storage.s3 import S3Options, S3Store
from storage.uri import StoreURI, parse_uri


def open_store(uri: str | Path | StoreURI, s3: S3Options | None = None) -> ObjectStore:
    """A LocalStore for `file://` (or a bare path), an S3Store for `s3://`."""
    location = uri if isinstance(uri, StoreURI) else parse_uri(uri)
    if location.scheme == "file":
        return LocalStore(location)
    return S3Store(location, s3)
