"""Processing one object: plain functions the flow's tasks call (and tests call directly)."""

from __future__ import annotations

import json
import logging
import posixpath
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from callscrub.audio.decode import load_audio, whisper_channels
from callscrub.audio.redact import redact_audio
from callscrub.audio.transcribe import Transcriber, get_transcriber
from callscrub.chats import parse_chat
from callscrub.config import Settings
from callscrub.errors import BadInputError, ConfigError, ObjectNotFoundError, TerminalError, TransientError
from callscrub.records import Detection, DetectionReport, Transcript
from detectors.chat import redact_messages
from detectors.operators import build_operator
from detectors.text import TextRedactor
from detectors.transcript import build_turns, redact_transcript
from pipelines.discover import WorkItem
from pipelines.dataset import Conversation, chat_conversation, chat_rows, conversation_id, parse_time
from pipelines.dataset import recording_rows, write_conversation
from pipelines.compliance import ingest as compliance_ingest
from pipelines.ledger import LedgerEntry, delete_entry, read_entry, write_entry
from pipelines.indexing import index_rows
from pipelines.outcome import ObjectOutcome
from pipelines.verification import VerificationReport, verify_chat, verify_recording
from storage.base import ObjectStore
from storage import tombstones
from storage.index.writer import write_object_rows
from storage.layout import Layout

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """The heavy parts, built once per process and shared by every object."""

    settings: Settings
    redactor: TextRedactor
    _transcriber: Transcriber | None = None
    checklist: Any = None  # pipelines.compliance.checklist.Checklist, loaded (and validated) at build
    intent_model: Any = None  # detectors.intents.classifier.IntentClassifier, loaded (and validated) at build
    _intents: Any = None

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        rt = cls(settings, TextRedactor.from_settings(settings.detection, build_operator(settings)))
        if settings.compliance.enabled:  # a bad checklist stops the run here, before any work
            from pathlib import Path

            from pipelines.compliance.checklist import load_checklist

            path = settings.compliance.checklist
            rt.checklist = load_checklist(Path(path) if path else None)
            if settings.compliance.intent_model:  # so does an intent model that cannot be read
                from detectors.intents import INTENTS
                from detectors.intents.classifier import IntentClassifier

                rt.intent_model = IntentClassifier.load(intents=INTENTS)
        return rt

    @property
    def intents(self) -> Any:  # detectors.intents.IntentDetector, on the analyzer's spaCy pipeline
        if self._intents is None:
            from detectors.intents import IntentDetector

            nlp = self.redactor.analyzer.nlp_engine.nlp[self.settings.detection.language]
            self._intents = IntentDetector(nlp, self.intent_model, self.settings.compliance.intent_model_threshold)
        return self._intents

    @property
    def transcriber(self) -> Transcriber:
        if self._transcriber is None:  # only runs that hold recordings load Whisper
            scale = self.settings.scale
            self._transcriber = get_transcriber(self.settings.transcription,
                                                scale.workers if scale.runner == "threads" else 1)
        return self._transcriber


def _now() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


def _counts(detections: list[Detection]) -> dict[str, int]:
    return dict(Counter(d.entity_type for d in detections))


