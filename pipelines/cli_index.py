"""`callscrub subject ...` and `callscrub index ...`: the DPO's view of the subject index."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from callscrub.config import Settings, load_settings
from callscrub.errors import CallscrubError, ConfigError

subject_app = typer.Typer(help="Find a data subject's data through the subject index.", no_args_is_help=True)
index_app = typer.Typer(help="Maintain the subject index.", no_args_is_help=True)
from pipelines.cli_common import ConfigOpt, RootOpt, audited, fail, zone_store
from pipelines.dsr.subject import lookup_keys  # noqa: F401 - the commands' shared resolver, imported from here too


def _settings(config: Path | None, root: str | None) -> Settings:
    settings = load_settings(config, root=root)
    if not settings.root:
        raise ConfigError("give --root (or root in the config file)")
    settings.require_secret()  # a blind index without its key identifies nobody: refuse early
    return settings


def _index_store(settings: Settings):  # noqa: ANN202 - ObjectStore
    return zone_store(settings, "index")


def _zone_of(settings: Settings, uri: str) -> str:
    """The zone an object URI lives in: the first path segment under the root, else raw."""
    from storage.layout import ZONES

    root = (settings.root or "").rstrip("/") + "/"
    if uri.startswith(root):
        first = uri[len(root) :].split("/", 1)[0]
        if first in ZONES:
            return first
    return "raw"


def _where(row: dict[str, Any]) -> str:
    if row["t_start"] is not None:
        return f"{row['t_start']:.1f}-{row['t_end']:.1f}s {row['speaker'] or ''}".strip()
    if row["turn"] is not None:
        return f"message {row['turn']} chars {row['char_start']}-{row['char_end']}"
    return "whole object"


@subject_app.command("find")
def find(
    email: Annotated[str | None, typer.Option(help="E-mail address.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number, any format.")] = None,
    customer_id: Annotated[str | None, typer.Option("--customer-id", help="Customer id.")] = None,
    name: Annotated[str | None, typer.Option(help="Full name (matches mentions only).")] = None,
    expand: Annotated[bool, typer.Option(help="Follow identity links (e-mail -> phone -> ...).")] = False,
    root: RootOpt = None,
    config: ConfigOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Where does this person's data live? Objects, kinds, roles, places, times; summary by zone."""
    from storage.index.reader import IndexReader

    try:
        settings = _settings(config, root)
        keys = lookup_keys(settings, {"email": email, "phone": phone, "customer_id": customer_id, "name": name})
        reader = IndexReader(_index_store(settings))
        wanted = dict((k, t) for t, k in keys)
        linked = reader.linked(list(wanted)) if expand else {}
        rows = reader.find([*wanted, *linked]).to_pylist()
    except ConfigError as exc:
        fail(str(exc), 2)
    except CallscrubError as exc:
        fail(str(exc), 1)
    zones: dict[str, set[str]] = {}
    for r in rows:
        r["zone"] = _zone_of(settings, r["object_uri"])
        zones.setdefault(r["zone"], set()).add(r["object_uri"])
    audited(settings, "subject.find", subject=[*wanted, *linked], objects=sorted({r["object_uri"] for r in rows}),
            details={"identifier_types": sorted(set(wanted.values())), "expand": expand, "linked": len(linked),
                     "rows": len(rows)})
    if as_json:
        out = {
            "identifiers": [{"type": t, "subject_key": k} for k, t in wanted.items()],
            "linked": [{"type": t, "subject_key": k} for k, t in linked.items()],
            "objects": len({r["object_uri"] for r in rows}),
            "by_zone": {z: len(u) for z, u in sorted(zones.items())},
            "rows": [{**r, "observed_at": r["observed_at"].isoformat()} for r in rows],
        }
        sys.stdout.write(json.dumps(out, indent=1, default=str) + "\n")
        return
    console = Console()
    table = Table(title=f"{len({r['object_uri'] for r in rows})} objects", title_justify="left")
    for col in ("object", "kind", "role", "identifier", "where", "when"):
        table.add_column(col)
    base = (settings.root or "").rstrip("/") + "/"
    for r in rows:
        table.add_row(r["object_uri"].removeprefix(base), r["object_kind"], r["role"], r["identifier_type"], _where(r),
                      r["observed_at"].strftime("%Y-%m-%d %H:%M"))
    console.print(table)
    summary = ", ".join(f"{z} {len(u)}" for z, u in sorted(zones.items())) or "nothing found"
    console.print(f"by zone: {summary}" + (f"; {len(linked)} linked identifier(s) followed" if expand else ""))


