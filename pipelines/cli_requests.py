"""`callscrub requests ...` (the queue) and `callscrub subject export|erase|rectify` (the DPO's direct commands).

Both run the same steps (`pipelines.dsr.queue`): a direct command queues its request and carries
it out at once, so it is recorded, resumable and certified like any other.
"""

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
from pipelines.cli_common import ConfigOpt, JsonOpt, RootOpt, audited, err, fail, setup_logging

requests_app = typer.Typer(help="Data-subject requests: submit, process, follow.", no_args_is_help=True)
RawOpt = Annotated[str | None, typer.Option("--raw", help="Raw zone URI (default: from the config).")]
EmailOpt = Annotated[str | None, typer.Option("--email", help="The subject's e-mail address.")]
PhoneOpt = Annotated[str | None, typer.Option("--phone", help="The subject's phone number, any format.")]
CustOpt = Annotated[str | None, typer.Option("--customer-id", help="The subject's customer id.")]
TYPES = ("access", "portability", "erasure", "rectification")


def _settings(config: Path | None, raw: str | None, root: str | None) -> Settings:
    setup_logging()
    settings = load_settings(config, raw=raw, root=root)
    if not settings.root:
        raise ConfigError("give --root (or root in the config file)")
    if not settings.raw:
        raise ConfigError("give --raw (or raw in the config file): requests reach the raw zone too")
    settings.require_secret()
    return settings


def _layout(settings: Settings):  # noqa: ANN202 - Layout
    from pipelines.flows import layout_for

    return layout_for(settings)


def _emit(payload: Any, as_json: bool, render: Any) -> None:
    if as_json:
        sys.stdout.write(json.dumps(payload, indent=1, default=str) + "\n")
    else:
        render(Console())


@requests_app.command("submit")
def submit_cmd(
    kind: Annotated[str, typer.Option("--type", help="access | portability | erasure | rectification")],
    email: EmailOpt = None, phone: PhoneOpt = None, customer_id: CustOpt = None,
    new_email: Annotated[str | None, typer.Option("--new-email", help="Rectification: the correct e-mail.")] = None,
    new_phone: Annotated[str | None, typer.Option("--new-phone", help="Rectification: the correct phone.")] = None,
    new_customer_id: Annotated[str | None, typer.Option("--new-customer-id", help="Rectification: the correct id.")]
    = None,
    source: Annotated[str, typer.Option(help="Where the request came from (web_form, email, phone, dpo...).")] = "dpo",
    evidence: Annotated[str | None, typer.Option(help="A reference: ticket id, letter number (not content).")] = None,
    unverified: Annotated[bool, typer.Option("--unverified", help="Identity not yet verified: hold it until "
                                             "`requests verify`.")] = False,
    raw: RawOpt = None, root: RootOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
) -> None:
    """Queue a request (identifiers kept as keyed hashes, the originals sealed); due in 30 days."""
    from pipelines.dsr.queue import submit

    try:
        if kind not in TYPES:
            raise ConfigError(f"--type must be one of {', '.join(TYPES)}")
        fixes = {"email": new_email, "phone": new_phone, "customer_id": new_customer_id}
        if kind == "rectification" and not any(fixes.values()):
            raise ConfigError("a rectification needs a corrected value (--new-email, --new-phone, --new-customer-id)")
        settings = _settings(config, raw, root)
        record = submit(_layout(settings), settings, kind, {"email": email, "phone": phone, "customer_id": customer_id},
                        fixes, source=source, evidence=evidence, verified=not unverified)
    except ConfigError as exc:
        fail(str(exc), 2)
    except CallscrubError as exc:
        fail(str(exc), 1)
    _emit({"id": record.id, "type": record.type, "due_at": record.due_at, "verified": record.verified}, as_json,
          lambda c: c.print(f"request {record.id} ({record.type}) queued; due {record.due_at[:10]}"
                            + ("" if record.verified else "; waits for identity verification")))


@requests_app.command("verify")
def verify_cmd(request_id: Annotated[str, typer.Argument(help="The request's id.")],
               raw: RawOpt = None, root: RootOpt = None, config: ConfigOpt = None) -> None:
    """Mark a request's identity as verified, so `requests process` carries it out."""
    from pipelines.auditing import resolve_actor
    from storage.requests import RequestQueue

    try:
        settings = _settings(config, raw, root)
        queue = RequestQueue(_layout(settings).zone("governance"))
        if queue.get(request_id).status != "needs_verification":
            raise ConfigError(f"request {request_id} is not waiting for identity verification")
        audited(settings, "request.verify", details={"request_id": request_id})
        queue.set_status(request_id, "received", resolve_actor(settings), identity_verified=True)
    except (ConfigError, ValueError) as exc:
        fail(str(exc), 2)
    Console().print(f"request {request_id}: identity verified, queued")


