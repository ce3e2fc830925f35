"""Erasure (GDPR Art. 17): plan it, then carry the plan out step by step, resumably.

The plan lists every conversation of the subject (given identifiers and every identifier linked
to them): `delete` where it is theirs (every object derived from it, in every zone, every
version, its ledger entry), `redact` where they are only mentioned (their spans, see `mentions`),
`held` where a legal hold covers it. The plan is computed once and checkpointed with the request;
each step after it is checkpointed when done, so a run that crashed resumes at the first step
without a checkpoint and never does a step twice. Deletions and in-place rewrites are idempotent
besides, so a crash inside a step (before its checkpoint) repeats it harmlessly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from callscrub.config import Settings
from callscrub.errors import ObjectNotFoundError
from callscrub.records import Transcript
from pipelines.dsr.mentions import RecordingEdit, apply_recording, erase_chat_text, plan_recording, purge_outputs
from pipelines.dsr.subject import Conversation, SpanRef, resolve
from pipelines.ledger import delete_entry, read_entry
from storage.index.prune import drop_keys, drop_objects
from storage.index.reader import IndexReader
from storage.layout import Layout

Action = Literal["delete", "redact", "held"]


@dataclass(frozen=True)
class PlanItem:
    source_uri: str
    kind: str  # recording | chat
    action: Action
    role: str  # the subject's role in the conversation
    objects: tuple[str, ...]  # delete: every URI to delete; redact: the conversation's objects
    spans: tuple[SpanRef, ...] = ()
    edit: dict[str, Any] | None = None  # recordings to redact: RecordingEdit.to_dict()
    hold: str | None = None
    hold_reason: str | None = None


@dataclass(frozen=True)
class ErasurePlan:
    keys: dict[str, str]  # subject key -> identifier type
    items: tuple[PlanItem, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"keys": self.keys, "items": [asdict(i) for i in self.items]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ErasurePlan:
        items = tuple(PlanItem(**{**i, "objects": tuple(i["objects"]), "spans": tuple(SpanRef(**s) for s in i["spans"])})
                      for i in data["items"])
        return cls(dict(data["keys"]), items)

    def counts(self) -> dict[str, int]:
        out = {"delete": 0, "redact": 0, "held": 0}
        for i in self.items:
            out[i.action] += 1
        return out


def _raw_key(layout: Layout, uri: str) -> str | None:
    where = layout.locate(uri)
    return where[2] if where and where[0] == "raw" else None


def _objects_to_delete(layout: Layout, conv: Conversation) -> tuple[str, ...]:
    """Everything the conversation left anywhere: what the index lists, what the ledger says was
    written (a verification report, a dataset file), and a quarantined copy if there is one."""
    uris = set(conv.objects)
    key = _raw_key(layout, conv.source_uri)
    if key is not None:
        entry = read_entry(layout.zone("index"), key)
        for kind, out in (entry.outputs if entry else {}).items():
            uris.add(layout.zone("redacted" if kind.startswith("redacted_") else "private").uri_for(out))
        quarantine = layout.zone("quarantine")
        uris.update(quarantine.uri_for(k) for k in (key, f"{key}.reason.json") if quarantine.head(k) is not None)
    return tuple(sorted(uris))


def _hold_of(conv: Conversation, by_subject: dict[str, str], holds: list[Any]) -> Any | None:
    by_id = {h.id: h for h in holds}
    for uri in (conv.source_uri, *conv.objects):
        if uri in by_subject:
            return by_id.get(by_subject[uri])
        hit = next((h for h in holds if h.uri_prefix and uri.startswith(h.uri_prefix)), None)
        if hit:
            return hit
    return None


def plan_erasure(layout: Layout, settings: Settings, given: dict[str, str], sources: list[str] | None = None,
                 reader: IndexReader | None = None) -> ErasurePlan:
    from pipelines.retention import held_uris, load_holds

    reader = reader or IndexReader(layout.zone("index"))
    subject = resolve(reader, settings, given, sources)
    holds = load_holds(layout.zone("governance"))
    by_subject = held_uris(layout, holds) if any(h.subject_key for h in holds) else {}
    items: list[PlanItem] = []
    for conv in subject.conversations:
        hold = _hold_of(conv, by_subject, holds)
        if hold is not None:
            items.append(PlanItem(conv.source_uri, conv.kind, "held", conv.role, conv.objects, conv.spans,
                                  hold=hold.id, hold_reason=hold.reason))
        elif conv.owned:
            items.append(PlanItem(conv.source_uri, conv.kind, "delete", conv.role, _objects_to_delete(layout, conv)))
        else:
            items.append(PlanItem(conv.source_uri, conv.kind, "redact", conv.role, conv.objects, conv.spans,
                                  edit=_recording_edit(layout, settings, conv)))
    return ErasurePlan(subject.keys, tuple(items))


def _recording_edit(layout: Layout, settings: Settings, conv: Conversation) -> dict[str, Any] | None:
    key = _raw_key(layout, conv.source_uri)
    if conv.kind != "recording" or key is None:
        return None
    entry = read_entry(layout.zone("index"), key)
    transcript_key = (entry.outputs if entry else {}).get("transcript", f"transcripts/{key}.json")
    try:
        private = Transcript.from_dict(json.loads(layout.zone("private").get(transcript_key)))
    except ObjectNotFoundError:
        return None
    return plan_recording(private, list(conv.spans), settings.redaction.padding_ms / 1000).to_dict()


Checkpoint = Callable[[str, Callable[[], dict[str, Any]]], dict[str, Any]]


def run_once(done: dict[str, dict[str, Any]], record: Callable[[str, dict[str, Any]], object]) -> Checkpoint:
    """A step runner: a step already in `done` returns what it recorded; a new one runs, then is recorded."""
    def step(name: str, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        if name in done:
            return done[name]
        result = work()
        record(name, result)
        done[name] = result
        return result
    return step


def no_checkpoints() -> Checkpoint:
    return run_once({}, lambda _n, _r: None)


@dataclass
class ErasureResult:
    deleted: list[dict[str, Any]] = field(default_factory=list)  # {"uri", "versions_removed"}
    redacted: list[dict[str, Any]] = field(default_factory=list)  # {"source_uri", "rewritten", "spans"}
    held: list[dict[str, Any]] = field(default_factory=list)
    index_sources_rewritten: int = 0


def execute_items(layout: Layout, settings: Settings, plan: ErasurePlan, run_id: str, step: Checkpoint,
                  on_step: Callable[[str], None] | None = None) -> ErasureResult:
    """Carry out every plan item, then take the subject out of the index; steps run once each."""
    result = ErasureResult()
    for n, item in enumerate(plan.items):
        name = f"{n:05d}-{item.action}"
        out = step(name, lambda item=item, name=name: _execute(layout, settings, item, run_id, step, name))
        if item.action == "delete":
            result.deleted += out["deleted"]
        elif item.action == "redact":
            result.redacted.append({"source_uri": item.source_uri, "rewritten": out["rewritten"],
                                    "spans": len(item.spans)})
        else:
            result.held.append({"source_uri": item.source_uri, "hold": item.hold, "reason": item.hold_reason})
        if on_step:
            on_step(name)
    gone = {d["uri"] for d in result.deleted}
    mentioned = {i.source_uri for i in plan.items if i.action == "redact"}
    result.index_sources_rewritten = step("index", lambda: {"sources": (
        (drop_objects(layout.zone("index"), gone, run_id) if gone else 0)
        + (drop_keys(layout.zone("index"), mentioned, set(plan.keys), run_id) if mentioned else 0))})["sources"]
    return result


def _execute(layout: Layout, settings: Settings, item: PlanItem, run_id: str, step: Checkpoint,
             name: str) -> dict[str, Any]:
    if item.action == "held":
        return {}
    if item.action == "delete":
        deleted = []
        for uri in item.objects:
            where = layout.locate(uri)
            if where is not None:
                deleted.append({"uri": uri, "versions_removed": where[1].delete(where[2])})
        key = _raw_key(layout, item.source_uri)
        if key is not None:  # a re-upload of the same bytes must be processed (and erased) again
            delete_entry(layout.zone("index"), key)
        return {"deleted": deleted}
    key = _raw_key(layout, item.source_uri)
    if key is None:
        return {"rewritten": []}
    if item.kind == "recording":
        if item.edit is None:
            return {"rewritten": []}
        return apply_recording(layout, settings, key, RecordingEdit.from_dict(item.edit))
    raw = step(f"{name}.raw", lambda: erase_chat_text(layout, key, list(item.spans))
               if layout.raw.head(key) is not None else {"rewritten": [], "etag": None, "size": 0})
    if raw["etag"] is None:
        return {"rewritten": []}
    return {"rewritten": raw["rewritten"] + _reprocess_chat(layout, settings, key, raw, run_id)}


def _reprocess_chat(layout: Layout, settings: Settings, key: str, raw: dict[str, Any], run_id: str) -> list[str]:
    """Process the erased chat again: its redacted copy, dataset rows and index rows follow the raw."""
    from pipelines.discover import WorkItem
    from pipelines.flows import runtime_for
    from pipelines.steps import process_item

    current = layout.raw.head(key)
    etag = current.etag if current else raw["etag"]
    process_item(layout, WorkItem(key, "chat", etag, raw["size"]), runtime_for(settings), run_id, reerase=False)
    purge_outputs(layout, key)
    entry = read_entry(layout.zone("index"), key)
    return sorted(layout.zone("redacted" if k.startswith("redacted_") else "private").uri_for(v)
                  for k, v in (entry.outputs if entry else {}).items())


def now_iso() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="seconds")
