"""`callscrub discover`: where personal data lives, per zone and prefix (counts only).

The report holds no values and no subject keys, so it needs only the root (no secret key).
Exit codes as elsewhere: 0 done, 1 the index could not be read, 2 usage or configuration.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from callscrub.config import load_settings
from callscrub.errors import CallscrubError, ConfigError
from pipelines.cli_common import ConfigOpt, RootOpt, err, fail


def _types(counts: dict[str, int], top: int = 3) -> str:
    shown = [f"{k} {v}" for k, v in list(counts.items())[:top]]
    more = len(counts) - top
    return ", ".join(shown) + (f", +{more} more" if more > 0 else "") if shown else "-"


def _table(report: dict[str, Any]) -> Table:
    table = Table(title="where personal data lives (counts only)", title_justify="left")
    table.add_column("zone/prefix", overflow="fold")
    for col in ("objects", "with PD", "quar.", "rows", "subjects", "prim/self/ment"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("entity types (rows)", overflow="fold")

    def add(label: str, m: dict[str, Any], style: str | None = None) -> None:
        roles = m["roles"]
        table.add_row(label, str(m["objects_scanned"]), str(m["objects_with_personal_data"]), str(m["quarantined"]),
                      str(m["rows"]), str(m["distinct_subjects"]),
                      f"{roles.get('primary', 0)}/{roles.get('self_disclosed', 0)}/{roles.get('mentioned', 0)}",
                      _types(m["entity_types"]), style=style)

    for zone in report["zones"]:
        for p in zone["prefixes"]:
            add(f"{zone['zone']}/{p['prefix']}", p)
        add(f"{zone['zone']} (all)", zone, style="bold")
        table.add_section()
    return table


def discover(
    root: RootOpt = None,
    config: ConfigOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Also write a self-contained HTML report to FILE.",
                                              metavar="FILE")] = None,
) -> None:
    """Where does personal data live? Objects, personal data, entity types and roles per zone and prefix."""
    import duckdb

    from pipelines.discover_report import build_report, render_html

    try:
        settings = load_settings(config, root=root)
        if not settings.root:
            raise ConfigError("give --root (or root in the config file)")
        report = build_report(settings)
    except ConfigError as exc:
        fail(str(exc), 2)
    except CallscrubError as exc:
        fail(str(exc), 1)
    except (duckdb.Error, OSError) as exc:  # an unreadable index file; the message may name paths only
        fail(f"cannot read the subject index ({type(exc).__name__})", 1)
    from pipelines.cli_common import audited

    audited(settings, "discover", details={"objects_scanned": report["summary"].get("objects_scanned"),
                                           "html": html is not None})
    if html is not None:
        try:
            html.write_text(render_html(report), encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {html} ({exc.strerror})", 2)
    s = report["summary"]
    if not s["ledger_entries"] and not s["index_rows"]:
        err.print(f"[yellow]warning:[/] nothing has been processed under {report['root']} (is --root right?)")
    if as_json:
        sys.stdout.write(json.dumps(report, indent=1) + "\n")
    else:
        console = Console()
        console.print(_table(report))
        console.print(
            f"{s['objects_scanned']} raw objects scanned, {s['objects_with_personal_data']} with personal data; "
            f"{s['derived_objects']} derived objects, {s['derived_objects_with_personal_data']} with personal data; "
            f"{s['quarantined']} quarantined; {s['distinct_subjects']} distinct subjects; "
            f"observed {s['oldest_observed_at'] or '-'} to {s['newest_observed_at'] or '-'}; "
            f"generated {report['generated_at']}"
        )
    if html is not None:
        err.print(f"wrote {html}")


def register(app: typer.Typer) -> None:
    app.command("discover")(discover)
