"""Agent training material: redacted excerpts of good and poor handling, grouped by scenario.

Scenarios: an access request, an erasure request, a withdrawal of recording consent (good: the
agent took the request on; poor: they did not) and a card read-back (poor: the agent read out a
full card number; good: they read back at most the last four). Each excerpt is the turns around
the evidence, taken from the redacted transcript or chat: what analysts may read already.
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import zipfile
from typing import Any

from callscrub.chats import parse_chat
from callscrub.errors import ObjectNotFoundError
from callscrub.records import Transcript
from detectors.transcript import build_turns
from pipelines.compliance.monitor import CHECK_SCHEMA, CHECKS_PREFIX, REQUEST_SCHEMA, REQUESTS_PREFIX
from pipelines.compliance.report import _table
from storage.base import ObjectStore

INTENT_SCENARIOS = {"access": "access_request", "erasure": "erasure_request",
                    "recording_consent_withdrawal": "consent_withdrawal"}
LAST_FOUR = re.compile(r"\b(ending|ends in|last (four|4))\b", re.IGNORECASE)


def _turns(redacted: ObjectStore, uri: str) -> list[tuple[str, str]]:
    key = uri.split("/redacted/", 1)[-1].split("#", 1)[0]
    try:
        data = redacted.get(key)
    except ObjectNotFoundError:
        return []
    if key.startswith("transcripts/"):
        return [(t.speaker, t.text) for t in build_turns(Transcript.from_dict(json.loads(data)))]
    doc = parse_chat(data, posixpath.splitext(key)[1].lower())
    return [(m.sender, m.text) for m in doc.messages]


def training_export(redacted: ObjectStore, context: int = 2) -> tuple[bytes, list[dict[str, Any]]]:
    checks = _table(redacted, CHECKS_PREFIX, CHECK_SCHEMA).to_pylist()
    requests = _table(redacted, REQUESTS_PREFIX, REQUEST_SCHEMA).to_pylist()
    outcome = {(c["conversation_id"], c["check_name"]): c for c in checks}
    picks: list[tuple[str, str, dict[str, Any], int]] = []
    for r in requests:
        scenario = INTENT_SCENARIOS.get(r["intent"])
        ack = outcome.get((r["conversation_id"], "request_acknowledged"))
        if scenario and ack and ack["outcome"] in ("pass", "fail"):
            picks.append((scenario, "good" if ack["outcome"] == "pass" else "poor", r, r["turn"]))
    for c in checks:
        if c["check_name"] == "no_full_card_readback" and c["outcome"] == "fail":
            picks.append(("card_read_back", "poor", c, c["evidence_turn"] or 0))
    buf = io.BytesIO()
    index: list[dict[str, Any]] = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for c in checks:  # good card handling: a read-back of the last four only
            if c["check_name"] == "no_full_card_readback" and c["outcome"] == "pass" and c["evidence_uri"]:
                turns = _turns(redacted, c["evidence_uri"])
                hit = next((i for i, (who, text) in enumerate(turns) if who == "agent" and LAST_FOUR.search(text)), None)
                if hit is not None:
                    picks.append(("card_read_back", "good", c, hit))
        for scenario, quality, row, turn in picks:
            turns = _turns(redacted, row["evidence_uri"] or "")
            if not turns:
                continue
            lines = turns[max(0, turn - context): turn + context + 1]
            path = f"{scenario}/{quality}/{row['conversation_id']}.txt"
            zf.writestr(path, "".join(f"{who}: {text}\n" for who, text in lines))
            index.append({"scenario": scenario, "quality": quality, "conversation_id": row["conversation_id"],
                          "agent_id": row["agent_id"], "queue": row["queue"], "channel": row["channel"],
                          "turn": turn, "file": path})
        zf.writestr("index.json", json.dumps(index, indent=1))
    return buf.getvalue(), index
