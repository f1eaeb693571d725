"""Portfolio commands: `parties import`, `parties list`, `parties show`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from entitylist.cli.actor import current_user
from entitylist.cli.app import command_group, err_console, state
from entitylist.cli.options import (
    AddressColumn,
    CountryColumn,
    IdColumn,
    JsonFlag,
    NameColumn,
    batch_input,
)
from entitylist.cli.output import console, emit_json, row_error_printer

parties_app = command_group("parties", "The monitored portfolio: import counterparties, list them.")


@parties_app.command("import")
def import_(
    ctx: typer.Context,
    *,
    input_path: Annotated[Path, batch_input("FILE")],
    id_column: IdColumn = "id",
    name_column: NameColumn = "name",
    country_column: CountryColumn = "country",
    address_column: AddressColumn = "address",
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="The file is the whole portfolio: stop monitoring parties not in it "
            "(their history is kept).",
        ),
    ] = False,
    json_: JsonFlag = False,
) -> None:
    """Import or re-import parties to monitor; changed rows become new versions."""
    # Imported per command (here and below): --help needs neither the store nor matching.
    from entitylist.monitoring import import_parties
    from entitylist.screening.inputs import Columns

    st = state(ctx)
    columns = Columns(
        id=id_column, name=name_column, country=country_column, address=address_column
    )
    report = import_parties(st.store, input_path, columns, replace=replace, actor=current_user())
    if json_:
        emit_json(report.to_dict())
        return
    for error in report.errors[:50]:
        row_error_printer(input_path)(error)
    if len(report.errors) > 50:
        err_console.print(f"... and {len(report.errors) - 50} more bad rows (see --json)")
    console.print(
        f"{report.new} new, {report.changed} changed, {report.unchanged} unchanged"
        + (f", {report.reactivated} monitored again" if report.reactivated else "")
        + (f", {report.deactivated} no longer monitored" if report.deactivated else "")
        + (f"; {len(report.errors)} bad rows skipped" if report.errors else "")
    )


@parties_app.command("list")
def list_(
    ctx: typer.Context,
    include_inactive: Annotated[
        bool, typer.Option("--all", help="Include parties no longer monitored.")
    ] = False,
    json_: JsonFlag = False,
) -> None:
    """The monitored parties, in their current version."""
    from entitylist.monitoring import list_parties

    parties = list_parties(state(ctx).store, include_inactive=include_inactive)
    if json_:
        emit_json([p.to_dict() for p in parties])
        return
    table = Table("id", "name", "country", "address", "version", "imported")
    for p in parties:
        table.add_row(
            p.party_id,
            p.name,
            p.country or "",
            p.address or "",
            str(p.version),
            p.imported_at.isoformat()[:10] + ("" if p.active else " (inactive)"),
        )
    console.print(table)
    console.print(f"{len(parties)} parties")


@parties_app.command("show")
def show(
    ctx: typer.Context,
    party_id: Annotated[str, typer.Argument(metavar="PARTY_ID", help="The party's id.")],
    json_: JsonFlag = False,
) -> None:
    """One party: every version, its current hits and the decisions on them."""
    from entitylist.monitoring import list_decisions, party_history
    from entitylist.monitoring.views import current_hits

    store = state(ctx).store
    versions = party_history(store, party_id)
    hits = current_hits(store, party_id)
    decided = list_decisions(store, party_id)
    if json_:
        emit_json(
            {
                "versions": [v.to_dict() for v in versions],
                "hits": hits,
                "decisions": [d.to_dict() for d in decided],
            }
        )
        return
    current = versions[-1]
    console.print(f"[bold]{current.name}[/] ({party_id}), version {current.version}")
    for v in versions:
        console.print(
            f"  v{v.version} {v.imported_at.isoformat()[:19]} {v.name} "
            f"{v.country or ''} {v.address or ''} [dim]{v.content_hash[:12]}[/]"
        )
    for h in hits:
        decision = (
            f" decision #{h['decision']['id']} {h['decision']['verdict']}" if h["decision"] else ""
        )
        console.print(
            f"  hit {h['score']:.2f} {h['entry']['list']} {h['entry'].get('name')} "
            f"(entry {h['entry']['entry_id']}){decision}"
        )
