"""The audit log as people read it: events filtered by time, user, action and party, each
in readable columns (time, user, action, party, entry, result, reason) instead of one
JSON cell. The audit page and its export read through here; `audit export` keeps the
verifiable form (every hash) for re-verification.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from entitylist.audit import kinds
from entitylist.audit.chain import AuditEvent
from entitylist.audit.rows import recorded_within, stored_event
from entitylist.audit.schema import audit_events
from entitylist.store import Store

ACTIONS: dict[str, str] = {
    kinds.LOGIN: "log in",
    kinds.LOGOUT: "log out",
    kinds.SCREENING: "screening",
    kinds.SCREENING_BATCH: "batch screening",
    kinds.DECISION: "decision",
    kinds.EXPORT: "export",
    kinds.AUDIT_EXPORT: "audit export",
    kinds.MONITOR_RUN: "monitoring run",
    kinds.PARTIES_IMPORT: "parties import",
    kinds.LIST_UPDATE: "list update",
    kinds.USER_CREATED: "user created",
    kinds.USER_DISABLED: "user disabled",
    kinds.DETERMINATION: "shipment check",
    kinds.KEY_CREATED: "API key created",
    kinds.KEY_REVOKED: "API key revoked",
    kinds.APPROVAL: "approval",
    kinds.COMMENT: "comment",
    kinds.ASSIGNMENT: "assignment",
    kinds.WEBHOOK: "webhook delivery",
    kinds.DETERMINATION_BATCH: "shipment file check",
    kinds.LOOKBACK: "lookback",
    kinds.OWNERSHIP_IMPORT: "ownership import",
    kinds.RULES_UPDATE: "rules update",
    kinds.LIST_EXPORT: "list export",
    kinds.FR_SYNC: "Federal Register sync",
    kinds.AUDIT_PRUNE: "audit prune",
}
COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", "Event"),
    ("time", "Time (UTC)"),
    ("user", "User"),
    ("action", "Action"),
    ("party", "Party"),
    ("entry", "Entry"),
    ("result", "Result"),
    ("reason", "Reason"),
)


@dataclass(frozen=True)
class EventFilter:
    """What the audit page asks for; every field optional. `party` and `user` match text
    anywhere in the event's data and its actor, ignoring case."""

    start: datetime | None = None
    end: datetime | None = None
    user: str | None = None
    action: str | None = None
    party: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "user": self.user,
            "action": self.action,
            "party": self.party,
        }


@dataclass(frozen=True)
class ReadableEvent:
    seq: int
    time: datetime
    kind: str
    user: str
    action: str
    party: str
    entry: str
    result: str
    reason: str

    def row(self) -> dict[str, Any]:
        """The cells under `COLUMNS` (not the kind: the action names it), the time to the
        second."""
        cells = {**asdict(self), "time": self.time.strftime("%Y-%m-%d %H:%M:%S")}
        return {key: cells[key] for key, _ in COLUMNS}


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.casefold()}%"


def _query(chosen: EventFilter) -> sa.Select[Any]:
    query = recorded_within(
        sa.select(audit_events), start=chosen.start, end=chosen.end, kind=chosen.action or None
    )
    if chosen.user:
        actor = sa.func.lower(sa.func.coalesce(audit_events.c.actor, ""))
        query = query.where(actor.like(_like(chosen.user), escape="\\"))
    if chosen.party:
        query = query.where(
            sa.func.lower(audit_events.c.data).like(_like(chosen.party), escape="\\")
        )
    return query


def search_events(
    store: Store, chosen: EventFilter, *, limit: int = 50, offset: int = 0
) -> tuple[int, list[ReadableEvent]]:
    """One page of the matching events, newest first, and how many match in all."""
    query = _query(chosen)
    with store.engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
        rows = conn.execute(
            query.order_by(audit_events.c.seq.desc()).limit(limit).offset(offset)
        ).all()
    return total, [readable(stored_event(row)) for row in rows]


def iter_readable(store: Store, chosen: EventFilter) -> Iterator[ReadableEvent]:
    """Every matching event, oldest first, streamed (for exports of any size)."""
    with store.engine.connect() as conn:
        query = _query(chosen).order_by(audit_events.c.seq)
        for row in conn.execution_options(yield_per=2000).execute(query):
            yield readable(stored_event(row))


def action_names() -> dict[str, str]:
    return dict(sorted(ACTIONS.items(), key=lambda item: item[1]))


def readable(event: AuditEvent) -> ReadableEvent:
    data = event.data if isinstance(event.data, dict) else {}
    return ReadableEvent(
        seq=event.seq,
        time=event.recorded_at,
        kind=event.kind,
        user=event.actor or str(data.get("username") or ""),
        action=ACTIONS.get(event.kind, event.kind),
        party=_party(event.kind, data),
        entry=_entry(data),
        result=_result(event.kind, data),
        reason=str(data.get("reason") or data.get("body") or ""),
    )


def _first(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    items = data.get(key)
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return items[0]
    return {}


def _party(kind: str, data: Mapping[str, Any]) -> str:
    if kind == kinds.SCREENING:
        parties = [r.get("party", {}).get("name", "") for r in data.get("results", [])]
        more = f" and {len(parties) - 1} more" if len(parties) > 1 else ""
        return f"{parties[0]}{more}" if parties else ""
    if kind in (kinds.LOGIN, kinds.USER_CREATED, kinds.USER_DISABLED):
        return ""
    party = data.get("party")
    if isinstance(party, dict):
        return str(party.get("id") or party.get("name") or "")
    return str(data.get("party_id") or _first(data, "decisions").get("party_id") or "")


def _entry(data: Mapping[str, Any]) -> str:
    entry = data.get("entry")
    if isinstance(entry, dict):
        return str(entry.get("key") or entry.get("name") or "")
    found = data.get("entry_key") or _first(data, "decisions").get("entry_key")
    if found:
        return str(found)
    hits = _first(data, "results").get("hits")
    if isinstance(hits, list) and hits and isinstance(hits[0], dict):
        return str(hits[0].get("key") or "")
    return ""


def _result(kind: str, data: Mapping[str, Any]) -> str:
    if kind == kinds.SCREENING:
        results = data.get("results", [])
        if any(r.get("alert") for r in results):
            return "alert"
        return "review" if any(r.get("hits") for r in results) else "clear"
    for key in ("verdict", "outcome", "status"):
        if data.get(key):
            return str(data[key]).replace("_", " ")
    first = _first(data, "decisions") or _first(data, "approvals")
    for key in ("verdict", "outcome"):
        if first.get(key):
            return str(first[key]).replace("_", " ")
    if kind in (kinds.EXPORT, kinds.AUDIT_EXPORT):
        what = data.get("what") or "log"
        return f"{what} as {data.get('format', '')}, {data.get('rows', data.get('count', 0))} rows"
    if kind == kinds.SCREENING_BATCH:
        report = data.get("report", {})
        return (
            f"{report.get('screened', 0)} screened, {report.get('parties_with_alerts', 0)} alerts"
        )
    if kind == kinds.MONITOR_RUN:
        counts = data.get("counts") or {}
        return ", ".join(f"{v} {k}" for k, v in counts.items() if v)
    if kind == kinds.USER_CREATED:
        return f"{data.get('username', '')} ({data.get('role', '')})"
    return str(data.get("username") or "")