@requests_app.command("close")
def close_cmd(request_id: Annotated[str, typer.Argument(help="The request's id.")],
              reference: Annotated[str, typer.Option(help="Where it was handled: a ticket id, a letter (not content).")],
              raw: RawOpt = None, root: RootOpt = None, config: ConfigOpt = None) -> None:
    """Record a request the DPO handled by hand (an objection, a complaint, a consent withdrawal) as done."""
    from pipelines.auditing import resolve_actor
    from storage.requests import RequestQueue

    try:
        settings = _settings(config, raw, root)
        queue = RequestQueue(_layout(settings).zone("governance"))
        if queue.get(request_id).status in ("completed", "blocked"):
            raise ConfigError(f"request {request_id} is closed already")
        audited(settings, "request.close", details={"request_id": request_id, "reference": reference})
        queue.set_status(request_id, "completed", resolve_actor(settings), reference=reference)
    except (ConfigError, ValueError) as exc:
        fail(str(exc), 2)
    Console().print(f"request {request_id} closed ({reference})")


@requests_app.command("process")
def process_cmd(
    request_id: Annotated[list[str] | None, typer.Option("--id", help="Only this request (repeatable).")] = None,
    raw: RawOpt = None, root: RootOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
) -> None:
    """Run the process_requests flow: every open request, each resuming after its last checkpoint."""
    from pipelines.console import RichReporter
    from pipelines.flows import process_requests
    from pipelines.progress import set_reporter

    try:
        settings = _settings(config, raw, root)
        with RichReporter(Console(stderr=True)) as bar:
            set_reporter(bar)
            try:
                out = process_requests(settings.raw, settings.root, str(config) if config else None,
                                       list(request_id) if request_id else None)
            finally:
                set_reporter(None)
    except ConfigError as exc:
        fail(str(exc), 2)
    except CallscrubError as exc:
        fail(str(exc), 1)

    def render(console: Console) -> None:
        table = Table(title=f"{out['processed']} request(s) done, {out['failed']} failed", title_justify="left")
        for col in ("request", "type", "result"):
            table.add_column(col)
        for rid, r in out["requests"].items():
            table.add_row(rid, r.get("type", "?"), _describe(r))
        console.print(table)

    _emit(out, as_json, render)
    raise typer.Exit(1 if out["failed"] else 0)


def _describe(r: dict[str, Any]) -> str:
    if "error" in r:
        return f"[red]failed[/] ({r['error']}{': ' + r['message'] if r.get('message') else ''})"
    if r.get("type") == "erasure":
        verdict = "verified" if r["verified"] else "[yellow]verification found residuals[/]"
        state = "[yellow]blocked by legal hold[/]; " if r.get("blocked") else ""
        return (f"{state}{r['delete']} deleted, {r['redact']} redacted, {r['held']} held; {r['versions_removed']} "
                f"version(s) removed; {verdict}; certificate {r['certificate']}")
    if r.get("type") == "rectification":
        return f"{len(r['sidecars'])} sidecar(s), {r['index_sources_rewritten']} indexed conversation(s) corrected"
    return f"{r['objects']} conversation(s), {r['files']} file(s): {r['export']}"


@requests_app.command("status")
def status_cmd(raw: RawOpt = None, root: RootOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False) -> None:
    """Every request with its status and days left; overdue and open requests first."""
    from pipelines.dsr.queue import status_rows
    from storage.requests import RequestQueue

    try:
        settings = _settings(config, raw, root)
        rows = status_rows(RequestQueue(_layout(settings).zone("governance")))
    except ConfigError as exc:
        fail(str(exc), 2)
    audited(settings, "requests.status", details={"requests": len(rows)})

    def render(console: Console) -> None:
        table = Table(title=f"{len(rows)} request(s)", title_justify="left")
        for col in ("id", "type", "status", "received", "due", "days left", "source"):
            table.add_column(col)
        for r in rows:
            left = f"[red]{r['days_left']} (overdue)[/]" if r["overdue"] else str(r["days_left"])
            table.add_row(r["id"], r["type"], r["status"], r["received_at"][:10], r["due_at"][:10], left, r["source"])
        console.print(table)

    _emit(rows, as_json, render)


def _direct(settings: Settings, kind: str, ids: dict[str, str | None], fixes: dict[str, str | None] | None = None
            ) -> dict[str, Any]:
    """Queue a request and carry it out now, showing its steps."""
    from pipelines.dsr.queue import process, submit

    layout = _layout(settings)
    record = submit(layout, settings, kind, ids, fixes)
    with err.status(f"{kind} request {record.id}") as status:
        return process(layout, settings, record.id, on_step=lambda name: status.update(f"{kind} {record.id}: {name}"))


