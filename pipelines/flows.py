"""The `process` flow: discover new objects in raw -> transcribe -> detect -> redact -> write.

Tasks receive and return references (keys, URIs, counts): never transcripts or audio. Nothing
is persisted by Prefect (`persist_result=False`, no cache), since results could hold content.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from callscrub.config import Settings, load_settings
from callscrub.errors import CallscrubError, ConfigError, TerminalError, TransientError
from pipelines.auditing import audit
from pipelines.discover import WorkItem, discover
from pipelines.outcome import ObjectOutcome, RunSummary
from pipelines.progress import reporter
from pipelines.steps import Runtime, process_item
from storage.layout import Layout
from storage.s3 import S3Options

_runtimes: dict[str, Runtime] = {}
_layouts: dict[str, Layout] = {}


def retry_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only errors that may go away (throttling, 5xx, timeouts); never bad input or bugs."""
    try:
        state.result()
    except TransientError:
        return True
    except Exception:  # noqa: BLE001
        return False
    return False


def layout_for(settings: Settings) -> Layout:
    """One Layout (and so one S3 client per zone) per deployment per process, not one per object."""
    if not settings.raw or not settings.root:
        raise ConfigError("both a raw URI and a root URI are needed (--raw/--root or raw/root in the config)")
    key = settings.model_dump_json(include={"raw", "root", "s3"})
    if key not in _layouts:
        _layouts[key] = _new_layout(settings)
    return _layouts[key]


def _new_layout(settings: Settings) -> Layout:
    s3 = S3Options(
        endpoint_url=settings.s3.endpoint_url, region=settings.s3.region,
        sse=None if settings.s3.sse == "none" else settings.s3.sse, kms_key_id=settings.s3.kms_key_id,
    )
    return Layout.from_uris(settings.raw, settings.root, s3)


def runtime_for(settings: Settings) -> Runtime:
    """One Runtime (models) per settings per worker process."""
    # The secrets change what a Runtime does (pseudonyms, encryption): they are part of its identity,
    # as a hash, so a long-lived worker never reuses a Runtime built with another (or no) key.
    secrets = [settings.secret_key, settings.redaction.encryption_key]
    digest = hashlib.sha256("\x00".join(s.get_secret_value() if s else "" for s in secrets).encode()).hexdigest()
    key = settings.model_dump_json(exclude={"raw", "root", "secret_key", "actor"}) + digest
    if key not in _runtimes:
        _runtimes[key] = Runtime.build(settings)
    return _runtimes[key]


def _settings(config: str | None, raw: str | None, root: str | None) -> Settings:
    return load_settings(Path(config) if config else None, raw=raw, root=root)


@task(name="discover", persist_result=False, cache_policy=NO_CACHE, retries=3,
      retry_delay_seconds=[2, 5, 15], retry_condition_fn=retry_transient)
def discover_task(raw: str, root: str, config: str | None) -> tuple[list[dict[str, Any]], int]:
    settings = _settings(config, raw, root)
    layout = layout_for(settings)
    items, skipped = discover(layout.raw, layout.zone("index"), settings.fingerprint())
    return [asdict(i) for i in items], skipped


@task(name="process-object", task_run_name="process-{item[kind]}", persist_result=False, cache_policy=NO_CACHE,
      retries=3, retry_delay_seconds=[2, 5, 15], retry_condition_fn=retry_transient)
def process_object_task(item: dict[str, Any], raw: str, root: str, config: str | None, run_id: str) -> dict[str, Any]:
    settings = _settings(config, raw, root)
    outcome = process_item(layout_for(settings), WorkItem(**item), runtime_for(settings), run_id)
    return asdict(outcome)


@task(name="maintain-index", persist_result=False, cache_policy=NO_CACHE, retries=2,
      retry_delay_seconds=[5, 30], retry_condition_fn=retry_transient)
def maintain_index_task(raw: str, root: str, config: str | None) -> bool:
    """Compact the subject index when enough objects wait in delta files (lookups open each file)."""
    from storage.index.compact import compact
    from storage.index.reader import Manifest, delta_files

    settings = _settings(config, raw, root)
    threshold = settings.index.compact_after_objects
    if settings.secret_key is None or threshold == 0:
        return False
    index = layout_for(settings).zone("index")
    if len(delta_files(index, "objects", Manifest.load(index))) < threshold:
        return False
    compact(index)
    return True


