"""What every `callscrub` command shares: the error console, the exit helper, common options."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from callscrub.config import Settings
    from storage.base import ObjectStore

err = Console(stderr=True)

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="TOML config (default ./callscrub.toml). CALLSCRUB_* env vars override it."),
]
RootOpt = Annotated[str | None, typer.Option("--root", help="Deployment root URI (default: from the config).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


def setup_logging(verbose: bool = False) -> None:
    """Our logs (URIs, ids, counts) at INFO with --verbose; the libraries' chatter only as errors."""
    import logging

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("faster_whisper", "presidio-analyzer", "presidio-anonymizer"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.ERROR)


def fail(message: str, code: int) -> NoReturn:
    """Print one line (never content) and exit: 1 partial failure, 2 usage or configuration."""
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def zone_store(settings: Settings, zone: str) -> ObjectStore:
    """One zone of the deployment in `settings` (commands that need no raw URI open the root's)."""
    from pipelines.flows import layout_for

    return layout_for(settings.model_copy(update={"raw": settings.raw or settings.root})).zone(zone)  # type: ignore[arg-type]


def settings_and_zone(config: Path | None, root: str | None, zone: str) -> tuple[Settings, ObjectStore]:
    """The settings (a root is required) and one zone of it: what commands that read one zone need."""
    from callscrub.config import load_settings
    from callscrub.errors import ConfigError

    settings = load_settings(config, root=root)
    if not settings.root:
        raise ConfigError("give --root (or root in the config file)")
    return settings, zone_store(settings, zone)


def audited(settings: Settings, action: str, **kw: Any) -> None:
    """Write the audit record of a DPO action; an unaudited action shows nothing (exit 1)."""
    from callscrub.errors import CallscrubError
    from pipelines.auditing import audit

    try:
        audit(zone_store(settings, "governance"), settings, action, **kw)
    except (CallscrubError, OSError) as exc:
        fail(f"the audit log could not be written, so nothing is shown ({type(exc).__name__}); "
             "check access to the governance zone and retry", 1)
