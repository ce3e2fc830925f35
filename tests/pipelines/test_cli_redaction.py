"""`callscrub keygen`, `redact-text` with the configured operators, and `callscrub reidentify`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import CLI

TEXT = b"I'm Maria Gonzalez, call me on 212-555-0198, card 4111 1111 1111 1111.\n"


def _cli(args: list[str], stdin: bytes = b"", **env: str) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("CALLSCRUB_")}
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, timeout=300, env={**base, **env})


def _key() -> str:
    out = _cli(["keygen"])
    assert out.returncode == 0
    return out.stdout.decode().strip()


def test_encrypt_mask_pseudonym_then_reidentify_with_the_key_only(tmp_path: Path) -> None:
    key = _key()
    env = {"CALLSCRUB_SECRET_KEY": "k" * 40, "CALLSCRUB_REDACTION__ENCRYPTION_KEY": key,
           "CALLSCRUB_REDACTION__OPERATORS": '{"PHONE_NUMBER": "encrypt", "CREDIT_CARD": "mask"}'}
    red = _cli(["redact-text"], TEXT, **env)
    assert red.returncode == 0, red.stderr
    text = red.stdout.decode()
    assert "Maria" not in text and "555-0198" not in text and "4111 1111" not in text
    assert "<PERSON_" in text and "<enc:PHONE_NUMBER:" in text and "[CREDIT_CARD ****1111]" in text

    root = str(tmp_path / "deployment")  # re-identification is audited in the deployment's governance zone
    back = _cli(["reidentify", "--root", root], red.stdout, CALLSCRUB_REDACTION__ENCRYPTION_KEY=key)
    assert back.returncode == 0, back.stderr
    assert "212-555-0198" in back.stdout.decode(), "the encrypted value comes back"
    assert "Maria" not in back.stdout.decode(), "pseudonyms are one-way"

    wrong = _cli(["reidentify", "--root", root], red.stdout, CALLSCRUB_REDACTION__ENCRYPTION_KEY=_key())
    assert wrong.returncode == 1 and wrong.stdout == b""
    assert b"wrong key" in wrong.stderr and b"212" not in wrong.stderr

    nokey = _cli(["reidentify", "--root", root], red.stdout)
    assert nokey.returncode == 2 and b"encryption key" in nokey.stderr


def test_pseudonym_without_a_secret_fails_closed() -> None:
    out = _cli(["redact-text"], TEXT, CALLSCRUB_REDACTION__OPERATORS='{"PERSON": "pseudonym"}')
    assert out.returncode == 2 and out.stdout == b""
    assert b"secret_key" in out.stderr and b"Maria" not in out.stderr
