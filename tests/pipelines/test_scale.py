"""Scale-out and faults: a Dask run equals a single-process run; two runs at once process each
object once; a run killed with SIGKILL and run again ends as a clean run would; a changed detector
setting makes everything due again.

All runs share one raw folder (so conversation ids, keyed from the raw URI, agree) and each has
its own root. The baseline is a plain sequential run of the same inputs; the other runs use the
default thread runner (two objects at once) unless they say otherwise."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CLI, run_cli
from tests.pipelines.snapshot import index_rows, outputs

pytestmark = pytest.mark.slow

SECRET = "scale-test-secret-key-0123456789abcdef"
CHATS = 10  # with the three sample chats: 13 chats, and one recording


def _corpus(raw: Path, samples_raw: Path) -> int:
    raw.mkdir(parents=True)
    for name in ("call-0003.flac", "chat-0001.json", "chat-0002.json", "chat-0003.csv"):
        shutil.copyfile(samples_raw / name, raw / name)
    template = json.loads((samples_raw / "chat-0001.json").read_text())
    for n in range(CHATS):
        chat = {**template, "chat_id": f"chat-{n:03d}",
                "messages": [*template["messages"],
                             {"ts": "2026-01-01T10:00:00Z", "sender": "customer",
                              "text": f"and my other number is 415-555-{n:04d}, thanks"}]}
        (raw / "more" / f"chat-{n:03d}.json").parent.mkdir(exist_ok=True)
        (raw / "more" / f"chat-{n:03d}.json").write_text(json.dumps(chat))
    return CHATS + 4


def _config(path: Path, raw: Path, root: Path, scale: str = "") -> Path:
    path.write_text(f'raw = "{raw}"\nroot = "{root}"\nsecret_key = "{SECRET}"\n{scale}')
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, samples_raw: Path) -> tuple[Path, int]:
    base = tmp_path_factory.mktemp("scale")
    raw = base / "raw"
    return raw, _corpus(raw, samples_raw)


@pytest.fixture(scope="module")
def baseline(corpus: tuple[Path, int], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean, sequential run of the corpus."""
    raw, total = corpus
    base = tmp_path_factory.mktemp("baseline")
    config = _config(base / "callscrub.toml", raw, base / "root", '[scale]\nrunner = "sequential"\n')
    result = run_cli(["run", "--config", str(config), "--json"], base, base / "ph")
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout)["processed"] == total
    return base / "root"


def _assert_same_deployment(root: Path, baseline: Path) -> None:
    assert outputs(root) == outputs(baseline)
    assert index_rows(root) == index_rows(baseline)
    index = root / "index"
    assert not list(index.glob("claims/**/*.json")), "every claim was released"
    assert not [p for p in root.rglob(".callscrub-tmp-*")], "no temporary file left behind"
    for table in ("subjects", "links"):  # every delta file has its marker: no orphans
        for delta in (index / table / "delta").rglob("*.parquet"):
            marker = index / "objects" / "delta" / delta.relative_to(index / table / "delta")
            assert marker.is_file(), f"orphaned {table} rows: {delta.relative_to(index)}"


def test_a_dask_run_equals_the_single_process_run_and_loads_models_once_per_worker(
    corpus: tuple[Path, int], baseline: Path, tmp_path: Path
) -> None:
    from distributed import Client, LocalCluster

    raw, total = corpus
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        scale = f'[scale]\nrunner = "dask"\ndask_address = "{cluster.scheduler_address}"\nchat_batch = 4\n'
        config = _config(tmp_path / "callscrub.toml", raw, tmp_path / "root", scale)
        result = run_cli(["run", "--config", str(config), "--json"], tmp_path, tmp_path / "ph")
        assert result.returncode == 0, result.stderr[-3000:]
        summary = json.loads(result.stdout)
        assert summary["processed"] == total and summary["busy"] == []
        built = client.run(lambda: len(__import__("pipelines.flows", fromlist=["_runtimes"])._runtimes))
        assert sorted(built.values()) == [1, 1], "each worker built its models once, and both worked"
    _assert_same_deployment(tmp_path / "root", baseline)
    assert [o["key"] for o in summary["objects"]] == sorted(o["key"] for o in summary["objects"]), \
        "the summary lists objects in discovery order, whichever worker finished first"


def test_two_runs_at_once_process_each_object_once(corpus: tuple[Path, int], baseline: Path, tmp_path: Path) -> None:
    raw, total = corpus
    config = _config(tmp_path / "callscrub.toml", raw, tmp_path / "root")
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "ph"), "COLUMNS": "120"}
    procs = [subprocess.Popen([*CLI, "run", "--config", str(config), "--json"], cwd=tmp_path, text=True,
                              env={**env, "PREFECT_HOME": str(tmp_path / f"ph{n}")},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in range(2)]
    results = [p.communicate(timeout=900) for p in procs]
    summaries = []
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err[-3000:]
        summaries.append(json.loads(out))
    done = [{o["key"] for o in s["objects"] if o["status"] == "processed"} for s in summaries]
    assert not done[0] & done[1], "no object was processed by both runs"
    assert len(done[0] | done[1]) == total, "every object was processed by one of them"
    _assert_same_deployment(tmp_path / "root", baseline)

    # (That a rerun then does nothing is tests/pipelines/test_process_flow.py::test_rerun_is_incremental.)
    # A detector setting changes what is written: the next run would take everything again.
    from callscrub.config import load_settings
    from pipelines.discover import discover
    from pipelines.flows import layout_for

    config.write_text(config.read_text() + "\n[detection]\nscore_threshold = 0.4\n")
    changed = load_settings(config)
    layout = layout_for(changed)
    assert len(discover(layout.raw, layout.zone("index"), changed.fingerprint())[0]) == total


def test_a_run_killed_with_sigkill_then_run_again_ends_as_a_clean_run(
    corpus: tuple[Path, int], baseline: Path, tmp_path: Path
) -> None:
    raw, total = corpus
    config = _config(tmp_path / "callscrub.toml", raw, tmp_path / "root", '[scale]\nchat_batch = 1\n')
    ledger = tmp_path / "root" / "index" / "ledger"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "ph")}
    proc = subprocess.Popen([*CLI, "run", "--config", str(config), "--json"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        if ledger.is_dir() and len(list(ledger.glob("*.json"))) >= 6:  # the recording and five chats
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed: make the corpus bigger"
    os.killpg(proc.pid, signal.SIGKILL)  # the flow and Prefect's temporary server with it
    proc.wait(timeout=60)
    done_before = len(list(ledger.glob("*.json")))
    assert 6 <= done_before < total

    rerun = run_cli(["run", "--config", str(config), "--json"], tmp_path, tmp_path / "ph2")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    summary = json.loads(rerun.stdout)
    assert summary["processed"] + summary["skipped_unchanged"] == total
    assert summary["processed"] == total - done_before, "what the killed run finished is not redone"
    _assert_same_deployment(tmp_path / "root", baseline)