def register(subject_app: typer.Typer) -> None:
    @subject_app.command("export")
    def export_cmd(
        email: EmailOpt = None, phone: PhoneOpt = None, customer_id: CustOpt = None,
        portability: Annotated[bool, typer.Option(help="Art. 20 portability rather than Art. 15 access.")] = False,
        output: Annotated[Path | None, typer.Option(help="Also copy the zip here.")] = None,
        raw: RawOpt = None, root: RootOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
    ) -> None:
        """Export everything about a subject (access / portability) as a zip with a manifest."""
        try:
            settings = _settings(config, raw, root)
            out = _direct(settings, "portability" if portability else "access",
                          {"email": email, "phone": phone, "customer_id": customer_id})
            if output is not None:
                data = _layout(settings).zone("governance").get(out["export_key"])
                output.write_bytes(data)
                out["output"] = str(output)
        except ConfigError as exc:
            fail(str(exc), 2)
        except CallscrubError as exc:
            fail(f"{exc} (run `callscrub requests process` to resume)", 1)
        _emit(out, as_json, lambda c: c.print(f"{out['objects']} conversation(s), {out['files']} file(s) exported: "
                                              f"{out.get('output') or out['export']}"))

    @subject_app.command("erase")
    def erase_cmd(
        email: EmailOpt = None, phone: PhoneOpt = None, customer_id: CustOpt = None,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan; change nothing.")] = False,
        raw: RawOpt = None, root: RootOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
    ) -> None:
        """Erase a subject everywhere: delete their conversations, redact their mentions, tombstone, certify."""
        try:
            settings = _settings(config, raw, root)
            ids = {"email": email, "phone": phone, "customer_id": customer_id}
            if dry_run:
                _plan(settings, ids, as_json)
                return
            out = _direct(settings, "erasure", ids)
        except ConfigError as exc:
            fail(str(exc), 2)
        except CallscrubError as exc:
            fail(f"{exc} (run `callscrub requests process` to resume where it stopped)", 1)
        _emit(out, as_json, lambda c: c.print(f"request {out['request_id']}: {_describe(out)}"))
        raise typer.Exit(0 if out["verified"] else 1)

    @subject_app.command("rectify")
    def rectify_cmd(
        email: EmailOpt = None, phone: PhoneOpt = None, customer_id: CustOpt = None,
        new_email: Annotated[str | None, typer.Option("--new-email", help="The correct e-mail.")] = None,
        new_phone: Annotated[str | None, typer.Option("--new-phone", help="The correct phone.")] = None,
        new_customer_id: Annotated[str | None, typer.Option("--new-customer-id", help="The correct id.")] = None,
        raw: RawOpt = None, root: RootOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
    ) -> None:
        """Correct a subject's identifier: metadata sidecars and the index follow; audited."""
        try:
            settings = _settings(config, raw, root)
            fixes = {"email": new_email, "phone": new_phone, "customer_id": new_customer_id}
            if not any(fixes.values()):
                raise ConfigError("give a corrected value (--new-email, --new-phone, --new-customer-id)")
            out = _direct(settings, "rectification", {"email": email, "phone": phone, "customer_id": customer_id},
                          fixes)
        except ConfigError as exc:
            fail(str(exc), 2)
        except CallscrubError as exc:
            fail(f"{exc} (run `callscrub requests process` to resume)", 1)
        _emit(out, as_json, lambda c: c.print(f"request {out['request_id']}: {_describe(out)}"))


def _plan(settings: Settings, ids: dict[str, str | None], as_json: bool) -> None:
    """The erasure plan: every conversation, every object deleted and every span redacted."""
    from pipelines.dsr.erase import plan_erasure
    from pipelines.dsr.subject import lookup_keys

    layout = _layout(settings)
    plan = plan_erasure(layout, settings, {k: t for t, k in lookup_keys(settings, ids)})
    audited(settings, "subject.erase.plan", subject=sorted(plan.keys), objects=[i.source_uri for i in plan.items],
            details=plan.counts())

    def render(console: Console) -> None:
        counts = plan.counts()
        console.print(f"[bold]erasure plan[/] (dry run): {counts['delete']} conversation(s) deleted, "
                      f"{counts['redact']} redacted in place, {counts['held']} held; "
                      f"{len(plan.keys)} identifier(s) incl. linked")
        for item in plan.items:
            head = {"delete": "[red]delete[/]", "redact": "[yellow]redact[/]", "held": "[cyan]held[/]"}[item.action]
            console.print(f"{head} {item.kind} {item.source_uri} (subject is {item.role})"
                          + (f": legal hold {item.hold} ({item.hold_reason})" if item.hold else ""))
            if item.action == "delete":
                for uri in item.objects:
                    console.print(f"    delete {uri} (every version)")
            elif item.action == "redact":
                for s in item.spans:
                    when = f" {s.t_start:.1f}-{s.t_end:.1f}s" if s.t_start is not None else ""
                    console.print(f"    redact {s.entity_type} turn {s.turn} chars {s.char_start}-{s.char_end}{when}"
                                  f" ({s.speaker or 'unknown speaker'})")

    _emit(plan.to_dict(), as_json, render)
