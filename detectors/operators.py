"""Redaction operators: what a detected value is replaced with.

* `tag` writes the entity type: `[PHONE_NUMBER]`.
* `Pseudonym` writes a keyed, consistent token (`<PERSON_4f1c2a9b03>`): HMAC-SHA256 with the
  deployment's secret over the value's canonical form, so the same person gets the same token
  across calls ("Maria Gonzalez", "maria  gonzalez"; "four one one one" and "4111") and nobody
  without the secret can test a guess (unlike Presidio's unsalted hash).
* `Mask` keeps the last digits only: `[CREDIT_CARD ****1111]` (PCI DSS allows at most four).
* `Encrypt` writes `<enc:PERSON:...>`, AES-256-GCM with a random nonce and the entity type as
  associated data; `reidentify()` turns the tokens back into values, only with the key.

`build_operator(settings)` picks one per entity type from `[redaction]` in the config.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from collections.abc import Callable
from typing import Protocol

from callscrub.config import OperatorName, Settings
from callscrub.errors import ConfigError
from detectors.normalise import normalise

ENCRYPTED_TOKEN = re.compile(r"<enc:([A-Z][A-Z0-9_]*):([A-Za-z0-9_-]+)>")
_NONCE_BYTES = 12


class Operator(Protocol):
    def __call__(self, entity_type: str, value: str) -> str: ...


def tag(entity_type: str, value: str) -> str:  # noqa: ARG001 - the value is deliberately ignored
    return f"[{entity_type}]"


_NUMBER_LIKE = re.compile(r"[\d\s().+/-]+")


def canonical(value: str) -> str:
    """Case-, spacing- and spoken-form-insensitive form of a value: "Maria  GONZALEZ" ->
    "maria gonzalez"; "four one one one", "4111" and "41-11" -> "4111"."""
    text = " ".join(normalise(value).text.casefold().split())
    if _NUMBER_LIKE.fullmatch(text):
        return "".join(c for c in text if c.isdigit())
    return text


class Pseudonym:
    def __init__(self, secret: str, length: int = 10) -> None:  # 40 bits: no collisions among millions
        if not secret:
            raise ValueError("pseudonym operator needs a secret key")
        self._key = secret.encode("utf-8")
        self._length = length

    def __call__(self, entity_type: str, value: str) -> str:
        digest = hmac.new(self._key, f"{entity_type}:{canonical(value)}".encode(), hashlib.sha256).hexdigest()
        return f"<{entity_type}_{digest[: self._length]}>"


class Mask:
    """Keep at most `keep_last` trailing digits; short values (under 3x that many digits) keep none."""

    def __init__(self, keep_last: int = 4) -> None:
        self._keep = keep_last

    def __call__(self, entity_type: str, value: str) -> str:
        digits = [c for c in normalise(value).text if c.isdigit()]
        keep = self._keep if len(digits) >= 3 * self._keep else 0
        if keep == 0:
            return f"[{entity_type}]"
        return f"[{entity_type} ****{''.join(digits[-keep:])}]"


def decode_key(encoded: str) -> bytes:
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ConfigError("the encryption key is not base64 (generate one with `callscrub keygen`)") from None
    if len(key) != 32:
        raise ConfigError("the encryption key must decode to 32 bytes (AES-256)")
    return key


def new_key() -> str:
    """A fresh AES-256 key, base64: what `callscrub keygen` prints."""
    return base64.b64encode(os.urandom(32)).decode("ascii")


class Encrypt:
    def __init__(self, key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(key)

    def __call__(self, entity_type: str, value: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, value.encode("utf-8"), entity_type.encode("ascii"))
        token = base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")
        return f"<enc:{entity_type}:{token}>"


class ReidentifyError(Exception):
    """A token that does not decrypt with this key (wrong key, or the token was altered)."""


def reidentify(text: str, key: bytes) -> tuple[str, int]:
    """`text` with every `<enc:...>` token replaced by its value; returns (text, tokens replaced)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        entity_type, token = match.group(1), match.group(2)
        try:
            blob = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            value = aead.decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], entity_type.encode("ascii"))
        except (InvalidTag, ValueError, binascii.Error):
            raise ReidentifyError("a token does not decrypt with this key (wrong key, or altered)") from None
        count += 1
        return value.decode("utf-8")

    return ENCRYPTED_TOKEN.sub(one, text), count


def operator_names(settings: Settings) -> Callable[[str], OperatorName]:
    """Entity type -> operator name: explicit config, else pseudonym for names and custom ids
    when a secret is configured, else the default operator."""
    explicit = settings.redaction.operators
    pseudonymous = {"PERSON", *(c.entity_type for c in settings.detection.custom_ids)}

    def name_for(entity_type: str) -> OperatorName:
        if entity_type in explicit:
            return explicit[entity_type]
        if entity_type in pseudonymous and settings.secret_key is not None:
            return "pseudonym"
        return settings.redaction.default_operator

    return name_for


def build_operator(settings: Settings) -> Operator:
    """The operator for a deployment: fails closed when a configured operator lacks its key."""
    name_for = operator_names(settings)
    wanted = {name_for(e) for e in settings.detection.all_entities()} | {name_for("PERSON")}
    built: dict[OperatorName, Operator] = {"tag": tag, "mask": Mask(settings.redaction.mask_keep_last)}
    if "pseudonym" in wanted:
        if settings.secret_key is None:
            raise ConfigError("the 'pseudonym' operator needs secret_key (CALLSCRUB_SECRET_KEY), or choose 'tag'")
        built["pseudonym"] = Pseudonym(settings.secret_key.get_secret_value())
    if "encrypt" in wanted:
        if settings.redaction.encryption_key is None:
            raise ConfigError(
                "the 'encrypt' operator needs redaction.encryption_key (CALLSCRUB_REDACTION__ENCRYPTION_KEY); "
                "generate one with `callscrub keygen`"
            )
        built["encrypt"] = Encrypt(decode_key(settings.redaction.encryption_key.get_secret_value()))

    def dispatch(entity_type: str, value: str) -> str:
        return built[name_for(entity_type)](entity_type, value)

    return dispatch
