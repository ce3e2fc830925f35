"""Erase a data subject's values inside a conversation that is not theirs, keeping everyone else's words.

Recordings: the words of each value are replaced by its entity tag in the private and the
redacted transcript (same segments and words, so one set of positions serves both), and beeped in
the raw and the redacted audio (only the speaker's channel, with the usual padding); the analyst
dataset's turn texts are rewritten from the new redacted transcript. The word positions and audio
spans are worked out once, when the erasure is planned, from the untouched private transcript, so
applying them again after a crash changes nothing more.

Chats: the values are replaced by their tag in the raw chat (same format), and the chat is then
processed again like a new arrival, which rewrites its detections, redacted copy, dataset rows and
index rows from the erased text.

Every rewritten object loses its older versions (`purge_history`), and the ledger learns the new
raw version, so the next run does not mistake an erasure for a new upload.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, replace
from typing import Any

from callscrub.audio.decode import load_audio
from callscrub.audio.redact import redact_audio
from callscrub.chats import parse_chat
from callscrub.config import Settings
from callscrub.records import AudioSpan, Transcript
from detectors.spans import Span, merge_spans, replace_spans
from detectors.transcript import build_turns, cover_spans, replace_words, words_of
from pipelines.dataset import recording_turns, replace_texts
from pipelines.dsr.subject import SpanRef
from pipelines.ledger import read_entry, write_entry
from storage.base import ObjectStore
from storage.layout import Layout


def tag(entity_type: str) -> str:
    return f"[{entity_type}]"


@dataclass(frozen=True)
class RecordingEdit:
    """What erasing the subject from one recording changes: words (segment, word, group, token)
    and audio spans. Positions and times only: safe to keep in the request's checkpoints."""

    words: tuple[tuple[int, int, int, str], ...]
    audio: tuple[tuple[float, float, int | None], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"words": [list(w) for w in self.words], "audio": [list(a) for a in self.audio]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecordingEdit:
        return cls(tuple((int(s), int(w), int(g), str(t)) for s, w, g, t in data["words"]),
                   tuple((float(a), float(b), None if c is None else int(c)) for a, b, c in data["audio"]))


def plan_recording(private: Transcript, spans: list[SpanRef], padding_s: float) -> RecordingEdit:
    turns = build_turns(private)
    found: list[list[Span]] = [[] for _ in turns]
    for s in spans:
        if 0 <= s.turn < len(turns):
            found[s.turn].append(Span(s.entity_type, s.char_start, s.char_end, 1.0, "erasure"))
    found = [merge_spans(f) for f in found]
    _, _, audio = cover_spans(private, found, lambda span, _v: tag(span.entity_type), padding_s, turns)
    words: list[tuple[int, int, int, str]] = []
    group = 0
    for ti, spans_found in enumerate(found):
        for span in spans_found:
            group += 1
            words += [(r.segment, r.word, group, tag(span.entity_type))
                      for r in words_of(turns[ti], span.start, span.end)]
    return RecordingEdit(tuple(words), tuple((a.t_start, a.t_end, a.channel) for a in audio))


def _apply_words(data: bytes, edit: RecordingEdit) -> bytes:
    transcript = Transcript.from_dict(json.loads(data))
    replaced = {(s, w): t for s, w, _, t in edit.words}
    groups = {(s, w): g for s, w, g, _ in edit.words}
    return replace(replace_words(transcript, replaced, groups), redacted=transcript.redacted).to_json()


def _beep(data: bytes, edit: RecordingEdit, settings: Settings) -> bytes:
    info, samples = load_audio(data)
    out, _ = redact_audio(info, samples, [AudioSpan(a, b, c) for a, b, c in edit.audio], settings.redaction)
    return out


def _rewrite(store: ObjectStore, key: str, data: bytes, done: list[str]) -> str:
    info = store.put(key, data)
    store.purge_history(key)
    done.append(store.uri_for(key))
    return info.etag


def apply_recording(layout: Layout, settings: Settings, raw_key: str, edit: RecordingEdit) -> dict[str, Any]:
    """Apply `edit` to every copy of the recording; returns the URIs rewritten (and nothing else)."""
    entry = read_entry(layout.zone("index"), raw_key)
    outputs = dict(entry.outputs) if entry else {}
    private, public = layout.zone("private"), layout.zone("redacted")
    done: list[str] = []
    for store, key in ((private, outputs.get("transcript", f"transcripts/{raw_key}.json")),
                       (public, outputs.get("redacted_transcript", f"transcripts/{raw_key}.json"))):
        if store.head(key) is not None:
            _rewrite(store, key, _apply_words(store.get(key), edit), done)
    raw_etag = None
    if layout.raw.head(raw_key) is not None:  # gone already if there was no recording consent
        raw_etag = _rewrite(layout.raw, raw_key, _beep(layout.raw.get(raw_key), edit, settings), done)
    audio_key = outputs.get("redacted_audio", f"audio/{raw_key}")
    if public.head(audio_key) is not None:
        _rewrite(public, audio_key, _beep(public.get(audio_key), edit, settings), done)
    dataset_key, transcript_key = outputs.get("redacted_dataset"), outputs.get("redacted_transcript")
    if dataset_key and transcript_key and public.head(dataset_key) and public.head(transcript_key):
        redacted = Transcript.from_dict(json.loads(public.get(transcript_key)))
        texts = [text for _, _, _, text in recording_turns(redacted)]
        _rewrite(public, dataset_key, replace_texts(public.get(dataset_key), texts), done)
    if entry is not None and raw_etag is not None:
        write_entry(layout.zone("index"), replace(entry, etag=raw_etag))
    return {"rewritten": done}


def erase_chat_text(layout: Layout, raw_key: str, spans: list[SpanRef]) -> dict[str, Any]:
    """Replace the subject's values in the raw chat by their tags, in the chat's own format."""
    data = layout.raw.get(raw_key)
    doc = parse_chat(data, posixpath.splitext(raw_key)[1].lower())
    by_message: dict[int, list[Span]] = {}
    for s in spans:
        by_message.setdefault(s.turn, []).append(Span(s.entity_type, s.char_start, s.char_end, 1.0, "erasure"))
    texts = [replace_spans(m.text, merge_spans(by_message.get(i, [])), lambda span, _v: tag(span.entity_type))
             for i, m in enumerate(doc.messages)]
    done: list[str] = []
    etag = _rewrite(layout.raw, raw_key, doc.render(texts, lambda name: name), done)
    return {"rewritten": done, "etag": etag, "size": len(data)}


def purge_outputs(layout: Layout, raw_key: str) -> int:
    """Drop older versions of every output of `raw_key` (after it was processed again)."""
    entry = read_entry(layout.zone("index"), raw_key)
    removed = 0
    for kind, key in (entry.outputs if entry else {}).items():
        removed += layout.zone("redacted" if kind.startswith("redacted_") else "private").purge_history(key)
    return removed

