"""What reviewers do to an alert: decide, approve or reject, comment, assign. Each action is
one transaction and one audit event naming the actor, written here (never by a face).

- `decide_alert`: a verdict (true_match, false_positive, escalated) with a reason and an
  optional expiry becomes one decision per row the alert stands for, each made on the
  versions that row was found on and recorded with the alert id. A false positive on an
  alert-level hit of a four-eyes list (`review_policy.yml`) needs an approver: the alert is
  `pending_approval` and the decisions suppress nothing until approved.
- `approve` / `reject`: an approver (role approver or admin) other than the reviewer who
  made the decisions; a rejection sends the alert back to `open`.
- `comment`, `assign`: notes and the reviewer an alert is assigned to.
- `decide_alerts`: one verdict over a selection, each alert decided and audited separately.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Required, TypedDict, Unpack

import sqlalchemy as sa

from entitylist.audit import AuditLog, kinds
from entitylist.audit.actors import Actor
from entitylist.auth import Role
from entitylist.auth.users import users
from entitylist.dates import utc
from entitylist.errors import EntitylistError, InputError
from entitylist.monitoring.decisions import (
    Decision,
    Verdict,
    insert_decision,
    note_event,
    previous_decision_id,
)
from entitylist.review.alerts import Alert, alert_row, from_row
from entitylist.review.approvals import (
    OUTCOMES,
    Approval,
    Outcome,
    insert_approvals,
    load_trust,
    note_approval_event,
)
from entitylist.review.policy import load_policy
from entitylist.review.schema import alert_comments, alerts
from entitylist.review.status import row_decision
from entitylist.review.sync import refresh_alert, row_versions
from entitylist.store import Store

MAX_TEXT = 4000


class NotAllowed(EntitylistError):
    """The actor's role does not allow the action, or four eyes forbids it."""

    code = "forbidden"
    status_code = 403


class WorkflowConflict(EntitylistError):
    """The alert is not in a state the action applies to (nothing waits for approval)."""

    code = "conflict"
    status_code = 409


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    alert_id: int
    body: str
    actor: str
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "alert_id": self.alert_id,
            "body": self.body,
            "by": self.actor,
            "created_at": self.created_at.isoformat(),
        }


def _need(role: Role, needed: Role, what: str) -> None:
    if not role.allows(needed):
        raise NotAllowed(f"{what} needs the {needed.value} role (this caller is {role.value})")


