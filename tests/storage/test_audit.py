"""The audit log: appends chain, concurrent writers never collide, and every kind of tampering is found."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from storage.audit import HEAD, AuditEvent, AuditLog, segment_key, verify
from storage.local import LocalStore
from storage.uri import parse_uri


@pytest.fixture
def store(tmp_path: Path) -> LocalStore:
    return LocalStore(parse_uri(tmp_path / "governance"))


def _event(n: int) -> AuditEvent:
    return AuditEvent(actor="dpo@example", action="subject.find", objects=(f"file:///x/{n}.ogg",),
                      subject=("ab" * 32,), run_id=f"r{n}", details={"rows": n})


def test_appends_chain_and_verify(store: LocalStore) -> None:
    log = AuditLog(store)
    heads = [log.append([_event(i)]) for i in range(3)] + [log.append([_event(i) for i in range(3, 8)])]
    assert [h.seq for h in heads] == [0, 1, 2, 3]
    result = verify(store)
    assert result.ok, result.problems
    assert (result.segments, result.records, result.head_hash) == (4, 8, heads[-1].hash)
    records = list(log.records())
    assert [r["details"]["rows"] for r in records] == list(range(8))
    assert records[0]["subject"] == ["ab" * 32] and records[0]["actor"] == "dpo@example"


def test_an_untouched_log_of_10000_records_verifies(store: LocalStore) -> None:
    log = AuditLog(store)
    started = time.perf_counter()
    for i in range(1000):
        log.append([_event(i)])
    for b in range(9):
        log.append([_event(1000 + b * 1000 + i) for i in range(1000)])
    written = time.perf_counter() - started
    result = verify(store)
    assert result.ok, result.problems[:3]
    assert (result.segments, result.records) == (1009, 10_000)
    assert written < 120


def test_concurrent_writers_each_get_their_own_place(store: LocalStore) -> None:
    def writer(w: int) -> None:
        log = AuditLog(store)  # its own HEAD view, like another process
        for i in range(40):
            log.append([_event(w * 100 + i)])

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(writer, range(4)))
    result = verify(store)
    assert result.ok, result.problems[:3]
    assert (result.segments, result.records) == (160, 160)


def test_a_stale_or_corrupt_head_hint_is_not_trusted(store: LocalStore) -> None:
    log = AuditLog(store)
    log.append([_event(0)])
    log.append([_event(1)])
    store.put(HEAD, json.dumps({"seq": 0, "hash": "f" * 64}).encode())  # wrong hash for segment 0
    assert log.append([_event(2)]).seq == 2
    store.put(HEAD, b"not json")
    assert log.append([_event(3)]).seq == 3
    store.delete(HEAD)
    assert log.append([_event(4)]).seq == 4
    assert verify(store).ok


def _tamper_setup(store: LocalStore) -> AuditLog:
    log = AuditLog(store)
    for b in range(3):
        log.append([_event(b * 10 + i) for i in range(4)])
    assert verify(store).ok
    return log


def _lines(store: LocalStore, seq: int) -> list[bytes]:
    return store.get(segment_key(seq)).splitlines(keepends=True)


def _write(store: LocalStore, seq: int, lines: list[bytes]) -> None:
    store.put(segment_key(seq), b"".join(lines))


def _problems(store: LocalStore) -> list[str]:
    return [f"{p.where}: {p.what}" for p in verify(store).problems]


def test_a_changed_byte_is_found_with_where(store: LocalStore) -> None:
    _tamper_setup(store)
    lines = _lines(store, 1)
    lines[2] = lines[2].replace(b'"rows":11', b'"rows":71')
    _write(store, 1, lines)
    problems = _problems(store)
    assert problems and all("000000000001.jsonl line 3" in p for p in problems)
    assert "changed" in problems[0]


def test_a_deleted_line_is_found(store: LocalStore) -> None:
    _tamper_setup(store)
    lines = _lines(store, 0)
    del lines[2]
    _write(store, 0, lines)
    problems = _problems(store)
    assert any("000000000000.jsonl line 3" in p and "does not chain" in p for p in problems)
    assert any("holds 3 records, its anchor says 4" in p for p in problems)


def test_the_last_line_deleted_is_found(store: LocalStore) -> None:
    _tamper_setup(store)
    _write(store, 2, _lines(store, 2)[:-1])
    assert any("holds 3 records" in p for p in _problems(store))


def test_a_swapped_pair_is_found(store: LocalStore) -> None:
    _tamper_setup(store)
    lines = _lines(store, 2)
    lines[2], lines[3] = lines[3], lines[2]
    _write(store, 2, lines)
    problems = _problems(store)
    assert any("000000000002.jsonl line 3" in p and "out of place" in p for p in problems)


def test_a_deleted_segment_is_found(store: LocalStore) -> None:
    _tamper_setup(store)
    store.delete(segment_key(1))
    problems = _problems(store)
    assert any("000000000002.jsonl" in p and "segment 1 missing" in p for p in problems)
    assert any("does not chain from the previous segment" in p for p in problems)


def test_the_last_segment_deleted_is_found(store: LocalStore) -> None:
    _tamper_setup(store)
    store.delete(segment_key(2))
    assert any("HEAD" in p and "deleted" in p for p in _problems(store))


def test_a_rewritten_segment_with_fresh_hashes_breaks_the_next_link(store: LocalStore) -> None:
    """Recomputing a segment's hashes after editing it still breaks the chain into the next one."""
    from storage.audit import build_segment

    _tamper_setup(store)
    prev = json.loads(_lines(store, 0)[-1])["hash"]
    forged, _ = build_segment(1, prev, [_event(99)] * 4)
    store.put(segment_key(1), forged)
    problems = _problems(store)
    assert problems == [f"{segment_key(2)} line 1: does not chain from the previous segment "
                        "(a segment before it was removed, replaced or reordered)"]


