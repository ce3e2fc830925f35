"""Take deleted objects out of the subject index (retention, consent withdrawal, erasure).

The index is append-only: nothing is edited in place. Each source object whose rows point at a
deleted object gets its rows written again, minus those, as a newer run (the same marker rule as
any write), and the next compaction drops the superseded rows.
"""

from __future__ import annotations

from datetime import UTC, datetime

from storage.base import ObjectStore
from storage.index.reader import IndexReader
from storage.index.schema import LinkRow, SubjectRow
from storage.index.writer import write_object_rows


def drop_objects(index: ObjectStore, gone: set[str], run_id: str) -> int:
    """Re-write each affected source object's rows as a newer run without the objects in `gone`
    (URIs); returns how many sources were re-written. Readers keep only the newest run per source,
    so lookups stop pointing at deleted objects at once; compaction drops the old rows."""
    reader = IndexReader(index)
    params = {"gone": sorted(gone)}
    sources = [r[0] for r in reader.con.execute(
        "SELECT DISTINCT source_uri FROM subjects WHERE object_uri IN (SELECT unnest($gone)) "
        "UNION SELECT DISTINCT object_uri FROM objects WHERE object_uri IN (SELECT unnest($gone))", params).fetchall()]
    now = datetime.now(tz=UTC)
    for source in sources:
        marker = reader.con.execute("SELECT object_version, object_kind, residuals FROM objects WHERE object_uri = $s",
                                    {"s": source}).fetchall()
        version, kind, residuals = marker[0] if marker else ("", "recording", None)
        rows = reader.con.sql(
            "SELECT * FROM subjects WHERE source_uri = $s AND object_uri NOT IN (SELECT unnest($gone))",
            params={"s": source, **params}).to_arrow_table().to_pylist()
        links = reader.con.sql(
            "SELECT * FROM links WHERE object_uri = $s AND object_uri NOT IN (SELECT unnest($gone))",
            params={"s": source, **params}).to_arrow_table().to_pylist()
        write_object_rows(
            index, run_id, source, version, kind,
            [SubjectRow(**{**r, "run_id": run_id}) for r in rows],
            [LinkRow(**{**r, "run_id": run_id}) for r in links], now, residuals,
        )
    reader.con.close()
    return len(sources)
