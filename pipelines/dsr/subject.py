"""A data subject as the index knows them: their keys (given and linked) and their conversations.

A conversation (a source object: a recording or a chat) is the subject's own when they are its
primary subject (the recording's metadata names them) or, for a chat with no primary subject,
when every e-mail, phone number and customer/account id the customer side disclosed in it is
one of theirs (`requests.self_disclosed_owns_chat`): a customer who typed their own e-mail owns
their chat, while a customer who typed a colleague's e-mail next to their own does not make the
chat the colleague's. Otherwise the subject is only mentioned: their spans are what is theirs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from callscrub.config import Settings
from callscrub.errors import ConfigError
from storage.index.reader import IndexReader

STRONG_TYPES = ("email", "phone", "customer_id", "account_id")  # identify one person on their own


def lookup_keys(settings: Settings, identifiers: dict[str, str | None]) -> list[tuple[str, str]]:
    """(identifier type, subject key) for each identifier given; usage error if one is unusable."""
    from storage.index.identifiers import normalise_identifier
    from storage.index.keys import subject_key

    out: list[tuple[str, str]] = []
    for id_type, value in identifiers.items():
        if value is None:
            continue
        canonical = normalise_identifier(id_type, value, settings.index.default_region)
        if canonical is None:
            raise ConfigError(f"the --{id_type.replace('_', '-')} value is not a usable {id_type}")
        out.append((id_type, subject_key(settings.require_secret(), id_type, canonical)))
    if not out:
        raise ConfigError("give at least one of --email, --phone, --customer-id, --name")
    return out


@dataclass(frozen=True)
class SpanRef:
    """Where one of the subject's values sits in a conversation (positions, never the value)."""

    turn: int
    char_start: int
    char_end: int
    entity_type: str
    t_start: float | None
    t_end: float | None
    speaker: str | None


@dataclass(frozen=True)
class Conversation:
    source_uri: str
    kind: str  # recording | chat
    owned: bool
    role: str  # primary | self_disclosed | mentioned: the subject's strongest role in it
    objects: tuple[str, ...]  # every object the index lists for this conversation (any subject)
    spans: tuple[SpanRef, ...]  # the subject's values in it
    observed_at: Any  # datetime of the newest index row


@dataclass(frozen=True)
class Subject:
    keys: dict[str, str]  # subject key -> identifier type: the given identifiers and every linked one
    given: dict[str, str]
    conversations: tuple[Conversation, ...]
    rows: tuple[dict[str, Any], ...]  # every current index row of the subject's keys


def resolve(reader: IndexReader, settings: Settings, given: dict[str, str],
            sources: list[str] | None = None) -> Subject:
    """The subject of the keys `given` (key -> type), expanded through identity links.

    `sources`: look only at these conversations (ingest re-erasing a tombstoned subject)."""
    keys = {**given, **reader.linked(list(given))}
    rows = reader.find(list(keys)).to_pylist()
    if sources is not None:
        rows = [r for r in rows if r["source_uri"] in set(sources)]
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_source[r["source_uri"]].append(r)
    convs = [_conversation(reader, settings, src, mine, set(keys)) for src, mine in sorted(by_source.items())]
    return Subject(keys, dict(given), tuple(convs), tuple(rows))


def _customer_owns(reader: IndexReader, source: str, keys: set[str]) -> bool:
    """A chat with no primary subject whose customer-side identities are all the subject's."""
    has_primary = reader.con.execute(
        "SELECT count(*) FROM subjects WHERE source_uri = $s AND role = 'primary'", {"s": source}).fetchone()[0]
    disclosed = {k for (k,) in reader.con.execute(
        "SELECT DISTINCT subject_key FROM subjects WHERE source_uri = $s AND object_uri = $s "
        "AND role = 'self_disclosed' AND identifier_type IN (SELECT unnest($t))",
        {"s": source, "t": list(STRONG_TYPES)}).fetchall()}
    return not has_primary and bool(disclosed) and disclosed <= keys


def _conversation(reader: IndexReader, settings: Settings, source: str, mine: list[dict[str, Any]],
                  keys: set[str]) -> Conversation:
    marker = reader.con.execute("SELECT object_kind FROM objects WHERE object_uri = $s", {"s": source}).fetchone()
    kind = marker[0] if marker else next((r["object_kind"] for r in mine if r["object_uri"] == source), "recording")
    roles = {r["role"] for r in mine}
    everything = reader.con.execute(
        "SELECT DISTINCT object_uri FROM subjects WHERE source_uri = $s ORDER BY 1", {"s": source}).fetchall()
    owned = "primary" in roles or (kind == "chat" and settings.requests.self_disclosed_owns_chat
                                   and _customer_owns(reader, source, keys))
    # Spans live on the source (chats) or the private transcript (recordings); one per place.
    where = "transcript" if kind == "recording" else kind
    spans = sorted({SpanRef(r["turn"], r["char_start"], r["char_end"], r["entity_type"], r["t_start"], r["t_end"],
                            r["speaker"])
                    for r in mine if r["turn"] is not None and r["object_kind"] == where},
                   key=lambda s: (s.turn, s.char_start))
    role = "primary" if "primary" in roles else ("self_disclosed" if owned else "mentioned")
    return Conversation(source, kind, owned, role, tuple(sorted({source, *(u for (u,) in everything)})),
                        tuple(spans), max(r["observed_at"] for r in mine))
