"""No personal data leaks through our own machinery.

After a real, verbose demo run, search the console output and logs, Prefect's own database
and result storage, and every file written outside the raw, private and redacted zones for
the planted values. None may appear. (What survives inside `redacted` is the detectors' measure.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import CliRun, planted_values

pytestmark = pytest.mark.slow

CONTENT_ZONES = ("raw", "private", "redacted")


def _hits(blob: bytes, values: set[str]) -> set[str]:
    low = blob.lower()
    return {v for v in values if v.lower().encode("utf-8") in low}


def readable(path: Path) -> bytes:
    """A file's bytes, or for Parquet its decoded rows: column chunks are compressed, and a
    byte search of a zstd page would find nothing even if a value were there."""
    if path.suffix == ".parquet":
        return json.dumps(pq.read_table(path).to_pylist(), default=str, ensure_ascii=False).encode("utf-8")
    return path.read_bytes()


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
    assert any(p.suffix == ".parquet" for p in files), "the index's Parquet files are searched, decoded"
    leaks = {str(p): _hits(readable(p), planted_values(truth)) for p in files}
    assert {k: v for k, v in leaks.items() if v} == {}


def test_readable_decodes_parquet(tmp_path: Path) -> None:
    """The search finds a value inside a compressed Parquet file, whatever its encoding did to the bytes."""
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"text": [f"call maria.gonzalez@example.com {i}" for i in range(500)]}), path,
                   compression="zstd", use_dictionary=False)
    assert _hits(readable(path), {"maria.gonzalez@example.com"}) == {"maria.gonzalez@example.com"}


def test_no_traceback_or_telemetry_on_a_normal_run(demo_run: CliRun) -> None:
    out = demo_run.stdout + demo_run.stderr
    assert "Traceback" not in out
    assert "amplitude" not in out.lower() and "telemetry" not in out.lower()


def test_the_secret_key_is_never_logged_or_stored(demo_run: CliRun) -> None:
    """The demo's secret is in its config file and nowhere else: not in the console or logs, not
    in Prefect's database, not in any file the run wrote (index, ledger, audit log, summaries)."""
    import tomllib

    work = demo_run.workdir / "work"
    secret = tomllib.loads((work / "callscrub.toml").read_text())["secret_key"]
    assert len(secret) >= 32
    assert _hits((demo_run.stdout + demo_run.stderr).encode(), {secret}) == set()
    written = [p for p in work.rglob("*") if p.is_file() and p.name != "callscrub.toml"]
    written += [p for p in demo_run.prefect_home.rglob("*") if p.is_file()]
    leaks = [str(p) for p in written if _hits(readable(p), {secret})]
    assert leaks == []


def test_prefect_test_harness_run_leaves_no_personal_data_in_prefect(
    tmp_path: Path, samples_raw: Path, truth: dict, capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The process flow in this process under `prefect_test_harness` (threads fan-out, so task
    runs, their states and parameters go through Prefect's API): Prefect's database, its home
    (result storage, caches) and every log record hold none of the planted values."""
    import logging
    import shutil

    from prefect.settings import get_current_settings
    from prefect.testing.utilities import prefect_test_harness

    from pipelines.flows import process

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("call-0003.flac", "chat-0001.json", "chat-0002.json", "chat-0003.csv"):
        shutil.copyfile(samples_raw / name, raw / name)
    home = tmp_path / "prefect-home"
    monkeypatch.setenv("PREFECT_HOME", str(home))
    monkeypatch.setenv("CALLSCRUB_SECRET_KEY", "h" * 40)
    monkeypatch.setenv("CALLSCRUB_SCALE__RUNNER", "threads")
    monkeypatch.setenv("CALLSCRUB_SCALE__CHAT_BATCH", "1")
    caplog.set_level(logging.DEBUG)
    with prefect_test_harness(server_startup_timeout=120):
        database = get_current_settings().server.database.connection_url.get_secret_value()
        summary = process(str(raw), str(tmp_path / "root"))
        db_path = Path(database.split("///", 1)[1])
        assert db_path.is_file()
        prefect_files = [db_path, *[p for p in home.rglob("*") if p.is_file()]]
        searched = {str(p): _hits(p.read_bytes(), planted_values(truth)) for p in prefect_files}
    assert summary["processed"] == 4
    out, err = capfd.readouterr()  # Prefect's own loggers write to the console, not through caplog
    logs = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records) + out + err
    assert "prefect" in logs.lower() and "flow run" in logs.lower(), "the run logged: its logs are searched"
    assert _hits(logs.encode(), planted_values(truth)) == set()
    assert {k: v for k, v in searched.items() if v} == {}
