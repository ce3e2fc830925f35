"""Claims: one run per object at a time; a dead run's claim is taken over, a live one is left."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from storage import claims
from pipelines.flows import plan_batches
from storage.local import LocalStore
from storage.uri import parse_uri


def _index(tmp_path: Path) -> LocalStore:
    return LocalStore(parse_uri(tmp_path / "index"))


def test_a_live_claim_keeps_other_runs_out_and_a_retry_of_its_own_run_gets_it_back(tmp_path: Path) -> None:
    index = _index(tmp_path)
    mine = claims.acquire(index, "a.json", "e1", "fp", "run-a", ttl_s=3600)
    assert mine is not None and mine.generation == 0
    assert claims.acquire(index, "a.json", "e1", "fp", "run-b", ttl_s=3600) is None
    assert claims.acquire(index, "a.json", "e1", "fp", "run-a", ttl_s=3600) == mine
    assert claims.acquire(index, "a.json", "e2", "fp", "run-b", ttl_s=3600) is not None, "another version is other work"
    claims.release(index, mine, "fp")
    assert claims.acquire(index, "a.json", "e1", "fp", "run-b", ttl_s=3600) is not None


def test_a_dead_process_claim_is_taken_over_with_the_next_generation(tmp_path: Path) -> None:
    index = _index(tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = claims.Claim("a.json", "e1", "run-dead", claims.socket.gethostname(), int(dead.stdout), 0.0, 0)
    first = claims.acquire(index, "a.json", "e1", "fp", "run-x", ttl_s=10**9)
    assert first is not None
    index.put(next(o.key for o in index.list("claims/")), json.dumps(stale.__dict__).encode())
    taken = claims.acquire(index, "a.json", "e1", "fp", "run-b", ttl_s=10**9)
    assert taken is not None and taken.generation == 1 and taken.took_over == "run-dead"
    assert claims.acquire(index, "a.json", "e1", "fp", "run-c", ttl_s=10**9) is None, "run-b's claim is alive"


def test_an_old_claim_from_another_host_expires(tmp_path: Path) -> None:
    index = _index(tmp_path)
    assert claims.acquire(index, "a.json", "e1", "fp", "run-a", ttl_s=3600) is not None
    key = next(o.key for o in index.list("claims/"))
    elsewhere = claims.Claim("a.json", "e1", "run-a", "another-host", 1, 1.0, 0)
    index.put(key, json.dumps(elsewhere.__dict__).encode())
    assert claims.acquire(index, "a.json", "e1", "fp", "run-b", ttl_s=3600) is not None


def test_two_takers_of_one_stale_claim_cannot_both_win(tmp_path: Path) -> None:
    index = _index(tmp_path)
    stale = claims.Claim("a.json", "e1", "run-dead", "another-host", 1, 1.0, 0)
    folder = claims._folder("a.json", "e1", "fp")
    index.put(f"{folder}/000000.json", json.dumps(stale.__dict__).encode())
    index.put(f"{folder}/000001.json", json.dumps({**stale.__dict__, "run_id": "run-b", "claimed_at": 9e18,
                                                   "generation": 1}).encode())
    # run-c read generation 0 before run-b wrote generation 1: its conditional put loses the race
    assert index.put_new(f"{folder}/000001.json", b"{}") is None
    assert claims.acquire(index, "a.json", "e1", "fp", "run-c", ttl_s=3600) is None


def test_recordings_get_a_task_each_and_chats_are_batched() -> None:
    items = [{"key": f"c{i}.json", "kind": "chat", "size": 10} for i in range(5)]
    items += [{"key": "short.flac", "kind": "recording", "size": 10}, {"key": "long.flac", "kind": "recording", "size": 99}]
    batches = plan_batches(items, chat_batch=2)
    assert [[i["key"] for i in b] for b in batches] == [
        ["long.flac"], ["short.flac"], ["c0.json", "c1.json"], ["c2.json", "c3.json"], ["c4.json"]]


def test_one_compaction_at_a_time(tmp_path: Path) -> None:
    import pytest

    from storage.index.compact import LOCK, CompactionBusyError, compact

    index = _index(tmp_path)
    held = claims.acquire(index, LOCK, "", "", "someone-else", ttl_s=3600)
    assert held is not None
    with pytest.raises(CompactionBusyError, match="another compaction"):
        compact(index)
    claims.release(index, held, "")
    assert compact(index).generation == 1
    assert not list(index.list("claims/")), "the lock is released"
