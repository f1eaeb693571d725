"""External anchors: someone with database write access can rewrite the chain so that it
verifies on its own; against an anchor kept outside the database it no longer does. And a
log whose head row was deleted is reported, not a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from entitylist.audit import AuditLog
from entitylist.audit.anchor import read_anchor, write_anchor
from entitylist.audit.chain import event_hash
from entitylist.cli import app
from entitylist.errors import InputError
from entitylist.store import Store
from receiver import receiver


def filled(store: Store, n: int = 6) -> AuditLog:
    log = AuditLog(store)
    for i in range(n):
        log.record("test.event", {"i": i, "name": f"Inspur Taiwan {i}"}, actor="alice")
    return log


def rehash_from(store: Store, seq: int) -> None:
    """Recompute every hash from `seq` on and move the head: a consistent forgery."""
    events = [e for e in AuditLog(store).events() if e.seq >= seq - 1]
    prev = events[0].hash if events and events[0].seq == seq - 1 else None
    with store.engine.begin() as conn:
        for event in (e for e in events if e.seq >= seq):
            digest = event_hash(
                event.seq, event.recorded_at, event.kind, event.actor, event.data_text, prev
            )
            conn.execute(
                sa.text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE seq = :s"),
                {"p": prev, "h": digest, "s": event.seq},
            )
            prev = digest
        last = max([e.seq for e in events] + [seq - 1])
        conn.execute(
            sa.text("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1"),
            {"s": last, "h": prev},
        )


def sql(store: Store, *statements: str) -> None:
    with store.engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))


def edit_anchored(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE audit_events SET data = :d WHERE seq = 6"),
            {"d": '{"i":5,"name":"someone else"}'},
        )
    rehash_from(store, 6)


def edit_older(store: Store) -> None:
    sql(store, """UPDATE audit_events SET actor = 'mallory' WHERE seq = 2""")
    rehash_from(store, 2)


def drop_newest(store: Store) -> None:
    sql(store, "DELETE FROM audit_events WHERE seq >= 5")
    rehash_from(store, 5)


def drop_one_in_the_middle(store: Store) -> None:
    sql(
        store,
        "DELETE FROM audit_events WHERE seq = 3",
        "UPDATE audit_events SET seq = seq - 1 WHERE seq > 3",
    )
    rehash_from(store, 3)


def replace_everything(store: Store) -> None:
    sql(store, "DELETE FROM audit_events", "UPDATE audit_head SET seq = 0, hash = NULL")
    log = AuditLog(store)
    for i in range(7):
        log.record("test.event", {"i": i, "name": "a different history"}, actor="alice")


def empty_the_log(store: Store) -> None:
    sql(store, "DELETE FROM audit_events", "UPDATE audit_head SET seq = 0, hash = NULL")


FORGERIES: dict[str, Callable[[Store], None]] = {
    "edit-anchored-event": edit_anchored,
    "edit-older-event": edit_older,
    "drop-newest": drop_newest,
    "drop-one-renumber": drop_one_in_the_middle,
    "replace-everything": replace_everything,
    "empty-the-log": empty_the_log,
}


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_consistent_forgery_verifies_alone_but_not_against_the_anchor(
    store: Store, forge: Callable[[Store], None]
) -> None:
    log = filled(store)
    anchor = log.anchor()
    assert log.verify(anchor).ok
    forge(store)
    assert log.verify().ok, "the forgery is consistent: the chain alone cannot reveal it"
    result = log.verify(anchor)
    assert not result.ok
    assert result.broken is not None and result.broken.seq <= anchor.seq
    assert "anchor" in result.message() and "\n" not in result.message()


def test_a_log_that_grew_still_extends_its_anchor(store: Store, tmp_path: Path) -> None:
    log = filled(store)
    path = tmp_path / "anchor.json"
    write_anchor(log.anchor(), path)
    log.record("test.event", {"i": 99}, actor="bob")
    result = log.verify(read_anchor(path))
    assert result.ok, result.message()
    assert "extends the anchor of event 6" in result.message()


def test_the_anchor_is_posted_to_a_real_receiver(store: Store, tmp_path: Path) -> None:
    filled(store)
    with receiver() as hook:
        done = CliRunner().invoke(
            app, ["--db", str(store.engine.url), "audit", "anchor", "--url", hook.url]
        )
        assert done.exit_code == 0, done.output
        (request,) = hook.requests
    body = json.loads(request.body)
    assert body["seq"] == 6 and body["hash"] == AuditLog(store).head()[1]
    assert body["format"] == "entitylist.audit-anchor/1"


def test_anchor_and_verify_from_the_cli(store: Store, tmp_path: Path) -> None:
    filled(store)
    db = str(store.engine.url)
    path = tmp_path / "head.json"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "audit", "anchor", "-o", str(path)]).exit_code == 0
    ok = runner.invoke(app, ["--db", db, "audit", "verify", "--anchor", str(path)])
    assert ok.exit_code == 0 and "extends the anchor" in " ".join(ok.stdout.split())
    edit_anchored(store)
    assert runner.invoke(app, ["--db", db, "audit", "verify"]).exit_code == 0
    bad = runner.invoke(app, ["--db", db, "audit", "verify", "--anchor", str(path)])
    assert bad.exit_code == 1
    assert "broken at event 6" in " ".join(bad.stderr.split()) and "Traceback" not in bad.output


def test_an_unreadable_anchor_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "anchor.json"
    path.write_text('{"seq": "six"}')
    with pytest.raises(InputError, match=r"anchor\.json: not an audit anchor"):
        read_anchor(path)


def test_verify_with_the_head_row_deleted_reports_it(store: Store) -> None:
    log = filled(store)
    sql(store, "DELETE FROM audit_head")
    result = log.verify()
    assert not result.ok
    assert "head row" in result.message() and "missing" in result.message()
    done = CliRunner().invoke(app, ["--db", str(store.engine.url), "audit", "verify"])
    assert done.exit_code == 1
    assert "head row" in " ".join(done.stderr.split()) and "Traceback" not in done.output