def _read_sidecar(layout: Layout, item: WorkItem) -> dict[str, object] | None:
    if item.sidecar is None:
        return None
    try:
        meta = json.loads(layout.raw.get(item.sidecar).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadInputError("bad_sidecar", f"metadata sidecar {item.sidecar} is not valid UTF-8 JSON") from None
    if not isinstance(meta, dict):
        raise BadInputError("bad_sidecar", f"metadata sidecar {item.sidecar} must be a JSON object")
    return meta


def _index(
    layout: Layout, rt: Runtime, item: WorkItem, kind: str, outputs: dict[str, str],
    sidecar: dict[str, object] | None, detections: list[tuple[Detection, str]], run_id: str,
    report: VerificationReport | None, drop_source: bool = False,
) -> dict[str, str]:
    """Append this object's rows to the subject index (only with a secret key: it is a blind index).

    Returns the tombstoned subject keys among them (key -> identifier type): an erased subject's
    data that came back, to be erased again."""
    if rt.settings.secret_key is None:
        return {}
    uri = layout.raw.uri_for(item.key)
    now = datetime.now(tz=UTC)
    rows, links = index_rows(
        rt.settings, object_uri=uri, object_version=item.etag, kind=kind, outputs=outputs,
        sidecar=sidecar, detections=detections, run_id=run_id, observed_at=now,
        sidecar_uri=layout.raw.uri_for(item.sidecar) if item.sidecar else None,
    )
    if drop_source:  # the raw object was deleted (no recording consent): rows point at what remains
        rows = [r for r in rows if r.object_uri != uri]
    residuals = len(report.residuals) if report is not None else None
    write_object_rows(layout.zone("index"), run_id, uri, item.etag, kind, rows, links, now, residuals)
    stones = tombstones.keys(layout.zone("index"))
    return {r.subject_key: r.identifier_type for r in rows if r.subject_key in stones}


def _reerase(layout: Layout, rt: Runtime, item: WorkItem, hits: dict[str, str], run_id: str) -> str | None:
    """Erase tombstoned subjects from an object that just arrived (a late arrival, a restored backup):
    the same plan and steps as their erasure request, for this one conversation; audited."""
    if not hits:
        return None
    from pipelines.auditing import audit
    from pipelines.dsr.erase import execute_items, no_checkpoints, plan_erasure

    try:
        plan = plan_erasure(layout, rt.settings, hits, sources=[layout.raw.uri_for(item.key)])
        mentions = [i for i in plan.items if i.action == "redact"]
        if mentions:  # rewriting a raw input is the DPO's role's to do (the worker never writes raw)
            from pipelines.dsr.queue import submit_reerasure

            submit_reerasure(layout, rt.settings, plan.keys, layout.raw.uri_for(item.key))
        plan = replace(plan, items=tuple(i for i in plan.items if i.action != "redact"))
        result = execute_items(layout, rt.settings, plan, run_id, no_checkpoints())
    except Exception as exc:  # noqa: BLE001 - never leave it looking done: the next run tries again
        delete_entry(layout.zone("index"), item.key)
        log.error("could not erase a tombstoned subject from %s (%s); the next run retries",
                  layout.raw.uri_for(item.key), type(exc).__name__)
        return "failed"
    audit(layout.zone("governance"), rt.settings, "erasure.reapplied", subject=sorted(hits), run_id=run_id,
          objects=[d["uri"] for d in result.deleted] + [u for r in result.redacted for u in r["rewritten"]],
          details={"deleted": len(result.deleted), "redacted": len(result.redacted), "held": len(result.held)})
    log.warning("erased a tombstoned subject again from %s", layout.raw.uri_for(item.key))
    return "deleted" if result.deleted else ("queued" if mentions else "held")


def process_recording(layout: Layout, item: WorkItem, rt: Runtime, run_id: str, reerase: bool = True) -> ObjectOutcome:
    """Transcribe -> detect -> redact transcript and audio -> write private and redacted outputs."""
    sidecar = _read_sidecar(layout, item)
    keep_raw, analytics = _consent(layout, rt, sidecar)
    data = layout.raw.get(item.key)
    info, samples = load_audio(data, rt.settings.transcription.max_duration_s)
    channels = whisper_channels(data, info, samples)
    started = time.perf_counter()
    result = rt.transcriber.transcribe(channels)
    transcribe_s = time.perf_counter() - started
    transcript = Transcript(
        source_uri=layout.raw.uri_for(item.key), source_etag=item.etag, language=result.language,
        language_probability=round(result.language_probability, 4), duration=round(info.duration, 3),
        sample_rate=info.sample_rate, channels=info.channels, model=rt.transcriber.model_name,
        segments=tuple(result.segments),
    )
    redacted, detections, spans = redact_transcript(transcript, rt.redactor,
                                                    rt.settings.redaction.padding_ms / 1000)
    audio_bytes, covered = redact_audio(info, samples, spans, rt.settings.redaction)

    private, public = layout.zone("private"), layout.zone("redacted")
    outputs = {
        "transcript": private.put(f"transcripts/{item.key}.json", transcript.to_json(), "application/json").key,
        "detections": private.put(
            f"detections/{item.key}.json",
            DetectionReport(transcript.source_uri, item.etag, "recording", tuple(detections)).to_json(),
            "application/json",
        ).key,
        "redacted_transcript": public.put(f"transcripts/{item.key}.json", redacted.to_json(), "application/json").key,
        "redacted_audio": public.put(f"audio/{item.key}", audio_bytes).key,
    }
    meta = sidecar or {}
    queue = meta.get("queue")
    _write_dataset(layout, rt, item, outputs, analytics, lambda cid: Conversation(
        cid, "voice", queue if isinstance(queue, str) else None, parse_time(meta.get("started_at")),
        transcript.language, round(info.duration, 3),
    ), lambda conv, now: recording_rows(conv, redacted, detections, now))
    _monitor(layout, rt, item, outputs, lambda cid: compliance_ingest.recording(
        rt.settings, transcript.source_uri, cid, transcript, meta, _primary_keys(rt, meta),
        public.uri_for(outputs["redacted_transcript"])), run_id)
    report = _verify(rt, item, private, outputs, lambda: verify_recording(
        transcript.source_uri, item.etag, redacted, audio_bytes, info, covered, rt.transcriber, rt.redactor,
        rt.settings.verification))
    turns = build_turns(transcript)
    values = [(d, turns[d.turn].text[d.char_start : d.char_end]) for d in detections]
    hits = _index(layout, rt, item, "recording", _output_uris(layout, outputs), sidecar, values, run_id, report,
                  drop_source=not keep_raw)
    _record(layout, item, rt, run_id, "processed", outputs=outputs)
    if not keep_raw:  # no recording consent: outputs, index and ledger are written; the raw audio goes last
        layout.raw.delete(item.key)
    return ObjectOutcome(
        item.key, "recording", "processed", audio_seconds=round(info.duration, 3),
        transcribe_seconds=round(transcribe_s, 3), detections=_counts(detections), **_verified(report),
        raw_deleted=not keep_raw, reerased=_reerase(layout, rt, item, hits, run_id) if reerase else None,
    )


def _consent(layout: Layout, rt: Runtime, sidecar: dict[str, object] | None) -> tuple[bool, bool]:
    """(keep the raw audio, write analyst rows), from the consent register for the recording's
    primary subject (its sidecar's identifiers). The register is keyed: no secret, nothing to check."""
    if rt.settings.secret_key is None:
        if rt.settings.consent.recording_required or rt.settings.consent.analytics_required:
            raise ConfigError("consent is required (consent.*_required) but the register is keyed: set secret_key")
        return True, True
    from pipelines.consent import ingest_decision
    from pipelines.indexing import primary_identifiers
    from storage.index.keys import subject_key

    secret = rt.settings.require_secret()
    keys = [subject_key(secret, t, v) for t, v in primary_identifiers(rt.settings, sidecar or {})]
    return ingest_decision(layout, rt.settings, keys)


def process_chat(layout: Layout, item: WorkItem, rt: Runtime, run_id: str, reerase: bool = True) -> ObjectOutcome:
    """Parse -> detect -> redact every message -> write the chat back in its own format."""
    doc = parse_chat(layout.raw.get(item.key), posixpath.splitext(item.key)[1].lower())
    longest = max((len(m.text) for m in doc.messages), default=0)
    if longest > rt.settings.detection.max_message_chars:
        raise BadInputError("message_too_long", f"a message is {longest} characters long, over "
                            f"detection.max_message_chars ({rt.settings.detection.max_message_chars})")
    texts, detections = redact_messages(doc.messages, rt.redactor)
    rendered = doc.render(texts, lambda name: rt.redactor.operator("PERSON", name))
    private, public = layout.zone("private"), layout.zone("redacted")
    outputs = {
        "detections": private.put(
            f"detections/{item.key}.json",
            DetectionReport(layout.raw.uri_for(item.key), item.etag, "chat", tuple(detections)).to_json(),
            "application/json",
        ).key,
        "redacted_chat": public.put(f"chats/{item.key}", rendered).key,
    }
    _write_dataset(layout, rt, item, outputs, not rt.settings.consent.analytics_required,
                   lambda cid: chat_conversation(cid, doc.queue, doc.messages, doc.started_at),
                   lambda conv, now: chat_rows(conv, doc.messages, texts, detections, now))
    _monitor(layout, rt, item, outputs, lambda cid: compliance_ingest.chat(
        rt.settings, layout.raw.uri_for(item.key), cid, doc.messages, doc.queue, doc.started_at,
        [(d, doc.messages[d.turn].text[d.char_start : d.char_end]) for d in detections],
        public.uri_for(outputs["redacted_chat"])), run_id)
    report = _verify(rt, item, private, outputs,
                     lambda: verify_chat(layout.raw.uri_for(item.key), item.etag, texts, rt.redactor))
    values = [(d, doc.messages[d.turn].text[d.char_start : d.char_end]) for d in detections]
    hits = _index(layout, rt, item, "chat", _output_uris(layout, outputs), None, values, run_id, report)
    _record(layout, item, rt, run_id, "processed", outputs=outputs)
    return ObjectOutcome(item.key, "chat", "processed", detections=_counts(detections), **_verified(report),
                         reerased=_reerase(layout, rt, item, hits, run_id) if reerase else None)


def _primary_keys(rt: Runtime, sidecar: dict[str, object]) -> list[str]:
    from pipelines.indexing import primary_identifiers
    from storage.index.keys import subject_key

    secret = rt.settings.require_secret()
    return [subject_key(secret, t, v) for t, v in primary_identifiers(rt.settings, sidecar)]


def _monitor(layout: Layout, rt: Runtime, item: WorkItem, outputs: dict[str, str],
             conversation: Callable[[str], Any], run_id: str) -> None:
    """Rights requests the customer made become pending requests; the procedure checklist runs.
    Keyed like the dataset: no secret key, no monitoring."""
    if rt.settings.secret_key is None or rt.checklist is None:
        return
    from pipelines.compliance.monitor import monitor

    conv = conversation(conversation_id(rt.settings.secret_key.get_secret_value(), layout.raw.uri_for(item.key)))
    written = monitor(layout, rt.settings, rt.intents, rt.checklist, conv, run_id)
    outputs["redacted_compliance_checks"] = written["compliance_checks"]
    outputs["redacted_compliance_requests"] = written["compliance_requests"]


def _verify(rt: Runtime, item: WorkItem, private: ObjectStore, outputs: dict[str, str],
            check: Callable[[], VerificationReport]) -> VerificationReport | None:
    """Run the verification pass (when enabled) and write its report next to the detections."""
    if not rt.settings.verification.enabled:
        return None
    report = check()
    outputs["verification"] = private.put(f"verification/{item.key}.json", report.to_json(), "application/json").key
    return report


def _verified(report: VerificationReport | None) -> dict[str, object]:
    """What the run summary says about an object's verification (counts and types only)."""
    if report is None:
        return {}
    return {"residuals": dict(Counter(r.entity_type for r in report.residuals)),
            "verify_seconds": report.seconds}


def _write_dataset(
    layout: Layout, rt: Runtime, item: WorkItem, outputs: dict[str, str], allowed: bool,
    conversation: Callable[[str], Conversation], rows: Callable[[Conversation, datetime], list[dict[str, object]]],
) -> None:
    """Write this conversation's analyst rows (keyed ids need the secret: no secret, no dataset;
    `allowed` False: the subject withdrew analytics consent, so none, and none left from before).

    A re-processed conversation whose date moved leaves no stale file behind: the ledger says
    where the previous run wrote it.
    """
    if rt.settings.secret_key is None:
        return
    previous = read_entry(layout.zone("index"), item.key)
    stale = previous.outputs.get("redacted_dataset") if previous else None
    key = None
    if allowed:
        now = datetime.now(tz=UTC)
        conv = conversation(conversation_id(rt.settings.secret_key.get_secret_value(), layout.raw.uri_for(item.key)))
        key = write_conversation(layout.zone("redacted"), conv, rows(conv, now), now)
        outputs["redacted_dataset"] = key
    if stale and stale != key:
        layout.zone("redacted").delete(stale)


def _output_uris(layout: Layout, outputs: dict[str, str]) -> dict[str, str]:
    """Output kind -> full URI; kinds whose name starts with redacted_ live in the redacted zone."""
    return {
        kind: layout.zone("redacted" if kind.startswith("redacted_") else "private").uri_for(key)
        for kind, key in outputs.items()
    }


def _record(
    layout: Layout, item: WorkItem, rt: Runtime, run_id: str, status: str,
    code: str | None = None, outputs: dict[str, str] | None = None,
) -> None:
    write_entry(
        layout.zone("index"),
        LedgerEntry(item.key, item.etag, item.sidecar_etag, rt.settings.fingerprint(), status, run_id, _now(),
                    code, outputs or {}),
    )


def raw_ref(layout: Layout, key: str) -> str:
    """The raw object's URI, or for a key no store may use, the raw URI with the key escaped."""
    from callscrub.errors import UnsafeKeyError

    try:
        return layout.raw.uri_for(key)
    except UnsafeKeyError:
        return f"{layout.raw_uri}/<unsafe key {ascii(key)}>"


def quarantine(layout: Layout, item: WorkItem, rt: Runtime, run_id: str, error: BadInputError) -> ObjectOutcome:
    """Copy the input to the quarantine zone with a reason file. The raw object is left in place."""
    q = layout.zone("quarantine")
    if error.code == "unsafe_key":  # cannot be read, nor written under its own key: a reason by hash
        import hashlib

        reason_key = f"unsafe-keys/{hashlib.sha256(item.key.encode('utf-8', 'replace')).hexdigest()}.reason.json"
    else:
        q.put(item.key, layout.raw.get(item.key))
        reason_key = f"{item.key}.reason.json"
    reason = {
        "object": raw_ref(layout, item.key), "etag": item.etag, "code": error.code,
        "reason": error.reason, "run_id": run_id, "quarantined_at": _now(),
        "what_to_do": "fix or replace the object in the raw zone; the next run picks up the new version",
    }
    q.put(reason_key, json.dumps(reason, indent=1).encode(), "application/json")
    _record(layout, item, rt, run_id, "quarantined", code=error.code)
    log.warning("quarantined %s: %s", raw_ref(layout, item.key), error.code)
    return ObjectOutcome(item.key, item.kind, "quarantined", code=error.code, reason=error.reason)


def process_claimed(layout: Layout, item: WorkItem, rt: Runtime, run_id: str) -> ObjectOutcome:
    """Process one object if this run wins its claim (two runs at once never process it twice).

    Claimed by a live run elsewhere: "busy", left to that run. Finished by another run between
    discovery and the claim: "skipped". A stale claim (its run died) is taken over, and index rows
    the dead run wrote for this object without their marker are removed."""
    from storage import claims
    from pipelines.discover import is_current

    index = layout.zone("index")
    fingerprint = rt.settings.fingerprint()
    claim = claims.acquire(index, item.key, item.etag, fingerprint, run_id, rt.settings.scale.claim_ttl_s)
    if claim is None:
        return ObjectOutcome(item.key, item.kind, "busy", code="claimed",
                             reason="another run is processing it; that run records it")
    try:
        entry = read_entry(index, item.key)
        if entry is not None and entry.run_id == run_id and is_current(entry, item, fingerprint):
            # This run did it already: a retry of a batch that failed on a later object.
            return ObjectOutcome(item.key, item.kind, entry.status, code=entry.code)
        if is_current(entry, item, fingerprint):
            return ObjectOutcome(item.key, item.kind, "skipped", code="done_elsewhere",
                                 reason="another run processed it after this run listed it")
        if claim.took_over:
            drop_unmarked_rows(index, claim.took_over, layout.raw.uri_for(item.key))
        started = time.perf_counter()
        outcome = process_item(layout, item, rt, run_id)
        return replace(outcome, seconds=round(time.perf_counter() - started, 4))
    finally:
        claims.release(index, claim, fingerprint)


def drop_unmarked_rows(index: ObjectStore, dead_run: str, object_uri: str) -> None:
    """Remove a dead run's index rows for one object if it died before writing their marker
    (no reader trusts them; this keeps them from lingering as orphans)."""
    from storage.index.writer import delta_key

    if index.head(delta_key("objects", dead_run, object_uri)) is not None:
        return  # it finished the index: a complete older run, superseded by this one
    for table in ("subjects", "links"):
        index.delete(delta_key(table, dead_run, object_uri))


def process_item(layout: Layout, item: WorkItem, rt: Runtime, run_id: str, reerase: bool = True) -> ObjectOutcome:
    """Process one object; bad input is quarantined, transient and config errors propagate.

    `reerase` False: do not erase tombstoned subjects again (an erasure re-processing what it erased)."""
    try:
        if item.kind == "recording":
            return process_recording(layout, item, rt, run_id, reerase)
        if item.kind == "chat":
            return process_chat(layout, item, rt, run_id, reerase)
        if item.kind == "unsafe_key":
            raise BadInputError("unsafe_key", "the object's key could escape a store's root (a control "
                                "character, an empty, '.' or '..' segment, a backslash): rename it")
        raise BadInputError(
            "unsupported_type", "not a recording (.wav .flac .mp3 .ogg .opus) or chat (.json .csv)"
        )
    except BadInputError as exc:
        return quarantine(layout, item, rt, run_id, exc)
    except ObjectNotFoundError:
        if layout.raw.head(item.key) is None:  # deleted since discovery (retention, consent): nothing to do
            log.warning("skipped %s: deleted before it was processed", layout.raw.uri_for(item.key))
            return ObjectOutcome(item.key, item.kind, "vanished", code="vanished",
                                 reason="the object was deleted before it was processed")
        raise
    except (TransientError, TerminalError, ConfigError):
        raise  # storage or configuration failures stop the run; only bad input is quarantined
    except Exception as exc:  # noqa: BLE001 - one bad object must not stop the run
        # Upstream messages may echo content: keep only the exception's type.
        error = BadInputError("processing_error", f"processing failed with {type(exc).__name__}")
        return quarantine(layout, item, rt, run_id, error)
