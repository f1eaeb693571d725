"""Decision commands: `decide` (a verdict on a hit) and `decisions` (their history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from entitylist.cli.actor import current_user
from entitylist.cli.app import app, state
from entitylist.cli.options import JsonFlag
from entitylist.cli.output import console, emit_json, listed
from entitylist.dates import parse_when

if TYPE_CHECKING:
    from entitylist.monitoring.decisions import Decision

VERDICTS = "true_match|false_positive|escalated"


@app.command("decide")
def decide_(
    ctx: typer.Context,
    *,
    party_id: Annotated[str, typer.Argument(metavar="PARTY_ID", help="The monitored party's id.")],
    entry: Annotated[
        str, typer.Argument(metavar="SOURCE_ID", help="Entry id, key or published source id.")
    ],
    verdict: Annotated[str, typer.Option("--verdict", help=VERDICTS)],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the audit log).")],
    expires: Annotated[
        str | None,
        typer.Option(
            "--expires", metavar="DATE", help="The decision stops applying after this day."
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", "-s", help="When the id names entries in several sources."),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Record a reviewer's verdict on a party's hit.

    A false positive is suppressed in later runs until the party's record or the entry's
    content changes, or the decision expires. Decisions are never deleted, only superseded.
    """
    from entitylist.monitoring import Verdict, decide

    decision = decide(
        state(ctx).store,
        party_id,
        entry,
        Verdict.parse(verdict),
        reason,
        expires_at=parse_when(expires, end_of_day=True) if expires else None,
        source=source,
        actor=current_user(),
    )
    if json_:
        emit_json(decision.to_dict())
        return
    superseded = f", superseding #{decision.supersedes_id}" if decision.supersedes_id else ""
    console.print(
        f"decision #{decision.id}: {decision.verdict} on {party_id} x "
        f"{decision.source} {decision.entry_key} (entry {decision.entry_version_id})"
        f"{superseded}"
    )


@app.command("decisions")
def decisions_(
    ctx: typer.Context,
    party: Annotated[str | None, typer.Option("--party", help="One party id.")] = None,
    json_: JsonFlag = False,
) -> None:
    """Every decision recorded (superseded ones too), oldest first."""
    from entitylist.monitoring import list_decisions

    def row(d: Decision) -> list[str]:
        entry, by = f"{d.source} {d.entry_key}", d.actor or ""
        when = d.decided_at.isoformat()[:19]
        expires = d.expires_at.isoformat()[:10] if d.expires_at else ""
        return [str(d.id), d.party_id, entry, str(d.verdict), d.reason, by, when, expires]

    columns = ("#", "party", "entry", "verdict", "reason", "by", "when", "expires")
    listed(list_decisions(state(ctx).store, party), json_=json_, columns=columns, row=row)
