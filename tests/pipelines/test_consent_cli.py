"""Consent from the command line: withdrawals take effect now and at ingest, imports, audit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CliRun, run_cli

pytestmark = pytest.mark.slow
SECRET = "c" * 40
MARIA = "maria.gonzalez@example.com"


def _deploy(tmp_path: Path, samples_raw: Path, names: tuple[str, ...]) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in names:
        shutil.copy(samples_raw / name, raw / name)
    config = tmp_path / "callscrub.toml"
    config.write_text(f'raw = "{raw}"\nroot = "{tmp_path / "root"}"\nsecret_key = "{SECRET}"\n')
    return config


def _cli(config: Path, *args: str) -> CliRun:
    return run_cli([*args, "--config", str(config)], config.parent, config.parent / "ph")


def _find(config: Path, email: str) -> dict:
    out = _cli(config, "subject", "find", "--email", email, "--json")
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def test_withdrawals_take_effect_now_and_at_ingest(tmp_path: Path, samples_raw: Path) -> None:
    config = _deploy(tmp_path, samples_raw, ("call-0001.ogg", "call-0001.json"))
    root, raw = tmp_path / "root", tmp_path / "raw"
    first = _cli(config, "run", "--json")
    assert first.returncode == 0, first.stderr[-2000:]
    dataset = list((root / "redacted/dataset").rglob("*.parquet"))
    assert len(dataset) == 1

    # analytics withdrawn (by phone: linked to the e-mail the DPO later looks up) -> dataset rows go now
    out = _cli(config, "consent", "withdraw", "--phone", "(212) 555-0198", "--purpose", "analytics",
               "--source", "web_form", "--evidence", "ticket-881", "--json")
    assert out.returncode == 0, out.stderr[-2000:]
    assert len(json.loads(out.stdout)["deleted"]) == 1 and not dataset[0].exists()
    assert "redacted_dataset" not in {r["object_kind"] for r in _find(config, MARIA)["rows"]}

    # ... and are not added again when the call is processed again
    (raw / "call-0001.json").write_text((raw / "call-0001.json").read_text() + " ")  # new sidecar version
    again = _cli(config, "run", "--json")
    assert json.loads(again.stdout)["processed"] == 1
    assert not list((root / "redacted/dataset").rglob("*.parquet"))

    # recording withdrawn -> the raw audio goes (the transcript and redacted outputs stay)
    out = _cli(config, "consent", "withdraw", "--email", MARIA, "--purpose", "recording", "--source", "agent")
    assert out.returncode == 0, out.stderr[-2000:]
    assert not (raw / "call-0001.ogg").exists() and (raw / "call-0001.json").exists()
    assert (root / "private/transcripts/call-0001.ogg.json").exists()
    assert (root / "redacted/audio/call-0001.ogg").exists()
    kinds = {r["object_kind"] for r in _find(config, MARIA)["rows"]}
    assert "recording" not in kinds and "transcript" in kinds

    # a new recording of hers arrives: processed, then its raw audio is deleted at ingest
    shutil.copy(samples_raw / "call-0001.ogg", raw / "call-0009.ogg")
    shutil.copy(samples_raw / "call-0001.json", raw / "call-0009.json")
    late = _cli(config, "run", "--json")
    summary = json.loads(late.stdout)
    assert summary["raw_deleted_without_consent"] == ["call-0009.ogg"]
    assert not (raw / "call-0009.ogg").exists() and (root / "redacted/audio/call-0009.ogg").exists()

    shown = _cli(config, "consent", "show", "--email", MARIA, "--json")
    current = json.loads(shown.stdout)["current"]
    assert current == {"recording": "withdrawn", "analytics": "withdrawn", "quality_training": None}, \
        "analytics was withdrawn under the phone number: it holds for the linked e-mail too"
    actions = [r["action"] for r in json.loads(_cli(config, "audit", "show", "--json", "--last", "50").stdout)]
    assert actions.count("consent.withdraw") == 2 and "consent.show" in actions
    assert _cli(config, "audit", "verify").returncode == 0
    log = "".join(p.read_text() for p in (root / "governance/audit").rglob("*.jsonl"))
    assert MARIA not in log and "555-0198" not in log


def test_import_applies_good_rows_and_names_bad_lines_without_values(tmp_path: Path, samples_raw: Path) -> None:
    config = _deploy(tmp_path, samples_raw, ("chat-0001.json",))
    csv = tmp_path / "crm.csv"
    csv.write_text("identifier_type,identifier,purpose,status,at,source,evidence\n"
                   "email,jo@example.com,analytics,granted,2026-01-02T10:00:00Z,crm_import,crm-1\n"
                   "phone,not a phone,analytics,granted,2026-01-02T10:00:00Z,crm_import,crm-2\n"
                   "email,kim@example.com,telepathy,granted,2026-01-02T10:00:00Z,crm_import,crm-3\n"
                   "email,jo@example.com,analytics,withdrawn,2026-03-01T10:00:00Z,crm_import,crm-4\n")
    out = _cli(config, "consent", "import", "--csv", str(csv), "--json")
    assert out.returncode == 1, "rejected rows make it a partial failure"
    result = json.loads(out.stdout)
    assert result["imported"] == 2 and [b["line"] for b in result["rejected"]] == [3, 4]
    assert "not a phone" not in out.stdout + out.stderr and "kim@" not in out.stdout + out.stderr
    shown = json.loads(_cli(config, "consent", "show", "--email", "jo@example.com", "--json").stdout)
    assert shown["current"]["analytics"] == "withdrawn"
    assert [c["evidence"] for c in shown["changes"]] == ["crm-1", "crm-4"]
    bad = _cli(config, "consent", "record", "--email", "jo@example.com", "--purpose", "analytics",
               "--source", "carrier-pigeon")
    assert bad.returncode == 2 and "unknown source" in bad.stderr
