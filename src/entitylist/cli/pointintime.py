"""Point-in-time commands: `lookback` (shipments against the lists of their ship dates)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from entitylist.cli.actor import current_user
from entitylist.cli.app import app, state
from entitylist.cli.options import (
    AddressColumn,
    CountryColumn,
    IdColumn,
    JsonFlag,
    ListsOption,
    NameColumn,
    ThresholdOption,
    batch_input,
    split_lists,
)
from entitylist.cli.output import console, emit_json, row_error_printer

if TYPE_CHECKING:
    from entitylist.pointintime import LookbackReport


@app.command()
def lookback(
    ctx: typer.Context,
    *,
    input_path: Annotated[Path, batch_input("SHIPMENTS_FILE")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Every shipment: .csv or .jsonl")
    ] = None,
    id_column: IdColumn = "id",
    name_column: NameColumn = "name",
    country_column: CountryColumn = "country",
    address_column: AddressColumn = "address",
    date_column: Annotated[
        str, typer.Option("--date-column", help="The input column holding the ship date.")
    ] = "ship_date",
    lists: ListsOption = None,
    threshold: ThresholdOption = None,
    json_: JsonFlag = False,
) -> None:
    """Was each shipment's party listed on its ship date? Screens against the snapshots
    in force then, and sets aside entries whose listing had not yet taken effect."""
    from entitylist.pointintime import lookback_file
    from entitylist.screening.inputs import Columns

    st = state(ctx)
    report = lookback_file(
        st.store,
        st.settings,
        input_path,
        columns=Columns(
            id=id_column, name=name_column, country=country_column, address=address_column
        ),
        date_column=date_column,
        output=output,
        lists=split_lists(lists),
        threshold=threshold,
        actor=current_user(),
    )
    if json_:
        emit_json(report.to_dict())
        return
    for error in report.errors:
        row_error_printer(input_path)(error)
    _print_findings(report)
    c = report.counts()
    console.print(
        f"{c['shipments']} shipments: {c['listed']} to a listed party, {c['review']} "
        f"to review, {c['partial']} partial (a list missing then), {c['clear']} clear, "
        f"{c['no_list']} with no list in force" + (f"; all rows in {output}" if output else "")
    )


def _print_findings(report: LookbackReport) -> None:
    """The shipments that are not clear, one table row each."""
    table = Table("line", "id", "party", "ship date", "status", "entry", "listed from", "snapshots")
    for f in report.findings:
        if f.status == "clear":
            continue
        snaps = ", ".join(
            f"{s} #{snap.id} ({snap.publication})" for s, snap in sorted(f.snapshots.items())
        )
        entries = "\n".join(
            f"{h.stored.entry.list_code} {h.stored.entry.name} ({h.match.score:.2f})"
            for h in f.hits
        ) or "; ".join(f.notes)
        starts = "\n".join(str(h.stored.entry.start_date or "") for h in f.hits)
        table.add_row(
            str(f.shipment.line),
            f.shipment.id,
            f.shipment.party.name,
            f.shipment.ship_date.isoformat(),
            f.status,
            entries,
            starts,
            snaps,
        )
    console.print(table)
