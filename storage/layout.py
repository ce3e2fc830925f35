"""A deployment's zones: one root URI, a sub-prefix per zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from storage.base import ObjectStore
from storage.open import open_store
from storage.s3 import S3Options
from storage.uri import StoreURI, parse_uri

Zone = Literal["private", "redacted", "index", "governance", "quarantine"]
ZONES: tuple[Zone, ...] = ("private", "redacted", "index", "governance", "quarantine")


@dataclass
class Layout:
    """The raw zone (where inputs arrive) and the zones under the root, opened lazily."""

    raw_uri: StoreURI
    root_uri: StoreURI
    s3: S3Options | None = None
    _stores: dict[str, ObjectStore] = field(default_factory=dict, repr=False)

    @classmethod
    def from_uris(cls, raw: str, root: str, s3: S3Options | None = None) -> Layout:
        return cls(parse_uri(raw), parse_uri(root), s3)

    @property
    def raw(self) -> ObjectStore:
        return self._open("raw", self.raw_uri)

    def zone(self, name: Zone) -> ObjectStore:
        if name not in ZONES:
            raise ValueError(f"unknown zone {name!r}; zones are {', '.join(ZONES)}")
        return self._open(name, self.root_uri.child(name))

    def locate(self, uri: str) -> tuple[str, ObjectStore, str] | None:
        """(zone, store, key) of an object URI of this deployment (raw included), or None."""
        target = parse_uri(uri)
        for name, loc in [("raw", self.raw_uri), *((z, self.root_uri.child(z)) for z in ZONES)]:
            if (target.scheme, target.bucket) != (loc.scheme, loc.bucket):
                continue
            base = loc.prefix.rstrip("/") + "/"
            if target.prefix.startswith(base):
                store = self.raw if name == "raw" else self.zone(name)  # type: ignore[arg-type]
                return name, store, target.prefix[len(base) :]
        return None

    def _open(self, name: str, location: StoreURI) -> ObjectStore:
        if name not in self._stores:
            self._stores[name] = open_store(location, self.s3)
        return self._stores[name]
