"""Monitoring events for Federal Register rules about the lists that no list in force
reflects yet (`fr pending`): the CSL lags the Federal Register by days, so a run reports
such a rule, once, in the run that first sees it (on public inspection, or published and
cited by no entry in force); later runs do not report it again.

The rows are written in the run's transaction, so the report, the digest, the webhook body
and `GET /v1/monitor/runs/{id}/events` say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from entitylist.federal_register.pending import PendingRule
from entitylist.monitoring.run_tables import details_of_run
from entitylist.monitoring.schema import monitor_rule_events


def unreported(conn: sa.Connection, pending: Sequence[PendingRule]) -> list[PendingRule]:
    """The pending rules no earlier run reported."""
    numbers = [p.document.document_number for p in pending]
    if not numbers:
        return []
    seen = set(
        conn.execute(
            sa.select(monitor_rule_events.c.document_number).where(
                monitor_rule_events.c.document_number.in_(numbers)
            )
        ).scalars()
    )
    return [p for p in pending if p.document.document_number not in seen]


def record(
    conn: sa.Connection, run_id: int, pending: Sequence[PendingRule]
) -> list[dict[str, Any]]:
    """Write one event per rule for this run; returns the events as plain data."""
    events = [rule_event(p) for p in pending]
    if events:
        conn.execute(
            sa.insert(monitor_rule_events),
            [
                {"run_id": run_id, "document_number": e["document_number"], "details": e}
                for e in events
            ],
        )
    return events


def rule_event(pending: PendingRule) -> dict[str, Any]:
    d = pending.document
    return {
        "kind": "rule_pending",
        "document_number": d.document_number,
        "citation": d.citation,
        "title": d.title,
        "public_inspection": d.public_inspection,
        "filed_at": d.filed_at,
        "publication_date": d.publication_date.isoformat() if d.publication_date else None,
        "effective_on": d.effective_on.isoformat() if d.effective_on else None,
        "link": d.link,
        "reason": pending.reason,
        "words": f"{d.describe()}: not yet in the list in force ({pending.reason})",
    }


def of_run(conn: sa.Connection, run_id: int) -> list[dict[str, Any]]:
    return details_of_run(conn, monitor_rule_events, run_id)
