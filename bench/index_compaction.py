"""Compaction throughput per core: this tree's `compact` against a baseline revision's, side by side.

For each size N in --sizes (delta rows):

1. The synthetic index of bench/index_lookup.py (same generator, same seed: N/10 subjects, ~N/20
   objects, 5% re-processed) is generated once into --cache (default /tmp/callscrub-compact-cache)
   and reused: each measurement compacts a fresh hard-linked copy of it (compaction only ever
   deletes delta files and writes new ones, so the links never change the cached files).
2. The baseline is --baseline-ref (default `main`) exported with `git archive` into the cache; a
   variant's child process imports `storage` from its own tree.
3. Each measurement is one child process pinned to one core (sched_setaffinity, pyarrow's CPU and
   I/O pools set to 1, DuckDB `threads=1` via the reader), so rows/s is per core whatever else runs
   on the machine: rows/s/core = delta rows / wall seconds (also per CPU second of the child, which
   other work on a shared machine inflates less). Peak RSS is the child's VmHWM. The
   variants alternate (old, new, old, new, ...) --repeats times; median and best are reported and
   the ratio new/old of each.
4. After the last repeat, find([key]) latency on each variant's output with this tree's
   IndexReader, the variants alternating key by key (--lookups present and absent keys; targets
   p50 <= 50 ms, p95 <= 150 ms), and the rows found for the present keys must be the same for
   both variants; row counts must equal the
   generator's current rows.

The machine is usually shared: the load average is printed at the start and the end.

Run:  .venv/bin/python bench/index_compaction.py --sizes 1000000,10000000 --repeats 3 [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RSS_TARGET_B = 2 * 1024**3
P50_TARGET_S, P95_TARGET_S = 0.050, 0.150


@dataclass(frozen=True)
class Dataset:
    """A generated index in the cache, and what the generator says compaction must keep."""

    store: str
    delta_rows: int
    current_rows: int
    objects: int
    current_links: int
    present: list[str]


@dataclass(frozen=True)
class Run:
    """One compaction in a child process."""

    variant: str
    wall_s: float
    cpu_s: float
    peak_rss_bytes: int
    rows: dict[str, int]

    def rows_per_s(self, delta_rows: int) -> float:
        return delta_rows / self.wall_s


def dataset(cache: Path, n_rows: int, want_present: int) -> Dataset:
    meta = cache / f"n{n_rows}" / "dataset.json"
    if meta.exists():
        return Dataset(**json.loads(meta.read_text()))
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "bench"))
    import index_lookup

    from storage.open import open_store

    store = cache / f"n{n_rows}" / "store"
    shutil.rmtree(store, ignore_errors=True)
    store.mkdir(parents=True)
    gen = index_lookup.generate(open_store(str(store)), n_rows, 65_536, want_present, index_lookup.SEED + n_rows)
    found = Dataset(str(store), gen.delta_rows, gen.current_rows, gen.objects, gen.current_links,
                    gen.present_pool[:want_present])
    meta.write_text(json.dumps(asdict(found)))
    print(f"[{n_rows:,}] generated in {gen.seconds:.0f}s into {store}", flush=True)
    return found


def baseline_tree(cache: Path, ref: str) -> Path:
    sha = subprocess.run(["git", "rev-parse", ref], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout.strip()
    tree = cache / f"tree-{sha[:12]}"
    if not (tree / "storage").exists():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha, "storage", "callscrub"], cwd=REPO, capture_output=True,
                                 check=True).stdout
        tar = tree / "tree.tar"
        tar.write_bytes(archive)
        with tarfile.open(tar) as t:
            t.extractall(tree, filter="data")
        tar.unlink()
    return tree


def compact_once(variant: str, tree: Path, source: Dataset, scratch: Path, core: int) -> Run:
    copy = scratch / "store"
    shutil.rmtree(copy, ignore_errors=True)
    scratch.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-al", source.store, str(copy)], check=True)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    proc = subprocess.run([sys.executable, __file__, "--child", str(copy), "--core", str(core)],
                          capture_output=True, text=True, env=env, cwd=tree, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{variant} compaction failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return Run(variant, out["wall_s"], out["cpu_s"], out["peak_rss_bytes"], out["rows"])


def child(store_path: str, core: int) -> None:
    """Runs in its own process, on one core: compaction's wall, CPU and peak RSS are its own."""
    os.sched_setaffinity(0, {core})
    import duckdb
    import pyarrow as pa

    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    connect = duckdb.connect

    def one_thread(*args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        con = connect(*args, **kwargs)
        con.execute("SET threads = 1")
        return con

    duckdb.connect = one_thread  # the reader's and compaction's connections run on one thread
    import storage
    from storage.index.compact import compact
    from storage.open import open_store

    assert Path(storage.__file__).resolve().is_relative_to(Path.cwd().resolve()), storage.__file__
    store = open_store(store_path)
    cpu0, t0 = os.times(), time.perf_counter()
    result = compact(store)
    wall = time.perf_counter() - t0
    cpu1 = os.times()
    print(json.dumps({"wall_s": wall, "cpu_s": (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system),
                      "peak_rss_bytes": vm_hwm(), "rows": result.rows}))


def vm_hwm() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM")


def lookups(stores: dict[str, Path], present: list[str], absent: list[str]
            ) -> tuple[dict[str, dict[str, float]], dict[str, list[int]]]:
    """find([key]) on each variant's output, the variants alternating key by key (a burst of other
    work on a shared machine then hits both alike)."""
    sys.path.insert(0, str(REPO))
    from storage.index.reader import IndexReader
    from storage.open import open_store

    readers = {v: IndexReader(open_store(str(path))) for v, path in stores.items()}
    for reader in readers.values():
        for key in present[:10] + absent[:10]:  # untimed warm-up
            reader.find([key])
    order = present[10:] + absent[10:]
    random.Random(1).shuffle(order)
    wanted = set(present)
    times: dict[str, dict[str, list[float]]] = {v: {"present": [], "absent": []} for v in readers}
    for key in order:
        for variant, reader in readers.items():
            t0 = time.perf_counter()
            reader.find([key])
            times[variant]["present" if key in wanted else "absent"].append(time.perf_counter() - t0)
    counts = {v: [reader.find([k]).num_rows for k in present] for v, reader in readers.items()}
    summary: dict[str, dict[str, float]] = {}
    for variant, reader in readers.items():
        reader.con.close()
        summary[variant] = {}
        for kind, ts in times[variant].items():
            ts.sort()
            summary[variant][f"{kind}_p50_ms"] = statistics.median(ts) * 1e3
            summary[variant][f"{kind}_p95_ms"] = ts[min(len(ts) - 1, round(0.95 * (len(ts) - 1)))] * 1e3
    return summary, counts


def run_size(n_rows: int, args: argparse.Namespace, trees: dict[str, Path]) -> dict[str, object]:
    want = args.lookups + 10
    data = dataset(args.cache, n_rows, want)
    sys.path.insert(0, str(REPO / "bench"))
    import index_lookup

    absent = index_lookup.absent_keys(want)
    runs: dict[str, list[Run]] = {v: [] for v in trees}
    checks: dict[str, bool] = {}
    for repeat in range(args.repeats):
        for variant, tree in trees.items():
            scratch = args.cache / f"n{n_rows}" / f"run-{variant}"
            run = compact_once(variant, tree, data, scratch, args.core)
            runs[variant].append(run)
            print(f"[{n_rows:,}] {variant} #{repeat + 1}: {run.wall_s:.2f}s wall, {run.cpu_s:.2f}s CPU, "
                  f"{run.rows_per_s(data.delta_rows):,.0f} rows/s/core, peak RSS "
                  f"{run.peak_rss_bytes / 2**20:,.0f} MiB", flush=True)
            if repeat == args.repeats - 1:
                checks[f"{variant}_rows"] = (run.rows["subjects"] == data.current_rows
                                             and run.rows["objects"] == data.objects
                                             and run.rows["links"] == data.current_links)
            else:
                shutil.rmtree(scratch / "store", ignore_errors=True)
    stores = {v: args.cache / f"n{n_rows}" / f"run-{v}" / "store" for v in trees}
    latency, found = lookups(stores, data.present, absent)
    for store in stores.values():
        shutil.rmtree(store, ignore_errors=True)
    checks["same_rows_found"] = len({tuple(v) for v in found.values()}) == 1 and min(found["new"]) > 0
    result: dict[str, object] = {"rows": n_rows, "delta_rows": data.delta_rows, "checks": checks}
    for variant, rs in runs.items():
        rates = sorted(r.rows_per_s(data.delta_rows) for r in rs)
        result[variant] = {"rows_per_s_per_core_median": statistics.median(rates), "best": rates[-1],
                           "all": rates, "rows_per_cpu_s_median": statistics.median(
                               data.delta_rows / r.cpu_s for r in rs), "peak_rss_bytes": max(r.peak_rss_bytes for r in rs),
                           "cpu_per_wall": statistics.median(r.cpu_s / r.wall_s for r in rs), **latency[variant]}
    if "old" in runs:
        result["ratio_median"] = result["new"]["rows_per_s_per_core_median"] / result["old"][
            "rows_per_s_per_core_median"]
        result["ratio_best"] = result["new"]["best"] / result["old"]["best"]
    return result


def report(results: list[dict[str, object]]) -> None:
    print("\nrows        variant  rows/s/core median      best  rows/CPU-s median  peak RSS MiB  "
          "lookup p50/p95 ms (present; absent)")
    for r in results:
        for variant in ("old", "new"):
            if variant not in r:
                continue
            v = r[variant]
            print(f"{r['rows']:<11,} {variant:<7} {v['rows_per_s_per_core_median']:>18,.0f} {v['best']:>9,.0f} "
                  f"{v['rows_per_cpu_s_median']:>18,.0f} {v['peak_rss_bytes'] / 2**20:>13,.0f}  {v['present_p50_ms']:.1f}/{v['present_p95_ms']:.1f}; "
                  f"{v['absent_p50_ms']:.1f}/{v['absent_p95_ms']:.1f}")
        if "ratio_median" in r:
            cpu = r["new"]["rows_per_cpu_s_median"] / r["old"]["rows_per_cpu_s_median"]
            print(f"{r['rows']:<11,} new/old: median {r['ratio_median']:.2f}x, best {r['ratio_best']:.2f}x, "
                  f"per CPU second {cpu:.2f}x")
        new = r["new"]
        verdicts = {"1M rows/s/core (median)": new["rows_per_s_per_core_median"] >= 1e6,
                    "peak RSS <= 2 GB": new["peak_rss_bytes"] <= RSS_TARGET_B,
                    "p50 <= 50 ms": max(new["present_p50_ms"], new["absent_p50_ms"]) <= P50_TARGET_S * 1e3,
                    "p95 <= 150 ms": max(new["present_p95_ms"], new["absent_p95_ms"]) <= P95_TARGET_S * 1e3}
        print(f"{r['rows']:<11,} " + ", ".join(f"{k}: {'PASS' if ok else 'FAIL'}" for k, ok in verdicts.items())
              + "; checks: " + ("all pass" if all(r["checks"].values()) else str(r["checks"])))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000000,10000000", help="comma-separated delta rows")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/callscrub-compact-cache"))
    ap.add_argument("--baseline-ref", default="main", help="git revision to compare with; '' for none")
    ap.add_argument("--core", type=int, default=0, help="the core the compactions are pinned to")
    ap.add_argument("--lookups", type=int, default=100, help="timed finds per kind (present/absent)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.core)
        return
    args.cache.mkdir(parents=True, exist_ok=True)
    trees = {"old": baseline_tree(args.cache, args.baseline_ref)} if args.baseline_ref else {}
    trees["new"] = REPO
    print(f"load average {os.getloadavg()[0]:.2f} (the machine may be shared); cores {os.cpu_count()}; "
          f"old = {args.baseline_ref or '-'}, new = {REPO}", flush=True)
    results = [run_size(int(s.replace("_", "")), args, trees) for s in args.sizes.split(",") if s.strip()]
    report(results)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if not all(ok for r in results for ok in r["checks"].values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
