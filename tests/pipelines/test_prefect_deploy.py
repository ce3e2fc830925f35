"""The README's deployment steps work: `prefect deploy --all` registers every deployment in
prefect.yaml with its schedule against a real Prefect server, and a process worker picks up a
run of one and completes it."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.audit import AuditEvent, AuditLog
from storage.local import LocalStore
from storage.uri import parse_uri

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
PREFECT = str(Path(sys.executable).with_name("prefect"))


def _prefect(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PREFECT, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)


async def _deployments() -> list:  # noqa: ANN401 - prefect's DeploymentResponse
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        return await client.read_deployments()


async def _runs(deployment_id: object) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    async with get_client() as client:
        return await client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])))


def test_deploy_all_registers_every_flow_on_its_schedule_and_a_worker_runs_one(tmp_path: Path) -> None:
    import yaml
    from prefect.settings import get_current_settings
    from prefect.testing.utilities import prefect_test_harness

    raw, root = tmp_path / "raw", tmp_path / "root"
    raw.mkdir()
    AuditLog(LocalStore(parse_uri(root / "governance"))).append([AuditEvent("ops", "run", run_id="r1")])
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text())
    with prefect_test_harness(server_startup_timeout=120):
        env = {**os.environ, "PREFECT_API_URL": get_current_settings().api.url, "CALLSCRUB_HOME": str(REPO),
               "PREFECT_HOME": str(tmp_path / "ph"), "DO_NOT_TRACK": "1"}
        created = _prefect(["work-pool", "create", "callscrub-local", "--type", "process"], env)
        assert created.returncode == 0, created.stderr[-2000:]
        deployed = _prefect(["--no-prompt", "deploy", "--all"], env)
        assert deployed.returncode == 0, deployed.stdout[-3000:] + deployed.stderr[-3000:]

        found = {d.name: d for d in asyncio.run(_deployments())}
        assert set(found) == {d["name"] for d in spec["deployments"]}
        for dep in spec["deployments"]:
            registered = found[dep["name"]]
            assert registered.work_pool_name == "callscrub-local"
            assert registered.schedules and registered.schedules[0].active, dep["name"]
        assert found["process"].schedules[0].schedule.interval.total_seconds() == 900
        assert found["discover"].schedules[0].schedule.cron == "0 5 * * 1"

        params = json.dumps({"raw": str(raw), "root": str(root)})
        queued = _prefect(["deployment", "run", "verify_audit/verify_audit", "--params", params], env)
        assert queued.returncode == 0, queued.stderr[-2000:]
        worker = _prefect(["worker", "start", "--pool", "callscrub-local", "--run-once"], env, timeout=600)
        assert worker.returncode == 0, worker.stdout[-3000:] + worker.stderr[-3000:]
        runs = asyncio.run(_runs(found["verify_audit"].id))
        assert [r.state.type.value for r in runs] == ["COMPLETED"]
