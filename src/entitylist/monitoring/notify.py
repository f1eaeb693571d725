"""A monitoring run with its notifications, and the delivery of what the outbox still holds.

The same steps for every face: refuse a digest or webhook that cannot be written or sent
before the run does its work (`Outputs.check`), run, write the digest, deliver the run's
webhook notification from the outbox (`run_and_notify`); deliver every pending
notification (`deliver_outbox`). Whether a delivery failed is a separate question
(`check_delivered`, `check_sent`), asked after the face has shown what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entitylist.monitoring.digest import digest_format, write_digest
from entitylist.monitoring.outbox import Sent, deliver_pending, outbox_rows
from entitylist.monitoring.report import MonitorReport
from entitylist.monitoring.runner import Progress, run_monitor
from entitylist.monitoring.webhook import DeliveryFailed, check_target
from entitylist.screening.parallel import Engine
from entitylist.settings import Settings
from entitylist.store import Store


@dataclass(frozen=True)
class Outputs:
    """Where a run's report goes besides its caller: a digest file (.md or .html) and a
    webhook with the secret its notifications are signed with."""

    digest: Path | None = None
    webhook: str | None = None
    secret: str | None = None

    def check(self) -> None:
        """Refuse a bad digest extension or webhook before the run's work, not after it."""
        if self.digest is not None:
            digest_format(self.digest)
        if self.webhook:
            check_target(self.webhook, self.secret)


def run_and_notify(
    store: Store,
    settings: Settings,
    outputs: Outputs,
    *,
    actor: str | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> MonitorReport:
    """Run monitoring, write the digest and deliver the run's notification from the outbox
    (in `report.delivery`); one not delivered now stays there for `deliver_outbox`."""
    outputs.check()
    webhook, secret = outputs.webhook, outputs.secret
    report = run_monitor(
        store,
        settings,
        workers=workers,
        actor=actor,
        progress=progress,
        webhooks=[webhook] if webhook else (),
        engine=engine,
    )
    if outputs.digest is not None:
        write_digest(report, outputs.digest)
    if webhook and secret:
        sent = deliver_pending(store, secret, actor=actor, run_id=report.run.id)
        report.delivery = sent[0].to_dict() if sent else None
    return report


def check_delivered(report: MonitorReport) -> None:
    """Raise `DeliveryFailed` if the run's notification was sent and not delivered."""
    d = report.delivery
    if d and not d["delivered"]:
        raise DeliveryFailed(
            f"webhook not delivered after {d['attempts']} attempts ({d['error']}); the run "
            f"is recorded and the notification kept in the outbox ({d['outbox_status']})"
        )


@dataclass(frozen=True)
class OutboxDelivery:
    """One delivery call over the outbox: what was sent, and how many rows still wait."""

    sent: list[Sent]
    pending: int

    @property
    def failed(self) -> list[Sent]:
        return [s for s in self.sent if not s.delivery.delivered]

    def to_dict(self) -> dict[str, Any]:
        return {"sent": [s.to_dict() for s in self.sent], "pending": self.pending}


def deliver_outbox(
    store: Store, secret: str, *, actor: str | None = None, **post_options: Any
) -> OutboxDelivery:
    """Deliver every pending notification that is due (at least once: each carries a
    stable event id for the receiver to drop repeats), each call audited."""
    sent = deliver_pending(store, secret, actor=actor, **post_options)
    return OutboxDelivery(sent, len(outbox_rows(store, status="pending")))


def check_sent(result: OutboxDelivery) -> None:
    """Raise `DeliveryFailed` if any notification of this delivery call was not delivered."""
    if result.failed:
        raise DeliveryFailed(
            f"{len(result.failed)} of {len(result.sent)} notifications not delivered"
        )
