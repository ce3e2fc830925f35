"""`callscrub audit verify|show`: check the audit log's hash chain, and read it."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from callscrub.config import Settings, load_settings
from callscrub.errors import CallscrubError, ConfigError
from pipelines.cli_common import ConfigOpt, JsonOpt, RootOpt, fail

audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


def _settings(config: Path | None, root: str | None) -> Settings:
    settings = load_settings(config, root=root)
    if not settings.root:
        raise ConfigError("give --root (or root in the config file)")
    return settings


@audit_app.command("verify")
def verify_cmd(root: RootOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False) -> None:
    """Check every segment's hash chain and the links between them. Exit 1 if anything was
    changed, removed or reordered, with where."""
    from pipelines.cli_common import zone_store
    from storage.audit import verify

    try:
        store = zone_store(_settings(config, root), "governance")
        with Console(stderr=True).status("verifying the audit log"):
            started = time.perf_counter()
            result = verify(store)
            seconds = time.perf_counter() - started
    except ConfigError as exc:
        fail(str(exc), 2)
    except CallscrubError as exc:
        fail(str(exc), 1)
    out = {"ok": result.ok, "segments": result.segments, "records": result.records, "head_hash": result.head_hash,
           "seconds": round(seconds, 3), "problems": [{"where": p.where, "what": p.what} for p in result.problems]}
    if as_json:
        sys.stdout.write(json.dumps(out, indent=1) + "\n")
    else:
        console = Console()
        for p in result.problems:
            console.print(f"[bold red]tampered:[/] {p.where}: {p.what}")
        verdict = "[green]intact[/]" if result.ok else f"[bold red]{len(result.problems)} problem(s)[/]"
        console.print(f"audit log {verdict}: {result.records} records in {result.segments} segments, "
                      f"head {result.head_hash[:16]}... ({seconds:.2f} s)")
        if result.ok:
            console.print("Keep the head hash somewhere else (a ticket, an e-mail): a later verify that ends "
                          "on the same head proves nothing before it changed.")
    raise typer.Exit(0 if result.ok else 1)


@audit_app.command("show")
def show(
    action: Annotated[str | None, typer.Option(help="Only this action (e.g. subject.find, run).")] = None,
    last: Annotated[int, typer.Option(help="Show the last N records.")] = 20,
    root: RootOpt = None,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The latest audit records (who, what, when, how many objects). Does not verify: use `verify`."""
    from pipelines.cli_common import zone_store
    from storage.audit import AuditLog

    try:
        records = [r for r in AuditLog(zone_store(_settings(config, root), "governance")).records()
                   if action is None or r["action"] == action][-last:]
    except ConfigError as exc:
        fail(str(exc), 2)
    except (CallscrubError, ValueError) as exc:
        fail(f"cannot read the audit log ({type(exc).__name__}); run `callscrub audit verify`", 1)
    if as_json:
        sys.stdout.write(json.dumps(records, indent=1) + "\n")
        return
    table = Table(title=f"last {len(records)} audit records", title_justify="left")
    for col in ("when", "who", "action", "objects", "subjects", "run", "details"):
        table.add_column(col)
    for r in records:
        table.add_row(r["at"][:19], r["actor"], r["action"], str(len(r["objects"])), str(len(r["subject"])),
                      r["run_id"] or "", json.dumps(r["details"], sort_keys=True)[:60])
    Console().print(table)
