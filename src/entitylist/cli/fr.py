"""Federal Register commands: `fr sync`, `fr rules`, `fr pending`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from entitylist.cli.app import command_group, state
from entitylist.cli.options import JsonFlag
from entitylist.cli.output import console, emit_json
from entitylist.dates import parse_when

fr_app = command_group(
    "fr", "The Federal Register: the rules that amend the lists, and those no list reflects yet."
)


@fr_app.command("sync")
def sync_command(
    ctx: typer.Context,
    from_: Annotated[
        list[str] | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="Saved FR API responses (documents search or public inspection) to load "
            "instead of the API; repeat for several pages.",
        ),
    ] = None,
    base: Annotated[
        str, typer.Option("--base-url", help="The FR API server (a mirror, for instance).")
    ] = "https://www.federalregister.gov",
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="Only rules published since.")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Fetch the BIS rules about the Entity List (and documents on public inspection)."""
    from entitylist.audit import AuditLog
    from entitylist.cli.actor import current_user
    from entitylist.updates.federal_register import sync

    st = state(ctx)
    report = sync(
        st.store,
        files=from_,
        base=base,
        since=parse_when(since).date() if since else None,
        audit=AuditLog(st.store),
        actor=current_user(),
    )
    if json_:
        emit_json(report.to_dict())
        return
    data = report.to_dict()
    console.print(
        f"{data['documents']} documents read from {len(data['pages'])} page(s): "
        f"{data['new']} new, {data['updated']} updated, {data['unchanged']} unchanged"
    )
    for note in report.read.notes:
        console.print(f"[yellow]note:[/] {note}")


AllDocumentsFlag = Annotated[
    bool, typer.Option("--all", help="Every document kept, not only those about the lists.")
]


@fr_app.command("rules")
def rules_command(
    ctx: typer.Context, all_: AllDocumentsFlag = False, json_: JsonFlag = False
) -> None:
    """The known Federal Register rules about the lists, newest first."""
    from entitylist.updates.federal_register import status

    st = state(ctx)
    known = status(st.store)
    documents = sorted(
        (d for d in st.store.fr_documents() if all_ or d.amends_lists()),
        key=lambda d: (
            d.publication_date.isoformat() if d.publication_date else "",
            d.document_number,
        ),
        reverse=True,
    )
    if json_:
        emit_json(
            [{**d.to_dict(), "cited_by": known.cited.get(d.document_number, 0)} for d in documents]
        )
        return
    table = Table("document", "citation", "published", "effective", "title", "entries citing")
    for d in documents:
        table.add_row(
            d.document_number + (" (public inspection)" if d.public_inspection else ""),
            d.pages or "-",
            d.publication_date.isoformat() if d.publication_date else "-",
            d.effective_on.isoformat() if d.effective_on else "-",
            d.title,
            str(known.cited.get(d.document_number, 0)),
        )
    console.print(table)


@fr_app.command("pending")
def pending_command(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """Rules on public inspection or published that no list in force reflects yet."""
    from entitylist.updates.federal_register import status

    known = status(state(ctx).store)
    if json_:
        emit_json(
            {
                "lists_published": known.lists_published.isoformat()
                if known.lists_published
                else None,
                "pending": [p.to_dict() for p in known.pending],
            }
        )
        return
    if not known.pending:
        console.print("no known rule about the lists is pending")
        return
    for item in known.pending:
        console.print(
            f"[bold]{item.document.describe()}[/]\n  {item.reason}\n  {item.document.link}"
        )
