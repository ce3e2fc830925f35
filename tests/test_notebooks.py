"""Notebooks are executed against a real demo run's output, so they cannot rot."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import REPO, CliRun, planted_values

pytestmark = pytest.mark.slow

# What each notebook must print when run on the demo's output. A new notebook needs an entry.
EXPECTED = {
    "analyst.ipynb": "turns from 3 calls and 3 chats",
    "dpo.ipynb": "erasure would delete 10 object(s)",  # call-0001, its sidecar, 6 outputs, 2 compliance files
    "supervisor.ipynb": "4 failure(s) to review",  # 3 calls without a recording disclosure, 1 request unanswered
}
# Notebooks that take personal data from their user: the only planted values they may show.
TYPED = {"dpo.ipynb": {"maria.gonzalez@example.com"}}


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb")))
def test_notebook_runs_on_demo_output(name: str, demo_run: CliRun, monkeypatch: pytest.MonkeyPatch,
                                      truth: dict[str, list[dict[str, str]]]) -> None:
    assert demo_run.returncode == 0
    assert name in EXPECTED, f"add the output {name} must show on the demo to EXPECTED"
    monkeypatch.setenv("CALLSCRUB_ROOT", str(demo_run.workdir / "work"))
    nb = nbformat.read(REPO / "notebooks" / name, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}).execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert EXPECTED[name] in outputs
    assert os.environ["CALLSCRUB_ROOT"].endswith("work")
    if name in TYPED:
        shown = outputs + "".join(str(v) for c in nb.cells if c.cell_type == "code"
                                  for o in c.get("outputs", []) for v in o.get("data", {}).values())
        typed = {v.lower() for v in TYPED[name]}
        assert all(v in shown.lower() for v in typed), "the typed value is echoed back"
        leaked = [v for v in planted_values(truth) if v.lower() not in typed and v.lower() in shown.lower()]
        assert not leaked, f"{name} shows {len(leaked)} value(s) nobody typed"


def test_saved_notebooks_have_no_outputs() -> None:
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), path.name
