"""Object key validation: a key never escapes its store's root, whatever the backend."""

from __future__ import annotations

import unicodedata

from callscrub.errors import UnsafeKeyError

MAX_KEY_BYTES = 1024  # S3's limit; also keeps local paths sane


def validate_key(key: str) -> str:
    """Return `key` unchanged if it is a safe relative key, else raise UnsafeKeyError.

    Rejected: empty keys, absolute paths (`/x`, `C:\\x`), backslashes, `.`/`..` segments,
    empty segments (`a//b`), control characters, and keys over 1024 UTF-8 bytes.
    Unicode letters and spaces are allowed: real recordings are named that way.
    """
    if not isinstance(key, str) or not key:
        raise UnsafeKeyError("empty object key")
    if any(unicodedata.category(ch) == "Cc" for ch in key):
        raise UnsafeKeyError("object key contains a control character")
    if "\\" in key:
        raise UnsafeKeyError("object key contains a backslash")
    if key.startswith("/") or (len(key) > 1 and key[1] == ":"):
        raise UnsafeKeyError("object key is an absolute path")
    segments = key.split("/")
    if any(seg in ("", ".", "..") for seg in segments):
        raise UnsafeKeyError("object key has an empty, '.' or '..' segment")
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise UnsafeKeyError(f"object key is longer than {MAX_KEY_BYTES} bytes")
    return key


def join_key(*parts: str) -> str:
    """Join key parts with `/`, dropping empty parts, and validate the result."""
    return validate_key("/".join(p.strip("/") for p in parts if p and p.strip("/")))
