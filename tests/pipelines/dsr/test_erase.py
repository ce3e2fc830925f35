"""Erasure end to end on a real processed deployment: own call gone, mentions beeped and redacted
in place with everyone else's words intact, index and dataset follow, tombstones, certificate,
legal holds, resumption after a crash, and no raw value in anything the erasure wrote."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from pipelines.dsr.queue import process, submit
from pipelines.dsr.subject import lookup_keys
from pipelines.ledger import read_entry
from pipelines.retention import add_hold, new_hold
from storage import tombstones
from storage.audit import AuditLog
from storage.index.reader import IndexReader
from storage.requests import RequestQueue
from tests.pipelines.dsr.conftest import MARIA, Deployment, process_all

pytestmark = pytest.mark.slow
PLANTED = ("maria.gonzalez", "Maria Gonzalez", "212-555-0198", "2125550198", "CUST-004417")


def _erase(dep: Deployment, **kw) -> dict:  # noqa: ANN003
    record = submit(dep.layout, dep.settings, "erasure", {"email": MARIA["email"]})
    return process(dep.layout, dep.settings, record.id, **kw) | {"id": record.id}


def _keys(dep: Deployment, **ids: str) -> list[str]:
    return [k for _, k in lookup_keys(dep.settings, ids)]


def _turn_texts(path: Path) -> list[str]:
    return [s["text"] for s in json.loads(path.read_text())["segments"]]


def test_erasure_deletes_their_call_and_erases_their_mentions(deployment: Deployment) -> None:
    dep, live = deployment, deployment.live
    before_audio, rate = sf.read(dep.base / "snapshot" / "raw" / "call-0004.flac", dtype="int16")
    before_private = _turn_texts(dep.base / "snapshot" / "private" / "transcripts" / "call-0004.flac.json")
    assert any("212-555-0198" in t for t in before_private)  # what the real transcript holds

    result = _erase(dep)
    assert (result["delete"], result["redact"], result["held"]) == (1, 2, 0)
    assert result["verified"] is True

    # Her own call: every object it left, in every zone, and its ledger entry.
    for rel in ("raw/call-0001.ogg", "raw/call-0001.json", "private/transcripts/call-0001.ogg.json",
                "private/detections/call-0001.ogg.json", "redacted/audio/call-0001.ogg",
                "redacted/transcripts/call-0001.ogg.json"):
        assert not (live / rel).exists(), rel
    assert read_entry(dep.layout.zone("index"), "call-0001.ogg") is None
    dataset = {p.read_bytes() for p in (live / "redacted" / "dataset").rglob("*.parquet")}
    assert len(dataset) == 3  # John's call, Tom's and Emily's chats; hers is gone

    # John's call: her number is gone from both transcripts, John's words stay.
    after_private = _turn_texts(live / "private" / "transcripts" / "call-0004.flac.json")
    assert not any("212-555-0198" in t or "0198" in t for t in after_private)
    assert any("[PHONE_NUMBER]" in t for t in after_private)
    changed = [(a, b) for a, b in zip(before_private, after_private, strict=True) if a != b]
    assert len(changed) == 1 and "212-555-0198" in changed[0][0]
    assert "John Baker" in " ".join(after_private)
    redacted = " ".join(_turn_texts(live / "redacted" / "transcripts" / "call-0004.flac.json"))
    assert "0198" not in redacted and "[PHONE_NUMBER]" in redacted

    # John's raw recording: her number is beeped on the customer's channel only; nothing else moved.
    after_audio, _ = sf.read(live / "raw" / "call-0004.flac", dtype="int16")
    diff = np.any(after_audio != before_audio, axis=1)
    assert diff.any()
    assert not np.any(after_audio[:, 0] != before_audio[:, 0])  # the agent's channel is bit-identical
    changed_s = np.flatnonzero(diff) / rate
    span = json.loads((live / "private" / "detections" / "call-0004.flac.json").read_text())["detections"]
    number = next(d for d in span if d["entity_type"] == "PHONE_NUMBER")
    assert changed_s.min() >= number["t_start"] - 2.0 and changed_s.max() <= number["t_end"] + 2.0
    entry = read_entry(dep.layout.zone("index"), "call-0004.flac")
    assert entry is not None and entry.etag == dep.layout.raw.head("call-0004.flac").etag  # not re-processed

    # Tom's chat: her e-mail is gone from the raw and the redacted chat; Tom's own stays in the raw.
    raw_chat = (live / "raw" / "chat-tom.json").read_text()
    assert "maria.gonzalez" not in raw_chat and "[EMAIL_ADDRESS]" in raw_chat and "tom.reed@example.com" in raw_chat
    assert "maria.gonzalez" not in (live / "redacted" / "chats" / "chat-tom.json").read_text()

    # The index knows nothing of her any more; John and Tom are still found.
    reader = IndexReader(dep.layout.zone("index"))
    assert reader.find(_keys(dep, **MARIA)).num_rows == 0
    assert reader.find(_keys(dep, phone="+13125550111")).num_rows > 0
    assert reader.find(_keys(dep, email="tom.reed@example.com")).num_rows > 0
    assert tombstones.keys(dep.layout.zone("index")) >= set(_keys(dep, **MARIA))

    # The certificate, chained to the audit log.
    cert = json.loads((live / "governance" / "certificates" / f"{result['id']}.json").read_text())
    assert cert["verification"]["ok"] and cert["verification"]["index_rows_left"] == 0
    assert cert["verification"]["texts_scanned"] >= 4
    assert {Path(d["uri"]).name for d in cert["deleted"]} >= {"call-0001.ogg", "call-0001.json"}
    hashes = {r["hash"] for r in AuditLog(dep.layout.zone("governance")).records()}
    assert cert["audit"]["hash"] in hashes

    # What the erasure wrote holds references only: no planted value anywhere in governance/index.
    for zone in ("governance", "index"):
        for path in (live / zone).rglob("*"):
            if path.is_file() and path.suffix in (".json", ".jsonl"):
                text = path.read_text()
                for value in PLANTED:
                    assert value.lower() not in text.lower(), (path, value)


def test_tombstone_erases_a_reuploaded_copy_on_the_next_ingest(deployment: Deployment, samples_raw: Path) -> None:
    dep = deployment
    _erase(dep)
    for name in ("call-0001.ogg", "call-0001.json"):  # restored from a backup
        shutil.copy2(samples_raw / name, dep.live / "raw" / name)
    outcomes = {o.key: o for o in process_all(dep.layout, dep.settings, "late")}
    assert outcomes["call-0001.ogg"].reerased == "deleted"
    assert not (dep.live / "raw" / "call-0001.ogg").exists()
    assert not (dep.live / "private" / "transcripts" / "call-0001.ogg.json").exists()
    assert IndexReader(dep.layout.zone("index")).find(_keys(dep, **MARIA)).num_rows == 0
    actions = [r["action"] for r in AuditLog(dep.layout.zone("governance")).records()]
    assert "erasure.reapplied" in actions


def test_a_restored_call_that_mentions_them_is_queued_and_erased_again(deployment: Deployment) -> None:
    dep = deployment
    _erase(dep)
    restored = dep.live / "raw" / "call-0004.flac"
    shutil.copy2(dep.base / "snapshot" / "raw" / "call-0004.flac", restored)  # the version from before
    outcomes = {o.key: o for o in process_all(dep.layout, dep.settings, "late")}
    assert outcomes["call-0004.flac"].reerased == "queued"  # the worker may not rewrite a raw input
    queue = RequestQueue(dep.layout.zone("governance"))
    again = next(s for s in queue.all() if s.record.source == "tombstone")
    assert again.status == "received" and set(again.record.keys()) == set(_keys(dep, phone=MARIA["phone"]))
    result = process(dep.layout, dep.settings, again.record.id)
    assert result["verified"] and result["redact"] >= 1
    assert not any("0198" in t for t in _turn_texts(dep.live / "private" / "transcripts" / "call-0004.flac.json"))


def test_a_crash_between_steps_resumes_and_completes_exactly_once(deployment: Deployment) -> None:
    dep = deployment
    record = submit(dep.layout, dep.settings, "erasure", {"email": MARIA["email"]})

    def crash(step: str) -> None:
        if step.startswith("00001"):
            raise RuntimeError("injected crash")

    with pytest.raises(RuntimeError):
        process(dep.layout, dep.settings, record.id, on_step=crash)
    queue = RequestQueue(dep.layout.zone("governance"))
    assert queue.get(record.id).status == "failed"
    assert set(queue.done_steps(record.id)) == {"plan", "00000-delete", "00001-redact"}

    result = process(dep.layout, dep.settings, record.id)
    assert result["verified"] and queue.get(record.id).status == "completed"
    assert process(dep.layout, dep.settings, record.id) == result  # a third run does nothing
    steps = [r["details"]["step"] for r in AuditLog(dep.layout.zone("governance")).records()
             if r["action"] == "request.step"]
    assert len(steps) == len(set(steps))  # every step audited once: none was done twice
    assert sum(1 for r in AuditLog(dep.layout.zone("governance")).records() if r["action"] == "subject.erase") == 1


def test_a_legal_hold_keeps_what_it_covers_and_says_why(deployment: Deployment) -> None:
    dep = deployment
    add_hold(dep.layout.zone("governance"), new_hold("case 2026-114", uri_prefix=dep.layout.raw.uri_for("call-0001")))
    result = _erase(dep)
    assert (result["delete"], result["held"]) == (0, 1)
    assert (dep.live / "raw" / "call-0001.ogg").exists()
    cert = json.loads((dep.live / "governance" / "certificates" / f"{result['id']}.json").read_text())
    assert cert["held"][0]["reason"] == "case 2026-114"
    assert cert["verification"]["ok"]  # held data is not a residual


def test_every_hold_blocks_the_request(deployment: Deployment) -> None:
    dep = deployment
    add_hold(dep.layout.zone("governance"), new_hold("litigation", uri_prefix=str(dep.layout.raw_uri)))
    result = _erase(dep)
    assert result["blocked"] and result["held"] == 3
    assert RequestQueue(dep.layout.zone("governance")).get(result["id"]).status == "blocked"
    assert not tombstones.keys(dep.layout.zone("index"))

