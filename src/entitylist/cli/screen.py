"""Screening commands: screen one name, screen a file."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from entitylist.cli.app import app, state
from entitylist.cli.engines import chosen_engine
from entitylist.cli.options import (
    AddressColumn,
    CountryColumn,
    EngineOption,
    IdColumn,
    JsonFlag,
    ListsOption,
    MasterOption,
    NameColumn,
    PartitionRowsOption,
    ResultsOption,
    SparkConfOption,
    SummaryJsonFlag,
    ThresholdOption,
    batch_input,
    split_lists,
)
from entitylist.cli.output import console, emit_json, progress_bar, row_error_printer

if TYPE_CHECKING:
    from entitylist.pointintime.inforce import DayView
    from entitylist.screening import Party, ScreeningResult
    from entitylist.screening.batch import BatchReport
    from entitylist.screening.recorded import Saved
    from entitylist.settings import Settings
    from entitylist.store import Store


@app.command()
def screen(
    ctx: typer.Context,
    *,
    name: Annotated[str, typer.Argument(help="The party's name, as written.")],
    country: Annotated[str | None, typer.Option("--country", help="ISO country code.")] = None,
    address: Annotated[
        str | None, typer.Option("--address", help="The party's address, as written.")
    ] = None,
    lists: ListsOption = None,
    threshold: ThresholdOption = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=100, help="At most this many matches.")
    ] = 10,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Screen against the lists as published on this day "
            "(the newest snapshots published at or before it).",
        ),
    ] = None,
    json_: JsonFlag = False,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Save the screening to the review queue: its hits open alerts "
            "(origin screening), reviewed like monitoring's.",
        ),
    ] = False,
) -> None:
    """Screen one party: ranked entries with score, matched name, explanation, licence."""
    # Imported per command: the matching core's tables load only when screening.
    from entitylist.audit import AuditLog
    from entitylist.audit.actors import Actor
    from entitylist.countries import country_code
    from entitylist.dates import parse_when
    from entitylist.screening import Party, Screener
    from entitylist.screening.recorded import RecordedScreening, log_record, saved_as

    st = state(ctx)
    if save and as_of:
        raise typer.BadParameter(
            "--save takes today's lists; leave out --as-of", param_hint="--save"
        )
    when = parse_when(as_of, end_of_day=True) if as_of else None
    screening = RecordedScreening(
        Screener(st.store, st.settings, as_of=when), log_record(AuditLog(st.store))
    )
    party = Party(name=name, country=country_code(country), address=address)
    options = {"lists": split_lists(lists), "threshold": threshold, "limit": limit}
    saved = saved_as("screening") if save else None
    result = screening.screen(party, actor=Actor.os_user(), save=saved, **options)  # type: ignore[arg-type]
    if when is not None:
        print_as_of(day_view(st.store, st.settings, result, party, options), result, json_)
        return
    show(result, saved, json_)


def show(result: ScreeningResult, saved: Saved | None, json_: bool) -> None:
    """One screening's answer, and the alerts it saved to the queue (with `--save`)."""
    if json_:
        emit_json({**result.to_dict(), **({"saved": saved.to_dict()} if saved else {})})
        return
    print_result(result)
    if saved is not None:
        console.print(
            f"saved to the review queue: {len(saved.alerts)} alert(s), origin "
            f"screening:{saved.ref} (entitylist alerts list --origin screening:{saved.ref})"
        )


def day_view(
    store: Store, settings: Settings, result: ScreeningResult, party: Party, options: Any
) -> DayView:
    """The point-in-time answer (shared with `lookback`): set-asides by start and end date,
    sources with no snapshot on the day, what later vintages state."""
    from entitylist.pointintime.inforce import on_day
    from entitylist.screening import Screener

    assert result.as_of is not None
    now = store.current()
    current = Screener(store, settings).screen(party, **options).hits
    return on_day(result.as_of.date(), result.snapshots, now, result.hits, (now, current))


def print_as_of(view: DayView, result: ScreeningResult, json_: bool) -> None:
    if json_:
        data = result.to_dict()
        data["alert"] = view.status == "listed"
        data["hits"] = [h.to_dict() for h in view.hits]
        emit_json({**data, "point_in_time": view.to_dict()})
        return
    shown = replace(result, hits=view.hits)
    print_result(shown)
    if view.status in ("partial", "no_list") or (view.status == "review" and not view.hits):
        console.print(f"[yellow]{view.status}[/]: not a clean result on {view.day.isoformat()}")
    for x in view.set_aside:
        console.print(f"  set aside: {x.hit.stored.entry.name} ({x.reason})")
    for note in view.notes():
        console.print(f"  note: {note}")


