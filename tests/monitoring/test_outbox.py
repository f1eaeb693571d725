"""Webhook notifications at least once (SQLite and PostgreSQL): written to the outbox with
the run, delivered after it, kept through a crash (kill -9 of a real process) and sent
again with the same event id, which the receiver uses to keep each one once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from entitylist.audit import AuditLog, kinds
from entitylist.monitoring import import_parties, run_monitor
from entitylist.monitoring.digest import snapshot_line, write_digest
from entitylist.monitoring.outbox import MAX_ATTEMPTS, deliver_pending, outbox_rows
from entitylist.monitoring.webhook import (
    EVENT_ID_HEADER,
    verify_signature,
)
from entitylist.updates.lists import update_source
from receiver import receiver
from servers import free_port
from vintages import Env, write_portfolio

SECRET = "outbox-secret"
SRC = Path(__file__).resolve().parents[2] / "src"
PORTFOLIO = [
    {"id": "C1", "name": "ADRIAN MANUEL HERNANDEZ", "country": "US"},
    {"id": "C2", "name": "Ingeborg Abrahamsen", "country": "FR"},
]
# A monitoring run that commits and is then killed -9 before it could POST anything.
RUN_THEN_DIE = """
import os, signal, sys
from pathlib import Path
from entitylist.monitoring import run_monitor
from entitylist.settings import Settings
from entitylist.store import Store
store = Store.open(sys.argv[1])
report = run_monitor(store, Settings(db_url=sys.argv[1], data_dir=Path(sys.argv[2])),
                     webhooks=[sys.argv[3]])
print(report.run.id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def portfolio(env: Env, shared_data: Path, tmp_path: Path) -> None:
    env.load("dpl", shared_data / "bis_dpl" / "dpl_2019-06-29.txt", "2019-06-29")
    import_parties(env.store, write_portfolio(tmp_path / "parties.csv", PORTFOLIO))


def python(env: Env, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args],
        env={
            **os.environ,
            "PYTHONPATH": str(SRC),
            "ENTITYLIST_DATA_DIR": str(env.settings.data_dir),
            "ENTITYLIST_WEBHOOK_SECRET": SECRET,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_run_writes_its_notification_and_delivery_sends_it_once(
    env: Env, shared_data: Path, tmp_path: Path
) -> None:
    portfolio(env, shared_data, tmp_path)
    with receiver() as hook:
        report = run_monitor(env.store, env.settings, webhooks=[hook.url])
        (row,) = outbox_rows(env.store)
        assert row.status == "pending" and row.run_id == report.run.id and hook.requests == []
        (sent,) = deliver_pending(env.store, SECRET, actor="ops")
        assert deliver_pending(env.store, SECRET) == []  # nothing pending: nothing sent again
    assert sent.delivery.delivered and outbox_rows(env.store)[0].status == "delivered"
    (got,) = hook.requests
    body = json.loads(got.body)
    assert body["event"] == {"id": row.event_id, "kind": "monitor.run", "run_id": report.run.id}
    assert got.headers[EVENT_ID_HEADER] == row.event_id == report.outbox[0]
    assert body["run"]["id"] == report.run.id and body["events"][0]["party"]["id"] == "C1"
    assert verify_signature(
        SECRET,
        got.headers["X-Entitylist-Timestamp"],
        got.body,
        got.headers["X-Entitylist-Signature"],
    )
    (event,) = AuditLog(env.store).events(kind=kinds.WEBHOOK)
    assert event.data["event_id"] == row.event_id and event.data["outbox_status"] == "delivered"


def test_failing_deliveries_back_off_and_stop_after_the_bounded_attempts(
    env: Env, shared_data: Path, tmp_path: Path
) -> None:
    portfolio(env, shared_data, tmp_path)
    url = f"http://127.0.0.1:{free_port()}/nobody-listens"
    run_monitor(env.store, env.settings, webhooks=[url])
    clock = [datetime.now(UTC)]
    calls = 0
    while outbox_rows(env.store, status="pending"):
        sent = deliver_pending(env.store, SECRET, now=lambda: clock[0], sleep=lambda _: None)
        calls += len(sent)
        assert not any(s.delivery.delivered for s in sent)
        (row,) = outbox_rows(env.store)
        if row.status == "pending":
            assert row.next_attempt_at > clock[0]  # not due again until the back-off passed
            assert deliver_pending(env.store, SECRET, now=lambda: clock[0]) == []
            clock[0] = row.next_attempt_at + timedelta(seconds=1)
    (row,) = outbox_rows(env.store)
    assert row.status == "failed" and row.attempts == MAX_ATTEMPTS and row.last_status is None
    assert len(AuditLog(env.store).events(kind=kinds.WEBHOOK)) == calls


def test_a_refusing_receiver_fails_the_row_at_once(
    env: Env, shared_data: Path, tmp_path: Path
) -> None:
    portfolio(env, shared_data, tmp_path)
    with receiver([401]) as hook:
        run_monitor(env.store, env.settings, webhooks=[hook.url])
        (sent,) = deliver_pending(env.store, SECRET)
    assert sent.status == "failed" and outbox_rows(env.store)[0].last_status == 401


def test_a_kill_after_the_commit_loses_no_notification_and_repeats_are_dropped(
    env: Env, shared_data: Path, tmp_path: Path
) -> None:
    portfolio(env, shared_data, tmp_path)
    db, data = env.settings.db_url, str(env.settings.data_dir)
    with receiver(hold_first=True) as hook:
        died = python(env, "-c", RUN_THEN_DIE, db, data, hook.url)
        out, err = died.communicate(timeout=300)
        assert died.returncode == -signal.SIGKILL, err
        run_id = int(out.strip())
        (row,) = outbox_rows(env.store)
        assert row.run_id == run_id and row.status == "pending" and hook.requests == []

        # The deliverer is killed -9 after its POST reached the receiver, before it could
        # mark the row delivered: the row stays pending.
        cli = ["-m", "entitylist", "--db", db, "monitor", "deliver"]
        killed = python(env, *cli)
        assert hook.arrived.wait(timeout=600), killed.communicate(timeout=5)
        killed.send_signal(signal.SIGKILL)
        killed.communicate(timeout=30)
        hook.release.set()
        assert outbox_rows(env.store)[0].status == "pending"

        again = python(env, *cli, "--json")
        out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert json.loads(out)["pending"] == 0 and outbox_rows(env.store)[0].status == "delivered"
    assert len(hook.requests) == 2  # delivered twice (at least once) ...
    assert list(hook.delivered) == [row.event_id]  # ... and kept once, by its event id
    assert json.loads(hook.delivered[row.event_id])["event"]["run_id"] == run_id


def test_digests_and_notifications_say_when_the_publication_is_unknown(
    env: Env, shared_data: Path, tmp_path: Path
) -> None:
    update_source(
        env.store, env.settings, "dpl", str(shared_data / "bis_dpl" / "dpl_2022-09-07.txt")
    )
    import_parties(env.store, write_portfolio(tmp_path / "parties.csv", PORTFOLIO))
    with receiver() as hook:
        report = run_monitor(env.store, env.settings, webhooks=[hook.url])
        deliver_pending(env.store, SECRET)
    unknown = "publication date unknown (retrieved "
    assert f"dpl #{report.run.snapshots['dpl']['id']} ({unknown}" in snapshot_line(report)
    sent = json.loads(hook.requests[0].body)["run"]["snapshots"]["dpl"]
    assert sent["published_at"] is None and sent["publication"].startswith(unknown)
    write_digest(report, tmp_path / "digest.md")
    assert unknown in (tmp_path / "digest.md").read_text()
