"""The scheduled governance flows run as real Prefect flows."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.audit import AuditEvent, AuditLog, segment_key
from storage.local import LocalStore
from storage.uri import parse_uri

pytestmark = pytest.mark.slow


def test_verify_audit_flow_passes_then_fails_on_tampering(tmp_path: Path) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from callscrub.errors import TerminalError
    from pipelines.flows import verify_audit

    (tmp_path / "raw").mkdir()
    gov = LocalStore(parse_uri(tmp_path / "root" / "governance"))
    for i in range(3):
        AuditLog(gov).append([AuditEvent("ops", "run", run_id=f"r{i}")])
    with prefect_test_harness(server_startup_timeout=120):  # a busy 2-core machine needs more than 30 s
        ok = verify_audit(str(tmp_path / "raw"), str(tmp_path / "root"))
        assert ok["ok"] and ok["records"] == 3
        gov.put(segment_key(1), gov.get(segment_key(1)).replace(b'"r1"', b'"r9"'))
        with pytest.raises(TerminalError, match="000000000001.jsonl line 2"):
            verify_audit(str(tmp_path / "raw"), str(tmp_path / "root"))
