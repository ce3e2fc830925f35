"""The layout floor (bench/index_layout_floor.py) measures what it says: both layouts hold the same
rows, sorted by key, and the refs table has one row per (object, run)."""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import index_compaction  # noqa: E402
import index_layout_floor as floor  # noqa: E402


@pytest.mark.slow
def test_both_layouts_hold_the_same_rows_sorted_by_key(tmp_path: Path) -> None:
    data = index_compaction.dataset(tmp_path / "cache", 20_000, 10)
    files = sorted(Path(data.store, "subjects", "delta").rglob("*.parquet"))
    work = tmp_path / "floor"
    columns = floor.floor(files, work / "columns", "columns")
    refs = floor.floor(files, work / "refs", "refs")
    assert columns["rows"] == refs["rows"] == data.delta_rows
    assert floor.same_rows(work)
    keys = pq.read_table(next((work / "columns").glob("part-*.parquet")), columns=["subject_key"]).column(0).to_pylist()
    assert keys == sorted(keys)
    ref_table = pq.read_table(work / "refs" / "refs.parquet")
    pairs = set(zip(ref_table.column("object_uri").to_pylist(), ref_table.column("run_id").to_pylist(), strict=True))
    assert len(pairs) == ref_table.num_rows < refs["rows"]
    timings = floor.lookups(work, data.present)
    assert set(timings) == {"columns", "refs, joined view", "refs, two queries"}
