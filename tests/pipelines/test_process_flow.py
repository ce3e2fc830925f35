"""End to end: the real `callscrub demo` over the bundled samples, real tiny.en and real Presidio."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callscrub.audio.decode import load_audio
from tests.conftest import CliRun, run_cli

pytestmark = pytest.mark.slow


def _summary(run: CliRun) -> dict:
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def _transcript_text(path: Path) -> str:
    doc = json.loads(path.read_text())
    return " ".join([s["text"] for s in doc["segments"]] + [w["text"] for s in doc["segments"] for w in s["words"]])


def test_demo_processes_every_sample(demo_run: CliRun, samples_raw: Path) -> None:
    summary = _summary(demo_run)
    assert summary["processed"] == 6 and summary["quarantined"] == []
    assert summary["audio_seconds"] > 60
    assert 0 < summary["real_time_factor"] < 1.0
    work = demo_run.workdir / "work"
    assert (work / "callscrub.toml").is_file()
    for name in ("call-0001.ogg", "call-0002.ogg", "call-0003.flac"):
        assert (work / "private" / "transcripts" / f"{name}.json").is_file()
        assert (work / "redacted" / "transcripts" / f"{name}.json").is_file()
    for name in ("chat-0001.json", "chat-0002.json", "chat-0003.csv"):
        assert (work / "redacted" / "chats" / name).is_file()


def test_redacted_audio_keeps_format_rate_channels_and_duration(demo_run: CliRun, samples_raw: Path) -> None:
    work = demo_run.workdir / "work"
    for src in sorted(samples_raw.glob("call-*.*")):
        if src.suffix == ".json":
            continue
        before, samples = load_audio(src.read_bytes())
        after, red = load_audio((work / "redacted" / "audio" / src.name).read_bytes())
        assert (after.format, after.subtype, after.sample_rate, after.channels) == (
            before.format, before.subtype, before.sample_rate, before.channels)
        assert abs(after.duration - before.duration) < 0.05, src.name


def test_stereo_call_is_transcribed_per_channel_with_speakers(demo_run: CliRun) -> None:
    doc = json.loads((demo_run.workdir / "work/private/transcripts/call-0002.ogg.json").read_text())
    assert doc["channels"] == 2
    by_speaker = {s["speaker"]: s["channel"] for s in doc["segments"]}
    assert by_speaker == {"agent": 0, "customer": 1}
    assert all(w["speaker"] == s["speaker"] for s in doc["segments"] for w in s["words"])
    starts = [s["start"] for s in doc["segments"]]
    assert starts == sorted(starts), "segments of both channels are merged in time order"


def test_clearly_transcribed_planted_values_are_gone(demo_run: CliRun, truth: dict) -> None:
    """For every planted value that the real transcript contains verbatim, the redacted one must not."""
    work = demo_run.workdir / "work"
    checked = []
    for name, items in truth.items():
        if name.startswith("chat-"):
            redacted = (work / "redacted" / "chats" / name).read_text()
            for item in items:
                assert item["value"].lower() not in redacted.lower(), (name, item["entity_type"])
            continue
        private = _transcript_text(work / "private" / "transcripts" / f"{name}.json").lower()
        redacted = _transcript_text(work / "redacted" / "transcripts" / f"{name}.json").lower()
        for item in items:
            if item["value"].lower() in private:
                checked.append((name, item["entity_type"]))
                assert item["value"].lower() not in redacted, (name, item["entity_type"])
    # The test only means something if the model transcribed several planted values verbatim.
    assert len(checked) >= 4, checked


def test_rerun_is_incremental(demo_run: CliRun) -> None:
    work = demo_run.workdir / "work"
    again = run_cli(["run", "--config", str(work / "callscrub.toml"), "--json"], demo_run.workdir, demo_run.prefect_home)
    summary = _summary(again)
    assert summary["processed"] == 0 and summary["skipped_unchanged"] == 6
