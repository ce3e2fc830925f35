"""What every `callscrub` command shares: the error console, the exit helper, common options."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

err = Console(stderr=True)

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="TOML config (default ./callscrub.toml). CALLSCRUB_* env vars override it."),
]
RootOpt = Annotated[str | None, typer.Option("--root", help="Deployment root URI (default: from the config).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


def fail(message: str, code: int) -> NoReturn:
    """Print one line (never content) and exit: 1 partial failure, 2 usage or configuration."""
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)
