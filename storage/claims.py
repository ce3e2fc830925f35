"""Claims: which run is processing which raw object right now.

Two runs started at once over the same raw zone (two schedules overlapping, two workers of a
scaled-out deployment) discover the same new objects. Before one processes an object it claims
it with a conditional put (`put_new`: created only if absent, on a local folder and on S3), so
exactly one run does the work; the other reports it as busy and leaves it. After the claim the
ledger is read again: a run that claims an object another run has just finished skips it.

    index/claims/<sha256(key, etag, fingerprint)>/<generation:06d>.json

A claim names its run, host and process. A claim whose process is dead (same host) or which is
older than `scale.claim_ttl_s` (another host) is stale: the next run takes it over by creating
the next generation (again a conditional put, so two runs taking over race safely), and removes
what the dead run may have left half-written for that object (index rows without their marker).
Claims are deleted when the object is done. They hold references only.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from dataclasses import asdict, dataclass

from callscrub.errors import ObjectNotFoundError
from storage.base import ObjectStore
from storage.local import process_alive

PREFIX = "claims"


@dataclass(frozen=True)
class Claim:
    key: str
    etag: str
    run_id: str
    host: str
    pid: int
    claimed_at: float
    generation: int
    took_over: str | None = None  # the run id of the stale claim this one replaced

    def alive(self, ttl_s: float, now: float | None = None) -> bool:
        """Could its run still be working? A dead process on this host, or an old claim, is not."""
        if self.host == socket.gethostname() and not process_alive(self.pid):
            return False
        return ((now if now is not None else time.time()) - self.claimed_at) < ttl_s


def _folder(key: str, etag: str, fingerprint: str) -> str:
    digest = hashlib.sha256("\x00".join((key, etag, fingerprint)).encode("utf-8")).hexdigest()[:40]
    return f"{PREFIX}/{digest}"


def _latest(index: ObjectStore, folder: str) -> Claim | None:
    names = sorted(o.key for o in index.list(folder + "/"))
    for name in reversed(names):
        try:
            return Claim(**json.loads(index.get(name)))
        except ObjectNotFoundError:  # released while we listed
            continue
    return None


def acquire(index: ObjectStore, key: str, etag: str, fingerprint: str, run_id: str,
            ttl_s: float) -> Claim | None:
    """Claim (key, etag) for `run_id`; None if a live run holds it or another run won the race.
    A retry of our own run's task gets its claim back."""
    folder = _folder(key, etag, fingerprint)
    current = _latest(index, folder)
    if current is not None:
        if current.run_id == run_id:
            return current
        if current.alive(ttl_s):
            return None
    claim = Claim(key, etag, run_id, socket.gethostname(), os.getpid(), time.time(),
                  current.generation + 1 if current else 0, current.run_id if current else None)
    created = index.put_new(f"{folder}/{claim.generation:06d}.json",
                            json.dumps(asdict(claim), indent=1).encode(), "application/json")
    return claim if created is not None else None


def release(index: ObjectStore, claim: Claim, fingerprint: str) -> None:
    """Drop every generation of this object's claim (its work is recorded in the ledger)."""
    folder = _folder(claim.key, claim.etag, fingerprint)
    for info in list(index.list(folder + "/")):
        index.delete(info.key)
