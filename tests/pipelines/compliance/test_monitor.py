"""Compliance monitoring through the real pipeline: a typed "please delete all the data you have
about me" becomes a pending erasure request after `callscrub run`; the checks land in a Parquet
table with no raw values; the report, its HTML and the training export read it; a spoken
withdrawal of recording consent reaches the consent register."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from callscrub.config import ComplianceSettings, Settings
from pipelines.compliance.checklist import load_checklist
from pipelines.compliance.checks import Turn
from pipelines.compliance.monitor import Conversation, monitor
from pipelines.flows import layout_for, runtime_for
from storage.consent import ConsentRegister
from storage.requests import RequestQueue
from tests.conftest import run_cli

pytestmark = pytest.mark.slow
SECRET = "m" * 40


def _chat(queue: str, *turns: tuple[str, str]) -> str:
    return json.dumps({"chat_id": "c", "started_at": "2026-11-20T10:00:00Z", "queue": queue, "messages": [
        {"ts": f"2026-11-20T10:00:{10 * i:02d}Z", "sender": s, "text": t} for i, (s, t) in enumerate(turns)]})


CHATS = {
    "erase.json": _chat("retail", ("agent", "Hi, how can I help?"),
                        ("customer", "Hi, I'm Sam Lee, sam.lee@example.com. Please delete all the data you have about me"),
                        ("agent", "Of course. I've raised an erasure request with our data protection team.")),
    "card.json": _chat("retail", ("agent", "Hello! Can I take your social security number?"),
                       ("customer", "no. my card is 4111 1111 1111 1111"),
                       ("agent", "thanks so that's 4111 1111 1111 1111, your refund is on its way")),
    "access.json": _chat("telecom", ("agent", "Hi there"),
                         ("customer", "I want a copy of my data please, my email is kim.ray@example.org"),
                         ("agent", "have you seen our new phones?")),
}
PLANTED = ("Sam Lee", "sam.lee", "4111", "kim.ray", "social security")


def test_a_typed_deletion_request_becomes_a_pending_request_and_the_checks_are_reported(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, body in CHATS.items():
        (raw / name).write_text(body)
    env = {"CALLSCRUB_SECRET_KEY": SECRET}
    common = ["--root", str(tmp_path / "root")]
    run = run_cli(["run", "--raw", str(raw), *common, "--json"], tmp_path, tmp_path / "ph", env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    status = run_cli(["requests", "status", "--raw", str(raw), *common, "--json"], tmp_path, tmp_path / "ph", env=env)
    assert status.returncode == 0, status.stderr[-2000:]
    rows = json.loads(status.stdout)
    assert sorted((r["type"], r["status"], r["source"]) for r in rows) == [
        ("access", "needs_verification", "chat"), ("erasure", "needs_verification", "chat")]
    queue = RequestQueue(layout_for(Settings(raw=str(raw), root=str(tmp_path / "root"))).zone("governance"))
    erasure = next(s for s in queue.all() if s.record.type == "erasure")
    assert erasure.record.identifiers and "#turn=1&t=10.0,10.0" in erasure.record.evidence
    assert "erase.json" in erasure.record.evidence

    redacted = tmp_path / "root" / "redacted" / "compliance"
    table = pq.read_table(sorted((redacted / "checks").rglob("*.parquet"))[0].parent.parent).to_pylist()
    outcomes = {(r["check_name"], r["outcome"]) for r in table}
    assert {("data_minimisation", "fail"), ("no_full_card_readback", "fail"), ("request_acknowledged", "pass"),
            ("request_acknowledged", "fail")} <= outcomes
    for path in redacted.rglob("*.parquet"):
        text = json.dumps(pq.read_table(path).to_pylist(), default=str)
        assert not [v for v in PLANTED if v.lower() in text.lower()], path

    html = tmp_path / "report.html"
    report = run_cli(["compliance", "report", *common, "--json", "--html", str(html)], tmp_path, tmp_path / "ph", env=env)
    assert report.returncode == 0, report.stderr[-2000:]
    data = json.loads(report.stdout)
    assert data["conversations"] == 3 and data["requests"] == {"access": 1, "erasure": 1}
    assert data["checks"]["no_full_card_readback"]["failed"] == 1
    assert {f["check_name"] for f in data["failures"]} == {"no_full_card_readback", "data_minimisation",
                                                           "request_acknowledged"}
    page = html.read_text()
    assert 'id="by-check"' in page and "redacted evidence" in page
    assert not [v for v in PLANTED if v.lower() in (page + report.stdout).lower()]

    out = tmp_path / "train.zip"
    train = run_cli(["compliance", "training-export", *common, "--output", str(out), "--json"], tmp_path,
                    tmp_path / "ph", env=env)
    assert train.returncode == 0, train.stderr[-2000:]
    archive = zipfile.ZipFile(io.BytesIO(out.read_bytes()))
    names = archive.namelist()
    assert any(n.startswith("erasure_request/good/") for n in names)
    assert any(n.startswith("access_request/poor/") for n in names)
    poor_card = next(n for n in names if n.startswith("card_read_back/poor/"))
    assert "4111" not in archive.read(poor_card).decode()  # excerpts come from the redacted chat


@pytest.mark.parametrize(("at_once", "status"), [(False, "pending"), (True, "withdrawn")])
def test_a_spoken_withdrawal_of_recording_consent_reaches_the_register(tmp_path: Path, at_once: bool,
                                                                         status: str) -> None:
    settings = Settings(raw=str(tmp_path / "raw"), root=str(tmp_path / "root"), secret_key=SECRET,
                        compliance=ComplianceSettings(apply_spoken_consent_withdrawal=at_once))
    (tmp_path / "raw").mkdir()
    layout = layout_for(settings)
    key = "b" * 64
    conv = Conversation("file:///x/raw/call.flac", "cid1", "voice", "banking", None, "agent-7", "team-a",
                        [Turn("agent", "this call is recorded, how can i help"),
                         Turn("customer", "please stop recording this call", 3.0, 5.5)],
                        None, {"phone": "+12125550111"}, [key])
    rt = runtime_for(settings)
    out = monitor(layout, settings, rt.intents, load_checklist(), conv, "r1")
    assert out["requests"] == 1
    change = ConsentRegister(layout.zone("governance")).changes(key)[0]
    assert (change.purpose, change.status, change.source) == ("recording", status, "spoken")
    assert change.evidence == "file:///x/raw/call.flac#turn=1&t=3.0,5.5"
    again = monitor(layout, settings, rt.intents, load_checklist(), conv, "r2")  # processed again
    assert again["requests"] == 1 and len(RequestQueue(layout.zone("governance")).all()) == 1
    assert len(ConsentRegister(layout.zone("governance")).changes(key)) == 1


def test_one_request_per_intent_and_conversation_even_when_the_turn_moves(tmp_path: Path) -> None:
    """Processing a conversation again after a rule change that finds the request a turn later
    (or a transcript that splits a turn) queues nothing new: the request is the conversation's."""
    settings = Settings(raw=str(tmp_path / "raw"), root=str(tmp_path / "root"), secret_key=SECRET)
    (tmp_path / "raw").mkdir()
    layout = layout_for(settings)
    rt = runtime_for(settings)

    def conv(*turns: Turn) -> Conversation:
        return Conversation("file:///x/raw/chat.json", "cid2", "chat", "retail", None, "agent-7", "team-a",
                            list(turns), None, {"email": "ana.diaz@example.org"}, [])

    ask = Turn("customer", "please delete all the data you hold about me")
    first = monitor(layout, settings, rt.intents, load_checklist(), conv(ask), "r1")
    again = monitor(layout, settings, rt.intents, load_checklist(), conv(Turn("customer", "hi"), ask), "r2")
    assert first["requests"] == again["requests"] == 1
    queued = RequestQueue(layout.zone("governance")).all()
    assert [(r.record.type, r.record.evidence) for r in queued] == [("erasure", "file:///x/raw/chat.json#turn=0")]
    ids = {r["request_id"] for key in (first["compliance_requests"], again["compliance_requests"])
           for r in pq.read_table(tmp_path / "root" / "redacted" / key).to_pylist()}
    assert ids == {queued[0].record.id}


