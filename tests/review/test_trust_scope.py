"""What an action trusts (SQLite and PostgreSQL), on the 2023 DPL: one action reads only the
decisions and approvals of the party it acts on, each checked against the audit event the
row names, and trusts exactly what the whole-log reconciliation of a run and of
`audit verify` trusts; a row that names another event than the one that records it counts
for nothing and is named."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from entitylist.audit import AuditLog
from entitylist.audit.actors import Actor
from entitylist.auth import Role
from entitylist.monitoring import import_parties, run_monitor
from entitylist.monitoring.reconcile import reconcile_decisions
from entitylist.monitoring.schema import decisions
from entitylist.monitoring.views import current_hits
from entitylist.review.alerts import list_alerts
from entitylist.review.approvals import Trust, load_trust, reconcile_approvals_of
from entitylist.review.schema import approvals
from entitylist.review.workflow import approve, decide_alert
from entitylist.store.database import migrate
from vintages import Env, write_portfolio

REVIEWER = Actor.user("rita", 2)
APPROVER = Actor.user("arne", 3)
TABLES = (decisions, approvals)


@pytest.fixture
def decided(env: Env, shared_data: Path, tmp_path: Path) -> Env:
    """AL NASER AIRLINES a false positive, approved; VILLA a true match; OTHER undecided."""
    env.load("dpl", shared_data / "bis_dpl" / "dpl_2023-11-30.txt", "2023-11-30")
    rows = [
        {"id": "AIR", "name": "AL NASER AIRLINES"},
        {"id": "VILLA", "name": "AARON ABRAHAM VILLA"},
    ]
    import_parties(env.store, write_portfolio(tmp_path / "p.csv", rows))
    run_monitor(env.store, env.settings)
    (air,) = list_alerts(env.store, party_id="AIR").alerts
    decide_alert(
        env.store, air.id, "false_positive", "not ours", actor=REVIEWER, role=Role.REVIEWER
    )
    approve(env.store, air.id, "agreed", actor=APPROVER, role=Role.APPROVER)
    villa = list_alerts(env.store, party_id="VILLA").alerts[0]
    decide_alert(env.store, villa.id, "true_match", "same man", actor=REVIEWER, role=Role.REVIEWER)
    return env


def trusts(env: Env) -> tuple[Trust, dict[int, tuple[set[int], Trust]]]:
    """The whole-log trust, and each party's own (with the ids of its decision rows)."""
    with env.store.engine.connect() as conn:
        log = AuditLog(env.store)
        whole = load_trust(conn, log)
        rows: dict[int, set[int]] = {}
        for ref, row_id in conn.execute(sa.select(decisions.c.party_ref, decisions.c.id)):
            rows.setdefault(ref, set()).add(row_id)
        return whole, {
            ref: (ids, load_trust(conn, log, parties=[ref])) for ref, ids in rows.items()
        }


def assert_same_trust(env: Env) -> None:
    whole, by_party = trusts(env)
    for ref, (ids, own) in by_party.items():
        expected = {k: d for k, d in whole.decisions.items() if k[0] == ref}
        assert own.decisions == expected
        assert own.approvals == {i: a for i, a in whole.approvals.items() if i in ids}
        assert own.effective() == {k: d for k, d in whole.effective().items() if k[0] == ref}


def suppressed(env: Env, party: str) -> bool:
    run_monitor(env.store, env.settings)
    return any(h["suppressed"] for h in current_hits(env.store, party))


def test_an_action_trusts_what_the_whole_log_trusts(decided: Env) -> None:
    whole, by_party = trusts(decided)
    assert len(by_party) == 2 and whole.decisions and whole.approvals
    assert_same_trust(decided)
    assert reconcile_decisions(decided.store).ok and reconcile_approvals_of(decided.store).ok


def test_a_decision_naming_another_event_is_named_and_suppresses_nothing(decided: Env) -> None:
    env = decided
    assert suppressed(env, "AIR")
    with env.store.engine.begin() as conn:
        air = conn.execute(
            sa.select(decisions.c.id, decisions.c.audit_seq, decisions.c.entry_key).where(
                decisions.c.verdict == "false_positive"
            )
        ).first()
        assert air is not None and air.audit_seq is not None
        other = (
            conn.execute(
                sa.select(decisions.c.audit_seq).where(decisions.c.verdict == "true_match")
            ).scalar_one_or_none()
            or conn.execute(sa.select(sa.func.max(decisions.c.audit_seq))).scalar_one()
        )
        conn.execute(sa.update(decisions).where(decisions.c.id == air.id).values(audit_seq=other))
    found = reconcile_decisions(env.store).discrepancies
    assert [(d.decision_id, d.problem) for d in found] == [(air.id, "edited")]
    assert f"names audit event {other}, not {air.audit_seq}" in found[0].detail
    assert_same_trust(env)
    run_monitor(env.store, env.settings)
    shown = {h["entry"]["key"]: h["suppressed"] for h in current_hits(env.store, "AIR")}
    assert shown[air.entry_key] is False, "the row naming another event suppresses nothing"
    assert any(shown.values()), "the rows that name their own events still do"


def test_an_approval_naming_no_event_approves_nothing(decided: Env) -> None:
    env = decided
    with env.store.engine.begin() as conn:
        conn.execute(sa.update(approvals).values(audit_seq=None))
    found = reconcile_approvals_of(env.store).discrepancies
    assert found and {d.problem for d in found} == {"edited"}
    assert "names audit event None" in found[0].detail
    assert_same_trust(env)
    assert not suppressed(env, "AIR")


def test_rows_written_before_they_named_their_event_are_given_it(decided: Env) -> None:
    env = decided
    with env.store.engine.connect() as conn:
        before = {t.name: sorted(conn.execute(sa.select(t.c.id, t.c.audit_seq))) for t in TABLES}
    with env.store.engine.begin() as conn:
        # The store as it was before revision 0009_review_scale (other revisions stay).
        for name in ("ix_alerts_status_opened", "ix_alerts_status_queue"):
            conn.execute(sa.text(f"DROP INDEX {name}"))
        for table in TABLES:
            conn.execute(sa.text(f"ALTER TABLE {table.name} DROP COLUMN audit_seq"))
        # 0011_alert_sightings, applied, stands for 0007_alerts below both.
        conn.execute(sa.text("DELETE FROM alembic_version WHERE version_num = '0009_review_scale'"))
    migrate(env.store.engine)
    with env.store.engine.connect() as conn:
        after = {t.name: sorted(conn.execute(sa.select(t.c.id, t.c.audit_seq))) for t in TABLES}
    assert after == before and all(seq is not None for rows in after.values() for _i, seq in rows)
    assert_same_trust(env)
    assert reconcile_decisions(env.store).ok and reconcile_approvals_of(env.store).ok
