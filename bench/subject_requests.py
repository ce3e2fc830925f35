"""How long data-subject requests take on a deployment of --objects processed objects.

Builds a local deployment (under --workdir) and processes it with the pipeline's own steps
(`process_item`: detection, redaction, verification, index, dataset): --objects in all, of which
--calls are copies of the bundled call-0001 recording (the subject's own calls: the subject's
phone, e-mail and customer id in each sidecar; "mentions" add John Baker's call from
tests/data/dsr, which says her number) and the rest synthetic chats, --mentions of them naming the
subject's e-mail next to the customer's own. The index is compacted, as the flow does once
enough objects wait. Then, one after another, each timed (wall, perf_counter) in this process:

  find       IndexReader.find for the subject's keys with links expanded (what `subject find
             --expand` does): the baseline the others are compared with
  plan       plan_erasure (what `subject erase --dry-run` prints)
  export     submit + process of an access request: the zip with manifest, recordings, mentions
  erasure    submit + process of an erasure request: delete, redact in place, index, tombstones,
             verification re-scan, certificate

Also reported: what ingest cost per object in the same run (the pipeline's own time for the
same objects). Model loads happen before any timing.

Run:  .venv/bin/python bench/subject_requests.py [--objects 1000] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.pipelines.dsr.conftest import DSR_DATA, MARIA, dsr_settings  # noqa: E402

FIRST = ["Ava", "Liam", "Noah", "Emma", "Olivia", "Ethan", "Mia", "Lucas", "Zoe", "Omar", "Priya", "Chen"]
LAST = ["Hughes", "Patel", "Kowalski", "Nguyen", "Okafor", "Silva", "Brennan", "Larsen", "Moreau", "Tanaka"]


def chat(i: int, rng: random.Random, mention: bool) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = f"{first.lower()}.{last.lower()}{i}@example.net"
    day = f"2026-10-{1 + i % 28:02d}"
    texts = [("agent", "Hello, you are chatting with Acme support. How can I help?"),
             ("customer", f"Hi, I'm {first} {last}. My email is {email}"),
             ("agent", "Thanks. What is the problem?"),
             ("customer", rng.choice(["My bill is higher than usual this month.", "I need to change my plan.",
                                      "The app will not let me log in.", "When does my contract end?"]))]
    if mention:
        texts.append(("customer", f"Please also copy my colleague {MARIA['email']} on the reply."))
    return {"chat_id": f"c{i}", "started_at": f"{day}T09:00:00Z", "queue": "billing",
            "messages": [{"ts": f"{day}T09:00:{10 + n:02d}Z", "sender": s, "text": t} for n, (s, t) in enumerate(texts)]}


def build(raw: Path, n_objects: int, n_calls: int, n_mentions: int, seed: int) -> None:
    rng = random.Random(seed)
    raw.mkdir(parents=True)
    samples = REPO / "callscrub" / "samples" / "raw"
    sidecar = json.loads((samples / "call-0001.json").read_text())
    for c in range(n_calls):
        shutil.copy2(samples / "call-0001.ogg", raw / f"own-{c:03d}.ogg")
        (raw / f"own-{c:03d}.json").write_text(json.dumps({**sidecar, "call_id": f"C-{c}"}))
    shutil.copy2(DSR_DATA / "call-0004.flac", raw / "call-0004.flac")
    shutil.copy2(DSR_DATA / "call-0004.json", raw / "call-0004.json")
    n_chats = n_objects - n_calls - 1
    mentions = set(rng.sample(range(n_chats), n_mentions))
    for i in range(n_chats):
        (raw / f"chats/chat-{i:05d}.json").parent.mkdir(exist_ok=True)
        (raw / f"chats/chat-{i:05d}.json").write_text(json.dumps(chat(i, rng, i in mentions)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objects", type=int, default=1000)
    ap.add_argument("--calls", type=int, default=5, help="the subject's own calls (default 5)")
    ap.add_argument("--mentions", type=int, default=10, help="chats that mention the subject (default 10)")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    from pipelines.discover import discover
    from pipelines.dsr.erase import plan_erasure
    from pipelines.dsr.queue import process, submit
    from pipelines.dsr.subject import lookup_keys
    from pipelines.flows import layout_for, runtime_for
    from pipelines.steps import process_item
    from storage.index.compact import compact
    from storage.index.reader import IndexReader

    work = args.workdir or Path(tempfile.mkdtemp(prefix="callscrub-bench-requests-"))
    live = work / "live"
    build(live / "raw", args.objects, args.calls, args.mentions, args.seed)
    settings = dsr_settings(live / "raw", live)
    layout = layout_for(settings)
    rt = runtime_for(settings)
    rt.transcriber  # noqa: B018 - load Whisper before timing
    items, _ = discover(layout.raw, layout.zone("index"), settings.fingerprint())
    t0 = time.perf_counter()
    for n, item in enumerate(items, 1):
        process_item(layout, item, rt, "bench")
        if n % 100 == 0:
            print(f"  processed {n}/{len(items)} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    ingest_s = time.perf_counter() - t0
    compact(layout.zone("index"))
    keys = {k: t for t, k in lookup_keys(settings, {"email": MARIA["email"]})}

    def timed(fn):  # noqa: ANN001, ANN202
        start = time.perf_counter()
        out = fn()
        return time.perf_counter() - start, out

    find_s, rows = timed(lambda: (lambda r: r.find([*keys, *r.linked(list(keys))]).num_rows)(
        IndexReader(layout.zone("index"))))
    plan_s, plan = timed(lambda: plan_erasure(layout, settings, keys))
    export_s, export = timed(lambda: process(layout, settings, submit(layout, settings, "access",
                                                                       {"email": MARIA["email"]}).id))
    erase_s, erased = timed(lambda: process(layout, settings, submit(layout, settings, "erasure",
                                                                      {"email": MARIA["email"]}).id))
    result = {
        "objects": len(items), "subject_conversations": len(plan.items), "index_rows_found": rows,
        "ingest_s": round(ingest_s, 2), "ingest_per_object_s": round(ingest_s / len(items), 4),
        "find_s": round(find_s, 3), "plan_s": round(plan_s, 3), "export_s": round(export_s, 3),
        "erasure_s": round(erase_s, 3), "plan": plan.counts(), "export_files": export["files"],
        "erasure_verified": erased["verified"], "versions_removed": erased["versions_removed"],
        "ratios_to_find": {k: round(v / find_s, 1) for k, v in (("plan", plan_s), ("export", export_s),
                                                                 ("erasure", erase_s))},
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