def test_the_requests_table_says_whether_the_rules_or_the_model_found_a_request(tmp_path: Path) -> None:
    from detectors.intents import INTENTS, IntentDetector
    from detectors.intents.classifier import features, train

    settings = Settings(raw=str(tmp_path / "raw"), root=str(tmp_path / "root"), secret_key=SECRET)
    (tmp_path / "raw").mkdir()
    layout = layout_for(settings)
    rt = runtime_for(settings)
    erase = [k == INTENTS.index("erasure") for k in range(len(INTENTS))]
    toy = train([(features("please zorble my records"), erase), (features("zorble all of it"), erase),
                 (features("my parcel is late"), [False] * len(INTENTS)),
                 (features("what time do you open"), [False] * len(INTENTS))] * 5, INTENTS, epochs=200)
    detector = IntentDetector(rt.intents.nlp, toy, 0.9)
    conv = Conversation("file:///x/raw/chat.json", "cid3", "chat", "retail", None, "agent-7", "team-a",
                        [Turn("customer", "i want a copy of my data"), Turn("customer", "and zorble my records please")],
                        None, {"email": "ana.diaz@example.org"}, [])
    out = monitor(layout, settings, detector, load_checklist(), conv, "r1")
    rows = pq.read_table(tmp_path / "root" / "redacted" / out["compliance_requests"]).to_pylist()
    assert sorted((r["intent"], r["turn"], r["found_by"]) for r in rows) == [("access", 0, "rules"),
                                                                           ("erasure", 1, "model")]
