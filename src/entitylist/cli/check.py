"""Shipment determination commands: `check` (one shipment) and `check-file` (a file)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from entitylist.cli.app import app, state
from entitylist.cli.options import JsonFlag, ResultsOption, SummaryJsonFlag, batch_input
from entitylist.cli.output import console, emit_json, progress_bar, row_error_printer

if TYPE_CHECKING:
    from datetime import date

    from entitylist.cli.app import State
    from entitylist.determination import Determination
    from entitylist.screening import Screener

OUTCOME_STYLE = {
    "prohibited": "bold red",
    "licence_required": "red",
    "needs_classification": "yellow",
    "no_licence_required_by_these_lists": "green",
}

# The options of `check` that take more than a line, declared beside it.
PartyOption = Annotated[
    list[str],
    typer.Option(
        "--party",
        metavar="NAME:ROLE[:COUNTRY]",
        help="A party and its role (purchaser, intermediate_consignee, ultimate_consignee, "
        "end_user, other); repeat for each party.",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="Check against the lists in force that day."),
]


def _yes_no(flag: str, text: str) -> Any:
    """A fact the user answers yes or no (unanswered: not known)."""
    return typer.Option(flag, metavar="yes|no", help=text)


DirectProductOption = Annotated[
    str | None,
    _yes_no(
        "--direct-product",
        "A direct product of US technology or software under the entry's FDP rule.",
    ),
]
MeuItemOption = Annotated[str | None, _yes_no("--meu-item", "Listed in Supp. No. 2 to Part 744.")]
Supplement7Option = Annotated[
    str | None, _yes_no("--supplement-7", "An EAR99 item in Supp. No. 7 to Part 746.")
]
ProjectEndUseOption = Annotated[
    str | None, _yes_no("--project-end-use", "For a project of 15 CFR 746.8(a)(4).")
]


@app.command("check")
def check_(
    ctx: typer.Context,
    *,
    party: PartyOption,
    item: Annotated[str, typer.Option("--item", help="ECCN (e.g. 4A994), EAR99 or unclassified.")],
    destination: Annotated[str, typer.Option("--destination", help="ISO country code.")],
    on: DateOption = None,
    foreign_produced: Annotated[
        bool, typer.Option("--foreign-produced", help="The item was made outside the US.")
    ] = False,
    direct_product: DirectProductOption = None,
    food_or_medicine: Annotated[
        bool, typer.Option("--food-or-medicine", help="An EAR99 food or medicine.")
    ] = False,
    meu_item: MeuItemOption = None,
    supplement_7: Supplement7Option = None,
    project_end_use: ProjectEndUseOption = None,
    ofac_authorised: Annotated[
        bool, typer.Option("--ofac-authorised", help="OFAC has authorised the transaction.")
    ] = False,
    json_: JsonFlag = False,
) -> None:
    """May I ship? These parties, in these roles, this item, this destination: prohibited,
    licence required (with the review policy), not required by these lists, or needs
    classification, each reason with its citation. Audited with inputs and snapshot ids."""
    from entitylist.audit import AuditLog
    from entitylist.audit.actors import Actor
    from entitylist.determination import check
    from entitylist.determination.inputs import parse_party, shipment_from
    from entitylist.screening.recorded import log_record

    st = state(ctx)
    shipment = shipment_from(
        parties=[parse_party(p) for p in party],
        item=item,
        destination=destination,
        on=on,
        facts={
            "foreign_produced": foreign_produced,
            "direct_product": direct_product,
            "food_or_medicine": True if food_or_medicine else None,
            "meu_supplement_2": meu_item,
            "supplement_7_746": supplement_7,
            "project_end_use": project_end_use,
        },
        ofac_authorised=ofac_authorised,
    )
    determination = check(
        _screener(st, shipment.on),
        shipment,
        record=log_record(AuditLog(st.store)),
        actor=Actor.os_user(),
    )
    if json_:
        emit_json(determination.to_dict())
        return
    print_determination(determination)


def _screener(st: State, on: date | None) -> Screener:
    from entitylist.dates import parse_when
    from entitylist.screening import Screener

    return Screener(st.store, st.settings, as_of=parse_when(on, end_of_day=True) if on else None)


def print_determination(d: Determination) -> None:
    style = OUTCOME_STYLE[str(d.outcome)]
    policy = f" ({d.policy.value.replace('_', ' ')})" if d.policy else ""
    console.print(
        f"[{style}]{d.outcome}[/]{policy}  to {d.shipment.destination}, item "
        f"{d.shipment.item.classification}"
    )
    table = Table("party", "role", "outcome", "why", "citations", show_lines=True)
    for p in d.parties:
        why = "\n".join(
            f"- {r.text}" + "".join(f"\n  ({c})" for c in r.conditions) for r in p.reasons
        )
        cites = "\n".join(dict.fromkeys(c for r in p.reasons for c in r.citations))
        table.add_row(
            p.party.name,
            str(p.party.role),
            f"[{OUTCOME_STYLE[str(p.outcome)]}]{p.outcome}[/]",
            why,
            cites,
        )
    console.print(table)
    for note in d.notes:
        console.print(f"[yellow]note:[/] {note}")
    snaps = ", ".join(f"{s} #{snap['id']}" for s, snap in d.snapshots.items())
    console.print(f"[dim]{d.to_dict()['caveat']} Lists: {snaps}.[/]")


@app.command("check-file")
def check_file(
    ctx: typer.Context,
    input_path: Annotated[Path, batch_input("SHIPMENTS")],
    output: ResultsOption,
    workers: Annotated[
        int, typer.Option("--workers", min=0, help="Processes (0 = one per core).")
    ] = 1,
    json_: SummaryJsonFlag = False,
) -> None:
    """Check every shipment in a file (one row per shipment, parties in role columns); one
    output row per (shipment, party); bad rows reported with line and field. Audited."""
    from entitylist.audit import AuditLog
    from entitylist.audit.actors import Actor
    from entitylist.determination.batch import recorded_check_file
    from entitylist.screening import Screener
    from entitylist.screening.recorded import log_record

    st = state(ctx)

    with progress_bar("checking", disable=json_) as bar:
        task = bar.add_task("checking", total=None)
        report = recorded_check_file(
            Screener(st.store, st.settings),
            input_path,
            output,
            record=log_record(AuditLog(st.store)),
            actor=Actor.os_user(),
            workers=workers or (os.cpu_count() or 1),
            progress=lambda n: bar.advance(task, n),
            on_error=row_error_printer(input_path),
        )
    if json_:
        emit_json(report.to_dict())
        return
    counts = ", ".join(f"{n} {o}" for o, n in sorted(report.outcomes.items()))
    console.print(f"{report.checked} shipments checked ({counts}); results in {output}")
    if report.errors:
        console.print(f"{len(report.errors)} bad rows skipped and listed in {report.errors_file}")
