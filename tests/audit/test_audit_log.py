"""The audit log on SQLite and PostgreSQL: appends chain, and any edit or deletion made with
raw SQL makes `verify` fail and name the event; pruning is refused inside the retention
period and leaves a chain that still verifies."""

from __future__ import annotations

import csv
import itertools
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from entitylist.audit import AuditLog, PruneRefused, verify_chain
from entitylist.audit.chain import AuditEvent
from entitylist.audit.export import read_events, verify_export
from entitylist.store import Store
from formulas import HOSTILE, file_cells, live_formulas


def ticking(start: datetime, step: timedelta = timedelta(days=30)) -> Callable[[], datetime]:
    state = {"now": start}

    def clock() -> datetime:
        state["now"] += step
        return state["now"]

    return clock


def filled(store: Store, n: int = 6, clock: Callable[[], datetime] | None = None) -> AuditLog:
    log = AuditLog(store, clock=clock) if clock else AuditLog(store)
    for i in range(n):
        log.record(
            "test.event",
            {"i": i, "name": f"Inspur Taiwan {i}", "score": 0.5 + i / 10},
            actor="alice",
        )
    return log


def test_events_chain_and_verify(store: Store) -> None:
    log = filled(store)
    events = log.events()
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert events[0].prev_hash is None
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert events[2].data == {"i": 2, "name": "Inspur Taiwan 2", "score": 0.7}
    result = log.verify()
    assert result.ok, result.message()
    assert (result.checked, result.last_seq, result.last_hash) == (6, 6, events[-1].hash)
    assert log.head() == (6, events[-1].hash)


def test_empty_log_verifies(store: Store) -> None:
    result = AuditLog(store).verify()
    assert result.ok and result.checked == 0


def test_edited_data_names_the_event(store: Store) -> None:
    log = filled(store)
    with store.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE audit_events SET data = :d WHERE seq = 3"),
            {"d": '{"i":2,"name":"Someone Else","score":0.7}'},
        )
    result = log.verify()
    assert not result.ok
    assert result.broken is not None and result.broken.seq == 3
    assert "edited" in result.message()


def test_edited_actor_or_time_names_the_event(store: Store) -> None:
    log = filled(store)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 5"))
    assert log.verify().broken is not None
    assert log.verify().broken.seq == 5  # type: ignore[union-attr]


def test_rehashed_edit_is_caught_at_the_next_link(store: Store) -> None:
    log = filled(store)
    forged = log.events()[3]
    new_text = '{"i":99}'
    new_hash = AuditEvent(
        forged.seq, forged.recorded_at, forged.kind, forged.actor, new_text, forged.prev_hash, ""
    ).computed_hash()
    with store.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE audit_events SET data = :d, hash = :h WHERE seq = 4"),
            {"d": new_text, "h": new_hash},
        )
    broken = log.verify().broken
    assert broken is not None and broken.seq == 5
    assert "event 4 or 5" in broken.reason


@pytest.mark.parametrize("seq", [1, 3])
def test_deleted_event_is_named(store: Store, seq: int) -> None:
    log = filled(store)
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_events WHERE seq = :s"), {"s": seq})
    broken = log.verify().broken
    assert broken is not None and broken.seq == seq
    assert "missing (deleted)" in broken.reason


def test_deleted_newest_event_is_named(store: Store) -> None:
    log = filled(store)
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_events WHERE seq = 6"))
    broken = log.verify().broken
    assert broken is not None and broken.seq == 6


def test_concurrent_appends_keep_one_chain(store: Store) -> None:
    log = AuditLog(store)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(10):
                log.record("test.concurrent", {"worker": worker, "i": i})
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    result = log.verify()
    assert result.ok and result.checked == 40


def test_append_joins_the_callers_transaction(store: Store) -> None:
    log = AuditLog(store)
    with pytest.raises(RuntimeError), store.engine.begin() as conn:
        log.record("test.rolled_back", {}, conn=conn)
        raise RuntimeError("roll back")
    log.record("test.kept", {})
    assert [(e.seq, e.kind) for e in log.events()] == [(1, "test.kept")]
    assert log.verify().ok