def print_result(result: ScreeningResult) -> None:
    from entitylist.sources.meanings import meaning_of

    snaps = ", ".join(
        f"{s} #{snap.id}"
        + (f" {snap.publication}" if result.as_of or not snap.publication_known else "")
        for s, snap in sorted(result.snapshots.items())
    )
    if result.as_of:
        snaps = f"the lists as of {result.as_of.date()}: {snaps}"
    verdict = (
        "[bold red]ALERT[/]"
        if result.alert
        else (
            "[yellow]review[/]"
            if result.hits
            else ("[yellow]partly screened[/]" if result.notes else "[green]no match[/]")
        )
    )
    console.print(
        f"{verdict}  {result.party.name!r} against {snaps} "
        f"(alert >= {result.thresholds.alert}, review >= {result.thresholds.review})"
    )
    for note in result.notes:
        console.print(f"  note: {note}")
    if not result.hits:
        return
    table = Table("score", "list", "entry", "matched name", "why", show_lines=True)
    for hit in result.hits:
        e = hit.stored.entry
        entry_text = f"{e.name}\n[dim]{hit.stored.source} {e.source_id} · entry {hit.stored.id}"
        entry_text += f" · {', '.join(e.countries)}[/]"
        meaning = meaning_of(e.list_code)
        if meaning is not None:
            entry_text += f"\n[italic]{meaning.plain}[/] [dim]({meaning.regulation})[/]"
        if e.licence:
            cites = "; ".join(c.text for c in e.citations)
            entry_text += f"\n{e.licence.describe()}\n[dim]{cites}[/]"
        if hit.rules is not None and len(hit.rules):
            entry_text += "".join(f"\n[dim]{line}[/]" for line in hit.rules.describe(e))
        score = f"[bold red]{hit.match.score:.2f}[/]" if hit.alert else f"{hit.match.score:.2f}"
        why = hit.summary if hit.basis == "name" else f"[bold]{hit.basis}[/]: {hit.summary}"
        table.add_row(score, e.list_code, entry_text, hit.match.matched_name, why)
    console.print(table)


ReportOption = Annotated[
    Path | None,
    typer.Option(
        "--report",
        metavar="FILE.xlsx|FILE.csv",
        help="Also write the compliance report (result, licence, citations, decision).",
    ),
]


@app.command("screen-file")
def screen_file(
    ctx: typer.Context,
    *,
    input_path: Annotated[Path, batch_input("INPUT")],
    output: ResultsOption,
    id_column: IdColumn = "id",
    name_column: NameColumn = "name",
    country_column: CountryColumn = "country",
    address_column: AddressColumn = "address",
    lists: ListsOption = None,
    threshold: ThresholdOption = None,
    workers: Annotated[
        int, typer.Option("--workers", min=0, help="Processes (0, the default: one per core).")
    ] = 0,
    report_path: ReportOption = None,
    engine: EngineOption = "local",
    master: MasterOption = None,
    spark_conf: SparkConfOption = None,
    partition_rows: PartitionRowsOption = None,
    json_: SummaryJsonFlag = False,
) -> None:
    """Screen every party in a file; one output row per (party, hit); bad rows reported."""
    from entitylist.audit import AuditLog
    from entitylist.audit.actors import Actor
    from entitylist.reports.exports import export_batch
    from entitylist.screening import Screener
    from entitylist.screening.inputs import Columns
    from entitylist.screening.recorded import RecordedScreening, log_record

    report_format = _report_format(report_path, output)
    st, actor = state(ctx), Actor.os_user()
    screening = RecordedScreening(Screener(st.store, st.settings), log_record(AuditLog(st.store)))
    columns = Columns(
        id=id_column, name=name_column, country=country_column, address=address_column
    )
    with progress_bar("screening", disable=json_) as bar:
        task = bar.add_task("screening", total=None)
        report = screening.screen_file(
            input_path,
            output,
            actor=actor,
            columns=columns,
            lists=split_lists(lists),
            threshold=threshold,
            workers=workers or (os.cpu_count() or 1),
            progress=lambda n: bar.advance(task, n),
            on_error=row_error_printer(input_path),
            engine=chosen_engine(st, engine, master, spark_conf, partition_rows),
        )
    if report_path is not None:
        export_batch(
            st.store, output, report_path, report_format, record=screening.record, actor=actor
        )
    if json_:
        emit_json(report.to_dict())
        return
    _print_summary(report, output)


def _print_summary(report: BatchReport, output: Path) -> None:
    console.print(
        f"{report.screened} parties screened, {report.alerts} with alerts, "
        f"{report.parties_with_hits} with hits to review; results in {output}"
    )
    if report.errors:
        console.print(f"{len(report.errors)} bad rows skipped and listed in {report.errors_file}")


def _report_format(report_path: Path | None, output: Path) -> str:
    """The compliance report's format ("" for none); it is read from the results, so they
    must be CSV."""
    from entitylist.errors import InputError
    from entitylist.reports.exports import export_format

    if report_path is None:
        return ""
    found = export_format(report_path.suffix)
    if output.suffix.lower() != ".csv":
        raise InputError(f"{output}: --report reads the results, so write them as .csv")
    return found
