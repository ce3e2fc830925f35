"""After an erasure: look for the subject everywhere the plan touched, and say what was found.

* every deleted object is gone (on S3, with no version or delete marker left);
* the index has no current row for any of the subject's keys;
* the conversations they were only mentioned in are scanned again (private and redacted
  transcripts, raw and redacted chats, analyst dataset rows) with the detectors, each finding
  keyed like the index keys it, and searched literally for the identifiers as given (an e-mail,
  a phone number's digits, an id's letters and digits), so a value the detectors would now miss
  is still caught.

The result holds URIs, turn numbers, types and counts: never a value.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

from callscrub.chats import parse_chat
from callscrub.config import Settings
from callscrub.errors import ObjectNotFoundError
from callscrub.records import Transcript
from detectors.normalise import normalise
from detectors.text import TextRedactor
from detectors.transcript import build_turns
from pipelines.dsr.erase import ErasurePlan, ErasureResult
from pipelines.ledger import read_entry
from pipelines.verification import neutralise, transcript_turn_texts
from storage.index.identifiers import id_type_for, normalise_identifier
from storage.index.keys import subject_key
from storage.index.reader import IndexReader
from storage.layout import Layout


def _needles(settings: Settings, identifiers: list[dict[str, str]]) -> list[tuple[str, str]]:
    """(how to fold a text, what to look for) per identifier as given."""
    out = []
    for ident in identifiers:
        canonical = normalise_identifier(ident["type"], ident["value"], settings.index.default_region)
        if not canonical:
            continue
        if ident["type"] == "phone":
            import phonenumbers

            national = str(phonenumbers.parse(canonical).national_number)
            out.append(("digits", national))
        elif ident["type"] == "email":
            out.append(("lower", canonical))
        elif ident["type"] != "name":
            out.append(("alnum", canonical))
    return out


def _fold(how: str, text: str) -> str:
    if how == "digits":
        return re.sub(r"\D", "", normalise(text).text)
    if how == "alnum":
        return re.sub(r"[^0-9a-z]", "", text.casefold())
    return text.casefold()


def _texts(layout: Layout, kind: str, raw_key: str) -> list[tuple[str, list[str]]]:
    """(object URI, its turn or message texts) for every copy of one conversation."""
    entry = read_entry(layout.zone("index"), raw_key)
    outputs = entry.outputs if entry else {}
    private, public = layout.zone("private"), layout.zone("redacted")
    found: list[tuple[str, list[str]]] = []

    def add(store, key: str | None, read) -> None:  # noqa: ANN001
        if key is None:
            return
        try:
            found.append((store.uri_for(key), read(store.get(key))))
        except ObjectNotFoundError:
            return

    ext = posixpath.splitext(raw_key)[1].lower()
    if kind == "recording":
        add(private, outputs.get("transcript"),
            lambda b: [t.text for t in build_turns(Transcript.from_dict(json.loads(b)))])
        add(public, outputs.get("redacted_transcript"),
            lambda b: transcript_turn_texts(Transcript.from_dict(json.loads(b))))
    else:
        add(layout.raw, raw_key, lambda b: [m.text for m in parse_chat(b, ext).messages])
        add(public, outputs.get("redacted_chat"), lambda b: [m.text for m in parse_chat(b, ext).messages])
    if outputs.get("redacted_dataset"):
        import io

        import pyarrow.parquet as pq

        add(public, outputs["redacted_dataset"], lambda b: pq.read_table(io.BytesIO(b)).column("text").to_pylist())
    return found


def verify_erasure(layout: Layout, settings: Settings, plan: ErasurePlan, result: ErasureResult,
                   identifiers: list[dict[str, str]], redactor: TextRedactor) -> dict[str, Any]:
    secret = settings.require_secret()
    still_there: list[str] = []
    for d in result.deleted:
        where = layout.locate(d["uri"])
        if where is None:
            continue
        store, key = where[1], where[2]
        versions = getattr(store, "version_counts", None)
        if store.head(key) is not None or (versions is not None and versions(key).get(key)):
            still_there.append(d["uri"])
    held = {i.source_uri for i in plan.items if i.action == "held"}  # a legal hold keeps these, rows too
    rows = IndexReader(layout.zone("index")).find(list(plan.keys)).column("source_uri").to_pylist()
    index_rows = sum(1 for source in rows if source not in held)
    needles = _needles(settings, identifiers)
    residuals: list[dict[str, Any]] = []
    scanned = 0
    for item in plan.items:
        where = layout.locate(item.source_uri)
        if item.action != "redact" or where is None or where[0] != "raw":
            continue
        for uri, texts in _texts(layout, item.kind, where[2]):
            scanned += 1
            clean = [neutralise(t) for t in texts]
            for turn, spans in enumerate(redactor.find_many(clean)):
                for s in spans:
                    id_type = id_type_for(s.entity_type)
                    canonical = id_type and normalise_identifier(
                        id_type, normalise(clean[turn][s.start:s.end]).text, settings.index.default_region)
                    if canonical and subject_key(secret, id_type, canonical) in plan.keys:
                        residuals.append({"uri": uri, "turn": turn, "entity_type": s.entity_type, "how": "detector"})
            for turn, text in enumerate(clean):
                for how, needle in needles:
                    if needle in _fold(how, text):
                        residuals.append({"uri": uri, "turn": turn, "entity_type": how, "how": "literal"})
    ok = not still_there and index_rows == 0 and not residuals
    return {"ok": ok, "deleted_checked": len(result.deleted), "still_present": still_there,
            "index_rows_left": index_rows, "texts_scanned": scanned, "residuals": residuals}