@pytest.mark.s3
def test_audit_log_on_s3(s3_server) -> None:  # noqa: ANN001
    import uuid

    from storage.s3 import S3Options, S3Store

    bucket = s3_server.versioned_bucket(f"a-{uuid.uuid4().hex[:10]}")
    store = S3Store(parse_uri(f"s3://{bucket}/gov"), S3Options(endpoint_url=s3_server.endpoint, region="us-east-1"))
    log = AuditLog(store)
    for i in range(5):
        log.append([_event(i)])
    assert verify(store).ok and verify(store).records == 5
    lines = store.get(segment_key(3)).splitlines(keepends=True)
    store.put(segment_key(3), lines[0] + lines[1].replace(b"subject.find", b"subject.fine"))
    assert not verify(store).ok


def test_junk_lines_are_problems_not_crashes(store: LocalStore) -> None:
    _tamper_setup(store)
    lines = _lines(store, 1)
    lines[2] = b"[]\n"
    _write(store, 1, lines)
    _write(store, 2, [b'"not an anchor"\n', *_lines(store, 2)[1:]])
    problems = _problems(store)
    assert any("000000000001.jsonl line 3: not a valid record" in p for p in problems)
    assert any("000000000002.jsonl line 1" in p for p in problems)


@pytest.mark.s3
def test_an_overwritten_segment_is_found_on_a_versioned_bucket(s3_server) -> None:  # noqa: ANN001
    """Rewriting the whole tail with fresh hashes chains again; the bucket's versions still tell."""
    import uuid

    from storage.audit import build_segment
    from storage.s3 import S3Options, S3Store

    bucket = s3_server.versioned_bucket(f"v-{uuid.uuid4().hex[:10]}")
    store = S3Store(parse_uri(f"s3://{bucket}/gov"), S3Options(endpoint_url=s3_server.endpoint, region="us-east-1"))
    log = AuditLog(store)
    heads = [log.append([_event(i)]) for i in range(2)]
    forged, _ = build_segment(1, json.loads(store.get(segment_key(0)).splitlines()[-1])["hash"], [_event(99)])
    store.put(segment_key(1), forged)
    result = verify(store)
    assert [p.where for p in result.problems] == [segment_key(1)] and "2 versions" in result.problems[0].what
    assert heads[-1].seq == 1
