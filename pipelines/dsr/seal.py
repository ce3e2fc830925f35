"""The identifiers a request was made with, as given, sealed for the response.

A request record keeps its identifiers as keyed hashes (to find the subject) and, sealed, as
given (the export's manifest says what the subject asked with; rectification needs the corrected
value; erasure's verification searches for them). The seal is AES-256-GCM under a key derived
from the deployment secret with HKDF (info "callscrub requests v1"), bound to the request id as
associated data: a sealed blob moved to another request does not open.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from callscrub.config import Settings

_INFO = b"callscrub requests v1"


def _aead(settings: Settings):  # noqa: ANN202 - AESGCM
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        settings.require_secret().encode("utf-8"))
    return AESGCM(key)


def seal(settings: Settings, request_id: str, payload: dict[str, Any]) -> str:
    nonce = os.urandom(12)
    blob = _aead(settings).encrypt(nonce, json.dumps(payload).encode("utf-8"), request_id.encode("utf-8"))
    return base64.urlsafe_b64encode(nonce + blob).decode("ascii")


def unseal(settings: Settings, request_id: str, sealed: str) -> dict[str, Any]:
    from cryptography.exceptions import InvalidTag

    from callscrub.errors import ConfigError

    raw = base64.urlsafe_b64decode(sealed.encode("ascii"))
    try:
        data = _aead(settings).decrypt(raw[:12], raw[12:], request_id.encode("utf-8"))
    except InvalidTag:
        raise ConfigError(f"request {request_id}: its identifiers do not open with this secret key") from None
    return json.loads(data)
