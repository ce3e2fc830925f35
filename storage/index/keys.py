"""The blind index key: HMAC-SHA256(secret, type + ":" + normalised value).

Without the secret the index identifies nobody: a guessed e-mail cannot be hashed and
compared. Rotating the secret rewrites every key (`callscrub index rotate-key`).
"""

from __future__ import annotations

import hashlib
import hmac


def subject_key(secret: str, id_type: str, normalised: str) -> str:
    if not secret:
        raise ValueError("the blind index needs a secret key")
    message = f"{id_type}:{normalised}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
