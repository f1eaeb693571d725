"""`entitylist export --format ftm`: the lists in force as FollowTheMoney entities."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from entitylist.cli.app import app, state
from entitylist.cli.options import JsonFlag
from entitylist.cli.output import emit


@app.command("export")
def export(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE.ftm.json", help="The file to write.")
    ],
    format_: Annotated[
        str, typer.Option("--format", help="ftm (FollowTheMoney JSON lines).")
    ] = "ftm",
    json_: JsonFlag = False,
) -> None:
    """Write the lists in force as FollowTheMoney entities (a party and its sanction each)."""
    from entitylist.audit import AuditLog
    from entitylist.cli.actor import current_user
    from entitylist.ftm.lists import export_lists

    st = state(ctx)
    result = export_lists(st.store, output, format_, audit=AuditLog(st.store), actor=current_user())
    emit(
        result.to_dict(),
        f"{result.entries} entries written as {result.entities} FtM entities to {output}",
        json_=json_,
    )
