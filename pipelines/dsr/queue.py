"""Run data-subject requests: submit, process (resumably), report their status.

Every request is processed as named steps (`erase.run_once`): a step's result is checkpointed in
the request's folder when it is done, and audited, so processing again after a crash skips what
is done and never erases twice. The steps by type:

* access / portability: `export` (the zip in governance/exports/<id>.zip), `audit`
* erasure: `plan`, one step per conversation, `index`, `tombstones`, `verify`, `certificate`
* rectification: `rectify`, `audit`
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from callscrub.config import Settings
from pipelines.auditing import audit, resolve_actor
from pipelines.dsr.erase import ErasurePlan, execute_items, now_iso, plan_erasure, run_once
from pipelines.dsr.seal import seal, unseal
from pipelines.dsr.subject import lookup_keys
from storage import tombstones
from storage.layout import Layout
from storage.requests import OPEN, RequestQueue, RequestRecord, RequestState


def submit(layout: Layout, settings: Settings, kind: str, identifiers: dict[str, str | None],
           corrections: dict[str, str | None] | None = None, source: str = "dpo", evidence: str | None = None,
           verified: bool = True, received_at: datetime | None = None) -> RequestRecord:
    """Queue a request: identifiers as keyed hashes, the originals sealed, due in `requests.due_days`."""
    given = {t: v for t, v in identifiers.items() if v is not None}
    keys = lookup_keys(settings, given)
    fixes = {t: v for t, v in (corrections or {}).items() if v is not None}
    if kind == "rectification":
        lookup_keys(settings, fixes)  # the corrected values must be usable identifiers too
    request_id = uuid.uuid4().hex[:12]
    received = received_at or datetime.now(tz=UTC)
    record = RequestRecord(
        id=request_id, type=kind, identifiers=tuple({"type": t, "subject_key": k} for t, k in keys),
        sealed=seal(settings, request_id, {"identifiers": [{"type": t, "value": v} for t, v in given.items()],
                                           "corrections": fixes}),
        received_at=received.isoformat(timespec="seconds"),
        due_at=(received + timedelta(days=settings.requests.due_days)).isoformat(timespec="seconds"),
        source=source, verified=verified, evidence=evidence, submitted_by=resolve_actor(settings),
    )
    governance = layout.zone("governance")
    RequestQueue(governance).submit(record)
    audit(governance, settings, "request.submit", subject=[k for _, k in keys],
          details={"request_id": request_id, "type": kind, "source": source, "verified": verified})
    return record


def submit_spoken(layout: Layout, settings: Settings, kind: str, identifiers: dict[str, str], *, source: str,
                  evidence: str, dedupe_key: str) -> RequestRecord | None:
    """Queue a request a customer made in a conversation, waiting for identity verification.

    `identifiers`: the caller's (metadata sidecar, or what the customer disclosed), possibly none;
    the id is derived from `dedupe_key` (object and intent), so processing the conversation
    again does not queue it twice: None when it is queued already."""
    import hashlib

    keys = lookup_keys(settings, identifiers) if identifiers else []
    request_id = hashlib.sha256(f"spoken:{dedupe_key}".encode()).hexdigest()[:12]
    received = datetime.now(tz=UTC)
    record = RequestRecord(
        id=request_id, type=kind, identifiers=tuple({"type": t, "subject_key": k} for t, k in keys),
        sealed=seal(settings, request_id, {"identifiers": [{"type": t, "value": v} for t, v in identifiers.items()],
                                           "corrections": {}}),
        received_at=received.isoformat(timespec="seconds"),
        due_at=(received + timedelta(days=settings.requests.due_days)).isoformat(timespec="seconds"),
        source=source, verified=False, evidence=evidence, submitted_by="callscrub (detected in a conversation)",
    )
    governance = layout.zone("governance")
    try:
        RequestQueue(governance).submit(record)
    except ValueError:
        return None  # queued by an earlier run
    audit(governance, settings, "request.detected", subject=[k for _, k in keys], objects=[evidence.split("#")[0]],
          details={"request_id": request_id, "type": kind, "source": source})
    return record


def submit_reerasure(layout: Layout, settings: Settings, keys: dict[str, str], evidence: str) -> RequestRecord | None:
    """An erased subject mentioned in a conversation that just arrived: queue their erasure again
    (verified: it repeats one already done), for the `process_requests` flow, which runs with the
    DPO's rights (redacting in place rewrites a raw input, which the ingest worker may not)."""
    import hashlib

    request_id = hashlib.sha256(f"reerase:{evidence}:{sorted(keys)}".encode()).hexdigest()[:12]
    received = datetime.now(tz=UTC)
    record = RequestRecord(
        id=request_id, type="erasure", identifiers=tuple({"type": t, "subject_key": k} for k, t in sorted(keys.items())),
        sealed=seal(settings, request_id, {"identifiers": [], "corrections": {}}),
        received_at=received.isoformat(timespec="seconds"),
        due_at=(received + timedelta(days=settings.requests.due_days)).isoformat(timespec="seconds"),
        source="tombstone", verified=True, evidence=evidence, submitted_by="callscrub (tombstone at ingest)",
    )
    governance = layout.zone("governance")
    try:
        RequestQueue(governance).submit(record)
    except ValueError:
        return None
    audit(governance, settings, "request.reerasure", subject=sorted(keys), objects=[evidence],
          details={"request_id": request_id})
    return record


