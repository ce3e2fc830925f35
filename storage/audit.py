"""The audit log: append-only, hash-chained JSON lines in the governance zone, verifiable alone.

Object stores cannot append, so the log is a sequence of immutable segments, one per append
(a command's or a run's records), each created with a conditional put (`put_new`: create only
if absent) at the next sequence number: two writers can never take the same place, and neither
can overwrite a segment. This is how Delta Lake's transaction log works on S3.

    audit/log/<seq:012d>.jsonl     line 1: the anchor; then one line per record
    audit/HEAD.json                a hint (last seq and hash) that saves a listing; never trusted

Anchor: `{"anchor": {"seq", "prev_hash", "records", "day", "created_at"}, "hash"}`, where
prev_hash is the hash of the previous segment's last line (64 zeros for the first segment).
Record: `{"seq", "i", "at", "actor", "action", "objects", "subject", "run_id", "details",
"prev_hash", "hash"}`: `prev_hash` is the hash of the line before it (the anchor, for the first),
`hash` is SHA-256 of the record's canonical JSON without `hash`. A segment verifies alone
(anchor -> its records) and segments verify together (anchor.prev_hash = previous segment's last
hash, sequence numbers without gaps), so a changed byte, a deleted or reordered line and a
deleted segment are all found, with where. Plain hashes cannot stop someone who may overwrite
segments from rewriting the whole tail consistently: that is what the IAM Deny on non-conditional
puts, S3 versioning (verify flags a segment with more than one version) and Object Lock are for,
and why `audit verify` prints the head hash to keep elsewhere. Records hold references only: URIs, run ids, keyed
subject hashes, counts. Put the `audit/` prefix under S3 Object Lock (compliance mode) so
nobody, root included, can delete or overwrite a segment before its retention ends (README).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from callscrub.errors import CallscrubError, ObjectNotFoundError, TransientError
from storage.base import ObjectStore

log = logging.getLogger(__name__)
PREFIX = "audit/log/"
HEAD = "audit/HEAD.json"
GENESIS = "0" * 64
MAX_ATTEMPTS = 1000  # appends racing for the next place; each loss advances by one segment


@dataclass(frozen=True)
class AuditEvent:
    """What happened: who did what to which objects about which subject. References only."""

    actor: str
    action: str
    objects: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()  # keyed hashes (subject_key), never identifiers
    run_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)  # counts, codes, flags
    at: datetime | None = None


def canonical(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def digest(obj: dict[str, Any]) -> str:
    return hashlib.sha256(canonical({k: v for k, v in obj.items() if k != "hash"})).hexdigest()


def segment_key(seq: int) -> str:
    return f"{PREFIX}{seq:012d}.jsonl"


def _now() -> datetime:
    return datetime.now(tz=UTC)


def build_segment(seq: int, prev_hash: str, events: Sequence[AuditEvent]) -> tuple[bytes, str]:
    """The bytes of segment `seq` chained after `prev_hash`; returns (bytes, its last hash)."""
    created = _now()
    anchor: dict[str, Any] = {"anchor": {"seq": seq, "prev_hash": prev_hash, "records": len(events),
                                         "day": created.date().isoformat(),
                                         "created_at": created.isoformat(timespec="microseconds")}}
    anchor["hash"] = digest(anchor)
    lines = [anchor]
    last = anchor["hash"]
    for i, ev in enumerate(events):
        rec: dict[str, Any] = {
            "seq": seq, "i": i, "at": (ev.at or created).isoformat(timespec="microseconds"), "actor": ev.actor,
            "action": ev.action, "objects": list(ev.objects), "subject": list(ev.subject), "run_id": ev.run_id,
            "details": ev.details, "prev_hash": last,
        }
        rec["hash"] = digest(rec)
        last = rec["hash"]
        lines.append(rec)
    return b"".join(canonical(line) + b"\n" for line in lines), last


def _last_hash(data: bytes) -> str:
    lines = data.splitlines()
    return str(json.loads(lines[-1])["hash"])


@dataclass(frozen=True)
class Head:
    seq: int  # -1: empty log
    hash: str


class AuditLog:
    """Append to and read the audit log under a store (the governance zone)."""

    def __init__(self, store: ObjectStore) -> None:
        self.store = store

    def _head_from_listing(self) -> Head:
        keys = [o.key for o in self.store.list(PREFIX) if o.key.endswith(".jsonl")]
        if not keys:
            return Head(-1, GENESIS)
        last = max(keys)
        return Head(int(last.removeprefix(PREFIX).removesuffix(".jsonl")), _last_hash(self.store.get(last)))

    def _head(self) -> Head:
        try:
            hint = json.loads(self.store.get(HEAD))
            seq, hsh = int(hint["seq"]), str(hint["hash"])
        except (ObjectNotFoundError, ValueError, KeyError, TypeError):
            return self._head_from_listing()
        try:
            if _last_hash(self.store.get(segment_key(seq))) == hsh:
                return Head(seq, hsh)
        except (ObjectNotFoundError, ValueError, KeyError, IndexError):
            pass
        return self._head_from_listing()  # a hint that does not match its segment is ignored

    def append(self, events: Sequence[AuditEvent]) -> Head:
        """Append `events` as one segment; returns the new head. Safe with concurrent writers."""
        if not events:
            raise ValueError("nothing to audit")
        head = self._head()
        for _ in range(MAX_ATTEMPTS):
            seq = head.seq + 1
            data, last = build_segment(seq, head.hash, events)
            if self.store.put_new(segment_key(seq), data, "application/x-ndjson") is not None:
                new = Head(seq, last)
                try:  # only a hint: the segment is written, a failed hint costs the next writer a listing
                    self.store.put(HEAD, json.dumps({"seq": new.seq, "hash": new.hash}).encode(), "application/json")
                except (CallscrubError, OSError):
                    log.warning("audit HEAD hint not updated (segment %d is written)", seq)
                return new
            try:  # someone else took it: go after theirs
                head = Head(seq, _last_hash(self.store.get(segment_key(seq))))
            except ObjectNotFoundError:  # their conditional write is still in flight (S3 409): try again
                time.sleep(0.05)
                head = Head(seq - 1, head.hash)
        raise TransientError("the audit log is too busy: could not take a place after many attempts")

    def segments(self) -> list[str]:
        return sorted(o.key for o in self.store.list(PREFIX) if o.key.endswith(".jsonl"))

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record, in order (anchors skipped). Does not verify: see `verify()`."""
        for key in self.segments():
            for line in self.store.get(key).splitlines()[1:]:
                yield json.loads(line)