@subject_app.command("links")
def links(
    email: Annotated[str | None, typer.Option(help="E-mail address.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number.")] = None,
    customer_id: Annotated[str | None, typer.Option("--customer-id", help="Customer id.")] = None,
    root: RootOpt = None,
    config: ConfigOpt = None,
) -> None:
    """The identity links of a subject, with their evidence (object and run)."""
    from storage.index.reader import IndexReader

    try:
        settings = _settings(config, root)
        keys = [k for _, k in lookup_keys(settings, {"email": email, "phone": phone, "customer_id": customer_id})]
        rows = IndexReader(_index_store(settings)).evidence(keys).to_pylist()
    except ConfigError as exc:
        fail(str(exc), 2)
    audited(settings, "subject.links", subject=keys, details={"links": len(rows)})
    sys.stdout.write(json.dumps(rows, indent=1, default=str) + "\n")


@index_app.command("compact")
def compact_cmd(root: RootOpt = None, config: ConfigOpt = None) -> None:
    """Fold the per-run delta files into key-sorted files; drop superseded rows."""
    from storage.index.compact import compact

    try:
        settings = _settings(config, root)
        with Console(stderr=True).status("compacting the subject index"):
            result = compact(_index_store(settings))
    except ConfigError as exc:
        fail(str(exc), 2)
    audited(settings, "index.compact", details={"generation": result.generation, "rows": result.rows,
                                                "files_consumed": result.files_consumed})
    Console().print(
        f"generation {result.generation}: {result.rows['subjects']} rows, {result.rows['links']} links, "
        f"{result.rows['objects']} objects; {result.files_consumed} delta files folded into {result.files_written}"
    )


@index_app.command("rotate-key")
def rotate_key(
    new_key_env: Annotated[str, typer.Option(help="Environment variable holding the NEW secret key.")] =
    "CALLSCRUB_NEW_SECRET_KEY",
    root: RootOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Re-key the whole index under a new secret (read from an environment variable, never argv).

    Rows are re-derived from the private zone and written as a newer run; compaction drops the
    old keys. Afterwards set secret_key (or CALLSCRUB_SECRET_KEY) to the new key.
    """
    import os

    from pipelines.flows import layout_for
    from pipelines.rekey import rekey

    new_secret = os.environ.get(new_key_env, "")
    try:
        settings = _settings(config, root)
        if new_secret == settings.require_secret():
            raise ConfigError("the new key equals the current one")
        layout = layout_for(settings.model_copy(update={"raw": settings.raw or settings.root}))
        with Console(stderr=True).status("re-keying the subject index"):
            result = rekey(layout, settings, new_secret)
    except ValueError as exc:
        fail(f"{new_key_env}: {exc}", 2)
    except ConfigError as exc:
        fail(str(exc), 2)
    audited(settings, "index.rotate_key", run_id=result.run_id,
            details={"objects": result.rekeyed, "rows": result.rows, "dropped": result.dropped})
    Console().print(
        f"re-keyed {result.rekeyed} objects ({result.rows} rows) in run {result.run_id}; "
        f"{result.dropped} object(s) had no private artefacts left and were dropped from the index.\n"
        f"Now set secret_key / CALLSCRUB_SECRET_KEY to the value of {new_key_env}."
    )
