"""Notebooks are executed against a real demo run's output, so they cannot rot."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import REPO, CliRun

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb")))
def test_notebook_runs_on_demo_output(name: str, demo_run: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    assert demo_run.returncode == 0
    monkeypatch.setenv("CALLSCRUB_ROOT", str(demo_run.workdir / "work"))
    nb = nbformat.read(REPO / "notebooks" / name, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}).execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "segments from 3 recordings" in outputs
    assert os.environ["CALLSCRUB_ROOT"].endswith("work")
