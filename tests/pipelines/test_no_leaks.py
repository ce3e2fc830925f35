"""No personal data leaks through our own machinery.

After a real, verbose demo run, search the console output and logs, Prefect's own database
and result storage, and every file written outside the raw, private and redacted zones for
the planted values. None may appear. (What survives inside `redacted` is the detectors' measure.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CliRun, planted_values

pytestmark = pytest.mark.slow

CONTENT_ZONES = ("raw", "private", "redacted")


def _hits(blob: bytes, values: set[str]) -> set[str]:
    low = blob.lower()
    return {v for v in values if v.lower().encode("utf-8") in low}


def _files_outside_content_zones(work: Path) -> list[Path]:
    return [p for p in work.rglob("*") if p.is_file() and p.relative_to(work).parts[0] not in CONTENT_ZONES]


def test_search_finds_planted_values_where_they_belong(demo_run: CliRun, truth: dict) -> None:
    """The search itself works: the private zone does hold the transcribed values."""
    private = b"".join(p.read_bytes() for p in (demo_run.workdir / "work" / "private").rglob("*.json"))
    assert len(_hits(private, planted_values(truth))) >= 3


def test_console_and_logs_hold_no_personal_data(demo_run: CliRun, truth: dict) -> None:
    assert demo_run.returncode == 0
    assert "INFO" in demo_run.stderr, "the run was verbose: its logs are part of what is searched"
    output = (demo_run.stdout + demo_run.stderr).encode()
    assert _hits(output, planted_values(truth)) == set()


def test_prefect_database_and_result_storage_hold_no_personal_data(demo_run: CliRun, truth: dict) -> None:
    files = [p for p in demo_run.prefect_home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".db" for p in files), "Prefect's database is where we expect it"
    leaks = {str(p): _hits(p.read_bytes(), planted_values(truth)) for p in files}
    assert {k: v for k, v in leaks.items() if v} == {}


def test_files_outside_content_zones_hold_no_personal_data(demo_run: CliRun, truth: dict) -> None:
    work = demo_run.workdir / "work"
    files = _files_outside_content_zones(work)
    assert any("index" in p.parts for p in files) and any("governance" in p.parts for p in files)
    leaks = {str(p): _hits(p.read_bytes(), planted_values(truth)) for p in files}
    assert {k: v for k, v in leaks.items() if v} == {}


def test_no_traceback_or_telemetry_on_a_normal_run(demo_run: CliRun) -> None:
    out = demo_run.stdout + demo_run.stderr
    assert "Traceback" not in out
    assert "amplitude" not in out.lower() and "telemetry" not in out.lower()
