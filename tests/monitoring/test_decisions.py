"""Decisions through the store: suppression, expiry, party changes, superseding (SQLite and
PostgreSQL), on the 2022 DPL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from entitylist.audit import AuditLog
from entitylist.errors import InputError
from entitylist.monitoring import decide, import_parties, list_decisions, run_monitor
from entitylist.monitoring.views import current_hits
from vintages import Env, write_portfolio

NAME = "AARON ABRAHAM VILLA"


@pytest.fixture
def monitored(env: Env, shared_data: Path, tmp_path: Path) -> Env:
    env.load("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt", "2022-09-07")
    rows = [
        {"id": "P1", "name": NAME, "address": "El Paso"},
        {"id": "P2", "name": "Ingeborg Abrahamsen"},
    ]
    import_parties(env.store, write_portfolio(tmp_path / "p.csv", rows))
    first = run_monitor(env.store, env.settings)
    assert [e["party"]["id"] for e in first.events] == ["P1"]
    return env


def villa_key(env: Env) -> str:
    (hit,) = current_hits(env.store, "P1")
    return str(hit["entry"]["key"])


def test_false_positive_suppresses_until_it_expires(monitored: Env) -> None:
    env = monitored
    now = datetime.now(UTC)
    d = decide(
        env.store,
        "P1",
        villa_key(env),
        "false_positive",
        "different person: DOB",
        expires_at=now + timedelta(days=30),
        actor="rev",
    )
    assert d.supersedes_id is None and d.entry_key == villa_key(env)
    run = run_monitor(env.store, env.settings, now=now + timedelta(days=1))
    assert run.events == [] and run.run.screened == 0
    (hit,) = current_hits(env.store, "P1")
    assert hit["suppressed"] and hit["decision"]["id"] == d.id  # the result says which
    lapsed = run_monitor(env.store, env.settings, now=now + timedelta(days=31))
    assert [e["kind"] for e in lapsed.events] == ["decision_lapsed"]
    assert "expired" in lapsed.events[0]["lapsed_decision"]["why"]
    (hit,) = current_hits(env.store, "P1")
    assert not hit["suppressed"] and hit["decision"] is None


def test_party_change_voids_a_false_positive(monitored: Env, tmp_path: Path) -> None:
    env = monitored
    decide(env.store, "P1", villa_key(env), "false_positive", "not him", actor="rev")
    assert run_monitor(env.store, env.settings).events == []
    rows = [
        {"id": "P1", "name": NAME, "address": "3415 Rivera Avenue, El Paso"},
        {"id": "P2", "name": "Ingeborg Abrahamsen"},
    ]
    import_parties(env.store, write_portfolio(tmp_path / "q.csv", rows))
    run = run_monitor(env.store, env.settings)
    assert run.run.screened == 1  # only the changed party
    assert [(e["kind"], e["party"]["id"]) for e in run.events] == [("party_changed", "P1")]
    assert "party's record changed" in run.events[0]["lapsed_decision"]["why"]


def test_decisions_are_superseded_never_deleted(monitored: Env) -> None:
    env = monitored
    key = villa_key(env)
    first = decide(env.store, "P1", key, "escalated", "ask legal", actor="rev")
    second = decide(env.store, "P1", key, "true_match", "same person, same address", actor="lead")
    assert second.supersedes_id == first.id
    assert [d.verdict for d in list_decisions(env.store, "P1")] == ["escalated", "true_match"]
    run_monitor(env.store, env.settings)
    (hit,) = current_hits(env.store, "P1")
    assert hit["decision"]["id"] == second.id and not hit["suppressed"]
    audited = AuditLog(env.store).events(kind="decision")
    assert [e.actor for e in audited] == ["rev", "lead"]
    assert audited[-1].data["entry_hash"] == second.entry_hash


def test_bad_decisions_are_refused(monitored: Env) -> None:
    env = monitored
    with pytest.raises(InputError, match="verdict"):
        decide(env.store, "P1", villa_key(env), "maybe", "hmm")
    with pytest.raises(InputError, match="reason"):
        decide(env.store, "P1", villa_key(env), "true_match", " ")
    with pytest.raises(InputError, match="not in the future"):
        decide(
            env.store,
            "P1",
            villa_key(env),
            "false_positive",
            "x",
            expires_at=datetime.now(UTC) - timedelta(days=1),
        )
