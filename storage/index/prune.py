"""Re-write index rows after data changed under them (retention, consent, erasure, rectification).

The index is append-only: nothing is edited in place. Each affected source object gets its rows
written again, transformed, as a newer run (the same marker rule as any write); readers keep only
the newest run per source, so lookups change at once, and the next compaction drops the old rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from storage.base import ObjectStore
from storage.index.reader import IndexReader
from storage.index.schema import LinkRow, SubjectRow
from storage.index.writer import write_object_rows

Row = dict[str, Any]


def _rewrite(index: ObjectStore, reader: IndexReader, sources: list[str], run_id: str,
             rows_of: Callable[[list[Row]], list[Row]], links_of: Callable[[list[Row]], list[Row]]) -> int:
    now = datetime.now(tz=UTC)
    for source in sources:
        marker = reader.con.execute("SELECT object_version, object_kind, residuals FROM objects WHERE object_uri = $s",
                                    {"s": source}).fetchall()
        version, kind, residuals = marker[0] if marker else ("", "recording", None)
        rows = reader.con.sql("SELECT * FROM subjects WHERE source_uri = $s", params={"s": source}).to_arrow_table()
        links = reader.con.sql("SELECT * FROM links WHERE object_uri = $s", params={"s": source}).to_arrow_table()
        write_object_rows(
            index, run_id, source, version, kind,
            [SubjectRow(**{**r, "run_id": run_id}) for r in rows_of(rows.to_pylist())],
            [LinkRow(**{**r, "run_id": run_id}) for r in links_of(links.to_pylist())], now, residuals,
        )
    return len(sources)


def drop_objects(index: ObjectStore, gone: set[str], run_id: str) -> int:
    """Re-write each affected source object's rows as a newer run without the objects in `gone`
    (URIs); returns how many sources were re-written."""
    reader = IndexReader(index)
    params = {"gone": sorted(gone)}
    sources = [r[0] for r in reader.con.execute(
        "SELECT DISTINCT source_uri FROM subjects WHERE object_uri IN (SELECT unnest($gone)) "
        "UNION SELECT DISTINCT object_uri FROM objects WHERE object_uri IN (SELECT unnest($gone))", params).fetchall()]
    try:
        return _rewrite(index, reader, sorted(sources), run_id,
                        lambda rows: [r for r in rows if r["object_uri"] not in gone],
                        lambda links: [k for k in links if k["object_uri"] not in gone])
    finally:
        reader.con.close()


def drop_keys(index: ObjectStore, sources: set[str], keys: set[str], run_id: str) -> int:
    """Re-write the rows of `sources` without any row or link of the subject keys `keys` (erasure)."""
    reader = IndexReader(index)
    try:
        return _rewrite(index, reader, sorted(sources), run_id,
                        lambda rows: [r for r in rows if r["subject_key"] not in keys],
                        lambda links: [k for k in links if k["key_a"] not in keys and k["key_b"] not in keys])
    finally:
        reader.con.close()


def replace_keys(index: ObjectStore, sources: set[str], mapping: dict[str, str], run_id: str) -> int:
    """Re-write the rows of `sources` with each old subject key in `mapping` replaced by its new key
    (rectification: a corrected e-mail takes the place of the wrong one, links included)."""
    reader = IndexReader(index)

    def rows_of(rows: list[Row]) -> list[Row]:
        return [{**r, "subject_key": mapping.get(r["subject_key"], r["subject_key"])} for r in rows]

    def links_of(links: list[Row]) -> list[Row]:
        out = []
        for k in links:
            a, b = mapping.get(k["key_a"], k["key_a"]), mapping.get(k["key_b"], k["key_b"])
            if a != b:
                out.append({**k, "key_a": min(a, b), "key_b": max(a, b),
                            "type_a": k["type_a"] if a <= b else k["type_b"],
                            "type_b": k["type_b"] if a <= b else k["type_a"]})
        return out

    try:
        return _rewrite(index, reader, sorted(sources), run_id, rows_of, links_of)
    finally:
        reader.con.close()
