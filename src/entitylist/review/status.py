"""An alert's status, derived from the decisions on the rows it stands for (pure).

Statuses: `open` (a row has no decision that applies, or a false positive was rejected by
the approver), `pending_approval` (every row is decided and a false positive on it waits
for an approver), `closed` (every row has a decision in force: true match, or a false
positive that needs no approval or was approved). Escalation is a flag, not a status: an
escalated alert stays `open` (it still needs a verdict) with `escalated` set, and the
queue shows it first. A decision applies only to the party and entry versions it was made
on and until it expires (`monitoring.decisions`), so a later run that finds the entry or
the party changed brings the alert back to `open`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from entitylist.monitoring.decisions import Decision, HitKey, Verdict, applicable
from entitylist.review.approvals import Trust

STATUSES = ("open", "pending_approval", "closed")


@dataclass(frozen=True, slots=True)
class RowVersion:
    """What a row of an alert is: the hit key and the versions its result was made on."""

    key: HitKey
    party_hash: str
    entry_hash: str


@dataclass(frozen=True, slots=True)
class Derived:
    status: str
    escalated: bool
    resolution: str | None
    """true_match | false_positive when closed, else None."""


def row_decision(row: RowVersion, trust: Trust, now: datetime) -> Decision | None:
    """The newest trusted decision on the row if it applies to these versions now."""
    return applicable(trust.decisions.get(row.key), row.party_hash, row.entry_hash, now)


def derive(rows: Sequence[RowVersion], trust: Trust, now: datetime) -> Derived:
    states = [_row_state(row_decision(r, trust, now), trust) for r in rows]
    escalated = "escalated" in states
    if not states or "undecided" in states or escalated:
        return Derived("open", escalated, None)
    if "pending" in states:
        return Derived("pending_approval", False, None)
    resolution = "true_match" if "true_match" in states else "false_positive"
    return Derived("closed", False, resolution)


def _row_state(decision: Decision | None, trust: Trust) -> str:
    if decision is None:
        return "undecided"
    if decision.verdict is Verdict.ESCALATED:
        return "escalated"
    if decision.verdict is Verdict.TRUE_MATCH:
        return "true_match"
    if not decision.needs_approval:
        return "false_positive"
    state = trust.approval_state(decision)
    return {"approved": "false_positive", "rejected": "undecided"}.get(state, "pending")
