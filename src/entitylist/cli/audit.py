"""Audit commands: `audit verify`, `audit anchor`, `audit export`, `audit prune`,
`audit log`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from entitylist.cli.actor import current_user
from entitylist.cli.app import command_group, state
from entitylist.cli.options import JsonFlag
from entitylist.cli.output import console, emit_json
from entitylist.dates import parse_when
from entitylist.errors import EntitylistError

audit_app = command_group("audit", "The tamper-evident audit log: verify, export, prune.")


class ChainBroken(EntitylistError):
    code = "audit_chain_broken"
    status_code = 409


@audit_app.command("verify")
def verify(
    ctx: typer.Context,
    anchor: Annotated[
        Path | None,
        typer.Option(
            "--anchor",
            metavar="FILE",
            help="An anchor written by `audit anchor`: fail unless the log still extends it.",
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Recompute the hash chain; name the first event that was edited or deleted; check
    every decision and approval row against its audit event (edited, inserted or deleted
    rows)."""
    from entitylist.audit import AuditLog
    from entitylist.audit.anchor import read_anchor
    from entitylist.monitoring.reconcile import reconcile_decisions
    from entitylist.review.approvals import reconcile_approvals_of

    kept = read_anchor(anchor) if anchor is not None else None
    result = AuditLog(state(ctx).store).verify(kept)
    decisions = reconcile_decisions(state(ctx).store)
    approvals = reconcile_approvals_of(state(ctx).store)
    if json_:
        emit_json(
            {**result.to_dict(), "decisions": decisions.to_dict(), "approvals": approvals.to_dict()}
        )
        if not (result.ok and decisions.ok and approvals.ok):
            raise typer.Exit(1)
        return
    if not result.ok:
        raise ChainBroken(result.message())
    bad = [r.message() for r in (decisions, approvals) if not r.ok]
    if bad:
        raise ChainBroken(f"{result.message()}; but {'; '.join(bad)}")
    console.print(result.message())
    console.print(decisions.message())
    console.print(approvals.message())


@audit_app.command("anchor")
def anchor(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the anchor to this file.")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="POST the anchor (JSON) to this URL.")
    ] = None,
) -> None:
    """Record the log's head (seq, hash, time) outside the database, for `verify --anchor`.
    Without --output or --url the anchor is printed as JSON."""
    from entitylist.audit import AuditLog
    from entitylist.audit.anchor import post_anchor, write_anchor

    kept = AuditLog(state(ctx).store).anchor()
    if output is None and url is None:
        emit_json(kept.to_dict())
        return
    if output is not None:
        write_anchor(kept, output)
        console.print(f"audit anchor {kept.describe()} written to {output}")
    if url is not None:
        post_anchor(kept, url)
        console.print(f"audit anchor {kept.describe()} posted to {url}")


@audit_app.command("export")
def export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help=".csv or .jsonl")],
    from_: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="First day included.")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="Last day included.")
    ] = None,
) -> None:
    """Write the events of a period (with their hashes, to re-verify); itself audited."""
    from entitylist.audit import AuditLog

    outcome = AuditLog(state(ctx).store).export(
        output,
        start=parse_when(from_) if from_ else None,
        end=parse_when(to, end_of_day=True) if to else None,
        actor=current_user(),
    )
    console.print(f"{outcome.count} events written to {output} (sha256 {outcome.sha256})")


@audit_app.command("prune")
def prune(
    ctx: typer.Context,
    before: Annotated[
        str,
        typer.Option("--before", metavar="DATE", help="Delete events recorded before this day."),
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    json_: JsonFlag = False,
) -> None:
    """Delete events older than the retention period (five years by default); the prune
    is recorded, and the chain stays verifiable from the first kept event."""
    from entitylist.audit import AuditLog

    log = AuditLog(state(ctx).store)
    when = parse_when(before)
    cutoff = log.retention_cutoff()
    if when <= cutoff and not yes:
        typer.confirm(f"Delete audit events recorded before {when.date().isoformat()}?", abort=True)
    outcome = log.prune(when, actor=current_user())
    if json_:
        emit_json(outcome.to_dict())
        return
    console.print(
        f"{outcome.deleted} events deleted; the log now starts at event "
        f"{outcome.first_kept_seq} (prune recorded as event {outcome.event.seq})"
    )


@audit_app.command("log")
def log_(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", help="Only events of this kind.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="At most this many events, newest.")
    ] = 50,
    json_: JsonFlag = False,
) -> None:
    """The newest events (optionally of one kind)."""
    from entitylist.audit import AuditLog

    log = AuditLog(state(ctx).store)
    head, _ = log.head()
    events = log.events(kind=kind, after_seq=max(0, head - limit) if kind is None else None)
    events = events[-limit:]
    if json_:
        emit_json([e.to_dict() for e in events])
        return
    table = Table("seq", "recorded at", "kind", "actor", "hash")
    for e in events:
        table.add_row(
            str(e.seq), e.recorded_at.isoformat()[:19], e.kind, e.actor or "", e.hash[:16]
        )
    console.print(table)
