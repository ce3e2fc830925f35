"""What the `process` flow hands to compliance monitoring: a conversation's turns (speakers, text,
times), its queue, agent and team, and the caller's identifiers; built from what the pipeline
already has in hand (the private transcript, the parsed chat, the sidecar, the detections)."""

from __future__ import annotations

from typing import Any

from callscrub.config import Settings
from callscrub.records import ChatMessage, Detection, Transcript
from detectors.transcript import build_turns
from pipelines.compliance.checks import Turn
from pipelines.compliance.monitor import Conversation
from pipelines.dataset import parse_time
from storage.index.identifiers import id_type_for, normalise_identifier

STRONG = ("email", "phone", "customer_id", "account_id")


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def caller_identifiers(settings: Settings, sidecar: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for field, id_type in settings.index.sidecar_fields.items():
        value = sidecar.get(field)
        if isinstance(value, str | int) and normalise_identifier(id_type, str(value), settings.index.default_region):
            out.setdefault(id_type, str(value))
    return out


def disclosed_identifiers(settings: Settings, values: list[tuple[Detection, str]]) -> dict[str, str]:
    """What the customer side typed or said of their own e-mail, phone, ids (the first of each type)."""
    out: dict[str, str] = {}
    for det, value in values:
        id_type = id_type_for(det.entity_type)
        if id_type in STRONG and (det.speaker or "").lower() in ("customer", "caller", "end_user", "user"):
            if normalise_identifier(id_type, value, settings.index.default_region):
                out.setdefault(id_type, value)
    return out


def recording(settings: Settings, source_uri: str, conversation_id: str, transcript: Transcript,
              sidecar: dict[str, Any], primary_keys: list[str], redacted_uri: str | None) -> Conversation:
    turns = []
    for turn in build_turns(transcript):
        segs = sorted({r.segment for r in turn.words})
        turns.append(Turn(turn.speaker, turn.text, transcript.segments[segs[0]].start if segs else None,
                          transcript.segments[segs[-1]].end if segs else None))
    return Conversation(source_uri, conversation_id, "voice", _text(sidecar.get("queue")),
                        parse_time(sidecar.get("started_at")), _text(sidecar.get(settings.compliance.agent_field)),
                        _text(sidecar.get(settings.compliance.team_field)), turns, redacted_uri,
                        caller_identifiers(settings, sidecar), primary_keys)


def chat(settings: Settings, source_uri: str, conversation_id: str, messages: list[ChatMessage], queue: str | None,
         started_at: str | None, values: list[tuple[Detection, str]], redacted_uri: str | None) -> Conversation:
    times = [parse_time(m.ts) for m in messages]
    first = parse_time(started_at) or next((t for t in times if t is not None), None)
    turns = [Turn(m.sender, m.text, (t - first).total_seconds() if t and first else None,
                  (t - first).total_seconds() if t and first else None) for m, t in zip(messages, times, strict=True)]
    return Conversation(source_uri, conversation_id, "chat", queue, first, None, None, turns, redacted_uri,
                        disclosed_identifiers(settings, values), [])
