"""Compliance monitoring of one conversation, at ingest: what the customer asked for and how the
agent handled it.

* Rights requests the customer made (`detectors.intents`) are queued as requests waiting for
  identity verification (type, evidence: the object URI and turn/time, the caller's identifiers
  as keyed hashes); a spoken withdrawal of recording consent is also recorded in the consent
  register, as pending (or at once, with `compliance.apply_spoken_consent_withdrawal`).
* The procedure checklist runs over the turns (`pipelines.compliance.checks`).

Both go to the `redacted` zone as Parquet, one file per conversation (replaced when it is
processed again): `compliance/checks/date=YYYY-MM-DD/<conversation_id>.parquet` and
`compliance/requests/...`: keyed conversation and agent ids, queue, team, check, outcome and the
evidence turn and times. Never a word of the conversation.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from callscrub.config import Settings
from detectors.intents import IntentFinding
from pipelines.compliance.checks import CheckResult, Turn, run_checks
from storage.layout import Layout

SCHEMA_VERSION = 1
CHECKS_PREFIX, REQUESTS_PREFIX = "compliance/checks", "compliance/requests"
_META = {b"callscrub.schema": b"compliance", b"callscrub.schema_version": str(SCHEMA_VERSION).encode()}
_COMMON = [
    pa.field("conversation_id", pa.string(), nullable=False),  # the analyst dataset's keyed id
    pa.field("agent_id", pa.string()),                         # keyed pseudonym of the agent (null: unknown)
    pa.field("team", pa.string()),
    pa.field("queue", pa.string()),
    pa.field("channel", pa.string(), nullable=False),          # voice | chat
    pa.field("started_at", pa.timestamp("us", tz="UTC")),
    pa.field("evidence_uri", pa.string()),                     # the redacted transcript or chat (supervisors read it)
]
CHECK_SCHEMA = pa.schema([*_COMMON,
    pa.field("check_name", pa.string(), nullable=False),  # "check" is an SQL keyword
    pa.field("outcome", pa.string(), nullable=False),          # pass | fail | na
    pa.field("evidence_turn", pa.int32()),
    pa.field("evidence_start_s", pa.float32()),
    pa.field("evidence_end_s", pa.float32()),
    pa.field("processed_at", pa.timestamp("us", tz="UTC"), nullable=False),
], metadata=_META)
REQUEST_SCHEMA = pa.schema([*_COMMON,
    pa.field("intent", pa.string(), nullable=False),
    pa.field("turn", pa.int32(), nullable=False),
    pa.field("start_s", pa.float32()),
    pa.field("end_s", pa.float32()),
    pa.field("request_id", pa.string(), nullable=False),       # in governance/requests/
    pa.field("found_by", pa.string()),                         # rules | model (the statistical intent model); null: before it
    pa.field("processed_at", pa.timestamp("us", tz="UTC"), nullable=False),
], metadata=_META)
REQUEST_TYPE = {"access": "access", "erasure": "erasure", "rectification": "rectification", "objection": "objection",
                "recording_consent_withdrawal": "recording_consent_withdrawal", "complaint": "complaint"}


@dataclass(frozen=True)
class Conversation:
    source_uri: str
    conversation_id: str
    channel: str
    queue: str | None
    started_at: datetime | None
    agent: str | None  # as the metadata names them (pseudonymised before it is written)
    team: str | None
    turns: list[Turn]
    redacted_uri: str | None  # the redacted transcript or chat: where a supervisor reads the evidence
    identifiers: dict[str, str]  # the caller's, as given (sidecar or self-disclosed); sealed in requests
    primary_keys: list[str]


def _agent_id(secret: str, agent: str | None) -> str | None:
    if not agent:
        return None
    return hmac.new(secret.encode(), f"agent:{agent}".encode(), hashlib.sha256).hexdigest()[:16]


def _write(layout: Layout, prefix: str, conv: Conversation, rows: list[dict[str, Any]], schema: pa.Schema,
           now: datetime) -> str:
    day = (conv.started_at or now).date().isoformat()
    key = f"{prefix}/date={day}/{conv.conversation_id}.parquet"
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), buf, compression="zstd")
    layout.zone("redacted").put(key, buf.getvalue())
    return key


def monitor(layout: Layout, settings: Settings, detector: Any, checklist: Any, conv: Conversation,
            run_id: str) -> dict[str, Any]:
    """Detect, queue and check one conversation; returns the keys written and counts."""
    from pipelines.dsr.queue import submit_spoken

    secret = settings.require_secret()
    found: list[IntentFinding] = detector.find([(t.speaker, t.text) for t in conv.turns])
    results: list[CheckResult] = run_checks(checklist, conv.channel, conv.queue, conv.turns, found)
    now = datetime.now(tz=UTC)
    common = {"conversation_id": conv.conversation_id, "agent_id": _agent_id(secret, conv.agent), "team": conv.team,
              "queue": conv.queue, "channel": conv.channel, "started_at": conv.started_at,
              "evidence_uri": conv.redacted_uri}
    request_rows = []
    for f in sorted(found, key=lambda f: f.turn):
        t = conv.turns[f.turn]
        evidence = f"{conv.source_uri}#turn={f.turn}" + (f"&t={t.start:.1f},{t.end:.1f}" if t.start is not None else "")
        # One request per intent per conversation, its first mention the evidence: a customer who
        # asks twice ("delete my data" ... "I said delete it") is one erasure for the DPO, not two.
        record = submit_spoken(layout, settings, REQUEST_TYPE[f.intent], conv.identifiers,
                               source="spoken" if conv.channel == "voice" else "chat", evidence=evidence,
                               dedupe_key=f"{conv.source_uri}|{f.intent}")
        request_id = record.id if record else _existing_id(conv.source_uri, f)
        request_rows.append({**common, "intent": f.intent, "turn": f.turn, "start_s": t.start, "end_s": t.end,
                             "request_id": request_id, "found_by": "model" if f.rule.startswith("model:") else "rules",
                             "processed_at": now})
        if f.intent == "recording_consent_withdrawal" and record is not None and conv.primary_keys:
            _spoken_withdrawal(layout, settings, conv, evidence, now)
    check_rows = [{**common, "check_name": r.check, "outcome": r.outcome, "evidence_turn": r.turn,
                   "evidence_start_s": conv.turns[r.turn].start if r.turn is not None else None,
                   "evidence_end_s": conv.turns[r.turn].end if r.turn is not None else None, "processed_at": now}
                  for r in results]
    return {"compliance_checks": _write(layout, CHECKS_PREFIX, conv, check_rows, CHECK_SCHEMA, now),
            "compliance_requests": _write(layout, REQUESTS_PREFIX, conv, request_rows, REQUEST_SCHEMA, now),
            "requests": len(found), "failed_checks": sum(r.outcome == "fail" for r in results)}


def _existing_id(source_uri: str, f: IntentFinding) -> str:
    return hashlib.sha256(f"spoken:{source_uri}|{f.intent}".encode()).hexdigest()[:12]


def _spoken_withdrawal(layout: Layout, settings: Settings, conv: Conversation, evidence: str, now: datetime) -> None:
    """'Stop recording this call': pending in the consent register until confirmed (or at once)."""
    from pipelines.auditing import audit
    from storage.consent import ConsentChange, ConsentRegister

    status = "withdrawn" if settings.compliance.apply_spoken_consent_withdrawal else "pending"
    register = ConsentRegister(layout.zone("governance"))
    for key in conv.primary_keys:
        register.record(ConsentChange(key, "primary", "recording", status, now.isoformat(timespec="seconds"),
                                      "spoken", evidence))
    audit(layout.zone("governance"), settings, "consent.spoken", subject=conv.primary_keys,
          objects=[conv.source_uri], details={"purpose": "recording", "status": status})
