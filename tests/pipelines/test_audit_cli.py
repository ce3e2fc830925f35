"""Runs, DPO lookups, re-identification and index maintenance are audited; `audit verify` finds tampering."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storage.audit import segment_key
from tests.conftest import CliRun, planted_values, run_cli
from tests.pipelines.test_no_leaks import _hits

pytestmark = pytest.mark.slow


@pytest.fixture
def deployment(demo_copy: Path) -> Path:
    return demo_copy


def _cli(work: Path, *args: str, env: dict[str, str] | None = None) -> CliRun:
    return run_cli([*args, "--config", str(work / "callscrub.toml")], work, work.parent / "ph", env=env)


def _records(work: Path) -> list[dict]:
    out = _cli(work, "audit", "show", "--json", "--last", "1000")
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def test_demo_run_is_audited_and_the_log_verifies(deployment: Path, truth: dict) -> None:
    records = _records(deployment)
    # chat-0002's "I need to update my details" is queued as a rectification request, before the run's record
    assert [r["action"] for r in records] == ["request.detected", "run"]
    run = records[-1]
    assert run["details"]["processed"] == 6 and len(run["objects"]) == 6 and run["run_id"]
    ok = _cli(deployment, "audit", "verify", "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["ok"] is True


def test_a_dpo_lookup_is_audited_with_keyed_subjects_only(deployment: Path, truth: dict) -> None:
    found = _cli(deployment, "subject", "find", "--email", "maria.gonzalez@example.com", "--json",
                 env={"CALLSCRUB_ACTOR": "dpo.jane@acme.example"})
    assert found.returncode == 0, found.stderr[-2000:]
    out = json.loads(found.stdout)
    rec = _records(deployment)[-1]
    assert (rec["action"], rec["actor"]) == ("subject.find", "dpo.jane@acme.example")
    assert rec["subject"] == [i["subject_key"] for i in out["identifiers"]]
    assert set(rec["objects"]) == {r["object_uri"] for r in out["rows"]}
    log = b"".join(p.read_bytes() for p in (deployment / "governance" / "audit").rglob("*") if p.is_file())
    assert _hits(log, planted_values(truth)) == set(), "the audit log holds keyed hashes, never the e-mail"


def test_no_audit_no_answer(deployment: Path) -> None:
    shutil.rmtree(deployment / "governance" / "audit")
    (deployment / "governance" / "audit").write_text("not a folder")  # the audit log cannot be written
    found = _cli(deployment, "subject", "find", "--email", "maria.gonzalez@example.com", "--json")
    assert found.returncode == 1 and found.stdout == ""
    assert "audit log could not be written" in found.stderr and "maria" not in found.stderr.lower()


def test_reidentify_needs_a_root_and_is_audited(deployment: Path, tmp_path: Path) -> None:
    key = run_cli(["keygen"], tmp_path, tmp_path / "ph").stdout.strip()
    env = {"CALLSCRUB_REDACTION__ENCRYPTION_KEY": key, "CALLSCRUB_REDACTION__OPERATORS": '{"PHONE_NUMBER": "encrypt"}'}
    text = tmp_path / "t.txt"
    text.write_text("call me on 212-555-0198")
    red = run_cli(["redact-text", "--input", str(text), "--output", str(tmp_path / "r.txt")], tmp_path,
                  tmp_path / "ph", env=env)
    assert red.returncode == 0, red.stderr
    back = _cli(deployment, "reidentify", str(tmp_path / "r.txt"), env=env)
    assert back.returncode == 0 and "212-555-0198" in back.stdout
    rec = _records(deployment)[-1]
    assert rec["action"] == "reidentify" and rec["details"]["values"] == 1
    assert rec["objects"] == [(tmp_path / "r.txt").resolve().as_uri()]
    rootless = run_cli(["reidentify", str(tmp_path / "r.txt")], tmp_path, tmp_path / "ph", env=env)
    assert rootless.returncode == 2 and "audited" in rootless.stderr and rootless.stdout == ""


def test_verify_says_where_the_log_was_changed(deployment: Path) -> None:
    _cli(deployment, "subject", "find", "--phone", "(212) 555-0198")
    _cli(deployment, "subject", "find", "--customer-id", "CUST-004417")
    seg = deployment / "governance" / segment_key(2)  # 0: the request chat-0002 made, 1: the run
    seg.write_bytes(seg.read_bytes().replace(b'"subject.find"', b'"subject.fine"'))
    bad = _cli(deployment, "audit", "verify", "--json")
    assert bad.returncode == 1
    problems = json.loads(bad.stdout)["problems"]
    assert problems and problems[0]["where"].endswith("000000000002.jsonl line 2")
    text = _cli(deployment, "audit", "verify")
    assert text.returncode == 1 and "tampered" in text.stdout
