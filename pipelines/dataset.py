"""The analyst dataset: one row per transcript turn or chat message, redacted, in the redacted zone.

Layout (Hive-partitioned by the conversation's start date, one file per conversation so that
re-processing replaces it and erasure or consent withdrawal deletes it):

    redacted/dataset/turns/date=YYYY-MM-DD/<conversation_id>.parquet

`conversation_id` is keyed (HMAC-SHA256 of the raw object's URI with the deployment secret): an
analyst can group by it but cannot tell which raw object, file name or customer it came from.
Without a secret key the dataset is not written (like the subject index). The schema is
`TURN_SCHEMA` below; README "The analyst dataset" documents every column.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq

from callscrub.records import ChatMessage, Detection, Transcript
from detectors.transcript import build_turns
from storage.base import ObjectStore

PREFIX = "dataset/turns"
SCHEMA_VERSION = 1

TURN_SCHEMA = pa.schema([
    pa.field("conversation_id", pa.string(), nullable=False),  # keyed pseudonym of the call/chat
    pa.field("channel", pa.string(), nullable=False),          # voice | chat
    pa.field("queue", pa.string()),                            # routing queue from the metadata, if any
    pa.field("started_at", pa.timestamp("us", tz="UTC")),      # when the conversation started
    pa.field("turn", pa.int32(), nullable=False),              # 0-based turn (call) or message (chat)
    pa.field("speaker_role", pa.string(), nullable=False),     # agent | customer | unknown | ...
    pa.field("start_s", pa.float32()),                         # seconds from the conversation's start
    pa.field("end_s", pa.float32()),
    pa.field("text", pa.string(), nullable=False),             # redacted text
    pa.field("words", pa.int32(), nullable=False),
    pa.field("entities", pa.int32(), nullable=False),          # personal data items redacted in the turn
    pa.field("entity_counts", pa.map_(pa.string(), pa.int32()), nullable=False),  # by entity type
    pa.field("language", pa.string()),
    pa.field("duration_s", pa.float32()),                      # of the whole conversation
    pa.field("processed_at", pa.timestamp("us", tz="UTC"), nullable=False),
], metadata={b"callscrub.schema": b"analyst-turns", b"callscrub.schema_version": str(SCHEMA_VERSION).encode()})


@dataclass(frozen=True)
class Conversation:
    """What every row of one conversation shares."""

    conversation_id: str
    channel: str
    queue: str | None
    started_at: datetime | None
    language: str | None
    duration_s: float | None


def conversation_id(secret: str, source_uri: str) -> str:
    return hmac.new(secret.encode("utf-8"), f"conversation:{source_uri}".encode(), hashlib.sha256).hexdigest()[:20]


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 timestamp as UTC, or None when absent or unreadable (never an error)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _counts(detections: list[Detection]) -> dict[int, Counter[str]]:
    by_turn: dict[int, Counter[str]] = {}
    for d in detections:
        by_turn.setdefault(d.turn, Counter())[d.entity_type] += 1
    return by_turn


def recording_turns(redacted: Transcript) -> list[tuple[str, float | None, float | None, str]]:
    """(speaker, start, end, text) of each turn of a redacted transcript, as the dataset holds it."""
    out = []
    for turn in build_turns(redacted):
        segs = sorted({r.segment for r in turn.words})
        start = min(redacted.segments[s].start for s in segs) if segs else None
        end = max(redacted.segments[s].end for s in segs) if segs else None
        # Segment texts, not the turn's words: every word of a redacted value carries its token.
        out.append((turn.speaker, start, end, " ".join(redacted.segments[s].text for s in segs)))
    return out


def recording_rows(conv: Conversation, redacted: Transcript, detections: list[Detection],
                   processed_at: datetime) -> list[dict[str, object]]:
    counts = _counts(detections)
    return [_row(conv, i, speaker, start, end, text, counts.get(i, Counter()), processed_at)
            for i, (speaker, start, end, text) in enumerate(recording_turns(redacted))]


def replace_texts(data: bytes, texts: list[str]) -> bytes:
    """A conversation's dataset file with its turns' texts (and word counts) replaced, the rest kept."""
    table = pq.read_table(io.BytesIO(data))
    if table.num_rows != len(texts):
        raise ValueError("one text per dataset row is required")
    order = table.column("turn").to_pylist()
    new = [texts[t] for t in order]
    table = table.set_column(table.schema.get_field_index("text"), TURN_SCHEMA.field("text"), pa.array(new))
    table = table.set_column(table.schema.get_field_index("words"), TURN_SCHEMA.field("words"),
                             pa.array([len(t.split()) for t in new], pa.int32()))
    buf = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(TURN_SCHEMA.metadata), buf, compression="zstd")
    return buf.getvalue()


def chat_rows(conv: Conversation, messages: list[ChatMessage], texts: list[str], detections: list[Detection],
              processed_at: datetime) -> list[dict[str, object]]:
    counts = _counts(detections)
    times = [parse_time(m.ts) for m in messages]
    first = conv.started_at or next((t for t in times if t is not None), None)
    rows = []
    for i, (msg, text, ts) in enumerate(zip(messages, texts, times, strict=True)):
        offset = (ts - first).total_seconds() if ts is not None and first is not None else None
        rows.append(_row(conv, i, speaker_role(msg.sender), offset, offset, text, counts.get(i, Counter()),
                         processed_at))
    return rows


def chat_conversation(cid: str, queue: str | None, messages: list[ChatMessage], started: object) -> Conversation:
    times = [t for t in (parse_time(m.ts) for m in messages) if t is not None]
    start = parse_time(started) or (min(times) if times else None)
    duration = (max(times) - start).total_seconds() if times and start is not None else None
    return Conversation(cid, "chat", queue, start, None, duration)


KNOWN_ROLES = frozenset({"agent", "customer", "system", "supervisor", "bot", "custom_bot", "unknown"})


def speaker_role(sender: str) -> str:
    """A chat sender as a role. Generic JSON and CSV senders are free text and may be a name or
    an e-mail: anything but a known role becomes "other", never copied into the dataset."""
    role = sender.strip().lower()
    return role if role in KNOWN_ROLES else ("unknown" if not role else "other")


def _row(conv: Conversation, turn: int, speaker: str, start: float | None, end: float | None, text: str,
         counts: Counter[str], processed_at: datetime) -> dict[str, object]:
    return {
        "conversation_id": conv.conversation_id, "channel": conv.channel, "queue": conv.queue,
        "started_at": conv.started_at, "turn": turn, "speaker_role": speaker, "start_s": start, "end_s": end,
        "text": text, "words": len(text.split()), "entities": sum(counts.values()),
        "entity_counts": sorted(counts.items()), "language": conv.language, "duration_s": conv.duration_s,
        "processed_at": processed_at,
    }


def dataset_key(conv: Conversation, processed_at: datetime) -> str:
    day = (conv.started_at or processed_at).date().isoformat()
    return f"{PREFIX}/date={day}/{conv.conversation_id}.parquet"


def write_conversation(redacted_zone: ObjectStore, conv: Conversation, rows: list[dict[str, object]],
                       processed_at: datetime) -> str:
    """Write (or replace) one conversation's rows; returns the key written."""
    table = pa.Table.from_pylist(rows, schema=TURN_SCHEMA)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return redacted_zone.put(dataset_key(conv, processed_at), buf.getvalue()).key
