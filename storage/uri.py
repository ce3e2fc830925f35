"""Store URIs: `file:///abs/path` (or a plain path) and `s3://bucket/prefix`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from callscrub.errors import ConfigError


@dataclass(frozen=True)
class StoreURI:
    """A parsed store location. For `file`, `bucket` is empty and `prefix` is an absolute path."""

    scheme: str  # "file" | "s3"
    bucket: str
    prefix: str

    def __str__(self) -> str:
        if self.scheme == "file":
            return "file://" + quote(self.prefix)
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def child(self, *parts: str) -> StoreURI:
        """The URI of a sub-prefix (a zone, a folder) under this one."""
        tail = "/".join(p.strip("/") for p in parts if p.strip("/"))
        if not tail:
            return self
        if self.scheme == "file":
            return StoreURI("file", "", str(Path(self.prefix) / tail))
        prefix = f"{self.prefix.rstrip('/')}/{tail}" if self.prefix else tail
        return StoreURI("s3", self.bucket, prefix)


def parse_uri(uri: str | Path) -> StoreURI:
    """Parse a store URI; a bare path is taken as a local folder.

    Raises ConfigError (exit 2) for anything else, so a typo never writes somewhere unexpected.
    """
    text = str(uri).strip()
    if not text:
        raise ConfigError("empty store URI; give file:///path/to/dir or s3://bucket/prefix")
    if "://" not in text:
        return StoreURI("file", "", str(Path(text).expanduser().resolve()))
    parts = urlsplit(text)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise ConfigError(f"file URI must be file:///absolute/path, got host {parts.netloc!r}")
        path = unquote(parts.path)
        if not path.startswith("/"):
            raise ConfigError("file URI must hold an absolute path (file:///...)")
        return StoreURI("file", "", str(Path(path).resolve()))
    if parts.scheme == "s3":
        if not parts.netloc:
            raise ConfigError("s3 URI needs a bucket: s3://bucket/prefix")
        if parts.query or parts.fragment:
            raise ConfigError("s3 URI must not carry a query or fragment")
        return StoreURI("s3", parts.netloc, parts.path.strip("/"))
    raise ConfigError(f"unsupported URI scheme {parts.scheme!r}; use file:// or s3://")
