"""The audit trail as people read it: filters by time, user, action and party, newest
first with paging, and one readable row per event (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from entitylist.audit import AuditLog, kinds
from entitylist.audit.views import EventFilter, iter_readable, search_events
from entitylist.store import Store


def fill(store: Store) -> AuditLog:
    log = AuditLog(store)
    log.record(
        kinds.LOGIN, {"username": "rita", "outcome": "ok", "client": "10.0.0.1"}, "user rita"
    )
    log.record(kinds.LOGIN, {"username": "mallory", "outcome": "refused"}, None)
    decision = {
        "id": 1,
        "party_id": "ACME-7",
        "entry_key": "EL:n:inspur-taiwan",
        "verdict": "false_positive",
        "reason": "different company: other address",
    }
    log.record(kinds.DECISION, decision, "user rita")
    screening = {
        "count": 1,
        "results": [
            {
                "party": {"name": "Inspur Taiwan Co Ltd"},
                "alert": True,
                "hits": [{"key": "EL:n:inspur-taiwan", "score": 0.97, "alert": True}],
            }
        ],
    }
    log.record(kinds.SCREENING, screening, "api key 3 (erp)")
    return log


def test_each_event_reads_as_time_user_action_party_entry_result_reason(store: Store) -> None:
    fill(store)
    total, events = search_events(store, EventFilter())
    assert total == 4
    screening, decision, refused, login = events  # newest first
    assert (screening.action, screening.party, screening.entry, screening.result) == (
        "screening",
        "Inspur Taiwan Co Ltd",
        "EL:n:inspur-taiwan",
        "alert",
    )
    assert screening.user == "api key 3 (erp)"
    assert (decision.party, decision.entry, decision.result) == (
        "ACME-7",
        "EL:n:inspur-taiwan",
        "false positive",
    )
    assert decision.reason == "different company: other address"
    assert (refused.user, refused.result) == ("mallory", "refused"), "no actor: the username"
    assert (login.action, login.result, login.party) == ("log in", "ok", "")


def test_filters_combine_and_match_text_ignoring_case(store: Store) -> None:
    fill(store)
    by_user = search_events(store, EventFilter(user="RITA"))[1]
    assert [e.kind for e in by_user] == [kinds.DECISION, kinds.LOGIN]
    by_party = search_events(store, EventFilter(party="acme-7"))[1]
    assert [e.kind for e in by_party] == [kinds.DECISION]
    both = search_events(store, EventFilter(user="rita", action=kinds.LOGIN))[1]
    assert [e.result for e in both] == ["ok"]
    assert search_events(store, EventFilter(party="100%_"))[0] == 0, "wildcards are text"
    later = datetime.now(UTC) + timedelta(hours=1)
    assert search_events(store, EventFilter(start=later))[0] == 0
    assert search_events(store, EventFilter(end=later))[0] == 4


def test_pages_are_newest_first_and_the_export_reads_oldest_first(store: Store) -> None:
    fill(store)
    total, first = search_events(store, EventFilter(), limit=3)
    _, second = search_events(store, EventFilter(), limit=3, offset=3)
    seqs = [e.seq for e in first + second]
    assert total == 4 and seqs == sorted(seqs, reverse=True) and len(set(seqs)) == 4
    assert [e.seq for e in iter_readable(store, EventFilter())] == sorted(seqs)
