"""Compaction, first half: read a table's input files once, code the strings, bucket by key.

Each input file (the current compacted parts and the marked delta files) is read batch by batch
with pyarrow, every string column but the sort key as a dictionary. A row carries on as: its key
as a string, the key's first 8 bytes as a big-endian uint64 (`key_prefix`: the same order as the
strings, ties only where prefixes are equal), whether it came from a delta file, each other
string column (and its object's URI) as an int32 code into a per-column pool of the batches'
dictionaries (-1: null), and the numeric columns as they are. No string is touched per row.

`Winners.keep` applies the reader's rule (`IndexReader`) on those codes, once per key range: a
compacted row stays unless a winning delta run holds its object; a delta row stays only if its
(object, run) is the winning one. The lookups run on the pooled values, not on rows.

`Buckets` keeps the rows in memory up to `bucket_rows`; past that it cuts the key space into
ranges (quantiles of the prefixes seen so far) and spills each batch, split by range, into one
Arrow IPC file per range. The pools stay in memory: they grow with the distinct (batch, value)
pairs of the non-key strings (object URIs, versions, runs), not with the rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

PREFIX = "__prefix"
DELTA = "__delta"    # 1: the row comes from a delta file, 0: from the compacted generation
OBJECT = "__object"  # code of the row's object URI
SPILL_BUFFER = 1 << 18  # bytes buffered per spill file (at most 256 of them)
DEDUPLICATE_UP_TO = 65_536  # pooled values up to which a column's values are made distinct
_MASKS = np.array([0] + [((1 << (8 * n)) - 1) << (8 * (8 - n)) for n in range(1, 8)], dtype=np.uint64)


@dataclass(frozen=True)
class TableSpec:
    """How one index table is compacted: its schema, sort key and the column naming its object."""

    schema: pa.Schema
    key: str
    object_column: str

    @cached_property
    def coded(self) -> list[str]:
        return [f.name for f in self.schema if f.name != self.key and pa.types.is_string(f.type)]

    @cached_property
    def spill_schema(self) -> pa.Schema:
        fields = [pa.field(PREFIX, pa.uint64(), nullable=False), pa.field(DELTA, pa.uint8(), nullable=False),
                  pa.field(OBJECT, pa.int32(), nullable=False)]
        for f in self.schema:
            fields.append(pa.field(f.name, pa.int32(), nullable=False) if f.name in self.coded else f)
        return pa.schema(fields)

    @cached_property
    def pooled(self) -> list[str]:
        """The columns coded into pools (the object URI has its own pool, `OBJECT`)."""
        return [OBJECT, *self.coded]


@dataclass(frozen=True)
class Winners:
    """The winning delta run of each object (`winning_delta`), and the reader's rule for rows."""

    objects: pa.Array  # object URIs
    runs: pa.Array     # their winning run ids

    def by_code(self, objects: tuple[pa.Array, np.ndarray], runs: tuple[pa.Array, np.ndarray]) -> Current:
        """The rule as lookups by code, built once per table (not per key range: the value sets are
        the table's whole pools). `objects`/`runs`: the pooled values of those columns and each
        code's index among them."""
        values, remap = objects
        winner = pc.index_in(values, value_set=self.objects)
        held = np.append(winner.is_valid().to_numpy(zero_copy_only=False), False)
        run_values, run_remap = runs
        wanted = pc.fill_null(pc.index_in(self.runs.take(winner), value_set=run_values), -2)
        wanted = np.append(wanted.to_numpy(zero_copy_only=False).astype(np.int32), np.int32(-2))
        return Current(held[remap], wanted[remap], run_remap)


@dataclass(frozen=True)
class Current:
    """Per object code: whether a winning delta run holds it, and that run's index among the pooled
    run ids (-2: none); per run code, its index among them."""

    held: np.ndarray
    wanted: np.ndarray
    run_index: np.ndarray

    def keep(self, rows: pa.Table) -> np.ndarray:
        """Which rows (spill layout) are current: a compacted row unless a winning delta run holds
        its object, a delta row if its run is its object's winning run."""
        obj = _codes(rows.column(OBJECT))
        delta = _codes(rows.column(DELTA)).astype(bool)
        return np.where(delta, self.wanted[obj] == self.run_index[_codes(rows.column("run_id"))], ~self.held[obj])


def _codes(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A non-null column's values as one numpy array (no copy where it is one chunk)."""
    if isinstance(column, pa.Array):
        return column.to_numpy()
    if column.num_chunks == 1:
        return column.chunk(0).to_numpy()
    return column.to_numpy()


def key_prefix(keys: pa.Array) -> np.ndarray:
    """The first 8 bytes of each string as a big-endian uint64, zero-padded: a < b implies
    prefix(a) <= prefix(b) (bytewise order, which is how Parquet statistics compare strings)."""
    if len(keys) == 0:
        return np.zeros(0, np.uint64)
    width = np.int64 if pa.types.is_large_string(keys.type) else np.int32
    offsets = np.frombuffer(keys.buffers()[1], width, len(keys) + 1, keys.offset * np.dtype(width).itemsize)
    data = keys.buffers()[2]
    padded = np.zeros((data.size if data is not None else 0) + 8, np.uint8)
    if data is not None:
        padded[: data.size] = np.frombuffer(data, np.uint8)
    windows = np.ndarray((len(padded) - 7,), dtype=">u8", buffer=padded, strides=(1,))
    prefix = windows[offsets[:-1]].astype(np.uint64)
    lengths = np.diff(offsets)
    short = np.flatnonzero(lengths < 8)
    if len(short):
        prefix[short] &= _MASKS[lengths[short]]
    return prefix


@dataclass
class Pools:
    """Per coded column, the dictionaries seen, end to end: code = offset of its batch + index."""

    chunks: dict[str, list[pa.Array]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)

    def add(self, column: str, dictionary: pa.Array) -> int:
        offset = self.sizes.get(column, 0)
        self.chunks.setdefault(column, []).append(dictionary)
        self.sizes[column] = offset + len(dictionary)
        return offset

    def finish(self, column: str, distinct: bool) -> tuple[pa.Array, np.ndarray]:
        """The values and, for each code, its index among them (the last entry: -1 for -1, null);
        with `distinct`, or when there are few, each value once."""
        chunks = self.chunks.pop(column, [])
        values = pa.concat_arrays(chunks) if chunks else pa.array([], pa.string())
        if distinct or len(values) <= DEDUPLICATE_UP_TO:
            encoded = pc.dictionary_encode(values)
            values, remap = encoded.dictionary, encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32)
        else:
            remap = np.arange(len(values), dtype=np.int32)
        return values, np.append(remap, np.int32(-1))


