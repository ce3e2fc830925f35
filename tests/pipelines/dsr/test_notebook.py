"""The DPO notebook answers requests: an access export, then an erasure, on a real deployment."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import REPO
from tests.pipelines.dsr.conftest import MARIA, Deployment

pytestmark = pytest.mark.slow


def _run(dep: Deployment, action: str, monkeypatch: pytest.MonkeyPatch) -> str:
    dep.config()
    monkeypatch.setenv("CALLSCRUB_ROOT", str(dep.live))
    monkeypatch.setenv("CALLSCRUB_DPO_ACTION", action)
    nb = nbformat.read(REPO / "notebooks" / "dpo.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}).execute()
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_the_dpo_notebook_exports_then_erases(deployment: Deployment, monkeypatch: pytest.MonkeyPatch) -> None:
    dep = deployment
    shown = _run(dep, "access", monkeypatch)
    assert "3 conversation(s)" in shown and "governance/exports/" in shown
    assert "redact PHONE_NUMBER in turn 3" in shown and "delete raw/call-0001.ogg" in shown
    assert len(list((dep.live / "governance" / "exports").glob("*.zip"))) == 1
    shown = _run(dep, "erasure", monkeypatch)
    assert "deleted 1, redacted 2, held 0" in shown and "verified: True" in shown
    assert not (dep.live / "raw" / "call-0001.ogg").exists()
    for value in ("212-555-0198", "Maria Gonzalez", "CUST-004417", MARIA["phone"]):
        assert value not in shown
