"""Compaction: fold delta files into files sorted by the key, dropping superseded rows.

For each table (subjects by `subject_key`, links by `key_a`, objects by `object_uri`):

1. The winning run of each object comes from `IndexReader`'s `winning_delta` view, over exactly the
   marked delta files that are consumed afterwards (the marker rule: a subjects/links file without
   its objects marker is neither read nor deleted).
2. `compact_scan` reads every input file (current compacted parts, marked delta files) once with
   pyarrow and turns strings into integer codes. Rows stay in memory up to `bucket_rows`; past
   that they are spilled by key range to Arrow IPC files in a temporary folder, so memory is
   bounded by the range size, not the index size. Each range keeps its current rows (a compacted
   row unless a winning delta run holds its object; a delta row if its run is its object's
   winning run) before it is sorted.
3. `compact_sort` sorts each range by a uint64 prefix of the key (full-key order where prefixes
   tie) and streams it into Parquet parts of `part_rows` rows: row groups of `row_group_rows`,
   min/max statistics and a bloom filter on the key (zstd for the key, lz4 for the rest), so a
   lookup reads one row group per part at most.

The new generation becomes visible in one atomic write of MANIFEST.json; then the consumed files
are deleted. Files are read through the store (local paths, or pyarrow's S3 filesystem) and the
parts written with `index.put`, so it works the same on a local folder and on S3.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from callscrub.errors import TransientError
from storage import claims
from storage.base import ObjectStore
from storage.index.compact_scan import OBJECT, Buckets, Pools, TableSpec, Winners, code_batch
from storage.index.compact_sort import PartWriter, sorted_rows
from storage.index.reader import MANIFEST, SCHEMAS, IndexReader, Manifest, _arrow_filesystem, marked_delta_files
from storage.index.writer import TABLES

KEY_COLUMN = {"subjects": "subject_key", "links": "key_a", "objects": "object_uri"}
OBJECT_COLUMN = {"subjects": "source_uri", "links": "object_uri", "objects": "object_uri"}


@dataclass(frozen=True)
class CompactionResult:
    generation: int
    rows: dict[str, int]
    files_consumed: int
    files_written: int


LOCK = "compaction"  # a claim (storage/claims.py) on this name is the compaction lock
LOCK_TTL_S = 6 * 3600  # a compaction that died on another host frees the lock after this


class CompactionBusyError(TransientError):
    """Another compaction holds the lock."""


def compact(index: ObjectStore, part_rows: int = 2_000_000, row_group_rows: int = 65_536,
            memory_limit: str | None = None, bucket_rows: int = 1_000_000) -> CompactionResult:
    """Fold the marked delta files into a new compacted generation. `bucket_rows` bounds the rows
    sorted in memory at once (about 150 bytes each, twice over while sorting); `memory_limit` is
    accepted for compatibility and unused (it was DuckDB's)."""
    del memory_limit
    # One compaction at a time: two (overlapping runs' maintenance, a CLI next to a schedule) would
    # both delete the delta files they consumed while only one manifest wins, losing the other's rows.
    lock = claims.acquire(index, LOCK, "", "", uuid.uuid4().hex, ttl_s=LOCK_TTL_S)
    if lock is None:
        raise CompactionBusyError("another compaction of this index is running; try again when it ends")
    try:
        return _compact(index, part_rows, row_group_rows, bucket_rows)
    finally:
        claims.release(index, lock, "")


def _compact(index: ObjectStore, part_rows: int, row_group_rows: int, bucket_rows: int) -> CompactionResult:
    old = Manifest.load(index)
    delta = marked_delta_files(index, old)
    consumed = {k for keys in delta.values() for k in keys}
    reader = IndexReader(index, delta)  # compacts exactly the files it deletes afterwards
    won = reader.con.sql("SELECT object_uri, run_id FROM winning_delta").to_arrow_table()
    winners = Winners(won.column("object_uri").combine_chunks(), won.column("run_id").combine_chunks())
    reader.con.close()
    generation = old.generation + 1
    written: dict[str, list[str]] = {}
    rows: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="callscrub-compact-") as tmp:
        for table in TABLES:
            spec = TableSpec(SCHEMAS[table], KEY_COLUMN[table], OBJECT_COLUMN[table])
            inputs = [(k, False) for k in old.compacted.get(table, [])] + [(k, True) for k in delta[table]]
            written[table], rows[table] = _compact_table(
                index, table, spec, inputs, winners, generation, Path(tmp),
                part_rows=part_rows, row_group_rows=row_group_rows, bucket_rows=bucket_rows)
    # One atomic write makes the new generation current; the consumed files are then garbage.
    index.put(MANIFEST, Manifest(generation, written, frozenset(consumed | old.consumed)).to_json())
    for key in sorted(consumed | old.consumed | {k for ks in old.compacted.values() for k in ks}):
        index.delete(key)
    index.put(MANIFEST, Manifest(generation, written, frozenset()).to_json())
    return CompactionResult(generation, rows, len(consumed), sum(len(v) for v in written.values()))


def _compact_table(index: ObjectStore, table: str, spec: TableSpec, inputs: list[tuple[str, bool]],
                   winners: Winners, generation: int, tmp: Path, *, part_rows: int, row_group_rows: int,
                   bucket_rows: int) -> tuple[list[str], int]:
    workdir = tmp / table
    workdir.mkdir()
    buckets = Buckets(spec, workdir, bucket_rows, expected_rows=0)
    pools = Pools()
    read = 0
    for done, (parquet, is_delta) in enumerate(_open_each(index, inputs, spec), start=1):
        read += parquet.metadata.num_rows
        buckets.expected_rows = read * len(inputs) // done  # how many ranges, if it comes to spilling
        for batch in parquet.iter_batches(batch_size=row_group_rows, use_threads=False):
            buckets.add(code_batch(batch, spec, pools, delta=is_delta))
        parquet.close()
    dictionaries = {name: pools.finish(name, distinct=name in (OBJECT, "run_id")) for name in spec.pooled}
    objects, runs = dictionaries.pop(OBJECT), dictionaries["run_id"]
    keys: list[str] = []

    def put(data: pa.Buffer, part: int) -> None:
        key = f"{table}/compacted/gen-{generation:06d}/part-{part:05d}.parquet"
        index.put(key, data.to_pybytes())
        keys.append(key)

    total = sum(buckets.counts) if buckets.splitters is not None else buckets.in_memory
    writer = PartWriter(spec, dictionaries, put, part_rows, row_group_rows, total)
    current = winners.by_code(objects, runs)
    for group in buckets.groups():
        writer.add(sorted_rows(group, spec, current.keep(group)))
    writer.close()
    return keys, writer.rows


def _open_each(index: ObjectStore, inputs: list[tuple[str, bool]], spec: TableSpec
              ) -> Iterator[tuple[pq.ParquetFile, bool]]:
    fs = _arrow_filesystem(index)
    for key, is_delta in inputs:
        source: str | pa.NativeFile = (index.presign(key) if fs is None
                                       else fs.open_input_file(index.uri_for(key).removeprefix("s3://")))
        yield pq.ParquetFile(source, read_dictionary=spec.coded), is_delta