def code_batch(batch: pa.RecordBatch, spec: TableSpec, pools: Pools, delta: bool) -> pa.RecordBatch:
    """`batch` in the spill layout: key prefix, origin, object code, key string, codes, numbers."""
    columns: list[pa.Array] = []
    for f in spec.schema:
        column = batch.column(f.name)
        if f.name in spec.coded:
            columns.append(pa.array(_pooled(pools, f.name, column)))
        else:
            columns.append(column.cast(f.type) if column.type != f.type else column)
    objects = batch.column(spec.object_column)
    if not pa.types.is_dictionary(objects.type):  # the sort key itself (objects): few rows
        objects = pc.dictionary_encode(objects)
    key = columns[spec.schema.get_field_index(spec.key)]
    extra = [pa.array(key_prefix(key)), pa.array(np.full(batch.num_rows, int(delta), np.uint8)),
             pa.array(_pooled(pools, OBJECT, objects))]
    return pa.RecordBatch.from_arrays([*extra, *columns], schema=spec.spill_schema)


def _pooled(pools: Pools, column: str, values: pa.DictionaryArray) -> np.ndarray:
    offset = pools.add(column, values.dictionary)
    codes = pc.fill_null(values.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
    return np.where(codes >= 0, codes + offset, -1).astype(np.int32) if offset else codes


@dataclass
class Buckets:
    """Kept rows, in memory up to `bucket_rows`, then spilled to one IPC file per key range."""

    spec: TableSpec
    workdir: Path
    bucket_rows: int
    expected_rows: int
    memory: list[pa.RecordBatch] = field(default_factory=list)
    in_memory: int = 0
    splitters: np.ndarray | None = None
    writers: list[pa.ipc.RecordBatchFileWriter] = field(default_factory=list)
    sinks: list[pa.NativeFile] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)

    def add(self, batch: pa.RecordBatch) -> None:
        if self.splitters is None:
            self.memory.append(batch)
            self.in_memory += batch.num_rows
            if self.in_memory > self.bucket_rows:
                self._start_spilling()
        else:
            self._spill(batch)

    def _start_spilling(self) -> None:
        sample = np.sort(np.concatenate([b.column(PREFIX).to_numpy() for b in self.memory]))
        ranges = min(256, 2 * math.ceil(max(self.expected_rows, self.in_memory) / self.bucket_rows))
        self.splitters = np.unique(sample[(np.arange(1, ranges) * len(sample)) // ranges])
        schema = self.spec.spill_schema
        for i in range(len(self.splitters) + 1):
            # Buffered: a batch's slice for one range is a few thousand rows, written as many small
            # buffers (two or three per column); unbuffered, each is a write() of its own.
            sink = pa.BufferedOutputStream(pa.OSFile(str(self.workdir / f"bucket-{i:03d}.arrow"), "wb"), SPILL_BUFFER)
            self.sinks.append(sink)
            self.writers.append(pa.ipc.new_file(sink, schema))
            self.counts.append(0)
        memory, self.memory, self.in_memory = self.memory, [], 0
        for batch in memory:
            self._spill(batch)

    def _spill(self, batch: pa.RecordBatch) -> None:
        assert self.splitters is not None
        # At most 256 ranges: as uint16 the stable argsort is numpy's radix sort, O(n).
        bucket = np.searchsorted(self.splitters, batch.column(PREFIX).to_numpy(), side="right").astype(np.uint16)
        order = np.argsort(bucket, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(np.bincount(bucket, minlength=len(self.writers)))])
        moved = batch.take(pa.array(order))
        for i, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
            if hi > lo:
                self.writers[i].write_batch(moved.slice(lo, hi - lo))
                self.counts[i] += int(hi - lo)

    def groups(self) -> Iterator[pa.Table]:
        """The rows again, as tables of ascending, disjoint key ranges of about `bucket_rows` each."""
        if self.splitters is None:
            yield pa.Table.from_batches(self.memory, self.spec.spill_schema)
            self.memory = []
            return
        for writer, sink in zip(self.writers, self.sinks, strict=True):
            writer.close()
            sink.close()
        group: list[int] = []
        for i, count in enumerate(self.counts):
            if group and sum(self.counts[j] for j in group) + count > self.bucket_rows:
                yield self._load(group)
                group = []
            group.append(i)
        if group:
            yield self._load(group)

    def _load(self, group: list[int]) -> pa.Table:
        tables = []
        for i in group:
            path = self.workdir / f"bucket-{i:03d}.arrow"
            # Memory-mapped: the columns are the file's pages, not a copy (the mapping outlives
            # the unlink; the kernel frees the pages once the range is written out).
            tables.append(pa.ipc.open_file(pa.memory_map(str(path))).read_all())
            path.unlink()
        return pa.concat_tables(tables)
