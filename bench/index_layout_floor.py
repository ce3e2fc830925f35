"""What a compaction of the subject index could cost at best, for today's columns and for a layout
with integer object references: the floor under bench/index_compaction.py's figures.

On the synthetic index of bench/index_compaction.py (same generator, same cache), pinned to one
core (pyarrow's pools at one thread, DuckDB `threads = 1`), best of --repeats, CPU seconds:

* `columns`: today's subjects columns. Read every delta subjects file (strings but the key as
  dictionaries, as compaction reads them), argsort the key's uint64 prefix, gather every column,
  write parts like compaction's (2M-row parts, 64k-row row groups, zstd key with statistics and a
  bloom filter, lz4 for the rest, high-cardinality strings plain). Nothing else: no newest-run
  rule, no spilling, no coding into pools. No compaction of these rows can be cheaper with
  pyarrow's Parquet reader and writer.
* `refs`: the same rows, but the six per-object columns (object_uri, object_version, object_kind,
  source_uri, observed_at, run_id: one value per (object, run)) become one int32 `ref` into a
  refs table of the generation (written too), found with np.unique on (object code, run code).

Then find([key]) latency, DuckDB over each output: `columns` directly; `refs` through a view that
joins the refs table back (what every key-filtered consumer of the `subjects` view would get),
and as two queries (rows by key, then their refs by `ref IN (...)`), what find() could do.

Run:  .venv/bin/python bench/index_layout_floor.py --size 1000000 [--repeats 3] [--lookups 50]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
PER_OBJECT = ["object_uri", "object_version", "object_kind", "source_uri", "observed_at", "run_id"]
HIGH_CARDINALITY = {"object_uri", "object_version", "source_uri"}  # compaction writes these plain
PART_ROWS, ROW_GROUP = 2_000_000, 65_536


def read_delta(files: list[Path]) -> pa.Table:
    strings = None
    batches = []
    for path in files:
        pf = pq.ParquetFile(path, read_dictionary=strings or [])
        if strings is None:
            schema = pf.schema_arrow
            strings = [f.name for f in schema if pa.types.is_string(f.type) and f.name != "subject_key"]
            pf = pq.ParquetFile(path, read_dictionary=strings)
        batches.extend(pf.iter_batches(batch_size=ROW_GROUP, use_threads=False))
    return pa.Table.from_batches(batches).unify_dictionaries().combine_chunks()


def key_order(keys: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The order of fixed-width hex keys by their first 8 bytes, and the keys as byte rows."""
    rows = np.frombuffer(keys.buffers()[2], np.uint8, len(keys) * 64).reshape(len(keys), 64)
    prefix = np.frombuffer(bytes.fromhex(rows[:, :16].tobytes().decode()), ">u8").astype(np.uint64)
    return np.argsort(prefix), rows


def hex_keys(rows: np.ndarray) -> pa.Array:
    offsets = (np.arange(len(rows) + 1) * 64).astype(np.int32)
    return pa.Array.from_buffers(pa.string(), len(rows), [None, pa.py_buffer(offsets), pa.py_buffer(rows)])


def gather(table: pa.Table, order: np.ndarray, rows: np.ndarray, plain: set[str]) -> pa.Table:
    indices = pa.array(order)
    columns = []
    for name in table.schema.names:
        column = table.column(name).chunk(0)
        if name == "subject_key":
            column = hex_keys(np.take(rows, order, axis=0))
        else:
            column = column.take(indices)
            if name in plain:
                column = column.cast(column.type.value_type)
        columns.append(column)
    return pa.table(columns, names=table.schema.names)


def write_parts(table: pa.Table, out: Path, stem: str) -> int:
    size = 0
    small = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
    compression = {n: "zstd" if n == "subject_key" else "lz4" for n in table.schema.names}
    for part, lo in enumerate(range(0, table.num_rows, PART_ROWS)):
        rows = table.slice(lo, PART_ROWS)
        path = out / f"{stem}-{part:03d}.parquet"
        with pq.ParquetWriter(path, table.schema, compression=compression, use_dictionary=small,
                              write_statistics=["subject_key"], store_schema=False, write_batch_size=ROW_GROUP,
                              bloom_filter_options={"subject_key": {"ndv": rows.num_rows, "fpp": 0.01}}) as w:
            for g in range(0, rows.num_rows, ROW_GROUP):
                w.write_table(rows.slice(g, ROW_GROUP), row_group_size=ROW_GROUP)
        size += path.stat().st_size
    return size


