"""What consent means for the data: withdrawals take effect on what exists, and the pipeline
honours the register for what arrives.

* analytics withdrawn: the subject's conversations (where they are the primary subject) leave the
  analyst dataset now, and are not added again by later runs.
* recording withdrawn (or never given, with `consent.recording_required`): the raw audio of the
  subject's recordings is deleted (every version) once the private transcript and the redacted
  outputs exist, now for what was processed, at ingest for what comes later.

Both follow the subject through the index's identity links (consent given with an e-mail covers
the calls that carry only the phone number), and take the deleted objects out of the index.
"""

from __future__ import annotations

from dataclasses import dataclass

from callscrub.config import Settings
from storage.consent import ConsentRegister, denies
from storage.index.reader import IndexReader
from storage.index.prune import drop_objects
from storage.layout import Layout


@dataclass(frozen=True)
class Effect:
    deleted: tuple[str, ...]  # URIs
    index_sources_updated: int


def withdraw_effects(layout: Layout, settings: Settings, keys: list[str], purpose: str, run_id: str,
                     deleted: list[str] | None = None, reader: IndexReader | None = None) -> Effect:
    """Apply a withdrawal of `purpose` to what already exists for the subject `keys` (and the
    identifiers linked to them). URIs are appended to `deleted` as they go, so a caller can audit
    what was done before an error. `reader`: an open index reader to reuse (one is opened if not)."""
    if purpose not in ("analytics", "recording"):
        return Effect((), 0)
    if purpose == "recording" and not settings.consent.delete_raw_audio_without_recording_consent:
        return Effect((), 0)
    reader = reader or IndexReader(layout.zone("index"))
    rows = reader.find(list(dict.fromkeys([*keys, *reader.linked(keys)]))).to_pylist()
    primary = [r for r in rows if r["role"] == "primary"]
    if purpose == "analytics":
        targets = {r["object_uri"] for r in primary if r["object_kind"] == "redacted_dataset"}
    else:
        transcribed = {r["source_uri"] for r in primary if r["object_kind"] == "transcript"}
        targets = {r["object_uri"] for r in primary if r["object_kind"] == "recording" and r["object_uri"] in transcribed}
    deleted = [] if deleted is None else deleted
    start = len(deleted)
    try:
        for uri in sorted(targets):
            where = layout.locate(uri)
            if where is not None and where[1].delete(where[2]):
                deleted.append(uri)
    finally:
        mine = set(deleted[start:])
        updated = drop_objects(layout.zone("index"), mine, run_id) if mine else 0
    return Effect(tuple(deleted[start:]), updated)


def ingest_decision(layout: Layout, settings: Settings, primary_keys: list[str]) -> tuple[bool, bool]:
    """(keep the raw audio, write analyst rows) for a new object of the subject `primary_keys`."""
    if not primary_keys:
        return True, not settings.consent.analytics_required
    current = ConsentRegister(layout.zone("governance")).current(primary_keys)
    no_recording = denies(current.get("recording"), settings.consent.recording_required)
    no_analytics = denies(current.get("analytics"), settings.consent.analytics_required)
    keep_raw = not (no_recording and settings.consent.delete_raw_audio_without_recording_consent)
    return keep_raw, not no_analytics
