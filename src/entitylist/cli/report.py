"""Report commands: `report changes` (what the lists gained, lost and changed)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from entitylist.cli.app import app, state
from entitylist.cli.output import console, emit_json
from entitylist.dates import parse_when

report_app = typer.Typer(
    help="Reports on the lists: what changed, by list, country and Federal Register citation.",
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")


@report_app.command("changes")
def changes(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE.md|FILE.html")],
    source: Annotated[str | None, typer.Option("--source", "-s")] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Compare with the lists as published on this day "
            "(default: each source's previous snapshot).",
        ),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Also print the report as JSON.")] = False,
) -> None:
    """Added, removed and changed entries, counted and grouped, with a headline."""
    from entitylist.reports import change_report, write_report
    from entitylist.reports.render import report_format

    report_format(output)  # refuse a bad extension before the work
    report = change_report(
        state(ctx).store, source=source, since=parse_when(since, end_of_day=True) if since else None
    )
    write_report(report, output)
    if json_:
        emit_json(report.to_dict())
        return
    console.print(report.headline)
    for note in report.notes:
        console.print(f"[dim]{note}[/]")
    console.print(f"report written to {output}")
