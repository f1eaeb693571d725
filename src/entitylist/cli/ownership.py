"""Ownership commands: import ownership data, list its snapshots, compare two of them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from entitylist.cli.app import command_group, state
from entitylist.cli.options import JsonFlag
from entitylist.cli.output import console, emit_json

ownership_app = command_group(
    "ownership", "Ownership data for the Affiliates (50 percent) rule: import, list, compare."
)


@ownership_app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="FILE", help="The ownership file.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="csv, gleif, bods, ftm or trellis (default: from the file)."),
    ] = None,
    dataset: Annotated[
        str | None,
        typer.Option(
            "--dataset",
            help="The data set this file is a new version of (default: the format name).",
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Import an ownership file as a new snapshot of its data set (all rows or none)."""
    from entitylist.cli.actor import current_user
    from entitylist.updates.ownership import import_ownership

    snap = import_ownership(state(ctx).store, path, fmt=fmt, dataset=dataset, actor=current_user())
    if json_:
        emit_json(snap.to_dict())
        return
    counts = snap.counts
    console.print(
        f"ownership snapshot {snap.id} of {snap.dataset!r}: {counts['links']} links, "
        f"{counts['parties']} parties, {counts['with_share']} with a share, from {path}"
    )
    for note in snap.notes:
        console.print(f"[yellow]note:[/] {note}")


@ownership_app.command("snapshots")
def snapshots(
    ctx: typer.Context,
    dataset: Annotated[
        str | None, typer.Option("--dataset", help="Only this data set's snapshots.")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """The ownership snapshots kept, oldest first."""
    from entitylist.store.ownership import OwnershipStore

    snaps = OwnershipStore(state(ctx).store.engine).snapshots(dataset)
    if json_:
        emit_json([s.to_dict() for s in snaps])
        return
    if not snaps:
        console.print("No ownership data imported yet: `entitylist ownership import FILE`.")
        return
    table = Table("id", "data set", "format", "imported", "links", "with share", "origin")
    for s in snaps:
        table.add_row(
            str(s.id),
            s.dataset,
            s.format,
            s.imported_at.isoformat(timespec="seconds"),
            str(s.counts.get("links", 0)),
            str(s.counts.get("with_share", 0)),
            s.origin,
        )
    console.print(table)


@ownership_app.command("diff")
def diff(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="The data set.")],
    from_id: Annotated[
        int | None, typer.Option("--from", help="The earlier snapshot's id.")
    ] = None,
    to_id: Annotated[int | None, typer.Option("--to", help="The later snapshot's id.")] = None,
    json_: JsonFlag = False,
) -> None:
    """Links added and removed between two snapshots of a data set (default: the newest two)."""
    from entitylist.store.ownership import OwnershipStore

    found = OwnershipStore(state(ctx).store.engine).diff(dataset, from_id, to_id)
    if json_:
        emit_json(found.to_dict())
        return
    console.print(
        f"{dataset}: snapshot {found.from_id} -> {found.to_id}: "
        f"{len(found.added)} links added, {len(found.removed)} removed"
    )
    for sign, links in (("+", found.added), ("-", found.removed)):
        for link in links:
            console.print(f"{sign} {link.owner} holds {link.share_text} of {link.owned}")
