"""Alerts from screenings outside monitoring (SQLite and PostgreSQL), on the real 2023 DPL:
a saved single screening and a batch open alerts in the same table, grouped by the same
rule, with their origin; the party behind them is a transient party keyed by the submitted
name and country, never part of the portfolio; decisions on them keep their semantics
(one party version, one entry version) and each act is audited once by the library."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from entitylist.audit import AuditLog, kinds
from entitylist.audit.actors import Actor
from entitylist.auth import Role
from entitylist.errors import InputError
from entitylist.monitoring import import_parties, list_parties, run_monitor
from entitylist.monitoring.reconcile import reconcile_decisions
from entitylist.review.alerts import get_alert, list_alerts
from entitylist.review.detail import alert_detail
from entitylist.review.intake import transient_id
from entitylist.review.workflow import approve, decide_alert
from entitylist.screening import Party, Screener
from entitylist.screening.grouping import compact_name
from entitylist.screening.recorded import RecordedScreening, log_record, saved_as
from entitylist.store.database import migrate
from vintages import Env, write_portfolio

REVIEWER = Actor.user("rita", 2)
APPROVER = Actor.user("arne", 3)
AIR = Party(name="AL NASER AIRLINES", country="IQ")


@pytest.fixture
def loaded(env: Env, shared_data: Path) -> Env:
    env.load("dpl", shared_data / "bis_dpl" / "dpl_2023-11-30.txt", "2023-11-30")
    return env


def screening(env: Env) -> RecordedScreening:
    return RecordedScreening(Screener(env.store, env.settings), log_record(AuditLog(env.store)))


def save_one(env: Env, party: Party = AIR) -> list[int]:
    saved = saved_as("screening")
    screening(env).screen(party, actor=REVIEWER, save=saved)
    return saved.alerts


def events(env: Env, kind: str) -> list[dict]:
    return [e.data for e in AuditLog(env.store).events(kind=kind)]


def test_a_saved_screening_opens_one_alert_per_listed_party_with_its_origin(
    loaded: Env,
) -> None:
    env = loaded
    saved = saved_as("screening")
    result = screening(env).screen(AIR, actor=REVIEWER, save=saved)
    air_rows = [h for h in result.hits if compact_name(h.stored.entry.name) == "alnaserairlines"]
    assert len(air_rows) >= 4
    page = list_alerts(env.store, origin=f"screening:{saved.ref}", status="all")
    assert sorted(a.id for a in page.alerts) == sorted(saved.alerts)
    (alert,) = [a for a in page.alerts if compact_name(a.entry_name) == "alnaserairlines"]
    assert {r["entry_id"] for r in alert.rows} == {h.stored.id for h in air_rows}
    assert "once per address" in alert.explanation
    assert (alert.status, alert.origin, alert.origin_ref) == ("open", "screening", saved.ref)
    assert alert.origin_label == f"screening:{saved.ref}"
    assert alert.party_id == transient_id("al naser  airlines", "iq")
    assert alert.party_name == "AL NASER AIRLINES" and alert.country == "IQ"
    (event,) = events(env, kinds.SCREENING)
    assert event["saved"] == saved.to_dict()
    assert list_parties(env.store, include_inactive=True) == [], "not in the portfolio"
    assert list_alerts(env.store, origin="run", status="all").total == 0


def test_screening_without_saving_opens_nothing(loaded: Env) -> None:
    result = screening(loaded).screen(AIR, actor=REVIEWER)
    assert result.hits and list_alerts(loaded.store, status="all").total == 0
    assert "saved" not in events(loaded, kinds.SCREENING)[0]


def test_the_same_name_saved_again_is_the_same_alert_and_keeps_its_decision(
    loaded: Env,
) -> None:
    env = loaded
    first = save_one(env)
    alert_id = first[0]
    decide_alert(
        env.store, alert_id, "false_positive", "an airline", actor=REVIEWER, role=Role.REVIEWER
    )
    approve(env.store, alert_id, "agreed", actor=APPROVER, role=Role.APPROVER)
    again = save_one(env, Party(name="al naser airlines ", country="iq"))
    assert alert_id in again
    # Another spelling of the name is another version of the party: the decision, made on
    # the version screened first, no longer applies.
    assert get_alert(env.store, alert_id).status == "open"
    same = save_one(env)
    assert alert_id in same
    closed = get_alert(env.store, alert_id)
    assert (closed.status, closed.resolution) == ("closed", "false_positive")
    moved = save_one(env, Party(name="AL NASER AIRLINES", country="IQ", address="Baghdad"))
    assert get_alert(env.store, alert_id).status == "open", "a new address is a new version"
    assert alert_id in moved
    assert reconcile_decisions(env.store).ok
    decided = events(env, kinds.DECISION)
    assert len(decided) == 1 and decided[0]["alert_id"] == alert_id
    assert len(events(env, kinds.APPROVAL)) == 1
    assert len(events(env, kinds.SCREENING)) == 4


def test_a_batch_opens_alerts_for_each_party_that_monitoring_leaves_alone(
    loaded: Env, tmp_path: Path
) -> None:
    env = loaded
    import_parties(
        env.store, write_portfolio(tmp_path / "p.csv", [{"id": "P1", "name": "Tromsø Bakery"}])
    )
    saved = saved_as("job")
    parties = [AIR, Party(name="AARON ABRAHAM VILLA"), Party(name="Harbour Bakery of Tromsø")]
    screening(env).screen_many(parties, actor=REVIEWER, save=saved)
    page = list_alerts(env.store, origin=f"job:{saved.ref}")
    assert sorted(a.id for a in page.alerts) == sorted(saved.alerts)
    assert {a.party_name for a in page.alerts} == {"AL NASER AIRLINES", "AARON ABRAHAM VILLA"}
    assert list_alerts(env.store, origin="job").total == page.total
    run_monitor(env.store, env.settings)
    assert list_alerts(env.store, origin=f"job:{saved.ref}").total == page.total
    assert [p.party_id for p in list_parties(env.store, include_inactive=True)] == ["P1"]
    (event,) = events(env, kinds.SCREENING)
    assert event["count"] == 3 and event["saved"]["alerts"] == saved.alerts


def test_a_job_that_finds_an_open_alert_again_lists_it_under_its_own_origin(
    loaded: Env,
) -> None:
    env = loaded
    first, second = saved_as("job"), saved_as("job")
    screening(env).screen_many([AIR], actor=REVIEWER, save=first)
    screening(env).screen_many(
        [AIR, Party(name="AARON ABRAHAM VILLA")], actor=REVIEWER, save=second
    )
    again = list_alerts(env.store, origin=f"job:{second.ref}")
    assert sorted(a.id for a in again.alerts) == sorted(second.alerts)
    assert set(first.alerts) < set(second.alerts), "the airline's alerts, found again"
    kept = get_alert(env.store, first.alerts[0])
    # Unchanged, the alert keeps the job that opened it, and names both that surfaced it.
    assert kept.origin_label == f"job:{first.ref}"
    labels = [s["origin_label"] for s in alert_detail(env.store, kept.id)["sightings"]]
    assert labels == [f"job:{first.ref}", f"job:{second.ref}"]
    assert list_alerts(env.store, origin=f"job:{first.ref}").total == len(first.alerts)


def test_alerts_written_before_sightings_were_kept_get_their_origin_as_one(loaded: Env) -> None:
    env = loaded
    opened = save_one(env)
    with env.store.engine.begin() as conn:
        # The store as it was before revision 0011_alert_sightings.
        conn.execute(sa.text("DROP TABLE alert_origins"))
        conn.execute(
            sa.text(
                "UPDATE alembic_version SET version_num = '0010_alert_origins' "
                "WHERE version_num = '0011_alert_sightings'"
            )
        )
    migrate(env.store.engine)
    alert = get_alert(env.store, opened[0])
    (seen,) = alert_detail(env.store, alert.id)["sightings"]
    assert seen["origin_label"] == alert.origin_label
    assert list_alerts(env.store, origin=alert.origin_label).total == len(opened)


def test_an_unknown_origin_is_refused_with_what_is_allowed(loaded: Env) -> None:
    with pytest.raises(InputError, match="origin must be run, job or screening"):
        list_alerts(loaded.store, origin="upload:3")
