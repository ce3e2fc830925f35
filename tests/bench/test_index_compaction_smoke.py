"""The compaction benchmark runs end to end at a tiny size (the full run is `bench/index_compaction.py`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_index_compaction_benchmark_smoke(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "index_compaction.py"), "--sizes", "20000", "--repeats", "1",
         "--lookups", "10", "--baseline-ref", "HEAD", "--cache", str(tmp_path / "cache"), "--json", str(out)],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    [result] = json.loads(out.read_text())
    assert all(result["checks"].values())
    assert result["new"]["rows_per_s_per_core_median"] > 0 and "ratio_median" in result
