"""Console output: a progress bar over objects and the end-of-run summary table."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table


class RichReporter:
    """Progress over objects. Labels are object keys (references), never content."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("[bold]processing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=console, transient=False,
        )
        self._task: Any = None

    def __enter__(self) -> RichReporter:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def start(self, total: int) -> None:
        self._task = self._progress.add_task("", total=total)

    def advance(self, label: str) -> None:
        if self._task is not None:
            self._progress.update(self._task, advance=1, description=label)


def print_summary(summary: dict[str, Any], console: Console) -> None:
    table = Table(title=f"callscrub run {summary['run_id']}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("objects processed", str(summary["processed"]))
    table.add_row("unchanged (skipped)", str(summary["skipped_unchanged"]))
    table.add_row("audio", f"{summary['audio_seconds']:.1f} s")
    rtf = summary["real_time_factor"]
    table.add_row("transcription real-time factor", f"{rtf:.3f}" if rtf is not None else "-")
    detections = summary["detections"]
    table.add_row("detections", ", ".join(f"{k} {v}" for k, v in detections.items()) or "none")
    table.add_row("quarantined", str(len(summary["quarantined"])))
    if summary["raw_deleted_without_consent"]:
        table.add_row("raw audio deleted", f"{len(summary['raw_deleted_without_consent'])} (no recording consent)")
    if summary.get("reerased"):
        table.add_row("erased again", f"{len(summary['reerased'])} (data of erased subjects reappeared)")
    check = summary["verification"]
    if check["objects"]:
        share = check["fraction_of_transcription"]
        cost = f"; {share:.0%} of transcription time" if share is not None else ""
        table.add_row("verification", f"{check['objects']} re-scanned, {len(check['with_residuals'])} with "
                      f"residual findings{cost}")
    if summary.get("indexed"):
        table.add_row("subject index", "updated" + (", compacted" if summary.get("index_compacted") else ""))
    else:
        table.add_row("subject index", "not written: no secret key (set CALLSCRUB_SECRET_KEY)")
    console.print(table)
    for key in check["with_residuals"]:
        console.print(f"[yellow]residual personal data[/] in the redacted outputs of {key}: see "
                      "verification/<key>.json in the private zone")
    for key, how in summary.get("reerased", {}).items():
        colour = "red" if how == "failed" else "yellow"
        console.print(f"[{colour}]erased subject reappeared[/] in {key}: {how} (audited as erasure.reapplied)")
    for q in summary["quarantined"]:
        console.print(f"[yellow]quarantined[/] {q['key']}: {q['code']} ({q['reason']})")
    if summary["quarantined"]:
        console.print("Reasons are in the quarantine zone next to each object (<key>.reason.json).")
