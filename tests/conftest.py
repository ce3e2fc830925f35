"""Shared fixtures: the bundled samples, their truth file, and real runs of the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "callscrub" / "samples"
CLI = [sys.executable, "-m", "pipelines.cli"]


@pytest.fixture(scope="session")
def samples_raw() -> Path:
    return SAMPLES / "raw"


@pytest.fixture(scope="session")
def truth() -> dict[str, list[dict[str, str]]]:
    return json.loads((SAMPLES / "truth.json").read_text())


def planted_values(truth: dict[str, list[dict[str, str]]]) -> set[str]:
    """Every planted value, plus the sidecars' identifiers and digit-only forms of numbers."""
    values = {item["value"] for items in truth.values() for item in items}
    for sidecar in SAMPLES.glob("raw/*.json"):
        meta = json.loads(sidecar.read_text())
        values.update(str(meta[k]) for k in ("caller_number", "email", "customer_id") if k in meta)
    for v in list(values):
        digits = "".join(ch for ch in v if ch.isdigit())
        if len(digits) >= 7:
            values.add(digits)
    return values


@dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    workdir: Path
    prefect_home: Path


def run_cli(args: list[str], workdir: Path, prefect_home: Path, env: dict[str, str] | None = None,
            timeout: int = 900) -> CliRun:
    """Run `callscrub` in a subprocess with its own Prefect home (so its database can be searched)."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("CALLSCRUB_")}
    full_env = {**inherited, "PREFECT_HOME": str(prefect_home), "COLUMNS": "120", **(env or {})}
    proc = subprocess.run(
        [*CLI, *args], cwd=workdir, env=full_env, capture_output=True, text=True, timeout=timeout
    )
    return CliRun(proc.returncode, proc.stdout, proc.stderr, workdir, prefect_home)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    """One real `callscrub demo --verbose --json` over the bundled samples (real models)."""
    base = tmp_path_factory.mktemp("demo")
    return run_cli(["demo", "--workdir", str(base / "work"), "--json", "--verbose"], base, base / "prefect-home")


@pytest.fixture
def demo_copy(demo_run: CliRun, tmp_path: Path) -> Path:
    """A private copy of the demo deployment, for tests that change it (its config points at the copy)."""
    import shutil

    assert demo_run.returncode == 0, demo_run.stderr[-2000:]
    work = tmp_path / "work"
    shutil.copytree(demo_run.workdir / "work", work)
    config = work / "callscrub.toml"
    config.write_text(config.read_text().replace(str(demo_run.workdir / "work"), str(work)))
    return work


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    env: dict[str, str]

    def client(self):  # noqa: ANN201 - boto3 client
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def versioned_bucket(self, name: str) -> str:
        c = self.client()
        c.create_bucket(Bucket=name)
        c.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        return name


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """moto's standalone S3 server over real HTTP on 127.0.0.1 (no patching of boto3)."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    yield S3Server(f"http://127.0.0.1:{port}", env)
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    server.stop()
