"""`callscrub consent record|withdraw|show|import`: the consent register, from the command line."""

from __future__ import annotations

import csv
import io
import json
import sys
import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from callscrub.config import Settings
from callscrub.errors import CallscrubError, ConfigError
from pipelines.cli_common import ConfigOpt, JsonOpt, RootOpt, fail

consent_app = typer.Typer(help="The consent register (per subject and purpose).", no_args_is_help=True)
EmailOpt = Annotated[str | None, typer.Option(help="The subject's e-mail.")]
PhoneOpt = Annotated[str | None, typer.Option(help="The subject's phone number.")]
CustomerOpt = Annotated[str | None, typer.Option("--customer-id", help="The subject's customer id.")]
PurposeOpt = Annotated[str, typer.Option(help="recording | analytics | quality_training (see consent.purposes).")]
SourceOpt = Annotated[str, typer.Option(help="ivr | agent | web_form | crm_import | spoken (see consent.sources).")]
EvidenceOpt = Annotated[str | None, typer.Option(help="A reference: ticket id, call URI, form id (no personal data).")]
AtOpt = Annotated[str | None, typer.Option("--at", help="When the subject said it (ISO 8601; default now).")]
CSV_HEADER = ["identifier_type", "identifier", "purpose", "status", "at", "source", "evidence"]


def _setup(config: Path | None, root: str | None):  # noqa: ANN202 - (Settings, Layout)
    from callscrub.config import load_settings
    from pipelines.flows import layout_for

    settings = load_settings(config, root=root)
    if not settings.root:
        raise ConfigError("give --root (or root in the config file)")
    settings.require_secret()  # the register is keyed: without the key it identifies nobody
    return settings, layout_for(settings.model_copy(update={"raw": settings.raw or settings.root}))


def _when(at: str | None) -> str:
    from pipelines.dataset import parse_time

    if at is None:
        return datetime.now(tz=UTC).isoformat(timespec="seconds")
    parsed = parse_time(at)
    if parsed is None:
        raise ConfigError("--at must be an ISO 8601 time, e.g. 2026-11-02T09:14:00Z")
    return parsed.isoformat(timespec="seconds")


def _validate(settings: Settings, purpose: str, source: str) -> None:
    if purpose not in settings.consent.purposes:
        raise ConfigError(f"unknown purpose; purposes are {', '.join(settings.consent.purposes)}")
    if source not in settings.consent.sources:
        raise ConfigError(f"unknown source; sources are {', '.join(settings.consent.sources)}")


def change(settings: Settings, layout, keys: list[tuple[str, str]], purpose: str, status: str, at: str,  # noqa: ANN001
           source: str, evidence: str | None, actor: str, deleted: list[str]) -> dict[str, object]:
    """Record one change for every key of the subject; apply a withdrawal's effects; returns counts."""
    from pipelines.consent import withdraw_effects
    from storage.consent import ConsentChange, ConsentRegister

    from storage.index.reader import IndexReader

    register = ConsentRegister(layout.zone("governance"))
    # The change holds for the person, so for every identifier the index links to the ones given:
    # a new call that carries only their phone number is then checked against it at ingest.
    given = {k for _, k in keys}
    reader = IndexReader(layout.zone("index"))  # one reader for the links and the withdrawal's effects
    linked = reader.linked(sorted(given))
    keys = [*keys, *((t, k) for k, t in sorted(linked.items()) if k not in given)]
    for id_type, key in keys:
        register.record(ConsentChange(key, id_type, purpose, status, at, source, evidence, recorded_by=actor))
    done: tuple[str, ...] = ()
    if status == "withdrawn":
        done = withdraw_effects(layout, settings, [k for _, k in keys], purpose, uuid.uuid4().hex[:12],
                                deleted, reader).deleted
    return {"keys": [k for _, k in keys], "deleted": list(done)}


def _record(status: str, email: str | None, phone: str | None, customer_id: str | None, purpose: str, source: str,
            evidence: str | None, at: str | None, root: str | None, config: Path | None, as_json: bool) -> None:
    from pipelines.auditing import resolve_actor
    from pipelines.cli_common import audited
    from pipelines.cli_index import lookup_keys

    deleted: list[str] = []
    try:
        settings, layout = _setup(config, root)
        _validate(settings, purpose, source)
        keys = lookup_keys(settings, {"email": email, "phone": phone, "customer_id": customer_id})
        when = _when(at)
        result = change(settings, layout, keys, purpose, status, when, source, evidence, resolve_actor(settings),
                        deleted)
    except ConfigError as exc:
        fail(str(exc), 2)
    except CallscrubError as exc:
        if deleted:  # what was deleted before the error is audited all the same
            audited(settings, "consent.withdraw", subject=[k for _, k in keys], objects=deleted,
                    details={"purpose": purpose, "deleted": len(deleted), "failed": True})
        fail(str(exc), 1)
    audited(settings, f"consent.{'withdraw' if status == 'withdrawn' else 'record'}", subject=result["keys"],
            objects=result["deleted"], details={"purpose": purpose, "status": status, "source": source,
                                                "deleted": len(result["deleted"])})
    out = {"purpose": purpose, "status": status, "at": when, "subject_keys": result["keys"],
           "deleted": result["deleted"]}
    if as_json:
        sys.stdout.write(json.dumps(out, indent=1) + "\n")
        return
    Console().print(f"{purpose} consent {status} for {len(keys)} identifier(s)"
                    + (f"; {len(result['deleted'])} object(s) deleted" if result["deleted"] else ""))


