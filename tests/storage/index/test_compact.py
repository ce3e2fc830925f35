"""Compaction internals: the spill path, key-prefix ties, supersession by codes, ordering."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from storage.index.compact import compact
from storage.index.compact_scan import key_prefix
from storage.index.compact_sort import sort_range
from storage.index.reader import IndexReader, Manifest
from storage.index.schema import LinkRow, SubjectRow
from storage.index.writer import write_object_rows
from storage.open import open_store

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _write(index, uri: str, run: str, keys: list[str], at: datetime, links: list[LinkRow] = ()) -> None:  # noqa: ANN001
    rows = [SubjectRow(k, "email", uri, "v1", "chat", uri, "self_disclosed", i, 0, 5, None, None,
                       "customer" if i % 2 else None, "EMAIL_ADDRESS", "test", 0.5 + i / 1000, None, at, run)
            for i, k in enumerate(keys)]
    write_object_rows(index, run, uri, "v1", "chat", rows, list(links), at)


def _hex(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()


def _subjects(index) -> list[dict]:  # noqa: ANN001
    return IndexReader(index).con.sql(
        "SELECT * FROM subjects ORDER BY subject_key, object_uri, turn").to_arrow_table().to_pylist()


@pytest.fixture()
def index(tmp_path: Path):  # noqa: ANN201
    return open_store(tmp_path / "index")


def test_key_prefix_orders_like_the_strings() -> None:
    keys = pa.array(["", "a", "a\x00", "ab", "abcdefgh", "abcdefghi", "abcdefgi", "b", "é", "ÿÿ"])
    prefix = key_prefix(keys)
    assert all(prefix[i] <= prefix[i + 1] for i in range(len(keys) - 1))
    assert prefix[4] == prefix[5], "only the first 8 bytes count"
    assert key_prefix(keys.slice(3, 2)).tolist() == prefix[3:5].tolist(), "sliced arrays"


@pytest.mark.parametrize("width", ["fixed", "variable"])
def test_ties_in_the_prefix_are_broken_by_the_whole_key(width: str) -> None:
    rng = np.random.default_rng(7)
    tails = [f"{n:05d}" for n in rng.permutation(3000)]
    keys = [("samepref" if i % 3 else "otherpre") + t + ("" if width == "fixed" else "x" * (i % 4))
            for i, t in enumerate(tails)]
    array = pa.array(keys)
    order, sorted_keys = sort_range(key_prefix(array), array)
    assert sorted_keys.to_pylist() == sorted(keys)
    assert [keys[i] for i in order] == sorted(keys)


def test_many_prefix_ties_are_sorted_too() -> None:
    keys = [f"file:///raw/{n:06d}.json" for n in np.random.default_rng(1).permutation(5000)]
    array = pa.array(keys)
    _, sorted_keys = sort_range(key_prefix(array), array)
    assert sorted_keys.to_pylist() == sorted(keys)


def test_the_spill_path_gives_the_same_index_as_memory(tmp_path: Path) -> None:
    stores = [open_store(tmp_path / name) for name in ("memory", "spilled")]
    for index in stores:
        for n in range(60):
            keys = [_hex(n * 7 + j) for j in range(6)] + [f"prefixed-{n % 5}-{j}" for j in range(3)]
            _write(index, f"file:///raw/{n}.json", "run1", keys, T0)
        for n in range(0, 60, 7):  # re-processed: these objects' run1 rows are superseded
            _write(index, f"file:///raw/{n}.json", "run2", [_hex(1000 + n)], T0 + timedelta(hours=1))
    expected = _subjects(stores[0])
    compact(stores[0])
    result = compact(stores[1], bucket_rows=40, row_group_rows=16, part_rows=64)
    assert result.rows["subjects"] == len(expected)
    for index in stores:
        assert _subjects(index) == expected
    parts = Manifest.load(stores[1]).compacted["subjects"]
    keys = [k for p in parts for k in pq.read_table(stores[1].presign(p)).column("subject_key").to_pylist()]
    assert keys == sorted(keys), "sorted across spill ranges and parts"
    assert len(parts) > 3
    meta = pq.ParquetFile(stores[1].presign(parts[0])).metadata
    assert meta.row_group(0).num_rows == 16 and meta.num_rows == 64
    assert not list((tmp_path / "spilled").rglob("*.arrow"))


def test_a_newer_run_wins_over_compacted_rows_and_older_deltas_lose(index) -> None:  # noqa: ANN001
    _write(index, "file:///raw/a.json", "r1", ["k1", "k2"], T0)
    _write(index, "file:///raw/b.json", "r1", ["k1"], T0)
    compact(index)
    _write(index, "file:///raw/a.json", "r0", ["k-stale"], T0 - timedelta(hours=1))  # older than compacted
    _write(index, "file:///raw/b.json", "r2", ["k3"], T0 + timedelta(hours=1))  # newer: replaces b
    _write(index, "file:///raw/b.json", "r3", ["k4"], T0 + timedelta(hours=2))  # newer still
    expected = _subjects(index)
    compact(index, bucket_rows=2)
    got = _subjects(index)
    assert got == expected
    assert sorted(r["subject_key"] for r in got) == ["k1", "k2", "k4"]


def test_compacted_columns_read_back_as_plain_types(index) -> None:  # noqa: ANN001
    _write(index, "file:///raw/a.json", "r1", ["k1", "k2", "k3"], T0)
    compact(index)
    part = Manifest.load(index).compacted["subjects"][0]
    table = pq.read_table(index.presign(part))
    from storage.index.schema import SUBJECT_SCHEMA

    assert table.schema.equals(SUBJECT_SCHEMA, check_metadata=False)
    assert table.column("speaker").to_pylist() == [None, "customer", None]


@pytest.mark.parametrize("width", ["fixed", "variable"])
def test_a_subset_of_rows_is_sorted_without_copying_it_first(width: str) -> None:
    rng = np.random.default_rng(3)
    keys = [_hex(int(n)) if width == "fixed" else f"k{n}" for n in rng.permutation(400)]
    array = pa.array(keys)
    rows = np.flatnonzero(rng.random(400) < 0.6)
    order, sorted_keys = sort_range(key_prefix(array)[rows], array, rows)
    assert sorted_keys.to_pylist() == sorted(keys[i] for i in rows)
    assert sorted(order.tolist()) == rows.tolist()


def test_pools_kept_as_they_are_decode_the_same(index, monkeypatch) -> None:  # noqa: ANN001
    """A pool too big to make distinct maps codes to themselves; the writer then indexes its values
    directly (no gather through the identity remap). Forced here for every column: same rows, and
    nulls (speaker, display_hint) stay null."""
    import storage.index.compact_scan as scan

    for n in range(12):
        _write(index, f"file:///raw/{n}.json", "run1", [_hex(n * 3 + j) for j in range(3)], T0)
    _write(index, "file:///raw/3.json", "run2", [_hex(999)], T0 + timedelta(hours=1))
    expected = _subjects(index)
    monkeypatch.setattr(scan, "DEDUPLICATE_UP_TO", 0)
    compact(index, bucket_rows=10, row_group_rows=4)
    got = _subjects(index)
    assert got == expected
    assert {r["speaker"] for r in got} == {None, "customer"}
