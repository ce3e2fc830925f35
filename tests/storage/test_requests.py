"""The request queue and tombstones as data: immutable records, numbered events that concurrent
writers never lose, checkpoints taken once, tombstones that keep the first erasure's record."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from storage import tombstones
from storage.local import LocalStore
from storage.requests import RequestQueue, RequestRecord
from storage.uri import parse_uri

KEY = "a" * 64


def _store(tmp_path: Path) -> LocalStore:
    return LocalStore(parse_uri(str(tmp_path / "governance")))


def _record(rid: str = "r1", verified: bool = True) -> RequestRecord:
    return RequestRecord(rid, "erasure", ({"type": "email", "subject_key": KEY},), "sealed",
                         "2026-11-01T00:00:00+00:00", "2026-12-01T00:00:00+00:00", verified=verified)


def test_submit_once_and_status_follows_events(tmp_path: Path) -> None:
    queue = RequestQueue(_store(tmp_path))
    queue.submit(_record())
    with pytest.raises(ValueError):
        queue.submit(_record())
    assert queue.get("r1").status == "received"
    queue.set_status("r1", "in_progress")
    assert queue.get("r1").status == "in_progress"
    queue.submit(_record("r2", verified=False))
    assert [s.status for s in queue.all()] == ["in_progress", "needs_verification"]
    with pytest.raises(ValueError):
        queue.set_status("r1", "done")


def test_concurrent_status_changes_are_all_kept(tmp_path: Path) -> None:
    queue = RequestQueue(_store(tmp_path))
    queue.submit(_record())
    threads = [threading.Thread(target=queue.set_status, args=("r1", "in_progress")) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(queue.get("r1").events) == 9


def test_a_step_is_checkpointed_once(tmp_path: Path) -> None:
    queue = RequestQueue(_store(tmp_path))
    queue.submit(_record())
    assert queue.checkpoint("r1", "00000-delete", {"deleted": []})
    assert not queue.checkpoint("r1", "00000-delete", {"deleted": ["again"]})
    assert queue.done_steps("r1") == {"00000-delete": {"deleted": []}}


def test_tombstones_keep_the_first_record_and_refuse_bad_keys(tmp_path: Path) -> None:
    index = LocalStore(parse_uri(str(tmp_path / "index")))
    assert tombstones.add(index, tombstones.Tombstone(KEY, "email", "r1", "2026-11-01T00:00:00+00:00"))
    assert not tombstones.add(index, tombstones.Tombstone(KEY, "email", "r2", "2026-11-02T00:00:00+00:00"))
    assert tombstones.keys(index) == {KEY}
    assert tombstones.load(index, KEY).request_id == "r1"
    with pytest.raises(ValueError):
        tombstones.add(index, tombstones.Tombstone("../escape", "email", "r1", ""))
