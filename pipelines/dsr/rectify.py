"""Rectification (GDPR Art. 16): a subject's corrected identifier takes the place of the wrong one.

For each corrected identifier type (e.g. the e-mail), every recording whose metadata sidecar
holds the old value gets the new one (the sidecar is rewritten, its older versions purged, and
the ledger learns the new version so the recording is not processed again); the index rows and
identity links of those conversations are re-keyed from the old key to the new; the consent
history recorded under the old key is carried over to the new one. Conversations keep what was
said in them: a transcript is a record of the call, and rectifying it would falsify it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from callscrub.config import Settings
from callscrub.errors import ConfigError
from pipelines.discover import classify
from pipelines.ledger import read_entry, write_entry
from storage.consent import ConsentRegister
from storage.index.identifiers import normalise_identifier
from storage.index.keys import subject_key
from storage.index.prune import replace_keys
from storage.index.reader import IndexReader
from storage.layout import Layout


def rectify(layout: Layout, settings: Settings, old: dict[str, str], new: dict[str, str],
            run_id: str) -> dict[str, Any]:
    """`old`/`new`: identifier type -> value as given, for each corrected type."""
    secret = settings.require_secret()
    region = settings.index.default_region
    mapping: dict[str, str] = {}
    canon: dict[str, tuple[str, str]] = {}
    for id_type, value in new.items():
        if id_type not in old:
            raise ConfigError(f"to correct the {id_type}, give the current one too")
        before, after = normalise_identifier(id_type, old[id_type], region), normalise_identifier(id_type, value, region)
        if not before or not after:
            raise ConfigError(f"the {id_type} values must be usable identifiers")
        mapping[subject_key(secret, id_type, before)] = subject_key(secret, id_type, after)
        canon[id_type] = (before, value)
    reader = IndexReader(layout.zone("index"))
    rows = reader.find(list(mapping)).to_pylist()
    reader.con.close()
    sources = {r["source_uri"] for r in rows}
    sidecars = sorted({r["object_uri"] for r in rows if r["object_kind"] == "metadata"})
    rewritten = [uri for uri in sidecars if _fix_sidecar(layout, settings, uri, canon)]
    updated = replace_keys(layout.zone("index"), sources, mapping, run_id) if sources else 0
    register = ConsentRegister(layout.zone("governance"))
    carried = 0
    for old_key, new_key in mapping.items():
        for change in register.changes(old_key):
            register.record(replace(change, subject_key=new_key, recorded_at="", evidence=change.evidence))
            carried += 1
    return {"sidecars": rewritten, "index_sources_rewritten": updated, "consent_changes_carried": carried,
            "keys": mapping}


def _fix_sidecar(layout: Layout, settings: Settings, uri: str, canon: dict[str, tuple[str, str]]) -> bool:
    where = layout.locate(uri)
    if where is None or where[0] != "raw" or where[1].head(where[2]) is None:
        return False
    store, key = where[1], where[2]
    meta = json.loads(store.get(key))
    changed = False
    for field, id_type in settings.index.sidecar_fields.items():
        value = meta.get(field)
        if id_type in canon and isinstance(value, str | int):
            if normalise_identifier(id_type, str(value), settings.index.default_region) == canon[id_type][0]:
                meta[field] = canon[id_type][1]
                changed = True
    if not changed:
        return False
    info = store.put(key, json.dumps(meta, indent=1).encode(), "application/json")
    store.purge_history(key)
    for item in classify(list(store.list(key.rsplit(".", 1)[0]))):  # the recording this sidecar describes
        if item.sidecar == key:
            entry = read_entry(layout.zone("index"), item.key)
            if entry is not None:
                write_entry(layout.zone("index"), replace(entry, sidecar_etag=info.etag))
    return True
