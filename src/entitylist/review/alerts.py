"""The alert queue and one alert, read from the alert table (never regrouped per request).

`list_alerts` filters by status, list, country, run, assignee and party and sorts in SQL, so
a page of a large queue costs one indexed query and one count. `get_alert` is one alert as
the queue shows it; `alert_detail` adds what its page needs: the party's versions, each
row's entry (with what the listing means), the decisions, approvals and comments on it,
and the party's other alerts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from entitylist.dates import utc
from entitylist.errors import InputError, NotFound
from entitylist.monitoring.schema import monitored_parties
from entitylist.review.schema import alert_origins, alerts
from entitylist.store import Store
from entitylist.store.rows import typed

STATUSES = ("open", "pending_approval", "closed", "all")
ORIGINS = {"run": "monitoring", "monitoring": "monitoring", "job": "job", "screening": "screening"}
SORTS = ("score", "age", "updated", "party")
_KIND_LABELS = {"monitoring": "run"}


def origin_label(origin: str, ref: str | None) -> str:
    """How the queue names an origin: `run:12`, `job:3f2a...`, `screening:9c1d...`."""
    kind = _KIND_LABELS.get(origin, origin)
    return f"{kind}:{ref}" if ref else kind


@dataclass(frozen=True)
class Alert:
    id: int
    party_ref: int
    party_id: str
    party_name: str
    country: str | None
    group_key: str
    origin: str
    status: str
    escalated: bool
    resolution: str | None
    list_code: str
    source: str
    entry_key: str
    entry_name: str
    matched_name: str
    score: float
    alert_level: bool
    severity: int
    rows: list[dict[str, Any]]
    explanation: str
    run_id: int | None
    assignee: str | None
    created_at: datetime
    opened_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    origin_ref: str | None = None
    """The run, batch job or saved screening (`origin` says which) behind the alert."""

    @property
    def origin_label(self) -> str:
        """How the queue names the origin: `run:12`, `job:3f2a...`, `screening:9c1d...`."""
        return origin_label(self.origin, self.origin_ref)

    def to_dict(self) -> dict[str, Any]:
        best = self.rows[0] if self.rows else {}
        return {
            "id": self.id,
            "party": {"id": self.party_id, "name": self.party_name, "country": self.country},
            "status": self.status,
            "escalated": self.escalated,
            "resolution": self.resolution,
            "alert": self.alert_level,
            "score": round(self.score, 4),
            "matched_name": self.matched_name,
            "list": self.list_code,
            "severity": self.severity,
            "entry": {
                "entry_id": best.get("entry_id"),
                "source": self.source,
                "key": self.entry_key,
                "list": self.list_code,
                "name": self.entry_name,
                "source_id": best.get("source_id"),
            },
            "rows": self.rows,
            "grouping": self.explanation,
            "origin": self.origin,
            "origin_id": self.origin_ref,
            "origin_label": self.origin_label,
            "run_id": self.run_id,
            "assignee": self.assignee,
            "created_at": self.created_at.isoformat(),
            "opened_at": self.opened_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
        }


@dataclass(frozen=True)
class AlertPage:
    total: int
    offset: int
    limit: int
    alerts: list[Alert]

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "offset": self.offset,
            "limit": self.limit,
            "alerts": [a.to_dict() for a in self.alerts],
        }


def from_row(row: Any) -> Alert:
    return typed(Alert, row)


def _select() -> sa.Select[Any]:
    return sa.select(alerts, monitored_parties.c.party_id).join(
        monitored_parties, monitored_parties.c.id == alerts.c.party_ref
    )


def _order(sort: str) -> list[Any]:
    c = alerts.c
    status_first = sa.case((c.status == "open", 0), (c.status == "pending_approval", 1), else_=2)
    queue = [c.escalated.desc(), c.alert_level.desc(), c.severity.desc(), c.score.desc()]
    if sort == "age":
        return [status_first, c.opened_at, c.id]
    if sort == "updated":
        return [c.updated_at.desc(), c.id.desc()]
    if sort == "party":
        return [c.party_name, status_first, *queue, c.id]
    return [status_first, *queue, c.id]


def list_alerts(
    store: Store,
    *,
    status: str = "open",
    list_code: str | None = None,
    country: str | None = None,
    run_id: int | None = None,
    assignee: str | None = None,
    party_id: str | None = None,
    origin: str | None = None,
    sort: str = "score",
    limit: int = 50,
    offset: int = 0,
) -> AlertPage:
    """A page of the queue. `status` all lists every status, open first; `sort` score:
    escalated first, then alert level, list severity and score; age: oldest opened first;
    updated: newest change first; party: by party name. `assignee` `-` means unassigned.
    `origin`: a kind (`run`, `job`, `screening`) or one of them (`run:12`, `job:ID`)."""
    if status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if limit < 1 or offset < 0:
        raise InputError("limit must be at least 1 and offset at least 0")
    where: list[Any] = []
    if status != "all":
        where.append(alerts.c.status == status)
    if list_code:
        where.append(alerts.c.list_code == list_code.strip().upper())
    if country:
        where.append(alerts.c.country == country.strip().upper())
    if run_id is not None:
        where.append(alerts.c.run_id == run_id)
    if assignee == "-":
        where.append(alerts.c.assignee.is_(None))
    elif assignee:
        where.append(alerts.c.assignee == assignee)
    if party_id is not None:
        where.append(monitored_parties.c.party_id == party_id)
    if origin:
        where.extend(origin_filter(origin))
    query = _select().where(*where)
    counted = sa.select(sa.func.count()).select_from(
        alerts.join(monitored_parties, monitored_parties.c.id == alerts.c.party_ref)
    )
    with store.engine.connect() as conn:
        total = int(conn.execute(counted.where(*where)).scalar_one())
        rows = conn.execute(query.order_by(*_order(sort)).limit(limit).offset(offset))
        found = [from_row(r) for r in rows]
    return AlertPage(total, offset, limit, found)


def origin_filter(text: str) -> list[Any]:
    """`run`, `job`, `screening`, or one of them by id (`run:12`, `job:ID`): the alerts it
    surfaced (opened, changed, found again or closed), not only those it opened."""
    kind, _, ref = text.strip().partition(":")
    if kind.lower() not in ORIGINS:
        raise InputError(
            f"origin must be run, job or screening, optionally with an id (run:12), not {text!r}"
        )
    origin = ORIGINS[kind.lower()]
    seen = [alert_origins.c.alert_id == alerts.c.id, alert_origins.c.origin == origin]
    if ref.strip():
        return [sa.exists().where(*seen, alert_origins.c.origin_ref == ref.strip())]
    # An alert whose origin has no id (monitoring outside a run) is still of its kind.
    return [sa.or_(alerts.c.origin == origin, sa.exists().where(*seen))]


def sightings(conn: sa.Connection, alert_id: int) -> list[dict[str, Any]]:
    """Every run, job and saved screening that surfaced the alert, first seen first."""
    rows = conn.execute(
        sa.select(alert_origins)
        .where(alert_origins.c.alert_id == alert_id)
        .order_by(alert_origins.c.first_at, alert_origins.c.id)
    )
    return [
        {
            "origin": r.origin,
            "origin_id": r.origin_ref,
            "origin_label": origin_label(r.origin, r.origin_ref),
            "first_at": utc(r.first_at).isoformat(),
            "last_at": utc(r.last_at).isoformat(),
        }
        for r in rows
    ]


def alert_row(conn: sa.Connection, alert_id: int) -> Any:
    row = conn.execute(_select().where(alerts.c.id == alert_id)).first()
    if row is None:
        raise NotFound(f"no alert with id {alert_id}")
    return row


def get_alert(store: Store, alert_id: int) -> Alert:
    with store.engine.connect() as conn:
        return from_row(alert_row(conn, alert_id))


def party_alerts(store: Store, party_ref: int) -> list[Alert]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            _select().where(alerts.c.party_ref == party_ref).order_by(*_order("score"))
        )
        return [from_row(r) for r in rows]
