"""Compaction: fold delta files into files sorted by `subject_key`, dropping superseded rows.

The result is streamed (DuckDB's external sort -> pyarrow ParquetWriter), cut into parts of
`part_rows` rows, each with row groups of `row_group_rows`, min/max statistics and a bloom
filter on `subject_key`, so a lookup reads one row group per part at most. The new generation
becomes visible in one atomic write of MANIFEST.json; then the consumed files are deleted.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from storage.base import ObjectStore
from storage.index.reader import MANIFEST, SCHEMAS, IndexReader, Manifest, marked_delta_files
from storage.index.writer import TABLES

ORDER = {"subjects": "subject_key, object_uri, turn, char_start", "links": "key_a, key_b, object_uri",
         "objects": "object_uri"}
KEY_COLUMN = {"subjects": "subject_key", "links": "key_a", "objects": "object_uri"}


@dataclass(frozen=True)
class CompactionResult:
    generation: int
    rows: dict[str, int]
    files_consumed: int
    files_written: int


def _write_parts(reader: IndexReader, table: str, index: ObjectStore, generation: int, part_rows: int,
                 row_group_rows: int, workdir: Path) -> tuple[list[str], int]:
    view = "links" if table == "links" else table
    total = reader.con.sql(f"SELECT count(*) FROM {view}").fetchall()[0][0]  # noqa: S608 - fixed names
    batches = reader.con.sql(f"SELECT * FROM {view} ORDER BY {ORDER[table]}").to_arrow_reader(  # noqa: S608
        row_group_rows)
    keys: list[str] = []
    writer: pq.ParquetWriter | None = None
    in_part = 0
    path = workdir / "part.parquet"

    def close() -> None:
        nonlocal writer
        if writer is None:
            return
        writer.close()
        key = f"{table}/compacted/gen-{generation:06d}/part-{len(keys):05d}.parquet"
        index.put(key, path.read_bytes())
        keys.append(key)
        writer = None

    for batch in batches:
        if writer is None:
            writer = pq.ParquetWriter(
                path, SCHEMAS[table], compression="zstd", write_statistics=True,
                bloom_filter_options={KEY_COLUMN[table]: {"ndv": max(min(part_rows, total), 1), "fpp": 0.01}},
            )
            in_part = 0
        writer.write_batch(batch.cast(SCHEMAS[table]), row_group_size=row_group_rows)
        in_part += batch.num_rows
        if in_part >= part_rows:
            close()
    close()
    return keys, total


def compact(index: ObjectStore, part_rows: int = 2_000_000, row_group_rows: int = 65_536,
            memory_limit: str = "512MB") -> CompactionResult:
    old = Manifest.load(index)
    delta = marked_delta_files(index, old)
    consumed = {k for keys in delta.values() for k in keys}
    reader = IndexReader(index, delta)  # compacts exactly the files it deletes afterwards
    reader.con.execute("SET memory_limit = $m", {"m": memory_limit})
    reader.con.execute("SET preserve_insertion_order = false")
    generation = old.generation + 1
    written: dict[str, list[str]] = {}
    rows: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="callscrub-compact-") as tmp:
        reader.con.execute("SET temp_directory = $t", {"t": os.path.join(tmp, "spill")})
        for table in TABLES:
            written[table], rows[table] = _write_parts(reader, table, index, generation, part_rows,
                                                       row_group_rows, Path(tmp))
    reader.con.close()
    # One atomic write makes the new generation current; the consumed files are then garbage.
    index.put(MANIFEST, Manifest(generation, written, frozenset(consumed | old.consumed)).to_json())
    for key in sorted(consumed | old.consumed | {k for ks in old.compacted.values() for k in ks}):
        index.delete(key)
    index.put(MANIFEST, Manifest(generation, written, frozenset()).to_json())
    return CompactionResult(generation, rows, len(consumed), sum(len(v) for v in written.values()))
