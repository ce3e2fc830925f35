"""Access and portability (GDPR Art. 15, 20): one zip with everything the subject's data is in.

    manifest.json                 what is in the zip and where it came from (schema below, versioned)
    records.csv                   the index's records of the subject: object, kind, role, where, when
    recordings/<name>             their own recordings (the original audio; other people's values beeped)
    metadata/<name>.json          the recording's metadata sidecar
    transcripts/<name>.json|.txt  their own calls' full transcripts
    chats/<name>.json|.txt        their own chats
    mentions/<name>.json|.txt     from conversations that are not theirs: only the turns mentioning them

Inside their own conversations, other people's data is redacted: names on the customer's side
other than theirs (a name that keys to theirs, one said in a self-introduction, "my name is ...",
or the first name the customer side says, which is how people open a call or a chat), except
agents' names (`requests.keep_agent_names`). In a conversation that only mentions them, everything but their
own values is redacted. What is theirs is decided by the keyed index: a value is theirs when it
keys to one of their identifiers (given or linked).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import zipfile
from datetime import UTC, datetime
from typing import Any

from callscrub.audio.decode import load_audio
from callscrub.audio.redact import redact_audio
from callscrub.chats import parse_chat
from callscrub.config import Settings
from callscrub.errors import ObjectNotFoundError
from callscrub.records import Detection, Transcript
from detectors.normalise import normalise
from detectors.spans import Span, replace_spans
from detectors.transcript import build_turns, cover_spans
from pipelines.dsr.mentions import tag
from pipelines.dsr.subject import Conversation, Subject
from pipelines.ledger import read_entry
from storage.index.identifiers import id_type_for, normalise_identifier
from storage.index.keys import subject_key
from storage.layout import Layout

SCHEMA = "callscrub.subject-export"
SCHEMA_VERSION = 1
SELF_INTRODUCTION = "CallscrubPersonNameRecognizer"  # "my name is ...", "this is ... speaking", spelled


def _own_name(dets: list[Detection], value_of) -> str | None:  # noqa: ANN001 - Callable[[Detection], str]
    """The first name the customer side says in their own conversation, case-folded; a name the
    recogniser split into adjacent spans ("Maria" "Gonzalez") is joined again."""
    people = [d for d in sorted(dets, key=lambda d: (d.turn, d.char_start))
              if d.entity_type == "PERSON" and (d.speaker or "").lower() != "agent"]
    if not people:
        return None
    first, end = [people[0]], people[0].char_end
    for d in people[1:]:
        if d.turn != first[0].turn or d.char_start > end + 1:
            break
        first.append(d)
        end = d.char_end
    return " ".join(" ".join(value_of(d).casefold().split()) for d in first)


def _theirs(settings: Settings, keys: dict[str, str], det: Detection, value: str, owned: bool,
            own_name: str | None = None) -> bool:
    id_type = id_type_for(det.entity_type)
    if id_type:
        canonical = normalise_identifier(id_type, normalise(value).text, settings.index.default_region)
        if canonical and subject_key(settings.require_secret(), id_type, canonical) in keys:
            return True
    if not owned:
        return False
    if det.entity_type != "PERSON":
        return True  # in their own conversation a number, an address, a date is theirs
    agent = (det.speaker or "").lower() == "agent"
    if agent:
        return settings.requests.keep_agent_names
    said = value.casefold().split()
    # Their own name, or a part of it said alone ("Gonzalez", "Maria"): in their own conversation.
    return det.detector == SELF_INTRODUCTION or (own_name is not None and bool(said)
                                                 and set(said) <= set(own_name.split()))


def _detections(layout: Layout, key: str) -> list[Detection]:
    try:
        report = json.loads(layout.zone("private").get(f"detections/{key}.json"))
    except ObjectNotFoundError:
        return []
    return [Detection(**d) for d in report["detections"]]


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    return f"{int(seconds // 60):02d}:{seconds % 60:04.1f}"


class ExportBuilder:
    def __init__(self, layout: Layout, settings: Settings, subject: Subject) -> None:
        self.layout, self.settings, self.subject = layout, settings, subject
        self.buf = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buf, "w", zipfile.ZIP_DEFLATED)
        self.files: list[dict[str, Any]] = []

    def add(self, path: str, data: bytes) -> str:
        self.zip.writestr(path, data)
        self.files.append({"path": path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
        return path

    def conversation(self, conv: Conversation) -> dict[str, Any]:
        where = self.layout.locate(conv.source_uri)
        entry: dict[str, Any] = {"source": conv.source_uri, "kind": conv.kind, "role": conv.role,
                                 "theirs": conv.owned, "zone": where[0] if where else None,
                                 "found": [s.__dict__ for s in conv.spans], "files": [], "redacted_values": 0}
        if where is None or where[0] != "raw":
            return entry
        key = where[2]
        dets = _detections(self.layout, key)
        if conv.kind == "recording":
            self._recording(conv, key, dets, entry)
        else:
            self._chat(conv, key, dets, entry)
        return entry

    def _recording(self, conv: Conversation, key: str, dets: list[Detection], entry: dict[str, Any]) -> None:
        ledger = read_entry(self.layout.zone("index"), key)
        tkey = (ledger.outputs if ledger else {}).get("transcript", f"transcripts/{key}.json")
        try:
            private = Transcript.from_dict(json.loads(self.layout.zone("private").get(tkey)))
        except ObjectNotFoundError:
            return
        turns = build_turns(private)
        dets = [d for d in dets if d.turn < len(turns)]
        value = lambda d: turns[d.turn].text[d.char_start:d.char_end]  # noqa: E731
        own = _own_name(dets, value)
        others: list[list[Span]] = [[] for _ in turns]
        for d in dets:
            if not _theirs(self.settings, self.subject.keys, d, value(d), conv.owned, own):
                others[d.turn].append(Span(d.entity_type, d.char_start, d.char_end, d.score, d.detector))
        shown, _, audio = cover_spans(private, others, lambda s, _v: tag(s.entity_type),
                                      self.settings.redaction.padding_ms / 1000, turns)
        entry["redacted_values"] = sum(len(o) for o in others)
        name = posixpath.basename(key)
        shown_turns = build_turns(shown)
        lines = []
        for i, turn in enumerate(shown_turns):
            if conv.owned or any(s.turn == i for s in conv.spans):
                seg = private.segments[turn.words[0].segment] if turn.words else None
                lines.append({"turn": i, "speaker": turn.speaker, "start": seg.start if seg else None,
                              "text": turn.text})
        if conv.owned:  # the whole call, a line per segment
            text = "".join(f"[{_clock(seg.start)}] {seg.speaker}: {seg.text.strip()}\n" for seg in shown.segments)
        else:
            text = "".join(f"[{_clock(x['start'])}] {x['speaker']}: {x['text']}\n" for x in lines)
        if not conv.owned:
            entry["files"] += [self.add(f"mentions/{name}.json", json.dumps({"source": name, "turns": lines},
                                                                             ensure_ascii=False, indent=1).encode()),
                               self.add(f"mentions/{name}.txt", text.encode())]
            return
        entry["files"] += [self.add(f"transcripts/{name}.json", shown.to_json()),
                           self.add(f"transcripts/{name}.txt", text.encode())]
        raw = self.layout.raw
        if raw.head(key) is not None:
            data = raw.get(key)
            if audio:  # other people's values are beeped; otherwise the original bytes
                info, samples = load_audio(data)
                data, _ = redact_audio(info, samples, audio, self.settings.redaction)
            entry["files"].append(self.add(f"recordings/{name}", data))
        sidecar = posixpath.splitext(key)[0] + ".json"
        if raw.head(sidecar) is not None:
            entry["files"].append(self.add(f"metadata/{posixpath.basename(sidecar)}", raw.get(sidecar)))

    def _chat(self, conv: Conversation, key: str, dets: list[Detection], entry: dict[str, Any]) -> None:
        try:
            doc = parse_chat(self.layout.raw.get(key), posixpath.splitext(key)[1].lower())
        except ObjectNotFoundError:
            return
        dets = [d for d in dets if d.turn < len(doc.messages)]
        value = lambda d: doc.messages[d.turn].text[d.char_start:d.char_end]  # noqa: E731
        own = _own_name(dets, value)
        others: dict[int, list[Span]] = {}
        for d in dets:
            if not _theirs(self.settings, self.subject.keys, d, value(d), conv.owned, own):
                others.setdefault(d.turn, []).append(Span(d.entity_type, d.char_start, d.char_end, d.score, d.detector))
        entry["redacted_values"] = sum(len(o) for o in others.values())
        wanted = {s.turn for s in conv.spans}
        messages = [{"message": i, "ts": m.ts, "sender": m.sender,
                     "text": replace_spans(m.text, others.get(i, []), lambda s, _v: tag(s.entity_type))}
                    for i, m in enumerate(doc.messages) if conv.owned or i in wanted]
        folder = "chats" if conv.owned else "mentions"
        name = posixpath.basename(key)
        text = "".join(f"[{m['ts']}] {m['sender']}: {m['text']}\n" for m in messages)
        body = json.dumps({"source": name, "format": doc.format, "messages": messages}, ensure_ascii=False, indent=1)
        entry["files"] += [self.add(f"{folder}/{posixpath.splitext(name)[0]}.json", body.encode()),
                           self.add(f"{folder}/{posixpath.splitext(name)[0]}.txt", text.encode())]

    def records_csv(self) -> None:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        cols = ["identifier_type", "object_uri", "object_kind", "role", "turn", "char_start", "char_end", "t_start",
                "t_end", "speaker", "entity_type", "detector", "observed_at"]
        writer.writerow(cols)
        for r in sorted(self.subject.rows, key=lambda r: (r["source_uri"], r["object_uri"], r["turn"] or -1)):
            writer.writerow([r[c].isoformat() if c == "observed_at" else
                             round(r[c], 3) if isinstance(r[c], float) else r[c] for c in cols])
        self.add("records.csv", out.getvalue().encode())

    def finish(self, request: dict[str, Any], identifiers: list[dict[str, str]]) -> tuple[bytes, dict[str, Any]]:
        objects = [self.conversation(c) for c in self.subject.conversations]
        self.records_csv()
        manifest = {
            "schema": SCHEMA, "schema_version": SCHEMA_VERSION, "request": request,
            "generated_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
            "subject": {"identifiers": identifiers,
                        "linked_identifier_types": sorted({t for k, t in self.subject.keys.items()
                                                           if k not in self.subject.given})},
            "objects": objects, "files": list(self.files),
            "notes": "Values of other people inside these conversations are replaced by their type, e.g. [PERSON].",
        }
        self.zip.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, default=str))
        self.zip.close()
        return self.buf.getvalue(), manifest
