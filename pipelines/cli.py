"""The `callscrub` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from pipelines.prefect_env import configure_prefect_env

configure_prefect_env()

from callscrub.config import load_settings  # noqa: E402 - prefect env must be set first
from callscrub.errors import CallscrubError, ConfigError  # noqa: E402

app = typer.Typer(
    name="callscrub",
    help="Find and remove personal data in contact-centre recordings and chats.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # tracebacks can carry content; errors are printed by us
)
from pipelines.cli_common import ConfigOpt, JsonOpt, err, fail, setup_logging as _setup_logging  # noqa: E402
from pipelines.cli_audit import audit_app  # noqa: E402
from pipelines.cli_consent import consent_app  # noqa: E402
from pipelines.cli_governance import hold_app, retention_app  # noqa: E402
from pipelines.cli_index import index_app, subject_app  # noqa: E402
from pipelines.cli_requests import register as register_requests, requests_app  # noqa: E402
from pipelines.cli_compliance import compliance_app  # noqa: E402

from pipelines.cli_discover import register as register_discover  # noqa: E402
from pipelines.cli_iam import register as register_iam  # noqa: E402
from pipelines.cli_redaction import register as register_redaction  # noqa: E402

app.add_typer(subject_app, name="subject")
app.add_typer(index_app, name="index")
app.add_typer(audit_app, name="audit")
app.add_typer(consent_app, name="consent")
app.add_typer(retention_app, name="retention")
app.add_typer(hold_app, name="hold")
app.add_typer(requests_app, name="requests")
app.add_typer(compliance_app, name="compliance")
register_requests(subject_app)
register_discover(app)
register_redaction(app)
register_iam(app)

VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect and pipeline logs.")]


def _run_flow(raw: str | None, root: str | None, config: Path | None, as_json: bool, verbose: bool) -> None:
    _setup_logging(verbose)
    configure_prefect_env(verbose)
    try:
        settings = load_settings(config, raw=raw, root=root)
        if not settings.raw or not settings.root:
            raise ConfigError("give --raw and --root (or raw/root in the config file)")
        from pipelines.console import RichReporter, print_summary
        from pipelines.flows import process, runtime_for
        from pipelines.progress import set_reporter

        runtime_for(settings)  # a detector that cannot load fails here, before Prefect starts

        console = Console(stderr=as_json)
        with RichReporter(console) as bar:
            set_reporter(bar)
            try:
                summary: dict[str, Any] = process(
                    raw=settings.raw, root=settings.root, config=str(config) if config else None
                )
            finally:
                set_reporter(None)
    except ConfigError as exc:
        fail(str(exc), 2)
    except CallscrubError as exc:
        fail(f"{exc} (nothing was left half-written; run again to resume)", 1)
    if as_json:
        sys.stdout.write(json.dumps(summary, indent=1) + "\n")
    else:
        print_summary(summary, console)
    raise typer.Exit(summary["exit_code"])


@app.command()
def demo(
    workdir: Annotated[Path, typer.Option(help="Folder for the demo deployment.")] = Path("callscrub-demo"),
    as_json: JsonOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Copy the bundled sample calls and chats into WORKDIR/raw and process them (root: WORKDIR)."""
    from pipelines.demo import prepare_workdir

    config = prepare_workdir(workdir)
    if not as_json:
        err.print(f"demo deployment: {config.parent} (config: {config})")
    _run_flow(None, None, config, as_json, verbose)


@app.command()
def run(
    raw: Annotated[str | None, typer.Option(help="URI where recordings and chats arrive (file:// or s3://).")] = None,
    root: Annotated[str | None, typer.Option(help="URI under which the zones live.")] = None,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Process whatever is new or changed in the raw zone. Exit 1 if anything was quarantined."""
    _run_flow(raw, root, config, as_json, verbose)


@app.command("redact-text")
def redact_text(
    input: Annotated[Path | None, typer.Option("--input", help="File to read (default: stdin).")] = None,
    output: Annotated[Path | None, typer.Option("--output", help="File to write (default: stdout).")] = None,
    format: Annotated[str, typer.Option("--format", help="text, or chat (generic/Connect JSON, or CSV).")] = "text",
    config: ConfigOpt = None,
) -> None:
    """Redact personal data in text or a chat log read from a file or stdin."""
    _setup_logging(False)
    if format not in ("text", "chat"):
        fail("--format must be text or chat", 2)
    try:
        settings = load_settings(config)
        from callscrub.chats import parse_chat
        from detectors.chat import redact_messages
        from detectors.operators import build_operator
        from detectors.text import TextRedactor

        data = input.read_bytes() if input else sys.stdin.buffer.read()
        redactor = TextRedactor.from_settings(settings.detection, build_operator(settings))
        if format == "text":
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                fail("input is not valid UTF-8", 2)
            out = redactor.redact(text)[0].encode("utf-8")
        else:
            is_csv = (input is not None and input.suffix.lower() == ".csv") or data.lstrip().lower().startswith(b"ts,")
            doc = parse_chat(data, ".csv" if is_csv else ".json")
            texts, _ = redact_messages(doc.messages, redactor)
            out = doc.render(texts, lambda name: redactor.operator("PERSON", name))
    except ConfigError as exc:
        fail(str(exc), 2)
    except CallscrubError as exc:  # BadInputError for malformed chats
        fail(f"cannot redact this input: {exc}", 2)
    except OSError as exc:
        fail(f"cannot read input ({exc.strerror})", 2)
    if output:
        output.write_bytes(out)
    else:
        sys.stdout.buffer.write(out)
        sys.stdout.flush()


def main() -> None:
    try:
        app()
    except Exception as exc:  # noqa: BLE001 - a traceback can carry content: print only the type
        err.print(f"[bold red]internal error:[/] {type(exc).__name__}; nothing personal is shown here. "
                  "Re-run with --verbose and report the command (not its input) to the maintainers.")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
