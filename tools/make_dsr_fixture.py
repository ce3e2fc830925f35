"""Regenerate the data-subject-request test call (tests/data/dsr): a stereo call whose caller is
someone else and in which Maria Gonzalez (the primary subject of the bundled call-0001) is only
mentioned, by her phone number. Erasing her must beep that number and keep everything else.

Needs Debian's espeak-ng and sox. Values are invented (555-01xx range).

    python tools/make_dsr_fixture.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_samples import AGENT, CUSTOMER_M, stereo_call, write_audio  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "dsr"
TURNS = [
    (0, AGENT, "Good afternoon, Northwind Bank. Who am I speaking with?"),
    (1, CUSTOMER_M, "This is John Baker. I would like to add my neighbour as an emergency contact."),
    (0, AGENT, "Of course. What is her phone number?"),
    (1, CUSTOMER_M, "Her number is 212-555-0198."),
    (0, AGENT, "Thank you John, the contact is added to your account."),
]
SIDECAR = {"call_id": "C-0004", "caller_number": "+13125550111", "customer_id": "CUST-007700", "queue": "banking",
           "started_at": "2026-11-07T15:20:00Z"}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        write_audio(OUT / "call-0004.flac", stereo_call(TURNS, Path(t)))
    (OUT / "call-0004.json").write_text(json.dumps(SIDECAR, indent=1) + "\n")
    for p in sorted(OUT.iterdir()):
        print(f"{p.name:18} {p.stat().st_size:>8} bytes")


if __name__ == "__main__":
    main()
