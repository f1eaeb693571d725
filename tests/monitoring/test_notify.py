"""A monitoring run with its digest and webhook, and the outbox's later delivery, as every
face gets them from the library (a real receiver on 127.0.0.1, the real DPL of 2019)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from entitylist.audit import AuditLog, kinds
from entitylist.errors import InputError
from entitylist.monitoring import import_parties, run_monitor
from entitylist.monitoring.notify import (
    Outputs,
    check_delivered,
    check_sent,
    deliver_outbox,
    run_and_notify,
)
from entitylist.monitoring.outbox import outbox_rows
from entitylist.monitoring.views import runs
from entitylist.monitoring.webhook import DeliveryFailed
from receiver import receiver
from servers import free_port
from vintages import Env, write_portfolio

SECRET = "notify-secret"
PORTFOLIO = [{"id": "C1", "name": "ADRIAN MANUEL HERNANDEZ", "country": "US"}]


@pytest.fixture
def portfolio(sqlite_env: Env, shared_data: Path, tmp_path: Path) -> Env:
    sqlite_env.load("dpl", shared_data / "bis_dpl" / "dpl_2019-06-29.txt", "2019-06-29")
    import_parties(sqlite_env.store, write_portfolio(tmp_path / "parties.csv", PORTFOLIO))
    return sqlite_env


def test_a_run_writes_its_digest_and_delivers_its_notification(
    portfolio: Env, tmp_path: Path
) -> None:
    digest = tmp_path / "digest.md"
    with receiver([503]) as hook:
        report = run_and_notify(
            portfolio.store,
            portfolio.settings,
            Outputs(digest=digest, webhook=hook.url, secret=SECRET),
            actor="ops",
        )
    assert report.delivery is not None
    assert report.delivery["delivered"] and report.delivery["attempts"] == 2
    assert report.delivery["outbox_status"] == "delivered"
    assert json.loads(hook.requests[-1].body)["run"]["id"] == report.run.id
    assert "ADRIAN MANUEL HERNANDEZ" in digest.read_text()
    (event,) = AuditLog(portfolio.store).events(kind=kinds.WEBHOOK)
    assert event.actor == "ops"
    check_delivered(report)  # delivered: nothing to raise


def test_a_run_without_a_webhook_delivers_nothing(portfolio: Env) -> None:
    report = run_and_notify(portfolio.store, portfolio.settings, Outputs())
    assert report.delivery is None and report.outbox == [] and outbox_rows(portfolio.store) == []
    check_delivered(report)


@pytest.mark.parametrize(
    ("digest", "webhook", "secret", "says"),
    [
        ("digest.pdf", None, None, ".pdf"),
        (None, "ftp://example.org/hook", SECRET, "must be http"),
        (None, "http://127.0.0.1:9/hook", None, "signing secret"),
    ],
)
def test_outputs_that_cannot_be_written_or_sent_are_refused_before_the_run(
    portfolio: Env,
    tmp_path: Path,
    digest: str | None,
    webhook: str | None,
    secret: str | None,
    says: str,
) -> None:
    outputs = Outputs(tmp_path / digest if digest else None, webhook, secret)
    with pytest.raises(InputError, match=says):
        outputs.check()
    with pytest.raises(InputError, match=says):
        run_and_notify(portfolio.store, portfolio.settings, outputs)
    assert runs(portfolio.store) == []  # refused before any screening was recorded


def test_a_refused_notification_fails_the_run_after_it_is_recorded(portfolio: Env) -> None:
    with receiver([401]) as hook:
        report = run_and_notify(
            portfolio.store, portfolio.settings, Outputs(webhook=hook.url, secret=SECRET)
        )
    assert [r.id for r in runs(portfolio.store)] == [report.run.id]
    with pytest.raises(DeliveryFailed, match=r"after 1 attempts \(HTTP 401\).*\(failed\)"):
        check_delivered(report)


def test_the_outbox_delivers_later_what_a_run_could_not(portfolio: Env) -> None:
    with receiver([503, 503, 503]) as hook:  # the run's call makes three quick attempts
        report = run_and_notify(
            portfolio.store, portfolio.settings, Outputs(webhook=hook.url, secret=SECRET)
        )
        assert report.delivery is not None and report.delivery["outbox_status"] == "pending"
        with pytest.raises(DeliveryFailed, match=r"kept in the outbox \(pending\)"):
            check_delivered(report)
        assert deliver_outbox(portfolio.store, SECRET).sent == []  # not due before back-off
        later = datetime.now(UTC) + timedelta(hours=1)
        done = deliver_outbox(portfolio.store, SECRET, now=lambda: later)
    assert [s.row.run_id for s in done.sent] == [report.run.id]
    assert done.failed == [] and done.pending == 0
    check_sent(done)  # all delivered: nothing to raise
    assert len(hook.requests) == 4


def test_a_delivery_call_that_fails_says_how_many_and_what_still_waits(portfolio: Env) -> None:
    url = f"http://127.0.0.1:{free_port()}/nobody-listens"
    run_monitor(portfolio.store, portfolio.settings, webhooks=[url])
    result = deliver_outbox(portfolio.store, SECRET, sleep=lambda _: None)
    assert len(result.failed) == 1 and result.pending == 1
    assert result.to_dict()["pending"] == 1
    assert result.to_dict()["sent"][0]["delivered"] is False
    with pytest.raises(DeliveryFailed, match="1 of 1 notifications not delivered"):
        check_sent(result)
