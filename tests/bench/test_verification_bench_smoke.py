"""The verification benchmark runs end to end on the bundled samples (the full run is `bench/verification.py`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_verification_benchmark_smoke(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "verification.py"), "--parts", "samples",
                           "--json", str(out)], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    samples = json.loads(out.read_text())["samples"]
    assert len(samples["results"]) == 3
    assert all(r["transcribe_s"] > 0 and r["verify_s"] > 0 and r["windows"] >= 1 for r in samples["results"])
    assert samples["ratio"] == pytest.approx(samples["verify_s"] / samples["transcribe_s"], rel=1e-3)