def _steps(layout: Layout, settings: Settings, queue: RequestQueue, request_id: str) -> Callable:  # noqa: ANN202
    governance = layout.zone("governance")

    def record(name: str, result: dict[str, Any]) -> None:
        objects = [*(d["uri"] for d in result.get("deleted", [])), *result.get("rewritten", [])]
        audit(governance, settings, "request.step", objects=objects, run_id=request_id,
              details={"request_id": request_id, "step": name})
        queue.checkpoint(request_id, name, result)

    return run_once(queue.done_steps(request_id), record)


def process(layout: Layout, settings: Settings, request_id: str,
            on_step: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Carry out one request, resuming after its last checkpoint; returns its result (references only)."""
    queue = RequestQueue(layout.zone("governance"))
    state = queue.get(request_id)
    if state.status in ("completed", "blocked"):
        return _with_location(layout, settings, queue.done_steps(request_id).get("result", {}))
    if state.status == "needs_verification":
        raise ValueError(f"request {request_id} waits for identity verification (`callscrub requests verify`)")
    if state.record.type not in ("access", "portability", "erasure", "rectification"):
        raise ValueError(f"request {request_id} ({state.record.type}) is handled by the DPO: "
                         "`callscrub requests close` records it as done")
    if not state.record.identifiers:
        raise ValueError(f"request {request_id} names nobody (no identifiers were known in the conversation): "
                         "submit it again with the verified identifiers")
    actor = resolve_actor(settings)
    queue.set_status(request_id, "in_progress", actor)
    step = _steps(layout, settings, queue, request_id)
    sealed = unseal(settings, request_id, state.record.sealed)
    try:
        handler = {"erasure": _erasure, "access": _export, "portability": _export, "rectification": _rectify}
        result = handler[state.record.type](layout, settings, state.record, sealed, step, on_step)
    except Exception as exc:
        queue.set_status(request_id, "failed", actor, error=type(exc).__name__)
        raise
    status = "blocked" if result.get("blocked") else "completed"
    step("result", lambda: {k: v for k, v in result.items() if k != "export"})  # a presigned URL is a credential
    queue.set_status(request_id, status, actor)
    return _with_location(layout, settings, result)


def _with_location(layout: Layout, settings: Settings, result: dict[str, Any]) -> dict[str, Any]:
    """An export's location, made now: a local path, or a presigned URL valid from now on."""
    if "export_key" not in result:
        return result
    governance = layout.zone("governance")
    return {**result, "export": governance.presign(result["export_key"], settings.requests.export_url_expiry_s)}


def _erasure(layout: Layout, settings: Settings, record: RequestRecord, sealed: dict[str, Any], step: Callable,
             on_step: Callable[[str], None] | None) -> dict[str, Any]:
    from pipelines.dsr.verify import verify_erasure
    from pipelines.flows import runtime_for

    started = now_iso()
    plan = ErasurePlan.from_dict(step("plan", lambda: plan_erasure(layout, settings, record.keys()).to_dict()))
    result = execute_items(layout, settings, plan, record.id, step, on_step)
    counts = plan.counts()
    blocked = bool(plan.items) and counts["held"] == len(plan.items)  # a legal hold keeps everything
    index = layout.zone("index")
    if not blocked:  # data that comes back is erased on ingest (except what a hold keeps)
        step("tombstones", lambda: {"written": sum(tombstones.add(index, tombstones.Tombstone(
            k, t, record.id, now_iso())) for k, t in sorted(plan.keys.items()))})
    verification = step("verify", lambda: verify_erasure(
        layout, settings, plan, result, sealed["identifiers"], runtime_for(settings).redactor))

    def certificate() -> dict[str, Any]:
        governance = layout.zone("governance")
        head = audit(governance, settings, "subject.erase", subject=sorted(plan.keys), run_id=record.id,
                     objects=[d["uri"] for d in result.deleted] + [u for r in result.redacted for u in r["rewritten"]],
                     details={"request_id": record.id, "deleted": len(result.deleted),
                              "redacted": len(result.redacted), "held": len(result.held),
                              "verified": verification["ok"]})
        cert = {"schema": "callscrub.erasure-certificate", "schema_version": 1, "request_id": record.id,
                "subject_keys": sorted(plan.keys), "received_at": record.received_at, "due_at": record.due_at,
                "started_at": started, "completed_at": now_iso(),
                "deleted": result.deleted, "redacted": result.redacted, "held": result.held,
                "index_sources_rewritten": result.index_sources_rewritten,
                "tombstones": 0 if blocked else len(plan.keys), "verification": verification,
                "audit": {"segment": head.seq, "hash": head.hash}}
        key = f"certificates/{record.id}.json"
        governance.put(key, json.dumps(cert, indent=1).encode(), "application/json")
        return {"certificate": governance.uri_for(key), "audit_hash": head.hash}

    cert = step("certificate", certificate)
    return {"type": "erasure", "request_id": record.id, **counts, "versions_removed":
            sum(d["versions_removed"] for d in result.deleted), "verified": verification["ok"],
            "certificate": cert["certificate"],
            "blocked": blocked}


def _export(layout: Layout, settings: Settings, record: RequestRecord, sealed: dict[str, Any], step: Callable,
            on_step: Callable[[str], None] | None) -> dict[str, Any]:
    from pipelines.dsr.export import ExportBuilder
    from pipelines.dsr.subject import resolve
    from storage.index.reader import IndexReader

    def build() -> dict[str, Any]:
        subject = resolve(IndexReader(layout.zone("index")), settings, record.keys())
        data, manifest = ExportBuilder(layout, settings, subject).finish(
            {"id": record.id, "type": record.type, "received_at": record.received_at, "due_at": record.due_at},
            sealed["identifiers"])
        governance = layout.zone("governance")
        key = f"exports/{record.id}.zip"
        governance.put(key, data, "application/zip")
        audit(governance, settings, f"subject.{record.type}", subject=sorted(subject.keys), run_id=record.id,
              objects=[c.source_uri for c in subject.conversations],
              details={"request_id": record.id, "objects": len(subject.conversations), "files": len(manifest["files"])})
        return {"export_key": key, "objects": len(subject.conversations), "files": len(manifest["files"]),
                "bytes": len(data)}

    return {"type": record.type, "request_id": record.id, **step("export", build)}


def _rectify(layout: Layout, settings: Settings, record: RequestRecord, sealed: dict[str, Any], step: Callable,
             on_step: Callable[[str], None] | None) -> dict[str, Any]:
    from pipelines.dsr.rectify import rectify

    old = {i["type"]: i["value"] for i in sealed["identifiers"]}
    out = step("rectify", lambda: {k: v for k, v in rectify(layout, settings, old, sealed["corrections"],
                                                            record.id).items() if k != "keys"})
    return {"type": "rectification", "request_id": record.id, **out}


def pending(queue: RequestQueue) -> list[RequestState]:
    """Requests `requests process` carries out: open, verified, of a type it can do by itself."""
    from storage.requests import TYPES

    return [s for s in queue.all() if s.status in OPEN and s.record.type in TYPES]


def status_rows(queue: RequestQueue, now: datetime | None = None) -> list[dict[str, Any]]:
    """Every request with its status and days left: open ones first, the most overdue at the top."""
    now = now or datetime.now(tz=UTC)
    rows = [{"id": s.record.id, "type": s.record.type, "status": s.status, "received_at": s.record.received_at,
             "due_at": s.record.due_at, "days_left": s.record.days_left(now), "source": s.record.source,
             "overdue": s.status not in ("completed", "blocked") and s.record.days_left(now) < 0,
             "updated_at": s.events[-1].at if s.events else s.record.received_at}
            for s in queue.all()]
    return sorted(rows, key=lambda r: (r["status"] in ("completed", "blocked"), r["days_left"], r["received_at"]))
