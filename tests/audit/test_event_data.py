"""What other modules record: list updates (created, unchanged, refused) through the
`update_source` hook, and API key events."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from entitylist.audit import AuditLog
from entitylist.audit.event_data import record_key
from entitylist.errors import UpdateRefused
from entitylist.settings import Settings
from entitylist.store import Store
from entitylist.updates.lists import update_source


def test_updates_are_recorded(store: Store, shared_data: Path, tmp_path: Path) -> None:
    settings = Settings(db_url=str(store.engine.url), data_dir=tmp_path)
    log = AuditLog(store)
    dpl = shared_data / "bis_dpl" / "dpl_2019-06-29.txt"
    update_source(store, settings, "dpl", str(dpl), audit=log, actor="ops")
    update_source(store, settings, "dpl", str(dpl), audit=log, actor="ops")
    empty = tmp_path / "dpl.txt"
    empty.write_text("")
    with pytest.raises(UpdateRefused):
        update_source(store, settings, "dpl", str(empty), audit=log, actor="ops")
    events = log.events(kind="list.update")
    assert [e.data["outcome"] for e in events] == ["created", "unchanged", "refused"]
    first = events[0].data
    assert first["snapshot"] == store.current()["dpl"].id and len(first["sha256"]) == 64
    assert first["counts"] == {"DPL": first["entries"]}
    assert "the current list stays" in events[2].data["reason"]
    assert all(e.actor == "ops" for e in events) and log.verify().ok


def test_key_events(store: Store) -> None:
    log = AuditLog(store)
    record_key(
        log, "created", key_id=7, name="erp-sync", role="viewer", prefix="el_ab12", actor="admin"
    )
    record_key(log, "revoked", key_id=7, name="erp-sync", actor="admin")
    assert [e.kind for e in log.events()] == ["key.created", "key.revoked"]
    with pytest.raises(ValueError, match="created"):
        record_key(log, "rotated", key_id=7, name="x")


def test_an_update_and_its_audit_event_commit_together(
    store: Store, shared_data: Path, tmp_path: Path
) -> None:
    """The audit write fails (its clock breaks): the snapshot it would record is rolled back
    with it, so no list is ever in force unaudited."""
    settings = Settings(db_url=str(store.engine.url), data_dir=tmp_path)

    def broken_clock() -> datetime:
        raise RuntimeError("audit storage unavailable")

    log = AuditLog(store, clock=broken_clock)
    dpl = shared_data / "bis_dpl" / "dpl_2019-06-29.txt"
    with pytest.raises(RuntimeError, match="audit storage unavailable"):
        update_source(store, settings, "dpl", str(dpl), audit=log, actor="ops")
    assert store.current() == {} and store.snapshots() == []
    assert AuditLog(store).events() == []


def test_an_update_failing_unexpectedly_is_recorded_and_audited(
    store: Store, shared_data: Path, tmp_path: Path
) -> None:
    settings = Settings(db_url=str(store.engine.url), data_dir=tmp_path)
    log = AuditLog(store)

    def failing_progress(done: int, total: int) -> None:
        raise ValueError(f"progress display broke at {done} of {total}")

    dpl = shared_data / "bis_dpl" / "dpl_2019-06-29.txt"
    with pytest.raises(ValueError, match="progress display broke"):
        update_source(
            store, settings, "dpl", str(dpl), progress=failing_progress, audit=log, actor="ops"
        )
    assert store.snapshots() == []
    (attempt,) = store.attempts("dpl")
    assert attempt["outcome"] == "failed"
    assert "ValueError: progress display broke" in attempt["reason"]
    (event,) = log.events(kind="list.update")
    assert event.data["outcome"] == "failed" and event.data["error"] == "update_failed"
    assert event.data["reason"] == attempt["reason"] and event.actor == "ops"
    assert log.verify().ok


def test_refusals_are_recorded_and_audited_in_one_transaction(store: Store, tmp_path: Path) -> None:
    settings = Settings(db_url=str(store.engine.url), data_dir=tmp_path)

    def broken_clock() -> datetime:
        raise RuntimeError("audit storage unavailable")

    empty = tmp_path / "dpl.txt"
    empty.write_text("")
    with pytest.raises(RuntimeError):
        update_source(store, settings, "dpl", str(empty), audit=AuditLog(store, clock=broken_clock))
    assert [a["outcome"] for a in store.attempts()] == [], "no attempt kept without its event"