def to_refs(table: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Rows with one `ref` for their six per-object columns, and the refs table (sorted by ref)."""
    obj = table.column("object_uri").chunk(0).indices.to_numpy().astype(np.int64)
    run = table.column("run_id").chunk(0).indices.to_numpy().astype(np.int64)
    first, ref = np.unique(obj * (int(run.max()) + 1) + run, return_index=True, return_inverse=True)[1:]
    refs = table.select(PER_OBJECT).take(pa.array(first))
    refs = pa.table([pa.array(np.arange(len(first), dtype=np.int32))]
                    + [c.combine_chunks().cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c
                       for c in refs.columns], names=["ref", *PER_OBJECT])
    rows = table.drop_columns(PER_OBJECT).append_column("ref", pa.array(ref.astype(np.int32)))
    return rows, refs


def floor(files: list[Path], out: Path, layout: str) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    t: dict[str, float] = {}
    c = time.process_time()
    table = read_delta(files)
    t["read"] = time.process_time() - c
    if layout == "refs":
        c = time.process_time()
        table, refs = to_refs(table)
        pq.write_table(refs, out / "refs.parquet", row_group_size=16_384, compression="lz4",
                       write_statistics=["ref"])
        t["refs"] = time.process_time() - c
    c = time.process_time()
    order, rows = key_order(table.column("subject_key").chunk(0))
    t["sort"] = time.process_time() - c
    c = time.process_time()
    ordered = gather(table, order, rows, HIGH_CARDINALITY & set(table.schema.names))
    t["gather"] = time.process_time() - c
    c = time.process_time()
    t["bytes"] = write_parts(ordered, out, "part")
    t["write"] = time.process_time() - c
    t["rows"] = ordered.num_rows
    t["total"] = sum(v for k, v in t.items() if k not in ("bytes", "rows"))
    return t


def latency(con: duckdb.DuckDBPyConnection, sql: str, keys: list[str]) -> tuple[float, float]:
    for key in keys[:5]:
        con.execute(sql, {"k": [key]}).fetchall()
    ts = []
    for key in keys[5:]:
        t0 = time.perf_counter()
        con.execute(sql, {"k": [key]}).fetchall()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return statistics.median(ts) * 1e3, ts[round(0.95 * (len(ts) - 1))] * 1e3


def connect(work: Path) -> duckdb.DuckDBPyConnection:
    """Views over both outputs: `columns_rows`, `refs_rows`, `refs`, and `refs_joined` (refs_rows
    with their per-object columns joined back, in the columns layout's column order)."""
    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute("SET parquet_metadata_cache = true")
    con.execute("SET dynamic_or_filter_threshold = 10000")
    parts = lambda layout: [str(p) for p in sorted((work / layout).glob("part-*.parquet"))]  # noqa: E731
    con.read_parquet(parts("columns")).create_view("columns_rows")
    con.read_parquet(parts("refs")).create_view("refs_rows")
    con.read_parquet(str(work / "refs" / "refs.parquet")).create_view("refs")
    names = ", ".join(con.sql("SELECT * FROM columns_rows LIMIT 0").columns)
    con.execute(f"CREATE VIEW refs_joined AS SELECT {names} FROM refs_rows JOIN refs USING (ref)")  # noqa: S608
    return con


def same_rows(work: Path) -> bool:
    """Whether the refs layout, joined back, holds exactly the columns layout's rows."""
    con = connect(work)
    differ = con.execute("SELECT count(*) FROM ((SELECT * FROM columns_rows EXCEPT ALL SELECT * FROM refs_joined) "
                     "UNION ALL (SELECT * FROM refs_joined EXCEPT ALL SELECT * FROM columns_rows))").fetchone()
    total = con.execute("SELECT (SELECT count(*) FROM columns_rows) = (SELECT count(*) FROM refs_joined)").fetchone()
    con.close()
    return bool(differ and differ[0] == 0 and total and total[0])


def lookups(work: Path, present: list[str]) -> dict[str, tuple[float, float]]:
    con = connect(work)
    by_key = "SELECT * FROM {} WHERE subject_key IN (SELECT unnest($k))"
    result = {"columns": latency(con, by_key.format("columns_rows"), present),
              "refs, joined view": latency(con, by_key.format("refs_joined"), present)}

    def two_step(key: str) -> None:
        rows = con.sql(by_key.format("refs_rows"), params={"k": [key]}).to_arrow_table()
        con.execute("SELECT * FROM refs WHERE ref IN (SELECT unnest($r))",
                    {"r": pc.unique(rows.column("ref")).to_pylist()}).fetchall()

    ts = []
    for i, key in enumerate(present):
        t0 = time.perf_counter()
        two_step(key)
        if i >= 5:
            ts.append(time.perf_counter() - t0)
    ts.sort()
    result["refs, two queries"] = (statistics.median(ts) * 1e3, ts[round(0.95 * (len(ts) - 1))] * 1e3)
    con.close()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="delta rows of the synthetic index")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--lookups", type=int, default=50)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/callscrub-compact-cache"))
    ap.add_argument("--core", type=int, default=0)
    args = ap.parse_args()
    os.sched_setaffinity(0, {args.core})
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    sys.path.insert(0, str(REPO / "bench"))
    import index_compaction

    print(f"load average {os.getloadavg()[0]:.2f} (the machine may be shared); one core ({args.core})")
    data = index_compaction.dataset(args.cache, args.size, args.lookups + 5)
    files = sorted(Path(data.store, "subjects", "delta").rglob("*.parquet"))
    work = args.cache / f"n{args.size}" / "floor"
    best: dict[str, dict[str, float]] = {}
    for repeat in range(args.repeats):
        for layout in ("columns", "refs"):
            t = floor(files, work / layout, layout)
            print(f"[{args.size:,}] {layout} #{repeat + 1}: " + ", ".join(
                f"{k} {v:.3f}s" for k, v in t.items() if k not in ("bytes", "rows")), flush=True)
            if layout not in best or t["total"] < best[layout]["total"]:
                best[layout] = t
    print(f"\n{'layout':<10} {'rows/CPU-s (best)':>18} {'MB written':>11}   CPU s: read / refs / sort / gather / write")
    for layout, t in best.items():
        print(f"{layout:<10} {t['rows'] / t['total']:>18,.0f} {t['bytes'] / 1e6:>11,.0f}   "
              f"{t['read']:.3f} / {t.get('refs', 0):.3f} / {t['sort']:.3f} / {t['gather']:.3f} / {t['write']:.3f}")
    print(f"refs/columns: {best['columns']['total'] / best['refs']['total']:.2f}x rows per CPU second")
    print(f"refs layout joined back holds the same rows: {same_rows(work)}")
    print("\nfind([key]), present keys, DuckDB, one thread:   p50 ms   p95 ms")
    for name, (p50, p95) in lookups(work, data.present).items():
        print(f"  {name:<44} {p50:>7.1f}  {p95:>7.1f}")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
