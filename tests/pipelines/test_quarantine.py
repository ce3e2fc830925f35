"""Bad input: each object goes to quarantine with a reason; the rest of the run carries on."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import run_cli

GOOD_CHAT = {"chat_id": "ok", "messages": [{"ts": "t", "sender": "customer", "text": "call me on 212-555-0198"}]}


def _bad_corpus(raw: Path, samples_raw: Path) -> dict[str, str]:
    raw.mkdir(parents=True)
    flac = (samples_raw / "call-0003.flac").read_bytes()
    (raw / "zero.wav").write_bytes(b"")
    (raw / "random.wav").write_bytes(os.urandom(4096))
    (raw / "truncated.flac").write_bytes(flac[: len(flac) // 3])
    (raw / "broken.json").write_text('{"chat_id": "x", "messages": [')
    (raw / "latin1.csv").write_bytes("ts,sender,text\n1,customer,caf\xe9\n".encode("latin-1"))
    (raw / "notes.txt").write_text("hello")
    (raw / "chats" / "ünï code").mkdir(parents=True)
    (raw / "chats" / "ünï code" / "good chat.json").write_text(json.dumps(GOOD_CHAT))
    (raw / "random.flac").write_bytes(os.urandom(20_000))
    (raw / "flac-named.wav").write_bytes(flac)  # wrong extension, still audio: processed
    (raw / "audio-named.json").write_bytes(flac[:4096])  # a recording with a chat's extension
    (raw / "bad-utf8.json").write_bytes(b'{"chat_id": "x", "messages": [{"ts": "t", "sender": "customer", '
                                         b'"text": "caf\xe9 \xff"}]}')
    huge = {"chat_id": "huge", "messages": [{"ts": "t", "sender": "customer", "text": "a pasted log line. " * 6000}]}
    (raw / "huge-message.json").write_text(json.dumps(huge))
    _silence(raw / "three-hours-of-silence.flac", hours=3)
    (raw / "odd\x01key.json").write_text(json.dumps(GOOD_CHAT))  # a control character: never read
    return {
        "zero.wav": "empty", "random.wav": "corrupt_audio", "truncated.flac": "corrupt_audio|truncated_audio",
        "broken.json": "malformed_json", "latin1.csv": "invalid_utf8", "notes.txt": "unsupported_type",
        "random.flac": "corrupt_audio", "audio-named.json": "invalid_utf8|malformed_json",
        "bad-utf8.json": "invalid_utf8", "huge-message.json": "message_too_long",
        "three-hours-of-silence.flac": "too_long",
    }


def _silence(path: Path, hours: int) -> None:
    """Digital silence at 8 kHz, written in blocks (FLAC packs it into a few hundred kB)."""
    import numpy as np
    import soundfile as sf

    block = np.zeros((8000 * 60, 1), dtype="int16")
    with sf.SoundFile(path, "w", samplerate=8000, channels=1, format="FLAC", subtype="PCM_16") as fh:
        for _ in range(hours * 60):
            fh.write(block)


def test_bad_inputs_are_quarantined_and_the_run_finishes(tmp_path: Path, samples_raw: Path) -> None:
    raw, root = tmp_path / "raw", tmp_path / "root"
    expected = _bad_corpus(raw, samples_raw)
    result = run_cli(["run", "--raw", f"file://{raw}", "--root", str(root)], tmp_path, tmp_path / "ph")
    assert result.returncode == 1, result.stderr[-2000:]
    for key, codes in expected.items():
        reason = json.loads((root / "quarantine" / f"{key}.reason.json").read_text())
        assert reason["code"] in codes.split("|"), (key, reason)
        assert reason["object"].endswith(key) and reason["reason"]
        assert (root / "quarantine" / key).read_bytes() == (raw / key).read_bytes(), "nothing is lost"
        assert key in result.stdout, "the summary names what was quarantined"
        assert (raw / key).exists(), "the raw object stays where it was"
    good = (root / "redacted" / "chats" / "chats" / "ünï code" / "good chat.json").read_text()
    assert "212-555-0198" not in good and "[PHONE_NUMBER]" in good
    odd = [json.loads(p.read_text()) for p in (root / "quarantine" / "unsafe-keys").glob("*.reason.json")]
    assert [r["code"] for r in odd] == ["unsafe_key"] and "\\x01" in odd[0]["object"]
    wav_named_flac = json.loads((root / "private" / "transcripts" / "flac-named.wav.json").read_text())
    assert wav_named_flac["segments"], "a FLAC with a .wav name is decoded by its content and processed"
    assert "Traceback" not in result.stdout + result.stderr

    again = run_cli(["run", "--raw", f"file://{raw}", "--root", str(root), "--json"], tmp_path, tmp_path / "ph")
    assert again.returncode == 0, "already-quarantined objects are not retried until they change"
    assert json.loads(again.stdout)["processed"] == 0


def test_bad_config_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[detection]\nspacy_model = 'no_such_model'\n")
    result = run_cli(["run", "--raw", str(tmp_path), "--root", str(tmp_path / "r"), "--config", str(cfg)],
                     tmp_path, tmp_path / "ph")
    assert result.returncode == 2
    assert "no_such_model" in result.stderr and "not installed" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_uris_are_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(["run"], tmp_path, tmp_path / "ph")
    assert result.returncode == 2 and "--raw" in result.stderr
