"""Compaction, second half: sort each key range and write it out as Parquet parts.

A range (from `compact_scan.Buckets`, ascending and disjoint) is ordered by its uint64 key prefix
(numpy's introsort, twice as fast as its stable sort: the rows of one key come in no particular
order); where adjacent rows share a prefix but not the key, those runs are re-sorted by the full
key (rare for blind keys; when frequent, the whole range is sorted by pyarrow on the strings
instead). Fixed-width keys (the 64-character hex keys) are moved as numpy byte rows.

`PartWriter` cuts the sorted rows into row groups of exactly `row_group_rows` (carrying a range's
tail over to the next range) and parts of about `part_rows`. Each row group is written as one
batch, handed to the writer in one piece (`write_batch_size`: fewer, larger pages, ~9% less writer
CPU): the key column plain, zstd, with statistics and a bloom filter (the only column a lookup
filters on; dictionary-encoding it costs the writer less but made DuckDB's lookups ~25% slower),
string columns with few distinct values as Arrow dictionaries (the writer stores their indices as
they are), the others plain; lz4 for all but the key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from storage.index.compact_scan import PREFIX, TableSpec

SMALL_DICTIONARY = 4096  # distinct values up to which a string column is written as a dictionary
COMPRESSION = "lz4"  # every column but the key
TIE_RESORT_ROWS = 2_000  # rows in prefix-collision runs above which a range is sorted on strings


def take_strings(keys: pa.Array, order: np.ndarray) -> pa.Array:
    """keys[order]; fixed-width strings as numpy byte rows (no per-value work)."""
    width = _fixed_width(keys)
    if width is None:
        return keys.take(pa.array(order))
    data = np.frombuffer(keys.buffers()[2], np.uint8, len(keys) * width, _first_byte(keys))
    rows = np.take(data.reshape(len(keys), width), order, axis=0)
    offsets = np.arange(len(order) + 1, dtype=np.int64) * width
    if offsets[-1] < 2**31:
        return pa.Array.from_buffers(pa.string(), len(order), [None, pa.py_buffer(offsets.astype(np.int32)),
                                                               pa.py_buffer(rows)])
    return pa.Array.from_buffers(pa.large_string(), len(order), [None, pa.py_buffer(offsets), pa.py_buffer(rows)])


def _offsets(keys: pa.Array) -> np.ndarray:
    width = np.int64 if pa.types.is_large_string(keys.type) else np.int32
    return np.frombuffer(keys.buffers()[1], width, len(keys) + 1, keys.offset * np.dtype(width).itemsize)


def _first_byte(keys: pa.Array) -> int:
    return int(_offsets(keys)[0])


def _fixed_width(keys: pa.Array) -> int | None:
    if len(keys) == 0 or keys.null_count or keys.buffers()[2] is None:
        return None
    lengths = np.diff(_offsets(keys))
    width = int(lengths[0])
    return width if width > 0 and bool((lengths == width).all()) else None


def changes(sorted_keys: pa.Array) -> np.ndarray:
    """For each adjacent pair of `sorted_keys`, whether the key changes."""
    if len(sorted_keys) < 2:
        return np.zeros(0, bool)
    width = _fixed_width(sorted_keys)
    if width is not None and width % 8 == 0:
        data = np.frombuffer(sorted_keys.buffers()[2], np.uint8, len(sorted_keys) * width, _first_byte(sorted_keys))
        words = data.view(np.uint64).reshape(len(sorted_keys), width // 8)
        return (words[1:] != words[:-1]).any(axis=1)
    return pc.not_equal(sorted_keys.slice(1), sorted_keys.slice(0, len(sorted_keys) - 1)).to_numpy(
        zero_copy_only=False)


def sort_range(prefix: np.ndarray, keys: pa.Array, rows: np.ndarray | None = None) -> tuple[np.ndarray, pa.Array]:
    """The order of a range by key (indices into `keys`), and the keys in that order. `rows`, if
    given: sort only these rows of `keys`; `prefix` then holds their prefixes only."""
    local = np.argsort(prefix)  # introsort: twice as fast as a stable sort; rows of one key in any order
    ordered = prefix[local]
    order = local if rows is None else rows[local]
    sorted_keys = take_strings(keys, order)
    clash = np.flatnonzero((ordered[1:] == ordered[:-1]) & changes(sorted_keys))
    if not len(clash):
        return order, sorted_keys
    run = np.concatenate([[0], np.cumsum(ordered[1:] != ordered[:-1])])
    starts = np.searchsorted(run, np.unique(run[clash]), side="left")
    ends = np.searchsorted(run, np.unique(run[clash]), side="right")
    if int((ends - starts).sum()) > TIE_RESORT_ROWS:
        chosen = keys.take(pa.array(order))
        order = order[pc.sort_indices(chosen).to_numpy()]
        return order, take_strings(keys, order)
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        values = sorted_keys.slice(lo, hi - lo).to_pylist()
        order[lo:hi] = order[lo:hi][sorted(range(hi - lo), key=lambda i: (values[i], i))]
    return order, take_strings(keys, order)


@dataclass
class PartWriter:
    """Writes sorted ranges as parts of row groups; `put(parquet_bytes, part_number)` uploads one.
    A part is built in memory (tens of MB), not in a local file that is then read back."""

    spec: TableSpec
    dictionaries: dict[str, tuple[pa.Array, np.ndarray]]
    put: Callable[[pa.Buffer, int], None]
    part_rows: int
    row_group_rows: int
    total_rows: int
    parts: int = 0
    rows: int = 0
    _writer: pq.ParquetWriter | None = None
    _sink: pa.BufferOutputStream | None = None
    _in_part: int = 0
    _carry: pa.Table | None = None
    _schema: pa.Schema = field(init=False)

    def __post_init__(self) -> None:
        # A pool kept as it is (too many values to make distinct) maps each code to itself: its
        # codes index the values directly, without a gather through the identity `remap`.
        self._identity = {name for name, (values, remap) in self.dictionaries.items()
                          if len(remap) == len(values) + 1 and bool((remap[:-1] == np.arange(len(values))).all())}
        fields = []
        for f in self.spec.schema:
            small = f.name in self.dictionaries and len(self.dictionaries[f.name][0]) <= SMALL_DICTIONARY
            fields.append(pa.field(f.name, pa.dictionary(pa.int32(), f.type), f.nullable) if small else f)
        self._schema = pa.schema(fields)

    def add(self, rows: pa.Table) -> None:
        """Rows in the spill layout, already sorted, keys above every row added before."""
        table = rows if self._carry is None else pa.concat_tables([self._carry, rows])
        full = table.num_rows - table.num_rows % self.row_group_rows
        for lo in range(0, full, self.row_group_rows):
            self._write(table.slice(lo, self.row_group_rows))
        self._carry = table.slice(full) if full < table.num_rows else None

    def close(self) -> int:
        if self._carry is not None:
            self._write(self._carry)
            self._carry = None
        self._close_part()
        return self.parts

    def _write(self, window: pa.Table) -> None:
        window = window.combine_chunks()
        if self._writer is None:
            key_ndv = max(min(self.part_rows, self.total_rows), 1)
            small = [f.name for f in self._schema if pa.types.is_dictionary(f.type)]
            self._sink = pa.BufferOutputStream()
            self._writer = pq.ParquetWriter(
                self._sink, self._schema, compression=self._compression(), use_dictionary=small,
                write_statistics=[self.spec.key], store_schema=False, dictionary_pagesize_limit=1 << 22,
                write_batch_size=self.row_group_rows,
                bloom_filter_options={self.spec.key: {"ndv": key_ndv, "fpp": 0.01}},
            )
            self._in_part = 0
        self._writer.write_batch(self._batch(window), row_group_size=self.row_group_rows)
        self._in_part += window.num_rows
        self.rows += window.num_rows
        if self._in_part >= self.part_rows:
            self._close_part()

    def _compression(self) -> dict[str, str]:
        """zstd for the key (sorted, it shrinks ~20x), lz4 for the rest: zstd would cost more CPU
        than the whole rest of the write for about a third smaller files."""
        return {f.name: "zstd" if f.name == self.spec.key else COMPRESSION for f in self.spec.schema}

    def _batch(self, window: pa.Table) -> pa.RecordBatch:
        columns = []
        for f in self._schema:
            column = window.column(f.name).chunk(0) if window.num_rows else pa.array([], window.schema.field(
                f.name).type)
            if f.name in self.dictionaries:
                values, remap = self.dictionaries[f.name]
                codes = column.to_numpy() if f.name in self._identity else remap[column.to_numpy()]
                null = codes < 0
                indices = pa.array(codes, pa.int32(), mask=null if null.any() else None)
                column = (pa.DictionaryArray.from_arrays(indices, values) if pa.types.is_dictionary(f.type)
                          else values.take(indices))
            columns.append(column)
        return pa.RecordBatch.from_arrays(columns, schema=self._schema)

    def _close_part(self) -> None:
        if self._writer is None:
            return
        self._writer.close()
        self._writer = None
        assert self._sink is not None
        data, self._sink = self._sink.getvalue(), None
        self.put(data, self.parts)
        self.parts += 1


def sorted_rows(group: pa.Table, spec: TableSpec, keep: np.ndarray) -> pa.Table:
    """The kept rows of a range (spill layout), sorted by key, in the table's columns. The kept
    rows are only indexed, not copied, before the sort: each column is gathered once."""
    kept = None if keep.all() else np.flatnonzero(keep)
    prefix = group.column(PREFIX).to_numpy()
    keys = group.column(spec.key).combine_chunks()
    order, sorted_keys = sort_range(prefix if kept is None else prefix[kept], keys, kept)
    indices = pa.array(order)
    columns = []
    for name in spec.schema.names:
        if name == spec.key:
            columns.append(sorted_keys)
        elif name in spec.coded:
            columns.append(pa.array(np.take(group.column(name).to_numpy(), order)))
        else:
            columns.append(group.column(name).take(indices).combine_chunks())
    return pa.table(columns, names=spec.schema.names)
