"""End-to-end throughput of the `process` flow, side by side with its baselines, in one run.

1. Recordings, two sets: the bundled sample calls (x --copies: 15-27 s calls with personal data in
   nearly every turn, the worst case for redaction and verification), and a four-minute
   two-channel call with personal data in a few turns, as real calls are (tools/make_bench_call.py,
   built here when espeak-ng and sox are installed; skipped, and said so, when they are not).
   Each set goes through the whole flow on its default settings (the thread runner: two objects at
   once), and again with `scale.runner = "sequential"` (decode, per-channel batched transcription with word
   timestamps and VAD, detection, redaction of text and audio, the verification pass on its
   default setting, dataset, compliance, index, ledger, audit) and through bare faster-whisper:
   `WhisperModel.transcribe(audio)` with default options, one file after another, same model,
   device and compute type: the named baseline. Ratio = bare wall / pipeline wall (>= 1: the
   pipeline is faster than bare transcription; target >= 0.85).
   Models are loaded before either clock starts. The pipeline is timed warm: a first flow (one
   copy of the samples, its own folders) starts Prefect's temporary API and imports what the flow
   imports lazily, as a long-lived worker has; that first flow's wall time is reported too
   (`first_flow_s`). Bare faster-whisper is also timed with `cpu_threads=1`: on a small machine
   CTranslate2's default thread count can be slower than one thread, and the ratio against that
   run says how much of the result is the thread count.
2. Chats: --chats generated chats through the whole flow: chats per second on the default
   settings, and with the sequential runner at `chat_batch` 1 and 16; what one Prefect task costs (the extra wall time of batch 1's extra tasks, after the
   objects' own work, per extra task) and so the share of the wall time tasks cost at each size.
3. Dask: recordings and chats on a local Dask cluster of 1 and then 2 worker processes (models
   warmed on every worker first): speed-up 1 -> 2.

Run:  .venv/bin/python bench/pipeline_throughput.py [--copies 2] [--chats 200] [--json out.json]
      [--skip-dask] [--skip-chats] [--skip-recordings]
The machine is named in the output; figures from a shared or busy machine say so themselves
(rerun on a quiet one).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipelines.prefect_env import configure_prefect_env  # noqa: E402

configure_prefect_env()
SECRET = "bench-secret-key-0123456789abcdef0123"
SAMPLES = REPO / "callscrub" / "samples" / "raw"
RECORDINGS = ("call-0001.ogg", "call-0002.ogg", "call-0003.flac")


def _recordings(raw: Path, copies: int) -> float:
    import soundfile as sf

    raw.mkdir(parents=True, exist_ok=True)
    seconds = 0.0
    for n in range(copies):
        for name in RECORDINGS:
            stem, ext = os.path.splitext(name)
            shutil.copyfile(SAMPLES / name, raw / f"{stem}-{n}{ext}")
            if (SAMPLES / f"{stem}.json").is_file():
                shutil.copyfile(SAMPLES / f"{stem}.json", raw / f"{stem}-{n}.json")
            seconds += sf.info(str(SAMPLES / name)).duration
    return seconds


def _chats(raw: Path, count: int) -> None:
    template = json.loads((SAMPLES / "chat-0001.json").read_text())
    (raw / "chats").mkdir(parents=True, exist_ok=True)
    for n in range(count):
        extra = {"ts": "2026-01-01T10:00:00Z", "sender": "customer",
                 "text": f"my order is {n:06d} and you can reach me on 415-555-{n % 10000:04d}"}
        (raw / "chats" / f"chat-{n:05d}.json").write_text(
            json.dumps({**template, "chat_id": f"c{n}", "messages": [*template["messages"], extra]}))


def _config(base: Path, raw: Path, scale: str = "") -> Path:
    base.mkdir(parents=True, exist_ok=True)
    path = base / "callscrub.toml"
    path.write_text(f'raw = "{raw}"\nroot = "{base / "root"}"\nsecret_key = "{SECRET}"\n'
                    f'[index]\ncompact_after_objects = 0\n{scale}')
    return path


def _flow(config: Path) -> tuple[float, dict[str, Any]]:
    from callscrub.config import load_settings
    from pipelines.flows import process

    settings = load_settings(config)
    started = time.perf_counter()
    summary = process(raw=settings.raw, root=settings.root, config=str(config))
    return time.perf_counter() - started, summary


def bare_whisper(raw: Path, cpu_threads: int | None = None) -> float:
    """Sequential WhisperModel.transcribe with default options over every recording in `raw`."""
    from faster_whisper import WhisperModel, decode_audio

    from callscrub.audio.transcribe import resolve_model_path
    from callscrub.config import TranscriptionSettings

    t = TranscriptionSettings()
    model = WhisperModel(str(resolve_model_path(t.model)), device=t.device, compute_type=t.compute_type,
                         cpu_threads=t.cpu_threads if cpu_threads is None else cpu_threads)
    files = sorted(p for p in raw.iterdir() if p.suffix in (".ogg", ".flac"))
    audio = [decode_audio(str(p)) for p in files]
    list(model.transcribe(audio[0][:16000])[0])  # warm-up
    started = time.perf_counter()
    for a in audio:
        segments, _ = model.transcribe(a)
        list(segments)
    return time.perf_counter() - started


def _warm(config: Path) -> None:
    from pipelines.flows import _settings, runtime_for

    rt = runtime_for(_settings(str(config), None, None))
    rt.transcriber  # noqa: B018 - loads Whisper
    rt.intents  # noqa: B018


def _long_call(raw: Path, copies: int) -> float | None:
    """The four-minute call, `copies` times, or None where espeak-ng or sox is missing."""
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        return None
    sys.path.insert(0, str(REPO / "tools"))
    import soundfile as sf
    from make_bench_call import build

    built = build(raw.parent / "long-call-src")
    raw.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        shutil.copyfile(built, raw / f"long-call-{n}.ogg")
        shutil.copyfile(built.with_suffix(".json"), raw / f"long-call-{n}.json")
    return sf.info(str(built)).duration * copies


def _recording_set(work: Path, name: str, raw: Path, audio_s: float, files: int) -> dict[str, Any]:
    bare = bare_whisper(raw)
    bare_1 = bare_whisper(raw, cpu_threads=1)
    config = _config(work / name, raw)
    _warm(config)
    wall, summary = _flow(config)
    assert summary["processed"] == files, summary["quarantined"]
    sequential = _config(work / f"{name}-sequential", raw, '[scale]\nrunner = "sequential"\n')
    _warm(sequential)
    wall_seq, _ = _flow(sequential)
    return {"files": files, "audio_s": round(audio_s, 1),
            "bare_whisper_s": round(bare, 2), "bare_whisper_1_thread_s": round(bare_1, 2),
            "pipeline_s": round(wall, 2), "pipeline_sequential_runner_s": round(wall_seq, 2),
            "ratio_bare_over_pipeline_sequential_runner": round(bare / wall_seq, 3),
            "pipeline_transcribe_s": summary["transcribe_seconds"],
            "verification_s": summary["verification"]["seconds"],
            "ratio_bare_over_pipeline": round(bare / wall, 3),
            "ratio_bare_1_thread_over_pipeline": round(bare_1 / wall, 3),
            "pipeline_x_realtime": round(audio_s / wall, 2), "bare_x_realtime": round(audio_s / bare, 2)}


def recordings(work: Path, copies: int) -> dict[str, Any]:
    first = work / "first-raw"
    _recordings(first, 1)
    config = _config(work / "first", first)
    _warm(config)
    first_s, _ = _flow(config)  # starts Prefect's API, imports the lazy parts: a worker's start-up
    out: dict[str, Any] = {"first_flow_s": round(first_s, 2)}
    raw = work / "rec-raw"
    out["samples"] = _recording_set(work, "rec", raw, _recordings(raw, copies), len(RECORDINGS) * copies)
    long_raw = work / "long-raw"
    long_s = _long_call(long_raw, max(1, copies // 2))
    out["long_call"] = (_recording_set(work, "long", long_raw, long_s, max(1, copies // 2)) if long_s
                        else {"skipped": "espeak-ng and sox are not installed (apt-get install -y espeak-ng sox)"})
    return out


def chats(work: Path, count: int) -> dict[str, Any]:
    raw = work / "chat-raw"
    _chats(raw, count)
    out: dict[str, Any] = {"chats": count}
    warm_raw = work / "chat-warm-raw"
    _chats(warm_raw, 1)
    warm = _config(work / "chat-warm", warm_raw)
    _warm(warm)
    _flow(warm)  # Prefect's API up and the lazy imports done, as in a long-lived worker
    # The per-task cost is read off sequential runs: with a pool the objects' seconds overlap.
    for batch in (1, 16):
        config = _config(work / f"chat-b{batch}", raw, f'[scale]\nrunner = "sequential"\nchat_batch = {batch}\n')
        _warm(config)
        wall, summary = _flow(config)
        work_s = sum(o["seconds"] for o in summary["objects"])
        out[f"batch_{batch}"] = {"wall_s": round(wall, 2), "chats_per_s": round(count / wall, 1),
                                 "tasks": -(-count // batch), "work_s": round(work_s, 2),
                                 "not_object_work_fraction": round(1 - work_s / wall, 3)}
    config = _config(work / "chat-default", raw)
    _warm(config)
    wall, _ = _flow(config)
    out["default_settings"] = {"wall_s": round(wall, 2), "chats_per_s": round(count / wall, 1)}
    # What one Prefect task costs: the wall time the extra tasks of batch 1 add, per extra task;
    # the rest of the time that is not object work is the run's fixed cost (discovery, summary, audit).
    b1, b16 = out["batch_1"], out["batch_16"]
    per_task = max(0.0, ((b1["wall_s"] - b1["work_s"]) - (b16["wall_s"] - b16["work_s"])) / (b1["tasks"] - b16["tasks"]))
    out["per_task_overhead_s"] = round(per_task, 4)
    out["task_overhead_fraction_at_batch_16"] = round(per_task * b16["tasks"] / b16["wall_s"], 4)
    out["task_overhead_fraction_at_batch_1"] = round(per_task * b1["tasks"] / b1["wall_s"], 4)
    return out


def dask_scaling(work: Path, copies: int, count: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    raw = work / "dask-raw"
    _recordings(raw, copies)
    _chats(raw, count)
    out: dict[str, Any] = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cl, \
                Client(cl) as client:
            scale = f'[scale]\nrunner = "dask"\ndask_address = "{cl.scheduler_address}"\n'
            config = _config(work / f"dask-{workers}", raw, scale)
            client.run(_warm, config)
            wall, summary = _flow(config)
            out[f"workers_{workers}"] = {"wall_s": round(wall, 2), "processed": summary["processed"]}
    out["speedup_1_to_2"] = round(out["workers_1"]["wall_s"] / out["workers_2"]["wall_s"], 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=2, help="copies of the 3 sample recordings")
    ap.add_argument("--chats", type=int, default=200)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-chats", action="store_true")
    ap.add_argument("--skip-recordings", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="callscrub-bench-"))
    try:
        result: dict[str, Any] = {"machine": f"{platform.machine()} {os.cpu_count()} cores",
                                  "load_average_at_start": os.getloadavg()}
        if not args.skip_recordings:
            result["recordings"] = recordings(work, args.copies)
        if not args.skip_chats:
            result["chats"] = chats(work, args.chats)
        if not args.skip_dask:
            result["dask"] = dask_scaling(work, max(1, args.copies // 2), args.chats // 2)
        result["load_average_at_end"] = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