@flow(name="process", persist_result=False, log_prints=False, validate_parameters=True)
def process(raw: str, root: str, config: str | None = None) -> dict[str, Any]:
    """Process whatever is new in the raw zone; returns the run summary (counts and keys only)."""
    settings = _settings(config, raw, root)  # fail fast on a bad config, before any work
    layout = layout_for(settings)
    runtime_for(settings)  # load the analyzer once, up front: a detector that cannot load stops here
    run_id = uuid.uuid4().hex[:12]
    summary = RunSummary(run_id, str(layout.raw_uri), str(layout.root_uri))
    items, summary.skipped = discover_task(raw, root, config)
    progress = reporter()
    progress.start(len(items))
    for item in items:
        result = process_object_task(item, raw, root, config, run_id)
        summary.outcomes.append(ObjectOutcome(**result))
        progress.advance(item["key"])
    payload = summary.to_dict()
    payload["index_compacted"] = maintain_index_task(raw, root, config) if items else False
    payload["indexed"] = settings.secret_key is not None
    governance = layout.zone("governance")
    governance.put(f"runs/{run_id}.json", json.dumps(payload, indent=1).encode(), "application/json")
    audit(governance, settings, "run", objects=[layout.raw.uri_for(o.key) for o in summary.outcomes],
          run_id=run_id, details={"processed": len(summary.processed), "quarantined": len(summary.quarantined),
                                  "skipped_unchanged": summary.skipped,
                                  "with_residuals": len(payload["verification"]["with_residuals"]),
                                  "index_compacted": payload["index_compacted"]})
    return payload


@task(name="apply-retention", persist_result=False, cache_policy=NO_CACHE, retries=3,
      retry_delay_seconds=[2, 5, 15], retry_condition_fn=retry_transient)
def retention_task(raw: str, root: str, config: str | None, dry_run: bool, run_id: str) -> dict[str, Any]:
    from pipelines.retention import RetentionReport, apply

    settings = _settings(config, raw, root)
    layout = layout_for(settings)

    def audited(report: RetentionReport, failed: bool) -> None:  # every attempt audits what it did
        audit(layout.zone("governance"), settings, "retention.plan" if dry_run else "retention.apply",
              objects=[e.uri for e in report.deleted], run_id=run_id,
              details={"deleted": 0 if dry_run else len(report.deleted),
                       "expired": len(report.deleted) if dry_run else None, "held": len(report.held),
                       "versions_removed": report.versions_removed,
                       "index_sources_updated": report.index_sources_updated, "failed": failed})

    return apply(layout, settings, dry_run=dry_run, run_id=run_id, on_done=audited).to_dict()


@flow(name="apply_retention", persist_result=False, log_prints=False, validate_parameters=True)
def apply_retention(raw: str, root: str, config: str | None = None, dry_run: bool = False) -> dict[str, Any]:
    """Delete what has outlived its retention period (all versions), except legal holds; update
    the subject index; audit it. Returns the report (URIs and counts only)."""
    _settings(config, raw, root)  # a bad config fails here, before any work
    return retention_task(raw, root, config, dry_run, uuid.uuid4().hex[:12])


@flow(name="verify_audit", persist_result=False, log_prints=False, validate_parameters=True)
def verify_audit(raw: str, root: str, config: str | None = None) -> dict[str, Any]:
    """Check the audit log's hash chain on a schedule; the run fails (and alerts) if it was tampered with."""
    from storage.audit import verify

    settings = _settings(config, raw, root)
    result = verify(layout_for(settings).zone("governance"))
    out = {"ok": result.ok, "segments": result.segments, "records": result.records, "head_hash": result.head_hash,
           "problems": [{"where": p.where, "what": p.what} for p in result.problems]}
    if not result.ok:
        raise TerminalError(f"the audit log was tampered with: {len(result.problems)} problem(s), first at "
                            f"{result.problems[0].where}; run `callscrub audit verify` for all of them")
    return out


@task(name="process-request", task_run_name="request-{request_id}", persist_result=False, cache_policy=NO_CACHE,
      retries=3, retry_delay_seconds=[2, 5, 15], retry_condition_fn=retry_transient)
def process_request_task(raw: str, root: str, config: str | None, request_id: str) -> dict[str, Any]:
    from pipelines.dsr.queue import process as process_request

    settings = _settings(config, raw, root)
    return process_request(layout_for(settings), settings, request_id)


@flow(name="process_requests", persist_result=False, log_prints=False, validate_parameters=True)
def process_requests(raw: str, root: str, config: str | None = None,
                     request_ids: list[str] | None = None) -> dict[str, Any]:
    """Run every open data-subject request (or those in `request_ids`), each resuming after its
    last checkpoint. A request that fails is marked failed and retried by the next run; the others
    go on. Returns {request id: result or error type} (references and counts only)."""
    from pipelines.dsr.queue import pending
    from storage.requests import RequestQueue

    settings = _settings(config, raw, root)
    settings.require_secret()  # requests are found and sealed by keyed hashes
    queue = RequestQueue(layout_for(settings).zone("governance"))
    ids = request_ids if request_ids is not None else [s.record.id for s in pending(queue)]
    progress = reporter()
    progress.start(len(ids))
    results: dict[str, Any] = {}
    for request_id in ids:
        try:
            results[request_id] = process_request_task(raw, root, config, request_id)
        except (CallscrubError, ValueError) as exc:  # our messages: ids and URIs, never values
            results[request_id] = {"error": type(exc).__name__, "message": str(exc)}
        except Exception as exc:  # noqa: BLE001 - one failed request must not stop the others
            results[request_id] = {"error": type(exc).__name__}
        progress.advance(request_id)
    return {"requests": results, "processed": sum(1 for r in results.values() if "error" not in r),
            "failed": sum(1 for r in results.values() if "error" in r)}
