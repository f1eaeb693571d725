"""Group commit: events submitted concurrently are all committed, chained, and answered."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from entitylist.audit import AuditLog
from entitylist.audit.writer import AuditWriter
from entitylist.errors import InputError
from entitylist.store import Store


def test_concurrent_events_are_all_committed_in_one_chain(store: Store) -> None:
    log = AuditLog(store)
    writer = AuditWriter(log)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = list(
                pool.map(
                    lambda i: writer.submit("screening", {"n": i}, actor=f"t{i % 3}"), range(200)
                )
            )
        events = [f.result(timeout=300) for f in futures]
    finally:
        writer.close()
    assert sorted(e.seq for e in events) == list(range(1, 201))
    assert sorted(e.data["n"] for e in log.events()) == list(range(200))
    assert log.verify().ok


def test_a_bad_event_is_refused_at_once_and_fails_no_other(store: Store) -> None:
    writer = AuditWriter(AuditLog(store))
    try:
        with pytest.raises(InputError, match="1-64 characters"):
            writer.submit("", {"n": 1})
        assert writer.submit("screening", {"n": 2}).result(timeout=300).seq == 1
    finally:
        writer.close()
