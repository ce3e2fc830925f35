"""Real-time factor of callscrub's transcription path next to bare faster-whisper, same files, same run.

RTF = transcription wall seconds / audio seconds (lower is faster; 0.10 means 10 s of audio in 1 s).
Three paths run over the bundled sample recordings (callscrub/samples/raw/*.ogg, *.flac):

  callscrub             read bytes + load_audio + whisper_channels + Transcriber.transcribe (the
                        pipeline's path). Stereo files are transcribed once PER CHANNEL, so callscrub
                        does more decoder work than the baselines on them ("channel-s" column).
  fw words+VAD          bare faster-whisper on the file path (PyAV decode, stereo downmixed to mono),
                        word_timestamps=True, vad_filter=True: the baseline every ratio is against.
  fw plain              bare faster-whisper, word_timestamps=False, vad_filter=False (plainest call).

All use bundled:tiny.en, cpu/int8, beam 5, language "en", the same --cpu-threads and
ctranslate2.set_random_seed(1234) before each file. Models load once, untimed; each path does one
untimed warm-up on the first file; then --repeats passes, interleaving paths per file so machine
noise hits all equally. Reported: median over passes (per path total, and per file).

Run:  .venv/bin/python bench/transcription_rtf.py [--repeats 3] [--cpu-threads 0] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import ctranslate2
import faster_whisper
import soundfile as sf
from faster_whisper import WhisperModel
from rich.console import Console
from rich.table import Table

from callscrub.audio.decode import load_audio, whisper_channels
from callscrub.audio.transcribe import Transcriber, resolve_model_path
from callscrub.config import TranscriptionSettings
from pipelines.demo import samples_dir

BASELINE = "fw words+VAD"
SEED = 1234


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def build_paths(cpu_threads: int) -> dict[str, Callable[[Path], None]]:
    transcriber = Transcriber(TranscriptionSettings(cpu_threads=cpu_threads))
    model = WhisperModel(str(resolve_model_path("bundled:tiny.en")), device="cpu",
                         compute_type="int8", cpu_threads=cpu_threads)

    def callscrub(path: Path) -> None:
        data = path.read_bytes()
        info, samples = load_audio(data)
        transcriber.transcribe(whisper_channels(data, info, samples))

    def bare(words: bool, vad: bool) -> Callable[[Path], None]:
        def run(path: Path) -> None:
            segments, _ = model.transcribe(str(path), language="en", beam_size=5,
                                           word_timestamps=words, vad_filter=vad)
            list(segments)
        return run

    return {"callscrub": callscrub, BASELINE: bare(True, True), "fw plain": bare(False, False)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3, help="timed passes over all files (default 3)")
    ap.add_argument("--cpu-threads", type=int, default=0, help="threads per model; 0 = library default")
    ap.add_argument("--json", type=Path, help="also write results to this JSON file")
    args = ap.parse_args()
    console = Console()

    files = sorted(p for p in (samples_dir() / "raw").iterdir() if p.suffix in {".ogg", ".flac"})
    infos = {p: sf.info(str(p)) for p in files}
    audio_s = {p.name: infos[p].duration for p in files}
    chan_s = {p.name: infos[p].duration * infos[p].channels for p in files}
    machine = {"nproc": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)), "cpu": cpu_model(),
               "ctranslate2": ctranslate2.__version__, "faster_whisper": faster_whisper.__version__,
               "python": platform.python_version(), "cpu_threads": args.cpu_threads, "repeats": args.repeats}
    console.print(" | ".join(f"{k}={v}" for k, v in machine.items()))

    started = time.perf_counter()
    paths = build_paths(args.cpu_threads)
    console.print(f"models loaded in {time.perf_counter() - started:.1f}s (untimed)")
    for fn in paths.values():  # untimed warm-up on the first file
        ctranslate2.set_random_seed(SEED)
        fn(files[0])

    wall: dict[str, dict[str, list[float]]] = {n: {p.name: [] for p in files} for n in paths}
    for rep in range(args.repeats):
        for path in files:
            for name, fn in paths.items():
                ctranslate2.set_random_seed(SEED)
                t0 = time.perf_counter()
                fn(path)
                wall[name][path.name].append(time.perf_counter() - t0)
        console.print(f"pass {rep + 1}/{args.repeats} done")

    total_audio = sum(audio_s.values())
    medians = {n: statistics.median(sum(w[f][i] for f in w) for i in range(args.repeats))
               for n, w in wall.items()}
    per_file = {n: {f: statistics.median(v) for f, v in w.items()} for n, w in wall.items()}
    base = medians[BASELINE]

    t = Table(title=f"Transcription RTF, median of {args.repeats} passes over {len(files)} files")
    for col in ("path", "audio s", "channel-s", "median wall s", "RTF", f"x {BASELINE}"):
        t.add_column(col, justify="left" if col == "path" else "right")
    for n, m in medians.items():
        cs = sum(chan_s.values()) if n == "callscrub" else total_audio
        t.add_row(n, f"{total_audio:.1f}", f"{cs:.1f}", f"{m:.2f}", f"{m / total_audio:.4f}", f"{m / base:.2f}")
    console.print(t)

    ft = Table(title="Per file (median wall s / RTF / ratio vs baseline)")
    ft.add_column("file")
    ft.add_column("audio s (ch)", justify="right")
    for n in paths:
        ft.add_column(n, justify="right")
    for p in files:
        f = p.name
        cells = [f"{per_file[n][f]:.2f} / {per_file[n][f] / audio_s[f]:.4f} / "
                 f"{per_file[n][f] / per_file[BASELINE][f]:.2f}x" for n in paths]
        ft.add_row(f, f"{audio_s[f]:.1f} ({infos[p].channels})", *cells)
    console.print(ft)

    if args.json:
        args.json.write_text(json.dumps({
            "machine": machine, "audio_s": audio_s, "channel_s": chan_s, "baseline": BASELINE,
            "median_wall_s": medians, "rtf": {n: m / total_audio for n, m in medians.items()},
            "ratio_vs_baseline": {n: m / base for n, m in medians.items()},
            "per_file_median_wall_s": per_file, "raw_wall_s": wall}, indent=2))
        console.print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
