"""The request queue: records hold keyed hashes and a sealed original, status lists overdue first,
rectification follows through sidecars, index and consent, and the CLI drives it all."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from callscrub.errors import ConfigError
from pipelines.dsr.queue import process, status_rows, submit
from pipelines.dsr.seal import unseal
from pipelines.dsr.subject import lookup_keys
from storage.consent import ConsentChange, ConsentRegister
from storage.index.reader import IndexReader
from storage.requests import RequestQueue
from tests.conftest import run_cli
from tests.pipelines.dsr.conftest import MARIA, Deployment

pytestmark = pytest.mark.slow
NOW = datetime.now(tz=UTC)


def test_a_request_record_holds_keyed_hashes_and_a_seal_only_its_own_id_opens(deployment: Deployment) -> None:
    dep = deployment
    record = submit(dep.layout, dep.settings, "access", {"email": MARIA["email"], "phone": "(212) 555-0198"})
    stored = (dep.live / "governance" / "requests" / record.id / "request.json").read_text()
    assert "maria" not in stored.lower() and "0198" not in stored
    assert {i["subject_key"] for i in record.identifiers} == {
        k for _, k in lookup_keys(dep.settings, {"email": MARIA["email"], "phone": "+12125550198"})}
    assert unseal(dep.settings, record.id, record.sealed)["identifiers"][1]["value"] == "(212) 555-0198"
    with pytest.raises(ConfigError):
        unseal(dep.settings, "another-id", record.sealed)
    assert record.due_at[:10] == (datetime.fromisoformat(record.received_at) + timedelta(days=30)).date().isoformat()


def test_status_lists_overdue_requests_first(deployment: Deployment) -> None:
    dep = deployment
    late = submit(dep.layout, dep.settings, "erasure", {"email": "a@example.com"}, received_at=NOW - timedelta(days=40))
    soon = submit(dep.layout, dep.settings, "access", {"email": "b@example.com"}, received_at=NOW - timedelta(days=25))
    fresh = submit(dep.layout, dep.settings, "access", {"email": "c@example.com"})
    done = submit(dep.layout, dep.settings, "access", {"email": "d@example.com"}, received_at=NOW - timedelta(days=45))
    process(dep.layout, dep.settings, done.id)
    rows = status_rows(RequestQueue(dep.layout.zone("governance")))
    assert [r["id"] for r in rows] == [late.id, soon.id, fresh.id, done.id]
    assert rows[0]["overdue"] and rows[0]["days_left"] < 0 and not rows[3]["overdue"]

    result = run_cli(["requests", "status", "--json", "--config", str(dep.config())], dep.base, dep.base / "ph")
    assert result.returncode == 0, result.stderr[-2000:]
    assert [r["id"] for r in json.loads(result.stdout)] == [late.id, soon.id, fresh.id, done.id]


def test_rectification_corrects_sidecar_index_and_consent(deployment: Deployment) -> None:
    dep = deployment
    old_key = lookup_keys(dep.settings, {"email": MARIA["email"]})[0][1]
    ConsentRegister(dep.layout.zone("governance")).record(
        ConsentChange(old_key, "email", "analytics", "withdrawn", NOW.isoformat(), "web_form"))
    record = submit(dep.layout, dep.settings, "rectification", {"email": MARIA["email"]},
                    {"email": "maria.g.new@example.com"})
    out = process(dep.layout, dep.settings, record.id)
    assert len(out["sidecars"]) == 1 and out["consent_changes_carried"] == 1
    sidecar = json.loads((dep.live / "raw" / "call-0001.json").read_text())
    assert sidecar["email"] == "maria.g.new@example.com" and sidecar["caller_number"] == MARIA["phone"]
    reader = IndexReader(dep.layout.zone("index"))
    new_key = lookup_keys(dep.settings, {"email": "maria.g.new@example.com"})[0][1]
    assert reader.find([old_key]).num_rows == 0 and reader.find([new_key]).num_rows > 0
    phone = lookup_keys(dep.settings, {"phone": MARIA["phone"]})[0][1]
    assert new_key in reader.linked([phone])  # the links follow the correction
    current = ConsentRegister(dep.layout.zone("governance")).current([new_key])
    assert current["analytics"].status == "withdrawn"


def test_cli_submit_then_process_runs_the_prefect_flow(deployment: Deployment) -> None:
    dep = deployment
    config = str(dep.config())
    sub = run_cli(["requests", "submit", "--type", "access", "--email", MARIA["email"], "--json", "--config", config],
                  dep.base, dep.base / "ph")
    assert sub.returncode == 0, sub.stderr[-2000:]
    request_id = json.loads(sub.stdout)["id"]
    plan = run_cli(["subject", "erase", "--email", MARIA["email"], "--dry-run", "--config", config],
                   dep.base, dep.base / "ph")
    assert plan.returncode == 0, plan.stderr[-2000:]
    assert "delete" in plan.stdout and "call-0001.ogg" in plan.stdout and "redact PHONE_NUMBER" in plan.stdout
    assert (dep.live / "raw" / "call-0001.ogg").exists()  # a dry run changes nothing
    run = run_cli(["requests", "process", "--json", "--config", config], dep.base, dep.base / "ph")
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    assert out["processed"] == 1 and out["requests"][request_id]["objects"] == 3
    assert "maria" not in (run.stdout + run.stderr + plan.stderr).lower()
    status = RequestQueue(dep.layout.zone("governance")).get(request_id).status
    assert status == "completed"
