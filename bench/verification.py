"""What the verification pass costs next to transcription, and how often it finds residuals.

Every audio path here is the pipeline's own: Transcriber.transcribe -> redact_transcript ->
redact_audio -> verify_recording (pipelines/verification.py) with the default settings
(windows of 2 s each side of each covered span, greedy re-decode). The baseline every cost is
reported against is the transcription of the same recording in the same run (Transcriber.transcribe,
timed the same way). Three parts:

  samples   the bundled recordings (callscrub/samples/raw): short (13-27 s) and dense, a value
            every few seconds: the worst case for the ratio.
  calls     --calls synthetic stereo calls of about --call-minutes minutes (espeak-ng + sox):
            agent prompts on channel 0, the customer on channel 1, --values personal data items
            from the detectors' evaluation corpus (bench/data/eval_asr.jsonl) per call, the rest
            small talk (the corpus's distractors and agent lines). What a contact centre records.
  corpus    every item of bench/data/eval_asr.jsonl with personal data (or --corpus-limit of them),
            synthesised again from its script (agent prompt then customer), run through the same
            path. Reported: how many items verification flags (residual findings by the detectors),
            and, from the truth, how many still have the value in the redacted audio: the whole
            redacted clip is transcribed again and searched for the value (4+ consecutive digits of
            it, its e-mail local part, or a name token).

Needs Debian's espeak-ng and sox for `calls` and `corpus`.
Run:  .venv/bin/python bench/verification.py [--parts samples,calls,corpus] [--json out.json]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import soundfile as sf  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from callscrub.audio.decode import load_audio, whisper_channels  # noqa: E402
from callscrub.audio.redact import redact_audio  # noqa: E402
from callscrub.audio.transcribe import Transcriber, get_transcriber  # noqa: E402
from callscrub.config import DetectionSettings, RedactionSettings, TranscriptionSettings  # noqa: E402
from callscrub.config import VerificationSettings  # noqa: E402
from callscrub.records import Transcript  # noqa: E402
from detectors.text import TextRedactor  # noqa: E402
from detectors.transcript import redact_transcript  # noqa: E402
from pipelines.demo import samples_dir  # noqa: E402
from pipelines.verification import VerificationReport, verify_recording  # noqa: E402

RATE = 16_000
AGENT_VOICE = ("en-us", 160)
AGENT_SMALL_TALK = [
    "Thank you for calling, how can I help you today?", "Let me just pull that up for you.",
    "Bear with me one moment while I check the system.", "I can see the account here.",
    "That has been updated for you now.", "Is there anything else I can help you with today?",
    "I understand, that must be frustrating.", "I will make a note on the account.",
    "You should receive a confirmation shortly.", "Thanks for your patience.",
]
console = Console(width=130)


@dataclass(frozen=True)
class Result:
    name: str
    audio_s: float
    transcribe_s: float
    verify_s: float
    redact_s: float  # redact_audio alone: tone over the spans and re-encoding in the same format
    windows: int
    checked_s: float
    residuals: int
    leaked: bool | None = None  # from the truth (corpus only)


def synth(text: str, voice: str, speed: int, tmp: Path) -> np.ndarray:
    wav, out = tmp / "say.wav", tmp / "say16.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text], check=True)
    subprocess.run(["sox", str(wav), "-r", str(RATE), "-b", "16", str(out), "gain", "-n", "-3"], check=True)
    audio, _ = sf.read(out, dtype="float32")
    return audio


def flac(audio: np.ndarray) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, audio, RATE, format="FLAC", subtype="PCM_16")
    return buf.getvalue()


def run_one(name: str, data: bytes, transcriber: Transcriber, redactor: TextRedactor) -> tuple[Result, bytes]:
    info, samples = load_audio(data)
    channels = whisper_channels(data, info, samples)
    started = time.perf_counter()
    result = transcriber.transcribe(channels)
    transcribe_s = time.perf_counter() - started
    transcript = Transcript(f"file:///{name}", "bench", result.language, 1.0, info.duration, info.sample_rate,
                            info.channels, "bundled:tiny.en", tuple(result.segments))
    redacted, _detections, spans = redact_transcript(transcript, redactor)
    started = time.perf_counter()
    audio, covered = redact_audio(info, samples, spans, RedactionSettings())
    redact_s = time.perf_counter() - started
    started = time.perf_counter()
    report: VerificationReport = verify_recording(transcript.source_uri, "bench", redacted, audio, info, covered,
                                                  transcriber, redactor, VerificationSettings())
    verify_s = time.perf_counter() - started
    return Result(name, info.duration, transcribe_s, verify_s, redact_s, report.windows, report.audio_checked_s,
                  len(report.residuals)), audio


def part_samples(transcriber: Transcriber, redactor: TextRedactor) -> list[Result]:
    paths = sorted(p for p in (samples_dir() / "raw").iterdir() if p.suffix in (".ogg", ".flac", ".wav", ".mp3"))
    run_one("warm-up", paths[0].read_bytes(), transcriber, redactor)  # untimed: first-call costs
    return [run_one(p.name, p.read_bytes(), transcriber, redactor)[0] for p in paths]


def corpus_items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def part_calls(transcriber: Transcriber, redactor: TextRedactor, n_calls: int, minutes: float, values: int,
               seed: int, tmp: Path) -> list[Result]:
    rng = random.Random(seed)
    items = corpus_items(REPO / "bench/data/eval_asr.jsonl")
    pii = [i for i in items if i["value"]]
    fillers = [i for i in items if not i["value"]]
    results = []
    for c in range(n_calls):
        agent: list[np.ndarray] = []
        customer: list[np.ndarray] = []
        chosen = rng.sample(pii, values)
        body: list[tuple[str, dict | None]] = []
        for item in chosen:
            body += [("small", None), ("pii", item)]
        rng.shuffle(body)
        plan = [("small", None), *body]
        length = 0.0
        gap = np.zeros(int(0.4 * RATE), dtype=np.float32)

        def say(channel: str, text: str, voice: str, speed: int) -> None:
            nonlocal length
            clip = synth(text, voice, speed, tmp)
            mine, other = (agent, customer) if channel == "agent" else (customer, agent)
            mine += [clip, gap]
            other += [np.zeros_like(clip), gap]
            length += (len(clip) + len(gap)) / RATE

        for kind, item in plan:
            if kind == "pii" and item is not None:
                say("agent", item["context"] or "Can you confirm a few details for me?", *AGENT_VOICE)
                say("customer", item["script"], item["voice"], item["speed"])
            else:
                say("agent", rng.choice(AGENT_SMALL_TALK), *AGENT_VOICE)
                filler = rng.choice(fillers)
                say("customer", filler["script"], filler["voice"], filler["speed"])
        while length < minutes * 60:
            say("agent", rng.choice(AGENT_SMALL_TALK), *AGENT_VOICE)
            filler = rng.choice(fillers)
            say("customer", filler["script"], filler["voice"], filler["speed"])
        stereo = np.stack([np.concatenate(agent), np.concatenate(customer)], axis=1)
        results.append(run_one(f"call-{c:02d} ({values} values)", flac(stereo), transcriber, redactor)[0])
        console.print(f"  {results[-1]}")
    return results


def _leaked(value: str, category: str, heard: str) -> bool:
    heard_l = heard.lower()
    digits_heard = re.sub(r"\D", "", heard_l)
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 4:
        return any(digits[i : i + 4] in digits_heard for i in range(len(digits) - 3))
    if category == "email":
        local = value.split("@")[0].lower()
        return bool(local) and re.sub(r"\W", "", local) in re.sub(r"\W", "", heard_l)
    if category in ("name", "name_spelled", "security_answer"):
        return any(tok.lower() in re.findall(r"[a-z']+", heard_l) for tok in value.split() if len(tok) > 2)
    return value.lower() in heard_l


def part_corpus(transcriber: Transcriber, redactor: TextRedactor, limit: int | None, tmp: Path) -> list[Result]:
    items = [i for i in corpus_items(REPO / "bench/data/eval_asr.jsonl") if i["value"]][:limit]
    gap = np.zeros(int(0.4 * RATE), dtype=np.float32)
    results = []
    for n, item in enumerate(items):
        parts = [synth(item["context"], *AGENT_VOICE, tmp), gap] if item["context"] else []
        parts.append(synth(item["script"], item["voice"], item["speed"], tmp))
        result, redacted_audio = run_one(item["id"], flac(np.concatenate(parts)), transcriber, redactor)
        info, _ = load_audio(redacted_audio)
        again = transcriber.transcribe(whisper_channels(redacted_audio, info))
        heard = " ".join(s.text for s in again.segments)
        results.append(Result(**{**result.__dict__, "leaked": _leaked(str(item["value"]), item["category"], heard),
                                 "name": f"{item['id']} {item['category']}"}))
        if (n + 1) % 25 == 0:
            console.print(f"  corpus: {n + 1}/{len(items)}")
    return results


def table(title: str, results: list[Result]) -> dict:
    t = Table(title=title)
    for col in ("recording", "audio s", "transcribe s", "audio redact s", "audio redact / transcribe", "verify s",
                "verify / transcribe", "windows", "checked s", "residuals"):
        t.add_column(col, justify="left" if col == "recording" else "right")
    for r in results:
        t.add_row(r.name, f"{r.audio_s:.1f}", f"{r.transcribe_s:.2f}", f"{r.redact_s:.2f}",
                  f"{r.redact_s / r.transcribe_s:.1%}", f"{r.verify_s:.2f}", f"{r.verify_s / r.transcribe_s:.1%}",
                  str(r.windows), f"{r.checked_s:.1f}", str(r.residuals))
    tr, ve = sum(r.transcribe_s for r in results), sum(r.verify_s for r in results)
    rd = sum(r.redact_s for r in results)
    t.add_row("total", f"{sum(r.audio_s for r in results):.1f}", f"{tr:.2f}", f"{rd:.2f}", f"{rd / tr:.1%}",
              f"{ve:.2f}", f"{ve / tr:.1%}",
              str(sum(r.windows for r in results)), f"{sum(r.checked_s for r in results):.1f}",
              str(sum(r.residuals for r in results)), style="bold")
    console.print(t)
    return {"results": [r.__dict__ for r in results], "transcribe_s": round(tr, 3), "verify_s": round(ve, 3),
            "redact_s": round(rd, 3), "ratio": round(ve / tr, 4), "redact_ratio": round(rd / tr, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", default="samples,calls,corpus")
    parser.add_argument("--calls", type=int, default=4)
    parser.add_argument("--call-minutes", type=float, default=3.0)
    parser.add_argument("--values", type=int, default=4, help="personal data items per synthetic call")
    parser.add_argument("--corpus-limit", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    parts = args.parts.split(",")
    if {"calls", "corpus"} & set(parts) and not (shutil.which("espeak-ng") and shutil.which("sox")):
        sys.exit("calls and corpus need espeak-ng and sox (apt-get install -y espeak-ng sox)")
    transcriber = get_transcriber(TranscriptionSettings())
    redactor = TextRedactor.from_settings(DetectionSettings())
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp:
        if "samples" in parts:
            out["samples"] = table("bundled samples", part_samples(transcriber, redactor))
        if "calls" in parts:
            calls = part_calls(transcriber, redactor, args.calls, args.call_minutes, args.values, args.seed, Path(tmp))
            out["calls"] = table(f"synthetic {args.call_minutes:g}-minute stereo calls", calls)
        if "corpus" in parts:
            results = part_corpus(transcriber, redactor, args.corpus_limit, Path(tmp))
            flagged = sum(1 for r in results if r.residuals)
            leaked = [r for r in results if r.leaked]
            by_cat: dict[str, list[int]] = {}
            for r in results:
                cat = r.name.split(" ", 1)[1]
                by_cat.setdefault(cat, [0, 0, 0])
                by_cat[cat][0] += 1
                by_cat[cat][1] += bool(r.residuals)
                by_cat[cat][2] += bool(r.leaked)
            t = Table(title=f"evaluation corpus ({len(results)} items with personal data)")
            for col in ("category", "items", "flagged by verification", "value still in redacted audio (truth)"):
                t.add_column(col)
            for cat, (n, f, lk) in sorted(by_cat.items()):
                t.add_row(cat, str(n), f"{f} ({f / n:.0%})", f"{lk} ({lk / n:.0%})")
            t.add_row("all", str(len(results)), f"{flagged} ({flagged / len(results):.1%})",
                      f"{len(leaked)} ({len(leaked) / len(results):.1%})", style="bold")
            console.print(t)
            tr, ve = sum(r.transcribe_s for r in results), sum(r.verify_s for r in results)
            console.print(f"corpus verification cost: {ve:.1f} s vs transcription {tr:.1f} s ({ve / tr:.1%})")
            caught = sum(1 for r in leaked if r.residuals)
            console.print(f"leaks (truth) that verification flagged: {caught}/{len(leaked)}")
            out["corpus"] = {"results": [r.__dict__ for r in results], "items": len(results), "flagged": flagged,
                             "leaked": len(leaked),
                             "leaked_and_flagged": caught, "by_category": by_cat, "verify_s": round(ve, 2),
                             "transcribe_s": round(tr, 2)}
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=str))


if __name__ == "__main__":
    main()
