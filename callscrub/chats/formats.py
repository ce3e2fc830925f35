"""Parse a chat object into messages, and render it back, redacted, in the same format."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from callscrub.errors import BadInputError
from callscrub.records import ChatMessage

CSV_HEADER = ["ts", "sender", "text"]
# Participant roles whose display names are not the customer's (kept in redacted output).
STAFF_ROLES = {"AGENT", "SYSTEM", "SUPERVISOR", "CUSTOM_BOT"}


@dataclass
class ChatDocument:
    """One chat: its messages and how to write it back with new message texts."""

    format: str  # "generic" | "connect" | "csv"
    chat_id: str | None
    messages: list[ChatMessage]
    _render: Callable[[list[str], Callable[[str], str]], bytes] = field(repr=False)
    queue: str | None = None  # the routing queue, where the format carries one (generic JSON "queue")
    started_at: str | None = None  # ISO 8601, where the format carries one (generic JSON "started_at")

    def render(self, texts: list[str], name_replacement: Callable[[str], str]) -> bytes:
        """The same document with each message's text replaced (same order, senders, times).

        `name_replacement` maps a customer's display name (Connect) to what replaces it.
        """
        if len(texts) != len(self.messages):
            raise ValueError("one text per message is required")
        return self._render(texts, name_replacement)


def _decode(data: bytes) -> str:
    if not data.strip():
        raise BadInputError("empty", "the chat file is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError("invalid_utf8", f"not valid UTF-8 (first bad byte at offset {exc.start})") from None


def parse_chat(data: bytes, extension: str) -> ChatDocument:
    """Parse chat bytes; BadInputError (quarantine) for anything malformed or unknown."""
    text = _decode(data)
    if extension == ".csv":
        return _parse_csv(text)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInputError("malformed_json", f"not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    if isinstance(doc, dict) and "Transcript" in doc and "Participants" in doc:
        return _parse_connect(doc)
    if isinstance(doc, dict) and "messages" in doc:
        return _parse_generic(doc)
    raise BadInputError(
        "unsupported_chat_format",
        "JSON is neither a generic chat ({chat_id, messages[]}) nor an Amazon Connect transcript",
    )


def _require_str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise BadInputError("malformed_chat", f"{what} must be a string")
    return value


def _parse_generic(doc: dict[str, Any]) -> ChatDocument:
    raw = doc["messages"]
    if not isinstance(raw, list) or not all(isinstance(m, dict) for m in raw):
        raise BadInputError("malformed_chat", "messages must be a list of objects")
    messages = [
        ChatMessage(
            ts=_require_str(m.get("ts", ""), f"messages[{i}].ts"),
            sender=_require_str(m.get("sender", ""), f"messages[{i}].sender"),
            text=_require_str(m.get("text"), f"messages[{i}].text"),
        )
        for i, m in enumerate(raw)
    ]

    def render(texts: list[str], _names: Callable[[str], str]) -> bytes:
        out = copy.deepcopy(doc)
        for m, t in zip(out["messages"], texts, strict=True):
            m["text"] = t
        return json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8")

    chat_id, queue, started = doc.get("chat_id"), doc.get("queue"), doc.get("started_at")
    return ChatDocument("generic", str(chat_id) if chat_id is not None else None, messages, render,
                        queue=queue if isinstance(queue, str) else None,
                        started_at=started if isinstance(started, str) else None)


def _parse_connect(doc: dict[str, Any]) -> ChatDocument:
    items = doc["Transcript"]
    if not isinstance(items, list) or not all(isinstance(m, dict) for m in items):
        raise BadInputError("malformed_chat", "Transcript must be a list of objects")
    if not isinstance(doc["Participants"], list):
        raise BadInputError("malformed_chat", "Participants must be a list")
    indices = [i for i, m in enumerate(items) if "Content" in m]
    messages = [
        ChatMessage(
            ts=_require_str(items[i].get("AbsoluteTime", ""), f"Transcript[{i}].AbsoluteTime"),
            sender=_require_str(items[i].get("ParticipantRole", ""), f"Transcript[{i}].ParticipantRole").lower(),
            text=_require_str(items[i]["Content"], f"Transcript[{i}].Content"),
        )
        for i in indices
    ]

    def render(texts: list[str], names: Callable[[str], str]) -> bytes:
        out = copy.deepcopy(doc)
        for i, t in zip(indices, texts, strict=True):
            out["Transcript"][i]["Content"] = t
        for entry in [*out["Participants"], *out["Transcript"]]:
            if isinstance(entry, dict) and entry.get("ParticipantRole") not in STAFF_ROLES and "DisplayName" in entry:
                entry["DisplayName"] = names(str(entry["DisplayName"]))
        return json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8")

    contact = doc.get("ContactId") or doc.get("InitialContactId")
    return ChatDocument("connect", str(contact) if contact else None, messages, render)


def _parse_csv(text: str) -> ChatDocument:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or [h.strip().lower() for h in rows[0]] != CSV_HEADER:
        raise BadInputError("malformed_chat", "CSV chat must start with the header ts,sender,text")
    body = rows[1:]
    for n, row in enumerate(body, start=2):
        if len(row) != 3:
            raise BadInputError("malformed_chat", f"CSV row {n} has {len(row)} fields, expected 3")
    messages = [ChatMessage(ts=r[0], sender=r[1], text=r[2]) for r in body]

    def render(texts: list[str], _names: Callable[[str], str]) -> bytes:
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(rows[0])
        writer.writerows([r[0], r[1], t] for r, t in zip(body, texts, strict=True))
        return buf.getvalue().encode("utf-8")

    return ChatDocument("csv", None, messages, render)
