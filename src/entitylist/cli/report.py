"""Report commands: `report changes` (what the lists gained, lost and changed)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from entitylist.cli.app import command_group, state
from entitylist.cli.options import JsonFlag, SourceOption
from entitylist.cli.output import console, emit_json
from entitylist.dates import parse_when

report_app = command_group(
    "report", "Reports on the lists: what changed, by list, country and Federal Register citation."
)


@report_app.command("changes")
def changes(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE.md|FILE.html", help="The report: Markdown or HTML."
        ),
    ],
    source: SourceOption = None,
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


@report_app.command("classification")
def classification(
    ctx: typer.Context,
    from_: Annotated[
        Path | None,
        typer.Option(
            "--from", metavar="FILE", help="A CSL file to read (default: the lists in force)."
        ),
    ] = None,
    list_code: Annotated[str, typer.Option("--list", help="EL or MEU.")] = "EL",
    json_: JsonFlag = False,
) -> None:
    """How every Entity List row was classified: counts by scope, policy, footnote and term,
    and each licence text still `other`, shown in full."""
    from entitylist.determination.report import classification_report

    if from_ is not None:
        from entitylist.sources.csl import parse_file

        entries = parse_file(from_.name, from_.read_bytes()).entries
    else:
        entries = [s.entry for s in state(ctx).store.entries_in_force()]
    report = classification_report(entries, list_code.upper()).to_dict()
    if json_:
        emit_json(report)
        return
    console.print(f"{report['rows']:,} {list_code.upper()} rows")
    for key in ("scope", "policy", "footnotes", "foreign_direct_product_rules", "terms"):
        console.print(f"[bold]{key}[/]: " + ", ".join(f"{k} {v:,}" for k, v in report[key].items()))
    for key in ("scope_other", "policy_other", "unknown_footnotes"):
        console.print(f"[bold]{key}[/]: {sum(r['rows'] for r in report[key]):,} rows")
        for r in report[key]:
            console.print(f"  {r['rows']:>4}  {r['text']!r}", highlight=False)
