"""Transient S3 faults do not change what a run writes: through a proxy that answers 503 SlowDown,
resets connections and stalls past the read timeout (also after S3 did the write) on about 10% of
calls, the run completes with the same outputs and index as a run against the server directly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.faults import FaultPlan, FaultProxy
from tests.pipelines.snapshot import index_rows, outputs

pytestmark = [pytest.mark.s3, pytest.mark.slow]

SECRET = "fault-test-secret-key-0123456789abcdef"


def _download(client, bucket: str, prefix: str, to: Path) -> Path:  # noqa: ANN001 - boto3 client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/"):
        for obj in page.get("Contents", []):
            dest = to / obj["Key"][len(prefix) + 1:]
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(client.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read())
    return to


def test_a_run_through_injected_faults_writes_what_a_clean_run_writes(
    s3_server, samples_raw: Path, tmp_path: Path  # noqa: ANN001
) -> None:
    client = s3_server.client()
    raw, data = s3_server.versioned_bucket("faults-raw"), s3_server.versioned_bucket("faults-data")
    for name in ("chat-0001.json", "chat-0002.json", "chat-0003.csv"):
        client.put_object(Bucket=raw, Key=f"in/{name}", Body=(samples_raw / name).read_bytes())
    template = json.loads((samples_raw / "chat-0001.json").read_text())
    for n in range(3):
        client.put_object(Bucket=raw, Key=f"in/more/chat-{n}.json", Body=json.dumps({**template, "chat_id": str(n)}))

    def run(root: str, endpoint: str) -> dict:
        env = {**s3_server.env, "CALLSCRUB_S3__ENDPOINT_URL": endpoint, "CALLSCRUB_S3__REGION": "us-east-1",
               "CALLSCRUB_SECRET_KEY": SECRET, "CALLSCRUB_S3__READ_TIMEOUT_S": "1",
               "CALLSCRUB_S3__CONNECT_TIMEOUT_S": "1"}
        result = run_cli(["run", "--raw", f"s3://{raw}/in", "--root", f"s3://{data}/{root}", "--json"],
                         tmp_path, tmp_path / f"ph-{root}", env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "Traceback" not in result.stderr
        return json.loads(result.stdout)

    clean = run(root="clean", endpoint=s3_server.endpoint)
    with FaultProxy(s3_server.endpoint, FaultPlan(slow_down=0.05, reset=0.03, stall_before=0.005, stall_after=0.015, stall_s=1.5)) as proxy:
        faulty = run(root="faulty", endpoint=proxy.endpoint)
    plan = proxy.plan
    assert plan.requests > 80 and all(plan.injected[k] > 0 for k in ("slow_down", "reset", "stall_after")), plan
    assert faulty["processed"] == clean["processed"] == 6 and faulty["busy"] == []

    clean_dir = _download(client, data, "clean", tmp_path / "clean")
    faulty_dir = _download(client, data, "faulty", tmp_path / "faulty")
    assert outputs(faulty_dir, written_at=f"s3://{data}/faulty") == outputs(clean_dir, written_at=f"s3://{data}/clean")
    assert index_rows(faulty_dir, f"s3://{data}/faulty") == index_rows(clean_dir, f"s3://{data}/clean")
    # The audit log took every append exactly once (a lost answer to a conditional put is not a retry).
    segments = sorted((faulty_dir / "governance" / "audit" / "log").glob("*.jsonl"))
    assert len(segments) == len(sorted((clean_dir / "governance" / "audit" / "log").glob("*.jsonl")))
    shutil.rmtree(tmp_path / "clean")
