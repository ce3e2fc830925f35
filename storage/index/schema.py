"""Index rows: one per (subject identifier, object, location). References and keyed hashes only."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import pyarrow as pa

SUBJECT_SCHEMA = pa.schema([
    pa.field("subject_key", pa.string(), nullable=False),   # HMAC-SHA256 hex of type:normalised value
    pa.field("identifier_type", pa.string(), nullable=False),  # email, phone, customer_id, card, name, ...
    pa.field("object_uri", pa.string(), nullable=False),     # where the data lives (raw object or an output)
    pa.field("object_version", pa.string(), nullable=False),  # etag / version id of the source processed
    pa.field("object_kind", pa.string(), nullable=False),    # recording | chat | transcript | redacted_* ...
    pa.field("source_uri", pa.string(), nullable=False),     # the raw object it was derived from
    pa.field("role", pa.string(), nullable=False),           # primary (the object's subject) | mentioned
    pa.field("turn", pa.int32()),                            # turn (transcript) or message (chat) index
    pa.field("char_start", pa.int32()),
    pa.field("char_end", pa.int32()),
    pa.field("t_start", pa.float32()),
    pa.field("t_end", pa.float32()),
    pa.field("speaker", pa.string()),
    pa.field("entity_type", pa.string()),
    pa.field("detector", pa.string()),                       # recognizer name, or "metadata" for sidecars
    pa.field("score", pa.float32()),
    pa.field("display_hint", pa.string()),                   # e.g. card last 4, only if configured
    pa.field("observed_at", pa.timestamp("us", tz="UTC"), nullable=False),
    pa.field("run_id", pa.string(), nullable=False),
])

LINK_SCHEMA = pa.schema([
    pa.field("key_a", pa.string(), nullable=False),
    pa.field("type_a", pa.string(), nullable=False),
    pa.field("key_b", pa.string(), nullable=False),
    pa.field("type_b", pa.string(), nullable=False),
    pa.field("object_uri", pa.string(), nullable=False),     # evidence: where they co-occurred
    pa.field("object_version", pa.string(), nullable=False),
    pa.field("observed_at", pa.timestamp("us", tz="UTC"), nullable=False),
    pa.field("run_id", pa.string(), nullable=False),
])


@dataclass(frozen=True)
class SubjectRow:
    subject_key: str
    identifier_type: str
    object_uri: str
    object_version: str
    object_kind: str
    source_uri: str
    role: str
    turn: int | None
    char_start: int | None
    char_end: int | None
    t_start: float | None
    t_end: float | None
    speaker: str | None
    entity_type: str
    detector: str
    score: float | None
    display_hint: str | None
    observed_at: object  # datetime (UTC)
    run_id: str


@dataclass(frozen=True)
class LinkRow:
    key_a: str
    type_a: str
    key_b: str
    type_b: str
    object_uri: str
    object_version: str
    observed_at: object
    run_id: str


def to_table(rows: list[SubjectRow] | list[LinkRow], schema: pa.Schema) -> pa.Table:
    names = [f.name for f in schema]
    if rows and [f.name for f in fields(rows[0])] != names:
        raise TypeError("row type does not match the schema")
    return pa.Table.from_pylist([asdict(r) for r in rows], schema=schema)
