from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CLI


def _cli(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, timeout=300)


def test_redact_text_stdin_to_stdout() -> None:
    out = _cli(["redact-text"], b"Hi, I am Maria Gonzalez, call me on 212-555-0198 or maria@example.com\n")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert "Maria" not in text and "212-555-0198" not in text and "maria@example.com" not in text
    assert "[PERSON]" in text and "[PHONE_NUMBER]" in text and "[EMAIL_ADDRESS]" in text


def test_redact_text_chat_file_keeps_format(tmp_path: Path, samples_raw: Path) -> None:
    dest = tmp_path / "out.json"
    out = _cli(["redact-text", "--format", "chat", "--input", str(samples_raw / "chat-0002.json"), "--output", str(dest)])
    assert out.returncode == 0, out.stderr
    doc = json.loads(dest.read_text())
    assert "Transcript" in doc and "robert.chen@example.net" not in dest.read_text()


def test_redact_text_csv_from_stdin(samples_raw: Path) -> None:
    out = _cli(["redact-text", "--format", "chat"], (samples_raw / "chat-0003.csv").read_bytes())
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode().startswith("ts,sender,text") and "Priya" not in out.stdout.decode()


@pytest.mark.parametrize(
    ("args", "stdin"),
    [(["redact-text", "--format", "xml"], b"x"), (["redact-text", "--format", "chat"], b"{not json"),
     (["redact-text"], b"\xff\xfe bad utf-8")],
)
def test_usage_and_input_errors_exit_2(args: list[str], stdin: bytes) -> None:
    out = _cli(args, stdin)
    assert out.returncode == 2
    assert b"Traceback" not in out.stderr and b"error:" in out.stderr


@pytest.mark.parametrize("cmd", [[], ["demo"], ["run"], ["redact-text"]])
def test_help_everywhere(cmd: list[str]) -> None:
    out = _cli([*cmd, "--help"])
    assert out.returncode == 0 and b"Usage" in out.stdout


def test_no_command_shows_help_and_usage_error_code() -> None:
    out = _cli(["bogus-command"])
    assert out.returncode == 2
