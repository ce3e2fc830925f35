"""Redaction operators: what a detected value is replaced with.

`tag` writes the entity type (`[PHONE_NUMBER]`). `pseudonym` writes a keyed, consistent token
(`<PERSON_4f1c2a>`): HMAC-SHA256 with the deployment's secret, so the same person gets the same
token across calls and nobody without the secret can test a guess (unlike Presidio's unsalted hash).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Protocol



class Operator(Protocol):
    def __call__(self, entity_type: str, value: str) -> str: ...


def tag(entity_type: str, value: str) -> str:  # noqa: ARG001 - the value is deliberately ignored
    return f"[{entity_type}]"


class Pseudonym:
    def __init__(self, secret: str, length: int = 6) -> None:
        if not secret:
            raise ValueError("pseudonym operator needs a secret key")
        self._key = secret.encode("utf-8")
        self._length = length

    def __call__(self, entity_type: str, value: str) -> str:
        canonical = " ".join(value.casefold().split())
        digest = hmac.new(self._key, f"{entity_type}:{canonical}".encode(), hashlib.sha256).hexdigest()
        return f"<{entity_type}_{digest[: self._length]}>"