def test_prune_refuses_records_inside_retention(store: Store) -> None:
    log = filled(store, 3)
    with pytest.raises(PruneRefused, match="5 years"):
        log.prune(datetime.now(UTC) - timedelta(days=365 * 4))
    assert len(log.events()) == 3


def test_prune_keeps_a_verifiable_chain_and_is_audited(store: Store) -> None:
    # 80 events a month apart, starting ~8 years ago.
    start = datetime.now(UTC) - timedelta(days=365 * 8)
    clock = ticking(start)
    filled(store, 80, clock)
    cutoff = start + timedelta(days=30 * 20) + timedelta(days=1)  # after the 20th event
    pruned_log = AuditLog(store, clock=lambda: datetime.now(UTC))
    outcome = pruned_log.prune(cutoff, actor="records-officer")
    assert outcome.deleted == 20 and outcome.first_kept_seq == 21
    kept = pruned_log.events()
    assert kept[0].seq == 21 and kept[-1].kind == "audit.prune"
    assert kept[-1].data["anchor_prev_hash"] == kept[0].prev_hash
    assert kept[-1].actor == "records-officer"
    result = pruned_log.verify()
    assert result.ok, result.message()
    assert result.anchored_at == 21 and result.checked == 61
    # Deleting the first kept event after the prune is still caught.
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_events WHERE seq = 21"))
    broken = pruned_log.verify().broken
    assert broken is not None and broken.seq == 21


def test_deleting_old_events_without_prune_is_caught(store: Store) -> None:
    log = filled(store, 5)
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_events WHERE seq <= 2"))
    broken = log.verify().broken
    assert broken is not None and broken.seq == 1


def test_export_csv_and_jsonl_reverify(store: Store, tmp_path: Path) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    log = filled(store, 10, ticking(start))
    window = (start + timedelta(days=30 * 3), start + timedelta(days=30 * 7))
    out = log.export(tmp_path / "audit.jsonl", start=window[0], end=window[1], actor="auditor")
    rows = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert out.count == 4 and [r["seq"] for r in rows] == [3, 4, 5, 6]
    events = [
        AuditEvent(
            r["seq"],
            datetime.fromisoformat(r["recorded_at"].replace("Z", "+00:00")),
            r["kind"],
            r["actor"],
            r["data_text"],
            r["prev_hash"],
            r["hash"],
        )
        for r in rows
    ]
    assert verify_chain(events, start_seq=3, start_prev_hash=rows[0]["prev_hash"]).ok
    csv_out = log.export(tmp_path / "audit.csv")
    with (tmp_path / "audit.csv").open(newline="") as handle:
        table = list(csv.DictReader(handle))
    assert csv_out.count == 11 and table[-1]["kind"] == "audit.export"
    assert log.events()[-1].data["sha256"] == csv_out.sha256


def test_export_csv_cells_are_inert_and_the_export_still_reverifies(
    store: Store, tmp_path: Path
) -> None:
    """Actors and data a spreadsheet would run are written as text; the auditor's re-hash
    reads each cell back to the text that was hashed, so the chain verifies from the file."""
    log = AuditLog(store)
    for text in HOSTILE:
        log.record("test.event", {"name": text}, actor=text)
    log.export(tmp_path / "audit.csv")
    assert live_formulas(file_cells(tmp_path / "audit.csv")) == []
    events = read_events(tmp_path / "audit.csv")
    assert [e.actor for e in events] == HOSTILE
    assert verify_export(tmp_path / "audit.csv").ok
    log.export(tmp_path / "audit.jsonl")
    assert verify_export(tmp_path / "audit.jsonl").checked == len(HOSTILE) + 1


def test_an_edited_export_fails_to_reverify(store: Store, tmp_path: Path) -> None:
    log = filled(store, 3)
    log.export(tmp_path / "audit.csv")
    text = (tmp_path / "audit.csv").read_text(encoding="utf-8")
    (tmp_path / "audit.csv").write_text(text.replace("Inspur Taiwan 1", "Inspur Taiwan 7"))
    broken = verify_export(tmp_path / "audit.csv").broken
    assert broken is not None and broken.seq == 2
