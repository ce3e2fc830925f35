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
from pipelines.runners import sweep_temporary, task_runner_for
from pipelines.steps import Runtime, process_claimed, raw_ref
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
        max_attempts=settings.s3.max_attempts, connect_timeout_s=settings.s3.connect_timeout_s,
        read_timeout_s=settings.s3.read_timeout_s,
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


def _absolute_config(config: str | None) -> str | None:
    from callscrub.config import DEFAULT_CONFIG

    if config is None:
        return str(DEFAULT_CONFIG.resolve()) if DEFAULT_CONFIG.is_file() else None
    return str(Path(config).resolve())


def _settings(config: str | None, raw: str | None, root: str | None) -> Settings:
    return load_settings(Path(config) if config else None, raw=raw, root=root)


@task(name="discover", persist_result=False, cache_policy=NO_CACHE, retries=3,
      retry_delay_seconds=[2, 5, 15], retry_condition_fn=retry_transient)
def discover_task(raw: str, root: str, config: str | None) -> tuple[list[dict[str, Any]], int]:
    settings = _settings(config, raw, root)
    layout = layout_for(settings)
    items, skipped = discover(layout.raw, layout.zone("index"), settings.fingerprint())
    return [asdict(i) for i in items], skipped


@task(name="process-batch", task_run_name="process-{label}", persist_result=False, cache_policy=NO_CACHE,
      retries=3, retry_delay_seconds=[2, 5, 15], retry_condition_fn=retry_transient)
def process_batch_task(items: list[dict[str, Any]], raw: str, root: str, config: str | None, run_id: str,
                       label: str) -> list[dict[str, Any]]:
    """Process a batch (one recording, or up to `scale.chat_batch` chats) in whichever worker runs
    it; the models come from that worker's cache. Each object is claimed first (see claims.py)."""
    settings = _settings(config, raw, root)
    layout, rt = layout_for(settings), runtime_for(settings)
    return [asdict(process_claimed(layout, WorkItem(**item), rt, run_id)) for item in items]


def plan_batches(items: list[dict[str, Any]], chat_batch: int) -> list[list[dict[str, Any]]]:
    """One task per recording (seconds to minutes of work each), chats `chat_batch` to a task (a
    chat takes milliseconds, a Prefect task tens of them). Longest first, so the slowest
    recordings do not start last on a cluster."""
    recordings = sorted((i for i in items if i["kind"] == "recording"), key=lambda i: -i["size"])
    rest = [i for i in items if i["kind"] != "recording"]
    return [[r] for r in recordings] + [rest[n : n + chat_batch] for n in range(0, len(rest), chat_batch)]


def _label(batch: list[dict[str, Any]]) -> str:
    return batch[0]["kind"] if len(batch) == 1 else f"{len(batch)}-objects"


@flow(name="process-objects", persist_result=False, log_prints=False, validate_parameters=False)
def fan_out(batches: list[list[dict[str, Any]]], raw: str, root: str, config: str | None,
            run_id: str) -> list[dict[str, Any]]:
    """Submit every batch to this (sub)flow's task runner (threads, processes or Dask) and collect
    the outcomes as they finish."""
    from prefect.futures import as_completed

    progress = reporter()
    futures = [process_batch_task.submit(b, raw, root, config, run_id, _label(b)) for b in batches]
    results: list[dict[str, Any]] = []
    for future in as_completed(futures):
        for outcome in future.result():
            results.append(outcome)
            progress.advance(outcome["key"])
    return results


@task(name="maintain-index", persist_result=False, cache_policy=NO_CACHE, retries=2,
      retry_delay_seconds=[5, 30], retry_condition_fn=retry_transient)
def maintain_index_task(raw: str, root: str, config: str | None) -> bool:
    """Compact the subject index when enough objects wait in delta files (lookups open each file)."""
    from storage.index.compact import CompactionBusyError, compact
    from storage.index.reader import Manifest, delta_files

    settings = _settings(config, raw, root)
    threshold = settings.index.compact_after_objects
    if settings.secret_key is None or threshold == 0:
        return False
    index = layout_for(settings).zone("index")
    if len(delta_files(index, "objects", Manifest.load(index))) < threshold:
        return False
    try:
        compact(index)
    except CompactionBusyError:  # an overlapping run is compacting: its compaction takes ours too
        return False
    return True


@flow(name="process", persist_result=False, log_prints=False, validate_parameters=True)
def process(raw: str, root: str, config: str | None = None) -> dict[str, Any]:
    """Process whatever is new in the raw zone; returns the run summary (counts and keys only)."""
    settings = _settings(config, raw, root)  # fail fast on a bad config, before any work
    layout = layout_for(settings)
    runtime_for(settings)  # load the analyzer once, up front: a detector that cannot load stops here
    # Workers (other processes, other machines' Dask workers) have another working directory:
    # hand them absolute URIs and the config file's absolute path.
    raw, root, config = str(layout.raw_uri), str(layout.root_uri), _absolute_config(config)
    run_id = uuid.uuid4().hex[:12]
    summary = RunSummary(run_id, str(layout.raw_uri), str(layout.root_uri))
    sweep_temporary(layout)
    items, summary.skipped = discover_task(raw, root, config)
    batches = plan_batches(items, settings.scale.chat_batch)
    progress = reporter()
    progress.start(len(items))
    results: list[dict[str, Any]] = []
    if settings.scale.runner == "sequential" or len(batches) <= 1:
        for batch in batches:
            for result in process_batch_task(batch, raw, root, config, run_id, _label(batch)):
                results.append(result)
                progress.advance(result["key"])
    else:
        runner = task_runner_for(settings.scale)
        results = fan_out.with_options(task_runner=runner)(batches, raw, root, config, run_id)
    order = {item["key"]: n for n, item in enumerate(items)}  # the summary lists objects as discovered
    summary.outcomes.extend(ObjectOutcome(**r) for r in sorted(results, key=lambda r: order[r["key"]]))
    payload = summary.to_dict()
    payload["index_compacted"] = maintain_index_task(raw, root, config) if items else False
    payload["indexed"] = settings.secret_key is not None
    governance = layout.zone("governance")
    governance.put(f"runs/{run_id}.json", json.dumps(payload, indent=1).encode(), "application/json")
    audit(governance, settings, "run", objects=[raw_ref(layout, o.key) for o in summary.outcomes],
          run_id=run_id, details={"processed": len(summary.processed), "quarantined": len(summary.quarantined),
                                  "busy": len(summary.busy),
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


@flow(name="discover", persist_result=False, log_prints=False, validate_parameters=True)
def discover_report(raw: str, root: str, config: str | None = None) -> dict[str, Any]:
    """The discovery report on a schedule: where personal data lives, counts only, written to
    `governance/reports/discovery-<date>.{json,html}` (and audited). Returns the summary counts."""
    from datetime import UTC, datetime

    from pipelines.discover_report import build_report, render_html

    settings = _settings(config, raw, root)
    report = build_report(settings)
    governance = layout_for(settings).zone("governance")
    stamp = datetime.now(tz=UTC).strftime("%Y-%m-%d")
    keys = [governance.put(f"reports/discovery-{stamp}.json", json.dumps(report, indent=1).encode(),
                           "application/json").key,
            governance.put(f"reports/discovery-{stamp}.html", render_html(report).encode("utf-8"), "text/html").key]
    audit(governance, settings, "discover", objects=[governance.uri_for(k) for k in keys],
          details={"objects_scanned": report["summary"].get("objects_scanned"), "html": True})
    return {"summary": report["summary"], "reports": [governance.uri_for(k) for k in keys]}
