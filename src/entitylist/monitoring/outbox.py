"""Webhook notifications delivered at least once, from a stored outbox.

A monitoring run's commit writes one `webhook_outbox` row per webhook URL in the same
transaction as the run (`enqueue`), so a crash after the commit loses no notification. The
deliverer (`deliver_pending`) sends the rows still pending: each call makes a few quick
attempts (see `webhook.post`), and a row that still fails is tried again by a later call
after a growing delay, up to `MAX_ATTEMPTS` attempts in all; then it is `failed`. A
receiver's refusal (a 4xx other than 408, 425, 429) fails the row at once.

The body of a row never changes: it carries `event.id` (stable across every attempt, also
sent as `X-Entitylist-Event-Id`) and `event.run_id`, so a receiver that gets a notification
twice (a deliverer killed after the POST and before it marked the row) drops the repeat.
Every delivery call on a row is audited once (kind `monitor.webhook`). The signing secret
is never stored: whoever delivers gives it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from entitylist.audit import AuditLog, kinds
from entitylist.monitoring.schema import webhook_outbox
from entitylist.monitoring.webhook import RETRY_STATUSES, Delivery, check_target, post, redact
from entitylist.store import Store
from entitylist.store.rows import typed

EVENT_KIND = "monitor.run"
MAX_ATTEMPTS = 12
ATTEMPTS_PER_CALL = 3
RETRY_DELAY = timedelta(minutes=1)  # doubled after each failed call, at most MAX_DELAY
MAX_DELAY = timedelta(hours=6)


@dataclass(frozen=True)
class OutboxRow:
    id: int
    event_id: str
    run_id: int
    url: str
    status: str
    attempts: int
    last_status: int | None
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime
    delivered_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "run_id": self.run_id,
            "url": redact(self.url),
            "status": self.status,
            "attempts": self.attempts,
            "last_status": self.last_status,
            "last_error": self.last_error,
            "created_at": self.created_at.isoformat(),
            "next_attempt_at": self.next_attempt_at.isoformat(),
            "delivered_at": self.delivered_at.isoformat() if self.delivered_at else None,
        }


def enqueue(
    conn: sa.Connection,
    run_id: int,
    urls: Sequence[str],
    payload: Mapping[str, Any],
    now: datetime,
) -> list[str]:
    """One pending row per URL, written on the run's own connection (its transaction)."""
    ids = []
    for url in urls:
        event_id = uuid.uuid4().hex
        body = {**payload, "event": {"id": event_id, "kind": EVENT_KIND, "run_id": run_id}}
        conn.execute(
            webhook_outbox.insert().values(
                event_id=event_id,
                run_id=run_id,
                url=url,
                payload=json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str),
                status="pending",
                attempts=0,
                created_at=now,
                next_attempt_at=now,
            )
        )
        ids.append(event_id)
    return ids


def outbox_rows(
    store: Store, *, status: str | None = None, run_id: int | None = None
) -> list[OutboxRow]:
    query = sa.select(*[c for c in webhook_outbox.c if c.name != "payload"])
    if status is not None:
        query = query.where(webhook_outbox.c.status == status)
    if run_id is not None:
        query = query.where(webhook_outbox.c.run_id == run_id)
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(webhook_outbox.c.id)).all()
    return [typed(OutboxRow, r) for r in rows]


@dataclass(frozen=True)
class Sent:
    """One delivery call on one outbox row, and the row's status after it."""

    row: OutboxRow
    delivery: Delivery
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.delivery.to_dict(),
            "event_id": self.row.event_id,
            "run": self.row.run_id,
            "outbox_status": self.status,
        }


def deliver_pending(
    store: Store,
    secret: str,
    *,
    actor: str | None = None,
    run_id: int | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    **post_options: Any,
) -> list[Sent]:
    """Send every pending row that is due (only those of `run_id`, if given), record each
    call in the audit log, and keep each row's status."""
    log = AuditLog(store)
    sent = []
    for row in outbox_rows(store, status="pending", run_id=run_id):
        if row.next_attempt_at > now():
            continue
        check_target(row.url, secret)
        with store.engine.connect() as conn:
            body = conn.execute(
                sa.select(webhook_outbox.c.payload).where(webhook_outbox.c.id == row.id)
            ).scalar_one()
        options = {"attempts": min(ATTEMPTS_PER_CALL, MAX_ATTEMPTS - row.attempts)}
        delivery = post(
            row.url,
            body.encode("utf-8"),
            secret,
            event=EVENT_KIND,
            event_id=row.event_id,
            **{**options, **post_options},
        )
        result = Sent(row, delivery, _settle(store, row, delivery, now()))
        log.record(kinds.WEBHOOK, result.to_dict(), actor)
        sent.append(result)
    return sent


def _settle(store: Store, row: OutboxRow, delivery: Delivery, now: datetime) -> str:
    attempts = row.attempts + delivery.attempts
    refused = delivery.status is not None and delivery.status not in RETRY_STATUSES
    if delivery.delivered:
        status = "delivered"
    elif refused or attempts >= MAX_ATTEMPTS:
        status = "failed"
    else:
        status = "pending"
    calls = max(1, attempts // ATTEMPTS_PER_CALL)
    delay = min(RETRY_DELAY * 2 ** (calls - 1), MAX_DELAY)
    with store.engine.begin() as conn:
        conn.execute(
            webhook_outbox.update()
            .where(webhook_outbox.c.id == row.id)
            .values(
                status=status,
                attempts=attempts,
                last_status=delivery.status,
                last_error=delivery.error,
                next_attempt_at=now + delay if status == "pending" else now,
                delivered_at=now if delivery.delivered else None,
            )
        )
    return status