@dataclass(frozen=True)
class Problem:
    where: str  # segment key and line
    what: str


@dataclass
class Verification:
    segments: int = 0
    records: int = 0
    head_hash: str = GENESIS
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_segment(key: str, data: bytes, seq: int, expected_prev: str | None) -> tuple[list[Problem], int, str]:
    """Check one segment alone (and its link to the previous one when `expected_prev` is given).
    Returns (problems, records, the hash its successor must chain from)."""
    problems: list[Problem] = []
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines = lines[:-1]
    try:
        anchor = json.loads(lines[0])
        info = anchor["anchor"]
        if not isinstance(anchor, dict) or not isinstance(info, dict):
            raise TypeError
    except (ValueError, KeyError, IndexError, TypeError):
        return [Problem(f"{key} line 1", "the anchor is not valid JSON (changed or truncated)")], 0, GENESIS
    last = str(anchor.get("hash"))
    if digest(anchor) != last:
        problems.append(Problem(f"{key} line 1", "the anchor was changed (its hash does not match)"))
    if info.get("seq") != seq:
        problems.append(Problem(f"{key} line 1", f"the anchor says segment {info.get('seq')}, the name says {seq}"))
    if expected_prev is not None and info.get("prev_hash") != expected_prev:
        problems.append(Problem(f"{key} line 1", "does not chain from the previous segment "
                                "(a segment before it was removed, replaced or reordered)"))
    count = 0
    for n, raw in enumerate(lines[1:], start=2):
        try:
            rec = json.loads(raw)
            if not isinstance(rec, dict):
                raise ValueError
        except ValueError:
            problems.append(Problem(f"{key} line {n}", "not a valid record (changed bytes)"))
            last = ""
            continue
        count += 1
        if digest(rec) != rec.get("hash"):
            problems.append(Problem(f"{key} line {n}", "the record was changed (its hash does not match)"))
        if rec.get("prev_hash") != last:
            problems.append(Problem(f"{key} line {n}", "does not chain from the line before it "
                                    "(a line was removed, inserted or moved)"))
        if rec.get("seq") != seq or rec.get("i") != n - 2:
            problems.append(Problem(f"{key} line {n}", f"record {rec.get('seq')}.{rec.get('i')} is out of place"))
        last = str(rec.get("hash"))
    if count != info.get("records"):
        problems.append(Problem(key, f"holds {count} records, its anchor says {info.get('records')} "
                                "(records were removed or added)"))
    return problems, count, last


def verify(store: ObjectStore) -> Verification:
    """Verify every segment and the links between them; every problem is reported with where."""
    log = AuditLog(store)
    result = Verification()
    expected_prev = GENESIS
    expected_seq = 0
    for key in log.segments():
        try:
            seq = int(key.removeprefix(PREFIX).removesuffix(".jsonl"))
        except ValueError:
            result.problems.append(Problem(key, "not a segment name"))
            continue
        if seq != expected_seq:
            missing = f"segment {expected_seq}" if seq == expected_seq + 1 else f"segments {expected_seq}-{seq - 1}"
            result.problems.append(Problem(key, f"{missing} missing before it (deleted)"))
        problems, count, last = verify_segment(key, store.get(key), seq, expected_prev)
        result.problems += problems
        result.segments += 1
        result.records += count
        expected_prev, expected_seq = last, seq + 1
    result.head_hash = expected_prev
    counts = getattr(store, "version_counts", None)  # S3 with versioning: an overwrite leaves a version
    if counts is not None:
        for key, n in sorted(counts(PREFIX).items()):
            if n > 1:
                result.problems.append(Problem(key, f"has {n} versions: the segment was overwritten or deleted "
                                               "(verify reads the current version only)"))
    try:
        hint = int(json.loads(store.get(HEAD))["seq"])
    except (ObjectNotFoundError, ValueError, KeyError, TypeError):
        hint = None
    if hint is not None and hint >= expected_seq:
        result.problems.append(Problem(HEAD, f"the log ends at segment {expected_seq - 1}, but segment {hint} was "
                                       "written (the last segments were deleted)"))
    return result
