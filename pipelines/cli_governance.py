"""`callscrub retention apply` and `callscrub hold add|list|release`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from callscrub.errors import CallscrubError, ConfigError
from pipelines.cli_common import ConfigOpt, JsonOpt, RootOpt, fail

retention_app = typer.Typer(help="Delete what has outlived its retention period.", no_args_is_help=True)
hold_app = typer.Typer(help="Legal holds: objects or subjects retention and erasure must not delete.",
                       no_args_is_help=True)
RawOpt = Annotated[str | None, typer.Option("--raw", help="Raw zone URI (default: from the config).")]


@retention_app.command("apply")
def retention_apply(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would be deleted; delete nothing.")] = False,
    raw: RawOpt = None,
    root: RootOpt = None,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run the apply_retention flow: delete expired objects (all versions) except legal holds,
    update the subject index, audit it, and report what was removed."""
    from callscrub.config import load_settings
    from pipelines.flows import apply_retention

    try:
        settings = load_settings(config, raw=raw, root=root)
        if not settings.raw or not settings.root:
            raise ConfigError("give --raw and --root (or raw/root in the config file)")
        with Console(stderr=True).status("applying retention" + (" (dry run)" if dry_run else "")):
            report = apply_retention(settings.raw, settings.root, str(config) if config else None, dry_run)
    except ConfigError as exc:
        fail(str(exc), 2)
    except CallscrubError as exc:
        fail(str(exc), 1)
    if as_json:
        sys.stdout.write(json.dumps(report, indent=1) + "\n")
        return
    console = Console()
    table = Table(title=("would delete" if dry_run else "deleted") + f" {report['deleted']} object(s)",
                  title_justify="left")
    for col in ("zone", "object", "age (days)", "rule"):
        table.add_column(col)
    for o in report["objects"]:
        table.add_row(o["zone"], o["key"], str(o["age_days"]), o["rule"])
    console.print(table)
    for o in report["held_objects"]:
        console.print(f"[yellow]held[/] {o['zone']}/{o['key']} (legal hold {o['hold']})")
    if not dry_run:
        console.print(f"{report['versions_removed']} version(s) removed; index updated for "
                      f"{report['index_sources_updated']} source object(s); audited as run {report['run_id']}")


def _governance(config: Path | None, root: str | None):  # noqa: ANN202 - (Settings, ObjectStore)
    from pipelines.cli_common import settings_and_zone

    return settings_and_zone(config, root, "governance")


@hold_app.command("add")
def hold_add(
    reason: Annotated[str, typer.Option(help="Why (a case number, not personal data).")],
    uri_prefix: Annotated[str | None, typer.Option("--uri-prefix", help="Hold every object under this URI.")] = None,
    email: Annotated[str | None, typer.Option(help="Hold a data subject's objects, by e-mail.")] = None,
    phone: Annotated[str | None, typer.Option(help="... by phone number.")] = None,
    customer_id: Annotated[str | None, typer.Option("--customer-id", help="... by customer id.")] = None,
    root: RootOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Place a legal hold (retention skips held objects and reports them)."""
    from pipelines.cli_common import audited
    from pipelines.cli_index import lookup_keys
    from pipelines.retention import add_hold, new_hold

    try:
        settings, gov = _governance(config, root)
        if uri_prefix is not None:
            holds = [new_hold(reason, uri_prefix=uri_prefix)]
        else:
            keys = lookup_keys(settings, {"email": email, "phone": phone, "customer_id": customer_id})
            holds = [new_hold(reason, subject_key=k) for _, k in keys]
        for hold in holds:
            add_hold(gov, hold)
    except ConfigError as exc:
        fail(str(exc), 2)
    audited(settings, "hold.add", objects=[h.uri_prefix for h in holds if h.uri_prefix],
            subject=[h.subject_key for h in holds if h.subject_key], details={"holds": [h.id for h in holds]})
    Console().print(f"legal hold(s) placed: {', '.join(h.id for h in holds)}")


@hold_app.command("list")
def hold_list(root: RootOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False) -> None:
    """The legal holds in force (subjects as keyed hashes)."""
    from dataclasses import asdict

    from pipelines.retention import load_holds

    try:
        _, gov = _governance(config, root)
        holds = load_holds(gov)
    except ConfigError as exc:
        fail(str(exc), 2)
    if as_json:
        sys.stdout.write(json.dumps([asdict(h) for h in holds], indent=1) + "\n")
        return
    table = Table(title=f"{len(holds)} legal hold(s)", title_justify="left")
    for col in ("id", "covers", "reason", "since"):
        table.add_column(col)
    for h in holds:
        table.add_row(h.id, h.uri_prefix or f"subject {h.subject_key[:12]}...", h.reason, h.created_at)
    Console().print(table)


@hold_app.command("release")
def hold_release(hold_id: Annotated[str, typer.Argument(help="The hold's id.")], root: RootOpt = None,
                 config: ConfigOpt = None) -> None:
    """Release a legal hold."""
    from pipelines.cli_common import audited
    from pipelines.retention import release_hold

    try:
        settings, gov = _governance(config, root)
        if not release_hold(gov, hold_id):
            raise ConfigError(f"no legal hold with id {hold_id}")
    except ConfigError as exc:
        fail(str(exc), 2)
    audited(settings, "hold.release", details={"hold": hold_id})
    Console().print(f"legal hold {hold_id} released")