def _text(value: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InputError(f"{what} is required")
    if len(text) > MAX_TEXT:
        raise InputError(f"{what} is longer than {MAX_TEXT:,} characters")
    return text


class DecidedBy(TypedDict, total=False):
    """Who decides, with what role, and the optional expiry and time of the decisions: the
    keywords `decide_alert` passes on to `decide_alerts`."""

    actor: Required[Actor]
    role: Required[Role]
    expires_at: datetime | None
    now: datetime | None


def decide_alert(
    store: Store, alert_id: int, verdict: Verdict | str, reason: str, **by: Unpack[DecidedBy]
) -> Alert:
    """Record a verdict on every row of an alert (see module doc); returns the alert."""
    return decide_alerts(store, [alert_id], verdict, reason, **by)[0]


def decide_alerts(
    store: Store,
    alert_ids: Sequence[int],
    verdict: Verdict | str,
    reason: str,
    *,
    actor: Actor,
    role: Role,
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> list[Alert]:
    """The same verdict on each alert, each with its own decisions and audit event; all or
    none (one transaction)."""
    _need(role, Role.REVIEWER, "deciding on an alert")
    chosen = Verdict.parse(verdict) if isinstance(verdict, str) else verdict
    why = _text(reason, "a reason")
    when = now or datetime.now(UTC)
    if expires_at is not None and expires_at <= when:
        raise InputError(f"the expiry {expires_at.date().isoformat()} is not in the future")
    if not alert_ids:
        raise InputError("no alert selected")
    if len(set(alert_ids)) > 1000:
        raise InputError("at most 1,000 alerts can be decided at once")
    log = AuditLog(store)
    with store.engine.begin() as conn:
        rows = [alert_row(conn, i) for i in dict.fromkeys(alert_ids)]
        for row in rows:
            made = _decisions_for(
                conn, row, verdict=chosen, reason=why, actor=actor, expires_at=expires_at, when=when
            )
            event = log.record(kinds.DECISION, _decision_event(row, made), actor.text, conn=conn)
            note_event(conn, [d.id for d in made], event.seq)
        trust = load_trust(conn, log, parties={row.party_ref for row in rows})
        return [from_row(refresh_alert(conn, row, trust, when)) for row in rows]


def _decisions_for(
    conn: sa.Connection,
    row: Any,
    *,
    verdict: Verdict,
    reason: str,
    actor: Actor,
    expires_at: datetime | None,
    when: datetime,
) -> list[Decision]:
    policy = load_policy()
    made = []
    for item in row.rows:
        four_eyes = verdict is Verdict.FALSE_POSITIVE and policy.needs_approval(
            item["list"], alert_level=bool(row.alert_level)
        )
        values = {
            "party_ref": row.party_ref,
            "party_version_id": item["party_version_id"],
            "party_hash": item["party_hash"],
            "source": item["source"],
            "entry_key": item["entry_key"],
            "entry_version_id": item["entry_id"],
            "entry_hash": item["entry_hash"],
            "verdict": str(verdict),
            "reason": reason,
            "actor": actor.text,
            "decided_at": when,
            "expires_at": expires_at,
            "supersedes_id": previous_decision_id(
                conn, row.party_ref, item["source"], item["entry_key"]
            ),
            "alert_id": row.id,
            "needs_approval": four_eyes,
        }
        made.append(insert_decision(conn, values))
    return made


def _decision_event(row: Any, made: list[Decision]) -> dict[str, Any]:
    first = made[0]
    return {
        "alert_id": row.id,
        "party": {"id": row.party_id, "name": row.party_name},
        "entry": {"name": row.entry_name, "list": row.list_code, "key": row.entry_key},
        "verdict": str(first.verdict),
        "reason": first.reason,
        "expires_at": first.expires_at.isoformat() if first.expires_at else None,
        "needs_approval": any(d.needs_approval for d in made),
        "decisions": [d.to_dict() for d in made],
    }


def approve(
    store: Store,
    alert_id: int,
    reason: str,
    *,
    actor: Actor,
    role: Role,
    outcome: Outcome = "approved",
    now: datetime | None = None,
) -> Alert:
    """Approve (or, with `outcome="rejected"`, reject) the false positives of an alert that
    wait for four eyes. The approver must not be the reviewer who decided them."""
    if outcome not in OUTCOMES:
        raise InputError(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    _need(role, Role.APPROVER, "approving a false positive")
    why = _text(reason, "a reason")
    when = now or datetime.now(UTC)
    log = AuditLog(store)
    with store.engine.begin() as conn:
        log.lock(conn)  # two approvers at once: the second sees the first's approval
        row = alert_row(conn, alert_id)
        trust = load_trust(conn, log, parties=[row.party_ref])
        pending = [
            d
            for r in row_versions(row.rows, row.party_ref)
            if (d := row_decision(r, trust, when)) is not None
            and d.needs_approval
            and trust.approval_state(d) == "pending"
        ]
        if row.status != "pending_approval" or not pending:
            raise WorkflowConflict(
                f"alert {alert_id} has no false positive waiting for approval (it is {row.status})"
            )
        own = sorted({d.actor or "" for d in pending if d.actor == actor.text})
        if own:
            raise NotAllowed(
                f"four eyes: {actor.text} made this decision and cannot {outcome[:-1]} it; "
                "another approver must"
            )
        made = insert_approvals(
            conn,
            [
                {
                    "decision_id": d.id,
                    "alert_id": row.id,
                    "outcome": outcome,
                    "reason": why,
                    "actor": actor.text,
                    "decided_at": when,
                }
                for d in pending
            ],
        )
        event = log.record(kinds.APPROVAL, _approval_event(row, made), actor.text, conn=conn)
        note_approval_event(conn, made, event.seq)
        trust = load_trust(conn, log, parties=[row.party_ref])
        return from_row(refresh_alert(conn, row, trust, when))


def reject(
    store: Store,
    alert_id: int,
    reason: str,
    *,
    actor: Actor,
    role: Role,
    now: datetime | None = None,
) -> Alert:
    """Reject the false positives waiting for approval: the alert is open again."""
    return approve(store, alert_id, reason, actor=actor, role=role, outcome="rejected", now=now)


def _approval_event(row: Any, made: list[Approval]) -> dict[str, Any]:
    return {
        "alert_id": row.id,
        "party": {"id": row.party_id, "name": row.party_name},
        "entry": {"name": row.entry_name, "list": row.list_code, "key": row.entry_key},
        "outcome": made[0].outcome,
        "reason": made[0].reason,
        "approvals": [a.to_dict() for a in made],
    }


def comment(
    store: Store,
    alert_id: int,
    body: str,
    *,
    actor: Actor,
    role: Role,
    now: datetime | None = None,
) -> Comment:
    """A note on an alert (reviewers and above)."""
    _need(role, Role.REVIEWER, "commenting on an alert")
    text = _text(body, "a comment")
    when = now or datetime.now(UTC)
    log = AuditLog(store)
    with store.engine.begin() as conn:
        row = alert_row(conn, alert_id)
        new_id = conn.execute(
            sa.insert(alert_comments)
            .values(alert_id=row.id, body=text, actor=actor.text, created_at=when)
            .returning(alert_comments.c.id)
        ).scalar_one()
        conn.execute(sa.update(alerts).where(alerts.c.id == row.id).values(updated_at=when))
        made = Comment(int(new_id), row.id, text, actor.text, when)
        data = {"alert_id": row.id, "party": {"id": row.party_id}, **made.to_dict()}
        data["comment_id"] = data.pop("id")
        log.record(kinds.COMMENT, data, actor.text, conn=conn)
    return made


def comments_of(conn: sa.Connection, alert_id: int) -> list[Comment]:
    rows = conn.execute(
        sa.select(alert_comments)
        .where(alert_comments.c.alert_id == alert_id)
        .order_by(alert_comments.c.id)
    )
    return [Comment(r.id, r.alert_id, r.body, r.actor, utc(r.created_at)) for r in rows]


def assign(
    store: Store,
    alert_id: int,
    assignee: str | None,
    *,
    actor: Actor,
    role: Role,
    now: datetime | None = None,
) -> Alert:
    """Assign an alert to an active user who may decide (reviewer or above); None
    unassigns it."""
    _need(role, Role.REVIEWER, "assigning an alert")
    when = now or datetime.now(UTC)
    log = AuditLog(store)
    with store.engine.begin() as conn:
        row = alert_row(conn, alert_id)
        name = _assignee(conn, assignee)
        conn.execute(
            sa.update(alerts).where(alerts.c.id == row.id).values(assignee=name, updated_at=when)
        )
        data = {
            "alert_id": row.id,
            "party": {"id": row.party_id},
            "from": row.assignee,
            "to": name,
        }
        log.record(kinds.ASSIGNMENT, data, actor.text, conn=conn)
        return from_row(alert_row(conn, row.id))


def _assignee(conn: sa.Connection, assignee: str | None) -> str | None:
    if assignee is None or not assignee.strip():
        return None
    name = assignee.strip()
    user = conn.execute(sa.select(users).where(users.c.username == name)).first()
    if user is None or user.disabled_at is not None:
        raise InputError(f"no active user named {name!r} to assign the alert to")
    if not Role(user.role).allows(Role.REVIEWER):
        raise InputError(f"{name} has the {user.role} role and cannot decide on alerts")
    return str(user.username)
