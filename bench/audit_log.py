"""What the audit log costs: write overhead per record, and verify speed, local and on S3 (moto).

Baseline: a plain `put` of a record-sized object to the same store, in the same run (what any
write of a small JSON record costs there). An audited action writes one segment (conditional put
+ the HEAD hint put, after reading the hint and the segment it names), so its overhead is
reported as (append time - plain put time) and as a ratio to the plain put.

  single   --single appends of one record each (one segment per record: a CLI command's case)
  batch    --batches appends of --batch-size records (a flow run's case)
  verify   `verify()` over everything written: records per second

S3 runs against moto's standalone server on 127.0.0.1 (HTTP, in-process threads): its latency is
not AWS's. Treat the S3 figures as round trips counted, not as AWS timings.

Run:  .venv/bin/python bench/audit_log.py [--single 2000] [--batches 8] [--batch-size 1000] [--s3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from storage.audit import AuditEvent, AuditLog, verify  # noqa: E402
from storage.base import ObjectStore  # noqa: E402
from storage.local import LocalStore  # noqa: E402
from storage.uri import parse_uri  # noqa: E402

console = Console(width=130)


def event(n: int) -> AuditEvent:
    return AuditEvent(actor="arn:aws:sts::111122223333:assumed-role/dpo/jane", action="subject.find",
                      objects=tuple(f"s3://acme-data/prod/redacted/transcripts/2026/11/{n}-{i}.json" for i in range(4)),
                      subject=(uuid.uuid4().hex * 2,), run_id=uuid.uuid4().hex[:12], details={"rows": n, "expand": False})


def measure(store: ObjectStore, single: int, batches: int, batch_size: int) -> dict[str, float]:
    log = AuditLog(store)
    sample = json.dumps(event(0).__dict__, default=str).encode()
    puts = []
    for i in range(min(single, 500)):
        t = time.perf_counter()
        store.put(f"bench/plain/{i}.json", sample)
        puts.append(time.perf_counter() - t)
    singles = []
    for i in range(single):
        t = time.perf_counter()
        log.append([event(i)])
        singles.append(time.perf_counter() - t)
    batch_times = []
    for b in range(batches):
        events = [event(i) for i in range(batch_size)]
        t = time.perf_counter()
        log.append(events)
        batch_times.append(time.perf_counter() - t)
    t = time.perf_counter()
    result = verify(store)
    verify_s = time.perf_counter() - t
    assert result.ok, result.problems[:3]
    put_ms = statistics.median(puts) * 1000
    single_ms = statistics.median(singles) * 1000
    return {
        "plain_put_ms": put_ms,
        "append_1_record_ms": single_ms,
        "overhead_per_record_ms (single)": single_ms - put_ms,
        "append_vs_put": single_ms / put_ms,
        "append_batch_ms": statistics.median(batch_times) * 1000 if batch_times else 0.0,
        "per_record_in_batch_ms": statistics.median(batch_times) * 1000 / batch_size if batch_times else 0.0,
        "records": result.records,
        "segments": result.segments,
        "verify_s": verify_s,
        "verify_records_per_s": result.records / verify_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--single", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--s3", action="store_true", help="also run against moto's S3 server on 127.0.0.1")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        out["local"] = measure(LocalStore(parse_uri(Path(tmp) / "gov")), args.single, args.batches, args.batch_size)
    if args.s3:
        import os

        import boto3
        from moto.server import ThreadedMotoServer

        from storage.s3 import S3Options, S3Store

        import logging

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"})
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket="audit")
        store = S3Store(parse_uri("s3://audit/gov"), S3Options(endpoint_url=endpoint, region="us-east-1"))
        out["s3 (moto)"] = measure(store, min(args.single, 300), min(args.batches, 3), args.batch_size)
        server.stop()
    table = Table(title="audit log: write overhead and verify speed")
    table.add_column("metric")
    for name in out:
        table.add_column(name, justify="right")
    for metric in next(iter(out.values())):
        table.add_row(metric, *(f"{v[metric]:,.3f}" if isinstance(v[metric], float) else f"{v[metric]:,}"
                                for v in out.values()))
    console.print(table)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
