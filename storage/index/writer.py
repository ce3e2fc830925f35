"""Append-only writes: one small Parquet file per (run, object), never a read-modify-write.

Two runs at once cannot lose each other's rows: each writes its own files. Re-processing an
object writes a newer file; readers and compaction keep only the newest run per object (the
`objects` marker table says which run that is, even when it found nothing).
"""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

import pyarrow as pa
import pyarrow.parquet as pq

from storage.base import ObjectStore
from storage.index.schema import LINK_SCHEMA, SUBJECT_SCHEMA, LinkRow, SubjectRow, to_table

OBJECT_SCHEMA = pa.schema([
    pa.field("object_uri", pa.string(), nullable=False),
    pa.field("object_version", pa.string(), nullable=False),
    pa.field("object_kind", pa.string(), nullable=False),
    pa.field("rows", pa.int64(), nullable=False),
    pa.field("observed_at", pa.timestamp("us", tz="UTC"), nullable=False),
    pa.field("run_id", pa.string(), nullable=False),
    pa.field("residuals", pa.int32()),  # verification findings in the redacted outputs; null: not verified
])
TABLES = ("subjects", "links", "objects")


def parquet_bytes(table: pa.Table) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def delta_key(table: str, run_id: str, object_uri: str) -> str:
    digest = hashlib.sha256(object_uri.encode("utf-8")).hexdigest()[:32]
    return f"{table}/delta/{run_id}/{digest}.parquet"


def write_object_rows(
    index: ObjectStore, run_id: str, object_uri: str, object_version: str, object_kind: str,
    rows: list[SubjectRow], links: list[LinkRow], observed_at: datetime, residuals: int | None = None,
) -> None:
    """Write this run's rows for one object. The marker goes last: a crash before it leaves
    rows that no reader trusts (they belong to no recorded run), never a half-visible object."""
    index.put(delta_key("subjects", run_id, object_uri), parquet_bytes(to_table(rows, SUBJECT_SCHEMA)))
    index.put(delta_key("links", run_id, object_uri), parquet_bytes(to_table(links, LINK_SCHEMA)))
    marker = pa.Table.from_pylist(
        [{"object_uri": object_uri, "object_version": object_version, "object_kind": object_kind,
          "rows": len(rows), "observed_at": observed_at, "run_id": run_id, "residuals": residuals}],
        schema=OBJECT_SCHEMA,
    )
    index.put(delta_key("objects", run_id, object_uri), parquet_bytes(marker))
