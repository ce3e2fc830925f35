"""`callscrub compliance report|training-export`: what supervisors see of the compliance tables."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from callscrub.errors import CallscrubError, ConfigError
from pipelines.cli_common import ConfigOpt, JsonOpt, RootOpt, audited, fail, settings_and_zone

compliance_app = typer.Typer(help="Compliance monitoring: procedure pass rates, training material.",
                             no_args_is_help=True)


def _redacted(config: Path | None, root: str | None):  # noqa: ANN202 - (Settings, ObjectStore)
    return settings_and_zone(config, root, "redacted")


@compliance_app.command("report")
def report_cmd(
    html: Annotated[Path | None, typer.Option("--html", help="Also write a self-contained HTML page.")] = None,
    root: RootOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
) -> None:
    """Pass rates per check, per agent and team, per week; rights requests; every failure with its evidence."""
    from pipelines.compliance.report import build_report, render_html

    try:
        settings, redacted = _redacted(config, root)
        report = build_report(redacted)
    except ConfigError as exc:
        fail(str(exc), 2)
    except CallscrubError as exc:
        fail(str(exc), 1)
    audited(settings, "compliance.report", details={"conversations": report["conversations"],
                                                    "failures": len(report["failures"])})
    if html is not None:
        html.write_text(render_html(report), encoding="utf-8")
    if as_json:
        sys.stdout.write(json.dumps(report, indent=1, default=str) + "\n")
        return
    console = Console()
    table = Table(title=f"{report['conversations']} conversation(s)", title_justify="left")
    for col in ("check", "pass", "fail", "n/a", "pass rate"):
        table.add_column(col)
    for name, c in report["checks"].items():
        rate = f"{c['pass_rate']:.0%}" if c["pass_rate"] is not None else "-"
        table.add_row(name, str(c["passed"]), str(c["failed"]), str(c["na"]), rate)
    console.print(table)
    requests = ", ".join(f"{k} {v}" for k, v in report["requests"].items()) or "none"
    console.print(f"rights requests detected: {requests}; {len(report['failures'])} failure(s)"
                  + (f"; HTML: {html}" if html else ""))


@compliance_app.command("training-export")
def training_cmd(
    output: Annotated[Path, typer.Option(help="The zip to write.")],
    root: RootOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
) -> None:
    """Redacted excerpts of good and poor handling by scenario (access, erasure, consent, card read-back)."""
    from pipelines.compliance.training import training_export

    try:
        settings, redacted = _redacted(config, root)
        data, index = training_export(redacted)
    except ConfigError as exc:
        fail(str(exc), 2)
    audited(settings, "compliance.training_export", details={"excerpts": len(index)})
    output.write_bytes(data)
    counts: dict[str, int] = {}
    for item in index:
        counts[f"{item['scenario']}/{item['quality']}"] = counts.get(f"{item['scenario']}/{item['quality']}", 0) + 1
    if as_json:
        sys.stdout.write(json.dumps({"output": str(output), "excerpts": counts}, indent=1) + "\n")
        return
    Console().print(f"{len(index)} excerpt(s) written to {output}: "
                    + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"))
