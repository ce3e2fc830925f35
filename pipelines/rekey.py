"""Key rotation: re-derive every index row under a new secret from the private zone.

The index holds only keyed hashes, so rotating the secret means re-reading what was found:
the private transcripts and detection reports (and the raw chats and sidecars), recomputing
each row's key with the new secret, and writing them as a newer run that supersedes the old
rows; compaction then drops the old keys for good.
"""

from __future__ import annotations

import json
import posixpath
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import SecretStr

from callscrub.chats import parse_chat
from callscrub.config import Settings
from callscrub.errors import BadInputError, ObjectNotFoundError
from callscrub.records import Detection, Transcript
from detectors.transcript import build_turns
from pipelines.indexing import index_rows
from pipelines.ledger import PREFIX, LedgerEntry
from storage.index.compact import compact
from storage.index.writer import write_object_rows
from storage.layout import Layout


@dataclass(frozen=True)
class RekeyResult:
    run_id: str
    rekeyed: int
    dropped: int  # objects whose private artefacts are gone: their old rows are removed, not re-keyed
    rows: int


def _entries(layout: Layout) -> list[LedgerEntry]:
    index = layout.zone("index")
    return [LedgerEntry(**json.loads(index.get(o.key))) for o in index.list(f"{PREFIX}/")]


def _detections(layout: Layout, key: str) -> list[Detection]:
    report = json.loads(layout.zone("private").get(f"detections/{key}.json"))
    return [Detection(**d) for d in report["detections"]]


def _values(
    layout: Layout, entry: LedgerEntry,
) -> tuple[str, list[tuple[Detection, str]], dict[str, object] | None, str | None]:
    detections = _detections(layout, entry.key)
    if "transcript" in entry.outputs:
        transcript = Transcript.from_dict(json.loads(layout.zone("private").get(entry.outputs["transcript"])))
        turns = build_turns(transcript)
        values = [(d, turns[d.turn].text[d.char_start : d.char_end]) for d in detections]
        sidecar_key = posixpath.splitext(entry.key)[0] + ".json"
        try:
            sidecar = json.loads(layout.raw.get(sidecar_key))
        except (ObjectNotFoundError, json.JSONDecodeError):
            sidecar = None
        return "recording", values, sidecar if isinstance(sidecar, dict) else None, sidecar_key
    doc = parse_chat(layout.raw.get(entry.key), posixpath.splitext(entry.key)[1].lower())
    return "chat", [(d, doc.messages[d.turn].text[d.char_start : d.char_end]) for d in detections], None, None


def _residuals(layout: Layout, entry: LedgerEntry) -> int | None:
    """The object's verification result, carried over to its new marker."""
    key = entry.outputs.get("verification")
    if key is None:
        return None
    try:
        return len(json.loads(layout.zone("private").get(key))["residuals"])
    except (ObjectNotFoundError, json.JSONDecodeError, KeyError):
        return None


def rekey(layout: Layout, settings: Settings, new_secret: str) -> RekeyResult:
    """Write every processed object's rows under `new_secret`, then compact the old keys away."""
    if len(new_secret) < 32:
        raise ValueError("the new secret key must be at least 32 characters")
    new_settings = settings.model_copy(update={"secret_key": SecretStr(new_secret)})
    run_id = f"rekey-{uuid.uuid4().hex[:8]}"
    index = layout.zone("index")
    rekeyed = dropped = total = 0
    for entry in _entries(layout):
        if entry.status != "processed":
            continue
        uri = layout.raw.uri_for(entry.key)
        now = datetime.now(tz=UTC)
        try:
            kind, values, sidecar, sidecar_key = _values(layout, entry)
        except (ObjectNotFoundError, BadInputError, KeyError):
            write_object_rows(index, run_id, uri, entry.etag, "unknown", [], [], now)  # supersede, drop
            dropped += 1
            continue
        # Only what still exists: retention, consent withdrawal or erasure may have deleted some.
        stores = {k: layout.zone("redacted" if k.startswith("redacted_") else "private") for k in entry.outputs}
        outputs = {k: stores[k].uri_for(v) for k, v in entry.outputs.items() if stores[k].head(v) is not None}
        rows, links = index_rows(new_settings, object_uri=uri, object_version=entry.etag, kind=kind,
                                 outputs=outputs, sidecar=sidecar, detections=values, run_id=run_id,
                                 observed_at=now,
                                 sidecar_uri=layout.raw.uri_for(sidecar_key) if sidecar is not None else None)
        if layout.raw.head(entry.key) is None:  # raw audio deleted (no recording consent, retention)
            rows = [r for r in rows if r.object_uri != uri]
        write_object_rows(index, run_id, uri, entry.etag, kind, rows, links, now, _residuals(layout, entry))
        rekeyed += 1
        total += len(rows)
    compact(index)
    return RekeyResult(run_id, rekeyed, dropped, total)
