"""Subject-index lookup latency before and after compaction, and what compaction costs, at scale.

For each size N in --sizes (index rows), in a fresh LocalStore under --workdir:

1. Generate a synthetic index in the real delta layout, streamed one file at a time (pyarrow
   arrays per file, never N rows in Python objects):
     * N/10 subjects; subject_key = the real blind key (storage.index.keys.subject_key, HMAC-SHA256
       hex, 64 chars) of a synthetic value, with identifier types phone/email/customer_id/name/...
     * ~N/20 source objects (60% recordings, 40% chats, file:///... URIs), ~20 rows each, shaped
       like pipelines/indexing.index_rows: primary (sidecar) identifiers of a recording get one row
       on the recording and one on each output (transcript, detections, redacted transcript and
       audio); each detection gets a row on the source and, for recordings, on the transcript
       (so object_uri != source_uri for those). Spans, speaker, entity type, detector, score,
       card display hints, observed_at, run_id as the pipeline writes them. 3% of detection rows
       hit a small hot set of keys (the company's own number, agents' names).
     * 5% of the objects are processed again by a later run: their first rows are superseded.
     * Files: subjects/delta/<run>/<hash>.parquet, links/... and objects/... next to it (one
       marker row per (object, run)), each file one run's batch of whole objects, about
       --rows-per-file rows (65,536 by default: ~150 files at 10M rows, not one file per object).
     * Present keys are sampled from the rows of objects that are never re-processed (so they
       are current; row-weighted, so a few hot keys are in); absent keys are blind keys of
       values never written.
2. Baseline: IndexReader over the uncompacted delta files (every find() is a full scan of all
   delta files plus the newest-run join); --baseline-lookups present and absent keys.
3. Compaction: storage.index.compact.compact(store) with its defaults, in a child process, so
   its peak RSS (VmHWM, the kernel's high-water mark of the whole process: Python, DuckDB, Arrow;
   not ru_maxrss, which a subprocess inherits from its parent) is compaction's own. Reported:
   wall time, delta rows/s, CPU seconds (user+system) / wall = cores actually used, rows/s per
   core used, peak RSS. Target: peak RSS <= 2 GB at 10M.
4. After compaction: a fresh IndexReader, --warmup untimed finds, then find([key]) for --lookups
   present and --lookups absent keys in shuffled order, timed in-process with perf_counter.
   Targets: p50 <= 50 ms, p95 <= 150 ms. Reported with the ratio to the baseline of the same run.
   Also: find() with 3 present keys at once (what `callscrub subject find --email --phone
   --customer-id` does). Row counts are checked: compaction keeps exactly the current rows,
   present keys find rows and the same number of rows as in the baseline, absent keys none; links
   of superseded runs are dropped like their rows.

Sizes run one after another (--sizes 1000000,10000000) to show how lookup time grows with N.

Optional (--tail-objects K, default 0): after that, K newly processed objects are written through
the real writer (storage.index.writer.write_object_rows: 3 small files per object, ~20 rows each)
on top of the compacted index, and --tail-lookups present/absent finds are timed again with a
fresh reader: what a lookup costs between compactions.

The machine's load average is recorded: on a shared machine, other work inflates every timing.

Run:  .venv/bin/python bench/index_lookup.py --sizes 1000000,10000000 [--json out.json]
CI:   .venv/bin/python bench/index_lookup.py --sizes 100000 --lookups 20   (a few seconds)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

SECRET = "bench-index-lookup-secret"  # noqa: S105 - a synthetic index, no real subject behind it
SEED = 20240601
MEAN_ROWS_PER_OBJECT = 20
REPROCESS_EVERY = 20  # objects with id % 20 == 7 are processed again by a later run (5%)
HOT_SHARE = 0.03
HOT_KEYS = 1000
P50_TARGET_S, P95_TARGET_S, RSS_TARGET_B = 0.050, 0.150, 2 * 1024**3

ID_TYPES = ["phone", "email", "customer_id", "name", "card", "address", "postcode", "iban"]
TYPE_WEIGHTS = [0.25, 0.20, 0.15, 0.20, 0.05, 0.07, 0.05, 0.03]
ENTITY = ["PHONE_NUMBER", "EMAIL_ADDRESS", "CUSTOMER_ID", "PERSON", "CREDIT_CARD", "STREET_ADDRESS",
          "POSTCODE", "IBAN_CODE"]
DETECTOR = ["CallscrubPhoneRecognizer", "CallscrubEmailRecognizer", "CustomIdRecognizer",
            "CallscrubPersonNameRecognizer", "CallscrubPaymentCardRecognizer",
            "CallscrubStreetAddressRecognizer", "CallscrubPostcodeRecognizer", "CallscrubIbanRecognizer"]
PRIMARY_TYPES = [0, 2, 1]  # a sidecar's caller number, customer id, e-mail (in that order)
# Row kinds: 0-4 are the slots of a recording (source + 4 outputs), 5 the chat itself.
KINDS = ["recording", "transcript", "detections", "redacted_transcript", "redacted_audio", "chat"]
ROOT_URI = "file:///srv/callscrub/root"
RAW_URI = "file:///srv/callscrub/raw"


# ---------------------------------------------------------------- synthetic index


@dataclass
class Plan:
    """Object-level facts for the whole index (arrays of ~N/20, not rows)."""

    n_subjects: int
    keys: pa.Array            # subject id -> blind key
    types: np.ndarray         # subject id -> identifier type index
    pools: list[np.ndarray]   # identifier type index -> subject ids of that type
    is_rec: np.ndarray        # object id -> recording?
    n_prim: np.ndarray        # object id -> primary identifiers (recordings: 1-3, chats: 0)
    prim_ids: np.ndarray      # object id x 3 -> subject ids of its primary identifiers
    files: list[tuple[int, np.ndarray, np.ndarray, bool]]  # (file no, object ids, detections, original?)


def blind_keys(n: int, types: np.ndarray, chunk: int = 100_000) -> pa.Array:
    from storage.index.keys import subject_key

    parts = []
    for lo in range(0, n, chunk):
        parts.append(pa.array([subject_key(SECRET, ID_TYPES[t], f"subject-{i}")
                               for i, t in zip(range(lo, min(n, lo + chunk)), types[lo:lo + chunk].tolist(),
                                               strict=True)], pa.string()))
    return pa.concat_arrays(parts)


def absent_keys(n: int) -> list[str]:
    from storage.index.keys import subject_key

    return [subject_key(SECRET, "email", f"nobody-{i}@absent.example") for i in range(n)]


def make_plan(n_rows: int, rows_per_file: int, rng: np.random.Generator) -> Plan:
    n_subjects = max(1000, n_rows // 10)
    types = rng.choice(len(ID_TYPES), n_subjects, p=TYPE_WEIGHTS).astype(np.int8)
    keys = blind_keys(n_subjects, types)
    pools = [np.flatnonzero(types == t) for t in range(len(ID_TYPES))]
    n_obj = max(20, round(n_rows / (MEAN_ROWS_PER_OBJECT * (1 + 1 / REPROCESS_EVERY))))
    is_rec = rng.random(n_obj) < 0.6
    n_prim = np.where(is_rec, rng.integers(1, 4, n_obj), 0)
    prim_ids = np.stack([draw(rng, pools[t], n_obj) for t in PRIMARY_TYPES], axis=1)

    def n_det(objs: np.ndarray) -> np.ndarray:
        return np.where(is_rec[objs], rng.poisson(5, len(objs)), rng.poisson(20, len(objs)))

    def cut(objs: np.ndarray, dets: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        rows = np.cumsum(np.where(is_rec[objs], 5 * n_prim[objs] + 2 * dets, dets))
        bounds = np.searchsorted(rows, np.arange(rows_per_file, rows[-1], rows_per_file), side="right")
        return list(zip(np.split(objs, bounds), np.split(dets, bounds), strict=True))

    everyone = np.arange(n_obj)
    again = everyone[everyone % REPROCESS_EVERY == 7]
    files = [(i, o, d, True) for i, (o, d) in enumerate(cut(everyone, n_det(everyone))) if len(o)]
    files += [(len(files) + i, o, d, False) for i, (o, d) in enumerate(cut(again, n_det(again))) if len(o)]
    return Plan(n_subjects, keys, types, pools, is_rec, n_prim, prim_ids, files)


def draw(rng: np.random.Generator, pool: np.ndarray, n: int) -> np.ndarray:
    """Subject ids from `pool`: mostly uniform, HOT_SHARE of them from its first few ids."""
    hot = rng.random(n) < HOT_SHARE
    return np.where(hot, pool[rng.integers(0, min(len(pool), HOT_KEYS // 10 or 1), n)],
                    pool[rng.integers(0, len(pool), n)])


def object_strings(objs: np.ndarray, is_rec: np.ndarray, rng: np.random.Generator) -> list[pa.Array]:
    """URIs of each object's 5 slots (source, transcript, detections, redacted transcript/audio), etag."""
    slots: list[list[str]] = [[], [], [], [], [], []]
    for o, rec in zip(objs.tolist(), is_rec[objs].tolist(), strict=True):
        month, day = 1 + o % 12, 1 + (o // 12) % 28
        key = (f"calls/2024/{month:02d}/{day:02d}/call-{o:08d}.ogg" if rec
               else f"chats/2024/{month:02d}/{day:02d}/chat-{o:08d}.json")
        slots[0].append(f"{RAW_URI}/{key}")
        slots[1].append(f"{ROOT_URI}/private/transcripts/{key}.json")
        slots[2].append(f"{ROOT_URI}/private/detections/{key}.json")
        slots[3].append(f"{ROOT_URI}/redacted/transcripts/{key}.json")
        slots[4].append(f"{ROOT_URI}/redacted/audio/{key}" if rec else f"{ROOT_URI}/redacted/chats/{key}")
    sizes = rng.integers(10_000, 5_000_000, len(objs))
    mtimes = 1_700_000_000_000_000_000 + objs.astype(np.int64) * 1_000_003
    slots[5] = [f"{s:x}-{m:x}" for s, m in zip(sizes.tolist(), mtimes.tolist(), strict=True)]
    return [pa.array(s, pa.string()) for s in slots]


def take(values: list[str] | pa.Array, codes: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    values = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
    return pc.take(values, pa.array(codes, pa.int64(), mask=null))


def generate_file(plan: Plan, file_no: int, objs: np.ndarray, dets: np.ndarray, run_id: str,
                  run_start_us: int, rng: np.random.Generator) -> tuple[pa.Table, pa.Table, pa.Table]:
    from storage.index.schema import LINK_SCHEMA, SUBJECT_SCHEMA
    from storage.index.writer import OBJECT_SCHEMA

    n_obj = len(objs)
    is_rec, n_prim = plan.is_rec[objs], plan.n_prim[objs]
    counts = np.where(is_rec, 5 * n_prim + 2 * dets, dets)
    n = int(counts.sum())
    local = np.repeat(np.arange(n_obj), counts)
    pos = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)
    rec = is_rec[local]
    prim = rec & (pos < 5 * n_prim[local])
    dpos = np.where(rec, pos - 5 * n_prim[local], pos)
    slot = np.where(prim, pos % 5, np.where(rec, dpos % 2, 0))
    kind = np.where(rec, slot, 5)
    twin = np.flatnonzero(rec & ~prim & (dpos % 2 == 1))  # a recording detection's transcript row

    def per_detection(values: np.ndarray) -> np.ndarray:
        values[twin] = values[twin - 1]
        return values

    det_ids = per_detection(np.where(rng.random(n) < HOT_SHARE, rng.integers(0, HOT_KEYS, n),
                                     rng.integers(0, plan.n_subjects, n)))
    pj = np.minimum(pos // 5, 2)
    subj = np.where(prim, plan.prim_ids[objs[local], pj], det_ids)
    typ = plan.types[subj].astype(np.int64)
    turn = per_detection(rng.integers(0, 80, n))
    char_start = per_detection(rng.integers(0, 300, n))
    char_end = char_start + per_detection(rng.integers(4, 40, n))
    t_start = per_detection(turn * 6.0 + rng.random(n) * 5.0)
    t_end = t_start + per_detection(0.3 + rng.random(n) * 2.5)
    customer = per_detection(rng.random(n) < 0.5)
    score = per_detection(0.5 + rng.random(n) * 0.5)
    no_span = prim
    no_time = prim | ~rec

    uris = object_strings(objs, plan.is_rec, rng)
    all_uris = pa.concat_arrays(uris[:5])
    observed_obj = run_start_us + np.arange(n_obj, dtype=np.int64) * 500_000
    ts = pa.timestamp("us", tz="UTC")
    speaker_code = np.where(rec, np.where(customer, 1, 0), np.where(customer, 2, 0))
    subjects = pa.Table.from_arrays([
        take(plan.keys, subj),
        take(ID_TYPES, typ),
        take(all_uris, slot * n_obj + local),
        take(uris[5], local),
        take(KINDS, kind),
        take(uris[0], local),
        take(["primary", "self_disclosed", "mentioned"], np.where(prim, 0, np.where(customer, 1, 2))),
        pa.array(turn, pa.int32(), mask=no_span),
        pa.array(char_start, pa.int32(), mask=no_span),
        pa.array(char_end, pa.int32(), mask=no_span),
        pa.array(t_start, pa.float32(), mask=no_time),
        pa.array(t_end, pa.float32(), mask=no_time),
        take(["agent", "customer", "visitor"], speaker_code, null=no_span),
        pc.if_else(pa.array(prim), pc.utf8_upper(take(ID_TYPES, typ)), take(ENTITY, typ)),
        pc.if_else(pa.array(prim), pa.scalar("metadata"), take(DETECTOR, typ)),
        pa.array(score, pa.float32(), mask=no_span),
        pc.if_else(pa.array(typ == ID_TYPES.index("card")),
                   pc.utf8_lpad(pa.array(subj % 10_000).cast(pa.string()), width=4, padding="0"),
                   pa.scalar(None, pa.string())),
        pa.array(observed_obj[local], ts),
        pa.array(np.full(n, run_id, dtype=object), pa.string()),
    ], schema=SUBJECT_SCHEMA)

    markers = pa.Table.from_arrays([
        uris[0], uris[5], take(KINDS, np.where(is_rec, 0, 5)), pa.array(counts, pa.int64()),
        pa.array(observed_obj, ts), pa.array([run_id] * n_obj, pa.string()), pa.nulls(n_obj, pa.int32()),
    ], schema=OBJECT_SCHEMA)

    links: list[dict[str, object]] = []
    for i in np.flatnonzero(n_prim >= 2).tolist():
        ids = [(plan.keys[int(s)].as_py(), ID_TYPES[PRIMARY_TYPES[j]])
               for j, s in enumerate(plan.prim_ids[objs[i], : n_prim[i]].tolist())]
        for (ka, ta), (kb, tb) in combinations(sorted(ids), 2):
            links.append({"key_a": ka, "type_a": ta, "key_b": kb, "type_b": tb,
                          "object_uri": uris[0][i].as_py(), "object_version": uris[5][i].as_py(),
                          "observed_at": datetime.fromtimestamp(observed_obj[i] / 1e6, UTC), "run_id": run_id})
    return subjects, markers, pa.Table.from_pylist(links, schema=LINK_SCHEMA)


@dataclass
class Generated:
    delta_rows: int
    current_rows: int
    objects: int
    links: int
    current_links: int
    files: int
    delta_bytes: int
    seconds: float
    present_pool: list[str]


def generate(store, n_rows: int, rows_per_file: int, want_present: int, seed: int) -> Generated:  # noqa: ANN001
    from storage.index.writer import delta_key, parquet_bytes

    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    plan = make_plan(n_rows, rows_per_file, rng)
    originals = sum(1 for f in plan.files if f[3])
    per_file = max(4, math.ceil(3 * want_present / originals))
    delta_rows = current_rows = n_links = current_links = n_bytes = 0
    superseded = np.zeros(len(plan.is_rec), dtype=bool)
    superseded[np.arange(len(plan.is_rec)) % REPROCESS_EVERY == 7] = True
    pool: list[int] = []
    base_us = int(datetime(2024, 6, 1, tzinfo=UTC).timestamp() * 1e6)
    for file_no, objs, dets, original in plan.files:
        run_id = rng.bytes(6).hex()  # like pipelines.flows: uuid4().hex[:12]
        subjects, markers, links = generate_file(plan, file_no, objs, dets, run_id,
                                                 base_us + file_no * 3_600_000_000, rng)
        batch = f"bench://batch/{file_no:05d}"  # one run's batch of whole objects, in one file
        for table, data in (("subjects", subjects), ("links", links), ("objects", markers)):  # marker last
            blob = parquet_bytes(data)
            store.put(delta_key(table, run_id, batch), blob)
            n_bytes += len(blob)
        delta_rows += subjects.num_rows
        n_links += links.num_rows
        counts = markers.column("rows").to_numpy()
        current = ~superseded[objs] if original else np.ones(len(objs), dtype=bool)
        current_rows += int(counts[current].sum())
        pairs = plan.n_prim[objs] * (plan.n_prim[objs] - 1) // 2  # links: pairs of primary identifiers
        current_links += int(pairs[current].sum())
        if original:  # present keys: rows of objects that no later run supersedes
            src = pc.is_in(subjects.column("source_uri"), value_set=markers.column("object_uri").filter(
                pa.array(current)))
            idx = np.flatnonzero(src.to_numpy(zero_copy_only=False))
            pool += [subjects.column("subject_key")[int(i)].as_py()
                     for i in rng.choice(idx, min(per_file, len(idx)), replace=False)]
        del subjects, markers, links
    present = list(dict.fromkeys(pool))
    random.Random(seed).shuffle(present)
    return Generated(delta_rows, current_rows, len(plan.is_rec), n_links, current_links, len(plan.files), n_bytes,
                     time.perf_counter() - started, present)


# ---------------------------------------------------------------- measurements


def timed_finds(reader, keys: list[str]) -> tuple[list[float], list[int]]:  # noqa: ANN001
    times, rows = [], []
    for key in keys:
        t0 = time.perf_counter()
        found = reader.find([key] if isinstance(key, str) else list(key))
        times.append(time.perf_counter() - t0)
        rows.append(found.num_rows)
    return times, rows


def summary(times: list[float]) -> dict[str, float]:
    if not times:
        return {}
    return {"n": len(times), "p50": statistics.median(times), "p95": float(np.percentile(times, 95)),
            "max": max(times), "mean": statistics.fmean(times)}


def compact_child(root: str) -> None:
    """Runs in its own process: compaction's wall, CPU and peak RSS are its own."""
    from storage.index.compact import compact
    from storage.open import open_store

    store = open_store(root)
    rss_before = proc_status_bytes("VmRSS")
    cpu0, t0 = os.times(), time.perf_counter()
    result = compact(store)
    wall = time.perf_counter() - t0
    cpu1 = os.times()
    print(json.dumps({"wall_s": wall, "cpu_s": (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system),
                      "peak_rss_bytes": proc_status_bytes("VmHWM"), "rss_before_bytes": rss_before,
                      "ru_maxrss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                      "rows": result.rows, "files_consumed": result.files_consumed,
                      "files_written": result.files_written}))


def proc_status_bytes(field: str) -> int:
    """VmHWM (peak RSS) / VmRSS of this process. Not ru_maxrss: after fork+exec (subprocess) Linux
    starts a child's ru_maxrss at the parent's high-water mark, so it can report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def compacted_stats(store) -> dict[str, int]:  # noqa: ANN001
    from storage.index.reader import Manifest

    manifest = Manifest.load(store)
    parts = manifest.compacted.get("subjects", [])
    paths = [store.presign(k) for k in parts]
    stats = {"parts": len(parts), "bytes": sum(os.path.getsize(p) for p in paths), "row_groups": 0,
             "bloom_bytes": 0}
    for path in paths:
        stats["row_groups"] += pq.ParquetFile(path).metadata.num_row_groups
    if paths:
        con = duckdb.connect()
        cols = {r[0] for r in con.execute("DESCRIBE SELECT * FROM parquet_metadata('" + paths[0] + "')").fetchall()}
        if "bloom_filter_length" in cols:
            stats["bloom_bytes"] = int(con.execute(
                "SELECT coalesce(sum(bloom_filter_length), 0) FROM parquet_metadata($p)", {"p": paths}).fetchone()[0])
        con.close()
    return stats


def measure_tail(store, n_objects: int, present: list[str], absent: list[str], n: int, log) -> dict:  # noqa: ANN001
    """Lookups on the compacted index plus n_objects objects written since, one object at a time."""
    from storage.index.keys import subject_key
    from storage.index.reader import IndexReader
    from storage.index.schema import SubjectRow
    from storage.index.writer import write_object_rows

    at = datetime(2025, 1, 1, tzinfo=UTC)
    run_id = "tail00000001"
    rng = random.Random(SEED)
    started = time.perf_counter()
    for i in range(n_objects):
        uri = f"{RAW_URI}/calls/2025/01/01/tail-{i:08d}.ogg"
        keys = [subject_key(SECRET, "phone", f"tail-{rng.randrange(10**9)}") for _ in range(MEAN_ROWS_PER_OBJECT)]
        rows = [SubjectRow(key, "phone", uri, "v1", "recording", uri, "mentioned", t, 0, 12, 1.0, 2.0, "agent",
                           "PHONE_NUMBER", "CallscrubPhoneRecognizer", 0.9, None, at, run_id)
                for t, key in enumerate(keys)]
        write_object_rows(store, run_id, uri, "v1", "recording", rows, [], at)
    write_s = time.perf_counter() - started
    t0 = time.perf_counter()
    reader = IndexReader(store)
    open_s = time.perf_counter() - t0
    timed_finds(reader, present[:3])
    p_times, p_rows = timed_finds(reader, present[3:3 + n])
    a_times, _ = timed_finds(reader, absent[:n])
    reader.con.close()
    out = {"objects": n_objects, "files": 3 * n_objects, "write_s": write_s, "open_s": open_s,
           "present": summary(p_times), "absent": summary(a_times), "present_found": min(p_rows) > 0}
    log(f"  + {n_objects:,} objects written since compaction ({3 * n_objects:,} delta files): reader open "
        f"{open_s * 1e3:.0f} ms, find present p50 {out['present']['p50'] * 1e3:.1f} ms, absent p50 "
        f"{out['absent']['p50'] * 1e3:.1f} ms")
    return out


def run_size(n_rows: int, workdir: Path, args: argparse.Namespace, log) -> dict[str, object]:  # noqa: ANN001
    from storage.index.reader import IndexReader
    from storage.open import open_store

    root = workdir / f"n{n_rows}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    store = open_store(str(root))
    n_base, n_look, n_warm, n_multi = args.baseline_lookups, args.lookups, args.warmup, args.multi_lookups
    want = n_base + n_look + n_warm + 3 * n_multi
    gen = generate(store, n_rows, args.rows_per_file, want, SEED + n_rows)
    log(f"[{n_rows:,}] generated {gen.delta_rows:,} delta rows ({gen.current_rows:,} current), {gen.objects:,} "
        f"objects, {gen.links:,} links in {gen.files} delta files x 3 tables, "
        f"{gen.delta_bytes / 2**20:.0f} MiB, {gen.seconds:.1f}s")
    if len(gen.present_pool) < want:
        raise SystemExit(f"only {len(gen.present_pool)} present keys sampled, need {want}")
    pool = iter(gen.present_pool)
    base_present = [next(pool) for _ in range(n_base)]
    warm_present = [next(pool) for _ in range(n_warm)]
    look_present = [next(pool) for _ in range(n_look)]
    multi = [tuple(next(pool) for _ in range(3)) for _ in range(n_multi)]
    absent = absent_keys(n_base + n_warm + n_look)
    base_absent, warm_absent, look_absent = absent[:n_base], absent[n_base:n_base + n_warm], absent[n_base + n_warm:]

    # 2. baseline: the reader over the uncompacted delta files
    t0 = time.perf_counter()
    reader = IndexReader(store)
    base_open = time.perf_counter() - t0
    first, _ = timed_finds(reader, [warm_present[0]])  # untimed warm-up (file cache, first plan)
    b_present, b_present_rows = timed_finds(reader, base_present)
    b_absent, b_absent_rows = timed_finds(reader, base_absent)
    reader.con.close()
    del reader
    log(f"[{n_rows:,}] baseline (delta full scan): open {base_open:.2f}s, first find {first[0]:.2f}s, "
        f"present p50 {statistics.median(b_present):.3f}s, absent p50 {statistics.median(b_absent):.3f}s")

    # 3. compaction, in a child process
    proc = subprocess.run([sys.executable, __file__, "--compact-child", str(root)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"compaction failed:\n{proc.stdout}\n{proc.stderr}")
    comp = json.loads(proc.stdout.strip().splitlines()[-1])
    comp["cores_used"] = comp["cpu_s"] / comp["wall_s"]
    comp["rows_per_s"] = gen.delta_rows / comp["wall_s"]
    comp["rows_per_s_per_core"] = comp["rows_per_s"] / max(comp["cores_used"], 1e-9)
    comp.update(compacted_stats(store))
    log(f"[{n_rows:,}] compaction: {comp['wall_s']:.1f}s wall, {comp['cpu_s']:.1f}s CPU "
        f"({comp['cores_used']:.2f} cores), {comp['rows_per_s']:,.0f} rows/s, peak RSS "
        f"{comp['peak_rss_bytes'] / 2**20:,.0f} MiB; {comp['parts']} parts, {comp['row_groups']} row groups, "
        f"{comp['bytes'] / 2**20:.0f} MiB (bloom filters {comp['bloom_bytes'] / 2**20:.1f} MiB)")

    # 4. lookups on the compacted index
    t0 = time.perf_counter()
    reader = IndexReader(store)
    open_s = time.perf_counter() - t0
    cold, _ = timed_finds(reader, [warm_present[-1]])
    timed_finds(reader, warm_present[1:-1] + warm_absent)
    order = [("present", k) for k in look_present] + [("absent", k) for k in look_absent]
    random.Random(SEED).shuffle(order)
    times, rows = timed_finds(reader, [k for _, k in order])
    c_present = [t for (w, _), t in zip(order, times, strict=True) if w == "present"]
    c_absent = [t for (w, _), t in zip(order, times, strict=True) if w == "absent"]
    present_rows = [r for (w, _), r in zip(order, rows, strict=True) if w == "present"]
    absent_rows = [r for (w, _), r in zip(order, rows, strict=True) if w == "absent"]
    m_times, _ = timed_finds(reader, multi)
    _, check_rows = timed_finds(reader, base_present)
    reader.con.close()

    checks = {
        "compacted_rows_equal_current": comp["rows"]["subjects"] == gen.current_rows,
        "compacted_objects_equal_generated": comp["rows"]["objects"] == gen.objects,
        "compacted_links_equal_current": comp["rows"]["links"] == gen.current_links,
        "present_keys_all_found": min(present_rows) > 0 and min(b_present_rows) > 0,
        "absent_keys_none_found": max(absent_rows) == 0 and max(b_absent_rows) == 0,
        "same_rows_as_baseline": check_rows == b_present_rows,
    }
    result = {
        "rows": n_rows, "generated": {k: v for k, v in gen.__dict__.items() if k != "present_pool"},
        "baseline": {"open_s": base_open, "first_find_s": first[0], "present": summary(b_present),
                     "absent": summary(b_absent), "present_rows": b_present_rows},
        "compaction": comp,
        "lookup": {"open_s": open_s, "first_find_s": cold[0], "present": summary(c_present),
                   "absent": summary(c_absent), "multi3": summary(m_times),
                   "present_rows": {"p50": statistics.median(present_rows), "max": max(present_rows)}},
        "tail": None,
        "checks": checks,
        "loadavg_end": os.getloadavg(),
    }
    for kind in ("present", "absent"):
        base_p50, p50 = result["baseline"][kind]["p50"], result["lookup"][kind]["p50"]
        result["lookup"][kind].update(speedup_vs_baseline_p50=base_p50 / p50, ratio_to_baseline_p50=p50 / base_p50)
    log(f"[{n_rows:,}] lookups: present p50 {statistics.median(c_present) * 1e3:.1f} ms, absent p50 "
        f"{statistics.median(c_absent) * 1e3:.1f} ms; checks {'ok' if all(checks.values()) else checks}")
    if args.tail_objects:
        result["tail"] = measure_tail(store, args.tail_objects, look_present, look_absent, args.tail_lookups, log)
    if not args.keep:
        shutil.rmtree(root)
    return result


# ---------------------------------------------------------------- report


def ms(x: float) -> str:
    return f"{x * 1e3:,.1f}"


def report(results: list[dict], console) -> None:  # noqa: ANN001
    from rich.table import Table

    t = Table(title="Subject index: build and compaction (compaction in a child process, defaults)")
    for col in ("rows (delta)", "current", "delta files", "MiB delta", "gen s", "compact s", "rows/s",
                "CPU cores used", "rows/s/core", "peak RSS MiB", "parts", "row groups", "MiB compacted",
                "MiB bloom"):
        t.add_column(col, justify="right")
    for r in results:
        g, c = r["generated"], r["compaction"]
        t.add_row(f"{g['delta_rows']:,}", f"{g['current_rows']:,}", f"{g['files']} x3",
                  f"{g['delta_bytes'] / 2**20:,.0f}",
                  f"{g['seconds']:.1f}", f"{c['wall_s']:.1f}", f"{c['rows_per_s']:,.0f}", f"{c['cores_used']:.2f}",
                  f"{c['rows_per_s_per_core']:,.0f}", f"{c['peak_rss_bytes'] / 2**20:,.0f}", str(c["parts"]),
                  str(c["row_groups"]), f"{c['bytes'] / 2**20:,.0f}", f"{c['bloom_bytes'] / 2**20:,.1f}")
    console.print(t)

    t = Table(title="find([key]) latency, ms (in-process perf_counter; baseline = full scan of the delta files)")
    for col in ("rows", "keys", "baseline p50", "baseline p95", "compacted p50", "p95", "max", "ratio p50",
                "speed-up", "rows/key p50 (max)"):
        t.add_column(col, justify="right")
    for r in results:
        b, lk = r["baseline"], r["lookup"]
        for kind in ("present", "absent"):
            c = lk[kind]
            rows = (f"{lk['present_rows']['p50']:g} ({lk['present_rows']['max']})" if kind == "present" else "0")
            t.add_row(f"{r['rows']:,}", f"{kind} ({c['n']})", ms(b[kind]["p50"]), ms(b[kind]["p95"]), ms(c["p50"]),
                      ms(c["p95"]), ms(c["max"]), f"{c['ratio_to_baseline_p50']:.4f}",
                      f"{c['speedup_vs_baseline_p50']:,.0f}x", rows)
        m = lk["multi3"]
        t.add_row(f"{r['rows']:,}", f"3 present at once ({m['n']})", "", "", ms(m["p50"]), ms(m["p95"]), ms(m["max"]),
                  "", "", "")
    console.print(t)

    tails = [r for r in results if r.get("tail")]
    if tails:
        t = Table(title="find([key]) after compaction + objects written since (3 delta files each), ms")
        for col in ("rows", "objects since", "delta files", "reader open", "present p50", "present p95",
                    "absent p50", "absent p95"):
            t.add_column(col, justify="right")
        for r in tails:
            tl = r["tail"]
            t.add_row(f"{r['rows']:,}", f"{tl['objects']:,}", f"{tl['files']:,}", ms(tl["open_s"]),
                      ms(tl["present"]["p50"]), ms(tl["present"]["p95"]), ms(tl["absent"]["p50"]),
                      ms(tl["absent"]["p95"]))
        console.print(t)

    for r in results:
        lk, c = r["lookup"], r["compaction"]
        verdicts = [
            ("p50 <= 50 ms", max(lk["present"]["p50"], lk["absent"]["p50"]) <= P50_TARGET_S),
            ("p95 <= 150 ms", max(lk["present"]["p95"], lk["absent"]["p95"]) <= P95_TARGET_S),
            ("compaction peak RSS <= 2 GB", c["peak_rss_bytes"] <= RSS_TARGET_B),
        ]
        line = ", ".join(f"{name}: {'[green]PASS[/]' if ok else '[red]FAIL[/]'}" for name, ok in verdicts)
        bad = [k for k, v in r["checks"].items() if not v]
        console.print(f"{r['rows']:,} rows: {line}; load avg at end {r['loadavg_end'][0]:.1f}; "
                      f"reader open {lk['open_s'] * 1e3:.0f} ms, first find "
                      f"{lk['first_find_s'] * 1e3:.0f} ms; correctness checks: "
                      + ("[green]all pass[/]" if not bad else f"[red]FAILED {', '.join(bad)}[/]"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000000", help="comma-separated index sizes in rows (default 10000000)")
    ap.add_argument("--workdir", type=Path, help="where the stores go (default: a temp dir under /tmp)")
    ap.add_argument("--keep", action="store_true", help="keep the generated stores")
    ap.add_argument("--json", type=Path, help="also write the results to this JSON file")
    ap.add_argument("--lookups", type=int, default=200, help="timed finds per kind (present/absent), default 200")
    ap.add_argument("--baseline-lookups", type=int, default=10,
                    help="timed full-scan finds per kind on the delta files (default 10)")
    ap.add_argument("--warmup", type=int, default=20, help="untimed finds before timing (default 20)")
    ap.add_argument("--multi-lookups", type=int, default=50, help="timed 3-key finds (default 50)")
    ap.add_argument("--rows-per-file", type=int, default=65_536, help="rows per delta file (default 65536)")
    ap.add_argument("--tail-objects", type=int, default=0,
                    help="also time finds after writing this many objects past compaction (default 0: skip)")
    ap.add_argument("--tail-lookups", type=int, default=30, help="timed finds per kind with the tail (default 30)")
    ap.add_argument("--compact-child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.compact_child:
        compact_child(args.compact_child)
        return

    from rich.console import Console

    console = Console(width=None if sys.stdout.isatty() else 220)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    made = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="callscrub-bench-index-")) if made else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    machine = {"loadavg_start": os.getloadavg(), "nproc": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)),
               "mem_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
               "python": platform.python_version(), "duckdb": duckdb.__version__, "pyarrow": pa.__version__,
               "workdir": str(workdir)}
    console.print(" | ".join(f"{k}={v}" for k, v in machine.items()))
    results = []
    try:
        for n in sizes:
            results.append(run_size(n, workdir, args, lambda m: console.print(m, highlight=False)))
    finally:
        if made and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report(results, console)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "sizes": sizes, "args": {
            k: v for k, v in vars(args).items() if k not in ("json", "workdir", "compact_child")},
            "results": results}, indent=2, default=str))
        console.print(f"wrote {args.json}")
    if not all(ok for r in results for ok in r["checks"].values()):
        raise SystemExit(1)  # a wrong answer fails a CI smoke run; slow answers only show in the table


if __name__ == "__main__":
    main()
