"""Subject-index rows for one processed object: who it is about, and who is mentioned where.

Primary subject: the identifiers in the recording's metadata sidecar (caller number, customer
id, e-mail), one row per object the pipeline wrote for it, linked to each other. Content:
one row per detection, its value canonicalised (spoken -> typed -> E.164/lower-case/...) and
keyed; the raw value never leaves this function.
"""

from __future__ import annotations

from datetime import datetime
from itertools import combinations

from callscrub.config import Settings
from callscrub.records import Detection
from detectors.normalise import normalise
from storage.index.identifiers import id_type_for, normalise_identifier
from storage.index.keys import subject_key
from storage.index.schema import LinkRow, SubjectRow

CUSTOMER_SPEAKERS = {"customer", "caller", "end_user", "enduser", "user", "visitor"}
# Sidecar identifier types reported under the entity type a detector would give them.
SIDECAR_ENTITY = {"phone": "PHONE_NUMBER", "email": "EMAIL_ADDRESS", "name": "PERSON", "card": "CREDIT_CARD"}


def _row(key: str, id_type: str, uri: str, version: str, kind: str, source: str, role: str,
         observed_at: datetime, run_id: str, det: Detection | None = None, hint: str | None = None) -> SubjectRow:
    return SubjectRow(
        subject_key=key, identifier_type=id_type, object_uri=uri, object_version=version, object_kind=kind,
        source_uri=source, role=role, turn=det.turn if det else None, char_start=det.char_start if det else None,
        char_end=det.char_end if det else None, t_start=det.t_start if det else None,
        t_end=det.t_end if det else None, speaker=det.speaker if det else None,
        entity_type=det.entity_type if det else SIDECAR_ENTITY.get(id_type, id_type.upper()),
        detector=det.detector if det else "metadata",
        score=det.score if det else None, display_hint=hint, observed_at=observed_at, run_id=run_id,
    )


def primary_identifiers(settings: Settings, sidecar: dict[str, object]) -> list[tuple[str, str]]:
    """(identifier type, canonical value) of the object's primary subject, from its sidecar."""
    out: list[tuple[str, str]] = []
    for field, id_type in settings.index.sidecar_fields.items():
        value = sidecar.get(field)
        if isinstance(value, str | int) and str(value).strip():
            canonical = normalise_identifier(id_type, str(value), settings.index.default_region)
            if canonical:
                out.append((id_type, canonical))
    return list(dict.fromkeys(out))


def index_rows(
    settings: Settings, *, object_uri: str, object_version: str, kind: str, outputs: dict[str, str],
    sidecar: dict[str, object] | None, detections: list[tuple[Detection, str]], run_id: str,
    observed_at: datetime, sidecar_uri: str | None = None,
) -> tuple[list[SubjectRow], list[LinkRow]]:
    """`outputs`: kind -> URI of every object written from this one (transcripts, redacted audio...)."""
    secret = settings.require_secret()
    rows: list[SubjectRow] = []
    primary = [(t, subject_key(secret, t, v)) for t, v in primary_identifiers(settings, sidecar or {})]
    primary_keys = {k for _, k in primary}
    for id_type, key in primary:
        rows.append(_row(key, id_type, object_uri, object_version, kind, object_uri, "primary", observed_at, run_id))
        rows += [_row(key, id_type, uri, object_version, out_kind, object_uri, "primary", observed_at, run_id)
                 for out_kind, uri in outputs.items()]
        if sidecar_uri:  # the sidecar holds these identifiers in clear: erasure must find it too
            rows.append(_row(key, id_type, sidecar_uri, object_version, "metadata", object_uri, "primary",
                             observed_at, run_id))
    for det, value in detections:
        id_type = id_type_for(det.entity_type)
        if id_type is None:
            continue
        canonical = normalise_identifier(id_type, normalise(value).text, settings.index.default_region)
        if canonical is None:
            continue
        hint = canonical[-4:] if id_type == "card" and settings.index.card_last4_hint else None
        key = subject_key(secret, id_type, canonical)
        # The subject's own identifier, or said/typed by the customer: theirs. Otherwise a mention.
        own = key in primary_keys or (det.speaker or "").lower() in CUSTOMER_SPEAKERS
        role = "self_disclosed" if own else "mentioned"
        # Where the value itself lives: the source and the private transcript. A subject's own data
        # also lives in everything derived from the conversation (detections, redacted copies).
        places = {kind: object_uri, **{k: u for k, u in outputs.items() if own or k == "transcript"}}
        rows += [_row(key, id_type, uri, object_version, k, object_uri, role, observed_at, run_id, det, hint)
                 for k, uri in places.items()]
    links = [
        LinkRow(a_key, a_type, b_key, b_type, object_uri, object_version, observed_at, run_id)
        for (a_type, a_key), (b_type, b_key) in combinations(sorted(primary, key=lambda p: p[1]), 2)
    ]
    return rows, links