@consent_app.command("record")
def record(purpose: PurposeOpt, source: SourceOpt, email: EmailOpt = None, phone: PhoneOpt = None,
           customer_id: CustomerOpt = None, evidence: EvidenceOpt = None, at: AtOpt = None, root: RootOpt = None,
           config: ConfigOpt = None, as_json: JsonOpt = False) -> None:
    """Record that the subject granted consent for a purpose."""
    _record("granted", email, phone, customer_id, purpose, source, evidence, at, root, config, as_json)


@consent_app.command("withdraw")
def withdraw(purpose: PurposeOpt, source: SourceOpt, email: EmailOpt = None, phone: PhoneOpt = None,
             customer_id: CustomerOpt = None, evidence: EvidenceOpt = None, at: AtOpt = None, root: RootOpt = None,
             config: ConfigOpt = None, as_json: JsonOpt = False) -> None:
    """Record a withdrawal; analytics: their analyst rows go now; recording: their raw audio goes now."""
    _record("withdrawn", email, phone, customer_id, purpose, source, evidence, at, root, config, as_json)


@consent_app.command("show")
def show(email: EmailOpt = None, phone: PhoneOpt = None, customer_id: CustomerOpt = None, root: RootOpt = None,
         config: ConfigOpt = None, as_json: JsonOpt = False) -> None:
    """The subject's consent per purpose, and every change on record (references only)."""
    from pipelines.cli_common import audited
    from pipelines.cli_index import lookup_keys
    from storage.consent import ConsentRegister, current_of

    try:
        settings, layout = _setup(config, root)
        keys = [k for _, k in lookup_keys(settings, {"email": email, "phone": phone, "customer_id": customer_id})]
        register = ConsentRegister(layout.zone("governance"))
        history = sorted((c for k in keys for c in register.changes(k)), key=lambda c: (c.at, c.recorded_at))
        deciding = current_of(history)
        current = {p: deciding.get(p) for p in settings.consent.purposes}
    except ConfigError as exc:
        fail(str(exc), 2)
    audited(settings, "consent.show", subject=keys, details={"changes": len(history)})
    if as_json:
        sys.stdout.write(json.dumps({
            "current": {p: (c.status if c else None) for p, c in current.items()},
            "changes": [asdict(c) for c in history]}, indent=1) + "\n")
        return
    console = Console()
    for purpose, c in current.items():
        console.print(f"{purpose}: " + (f"{c.status} at {c.at} ({c.source})" if c else "nothing on record"))
    table = Table(title=f"{len(history)} change(s)", title_justify="left")
    for col in ("at", "purpose", "status", "source", "evidence", "identifier", "recorded by"):
        table.add_column(col)
    for c in history:
        table.add_row(c.at, c.purpose, c.status, c.source, c.evidence or "", c.identifier_type, c.recorded_by)
    console.print(table)


@consent_app.command("import")
def import_csv(
    csv_file: Annotated[Path, typer.Option("--csv", help=f"CRM export with the header {','.join(CSV_HEADER)}.")],
    root: RootOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
) -> None:
    """Import consent changes from a CRM export. Bad rows are reported by line and skipped (exit 1)."""
    from pipelines.auditing import resolve_actor
    from pipelines.cli_common import audited
    from pipelines.cli_index import lookup_keys

    try:
        settings, layout = _setup(config, root)
        text = csv_file.read_text(encoding="utf-8-sig")
    except ConfigError as exc:
        fail(str(exc), 2)
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {csv_file} ({type(exc).__name__})", 2)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or [h.strip().lower() for h in rows[0]] != CSV_HEADER:
        fail(f"the CSV must start with the header {','.join(CSV_HEADER)}", 2)
    actor = resolve_actor(settings)
    done, bad, keys_seen, deleted = 0, [], [], []  # `deleted` fills as withdrawals take effect
    failed = True
    try:
        for line, row in enumerate(rows[1:], start=2):
            try:
                if len(row) != len(CSV_HEADER):
                    raise ConfigError(f"{len(row)} fields, expected {len(CSV_HEADER)}")
                id_type, value, purpose, status, at, source, evidence = (f.strip() for f in row)
                if id_type not in ("email", "phone", "customer_id"):
                    raise ConfigError("identifier_type must be email, phone or customer_id")
                if status not in ("granted", "withdrawn"):
                    raise ConfigError("status must be granted or withdrawn")
                _validate(settings, purpose, source)
                keys = lookup_keys(settings, {id_type: value})
                result = change(settings, layout, keys, purpose, status, _when(at or None), source, evidence or None, actor,
                                deleted)
            except ConfigError as exc:
                # The reason names the field, never the value: a CRM export is full of personal data.
                bad.append({"line": line, "reason": str(exc)})
                continue
            done += 1
            keys_seen += result["keys"]
        failed = False
    finally:  # what was done is audited, also when a storage error ends the import early
        audited(settings, "consent.import", subject=sorted(set(keys_seen)), objects=deleted,
                details={"changes": done, "rejected": len(bad), "deleted": len(deleted),
                         "failed": failed})
    if as_json:
        sys.stdout.write(json.dumps({"imported": done, "rejected": bad, "deleted": len(deleted)}, indent=1) + "\n")
    else:
        console = Console()
        for b in bad:
            console.print(f"[yellow]line {b['line']} skipped:[/] {b['reason']}")
        console.print(f"{done} consent change(s) imported, {len(bad)} rejected, {len(deleted)} object(s) deleted")
    if bad:
        raise typer.Exit(1)
