"""Alert commands: `alerts list|show|decide|approve|comment|assign`, thin faces over
`entitylist.review`.

`--as NAME` says which user acts (an active user; their role applies), so that decisions
and approvals name the person and four eyes holds; whoever runs the command has the
database, so the name is taken as given. Without it the operating-system account acts,
with the admin role.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from entitylist.audit.actors import Actor
from entitylist.auth import Role, UserStore
from entitylist.cli.app import command_group, state
from entitylist.cli.options import JsonFlag
from entitylist.cli.output import console, emit, emit_json
from entitylist.dates import parse_when
from entitylist.errors import InputError

alerts_app = command_group("alerts", "The review queue: one alert per party and real listed party.")

As = Annotated[
    str | None,
    typer.Option("--as", metavar="USER", help="The user acting (default: this OS account)."),
]

AlertId = Annotated[int, typer.Argument(metavar="ID", help="The alert's id.")]
Assignee = Annotated[str | None, typer.Argument(metavar="USER", help="Omit to unassign.")]


def _who(ctx: typer.Context, name: str | None) -> tuple[Actor, Role]:
    if name is None:
        return Actor.os_user(), Role.ADMIN
    user = UserStore(state(ctx).store).get(name.strip())
    if not user.active:
        raise InputError(f"user {user.username!r} is disabled")
    return user.actor, user.role


@alerts_app.command("list")
def list_(
    ctx: typer.Context,
    *,
    status: Annotated[str, typer.Option(help="open, pending_approval, closed or all.")] = "open",
    list_code: Annotated[str | None, typer.Option("--list", help="One list code.")] = None,
    country: Annotated[str | None, typer.Option(help="The party's country.")] = None,
    run: Annotated[int | None, typer.Option(help="Alerts last changed by this run.")] = None,
    assignee: Annotated[str | None, typer.Option(help="A username; - for unassigned.")] = None,
    party: Annotated[str | None, typer.Option(help="One party id.")] = None,
    origin: Annotated[
        str | None,
        typer.Option(help="run, job or screening, or one by id (run:12, job:ID, screening:ID)."),
    ] = None,
    sort: Annotated[str, typer.Option(help="score, age, updated or party.")] = "score",
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many alerts.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many alerts first.")] = 0,
    json_: JsonFlag = False,
) -> None:
    """The queue, undecided and escalated first, then by alert level, severity and score."""
    from entitylist.review.alerts import list_alerts

    page = list_alerts(
        state(ctx).store,
        status=status,
        list_code=list_code,
        country=country,
        run_id=run,
        assignee=assignee,
        party_id=party,
        origin=origin,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    if json_:
        emit_json(page.to_dict())
        return
    table = Table("id", "status", "party", "matched", "list", "score", "rows", "origin", "assignee")
    for a in page.alerts:
        flag = " (escalated)" if a.escalated else ""
        table.add_row(
            str(a.id),
            a.status + flag,
            f"{a.party_name} [{a.party_id}]",
            a.matched_name,
            a.list_code,
            f"{a.score:.3f}",
            str(len(a.rows)),
            a.origin_label,
            a.assignee or "",
        )
    console.print(table)
    console.print(f"{len(page.alerts)} of {page.total} alerts")


@alerts_app.command("show")
def show(
    ctx: typer.Context,
    alert_id: AlertId,
    json_: JsonFlag = False,
) -> None:
    """One alert: its rows, why they are one party, decisions, approvals and comments."""
    from entitylist.review.detail import alert_detail

    detail = alert_detail(state(ctx).store, alert_id)
    if json_:
        emit_json(detail)
        return
    a = detail["alert"]
    escalated = ", escalated" if a["escalated"] else ""
    console.print(
        f"alert {a['id']}: {a['status']}{escalated}  {a['party']['name']} "
        f"[{a['party']['id']}] ~ {a['entry']['name']} ({a['list']}, {a['score']:.3f})"
    )
    console.print(a["grouping"])
    for row in a["rows"]:
        console.print(f"  row {row['source']} {row['entry_key']}  {row['score']:.3f}")
    for d in detail["decisions"]:
        approval = f", approval {d['approval']}" if d["approval"] else ""
        console.print(f"  decision #{d['id']} {d['verdict']} by {d['by']}: {d['reason']}{approval}")
    for c in detail["comments"]:
        console.print(f"  comment by {c['by']} at {c['created_at']}: {c['body']}")


@alerts_app.command("decide")
def decide(
    ctx: typer.Context,
    *,
    alert_ids: Annotated[list[int], typer.Argument(metavar="ID...", help="One or more alerts.")],
    verdict: Annotated[str, typer.Option(help="true_match, false_positive or escalated.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the audit log).")],
    expires: Annotated[
        str | None, typer.Option(metavar="DATE", help="The decision stops applying after this day.")
    ] = None,
    as_: As = None,
    json_: JsonFlag = False,
) -> None:
    """Decide on alerts: a decision per row each stands for, each alert audited once. A
    false positive on a four-eyes list waits for an approver (pending_approval)."""
    from entitylist.review.workflow import decide_alerts

    actor, role = _who(ctx, as_)
    done = decide_alerts(
        state(ctx).store,
        alert_ids,
        verdict,
        reason,
        actor=actor,
        role=role,
        expires_at=parse_when(expires, end_of_day=True) if expires else None,
    )
    if json_:
        emit_json({"alerts": [a.to_dict() for a in done]})
        return
    for a in done:
        console.print(f"alert {a.id}: {a.status} ({len(a.rows)} rows decided by {actor.text})")


@alerts_app.command("approve")
def approve(
    ctx: typer.Context,
    alert_id: AlertId,
    reason: Annotated[str, typer.Option(help="Why (kept in the audit log).")],
    reject: Annotated[
        bool, typer.Option("--reject", help="Reject instead: the alert re-opens.")
    ] = False,
    as_: As = None,
    json_: JsonFlag = False,
) -> None:
    """Approve (or reject) the false positive waiting on an alert; not by its reviewer."""
    from entitylist.review.approvals import Outcome
    from entitylist.review.workflow import approve as approve_alert

    actor, role = _who(ctx, as_)
    outcome: Outcome = "rejected" if reject else "approved"
    alert = approve_alert(
        state(ctx).store, alert_id, reason, actor=actor, role=role, outcome=outcome
    )
    emit(
        alert.to_dict(),
        f"alert {alert.id}: {outcome} by {actor.text}; now {alert.status}",
        json_=json_,
    )


@alerts_app.command("comment")
def comment(
    ctx: typer.Context,
    alert_id: AlertId,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The comment.")],
    as_: As = None,
    json_: JsonFlag = False,
) -> None:
    """Add a note to an alert."""
    from entitylist.review.workflow import comment as add_comment

    actor, role = _who(ctx, as_)
    made = add_comment(state(ctx).store, alert_id, text, actor=actor, role=role)
    emit(made.to_dict(), f"comment {made.id} on alert {alert_id} by {made.actor}", json_=json_)


@alerts_app.command("assign")
def assign(
    ctx: typer.Context,
    alert_id: AlertId,
    assignee: Assignee = None,
    as_: As = None,
    json_: JsonFlag = False,
) -> None:
    """Assign an alert to a reviewer (or unassign it)."""
    from entitylist.review.workflow import assign as assign_alert

    actor, role = _who(ctx, as_)
    alert = assign_alert(state(ctx).store, alert_id, assignee, actor=actor, role=role)
    emit(
        alert.to_dict(), f"alert {alert.id}: assigned to {alert.assignee or 'nobody'}", json_=json_
    )
