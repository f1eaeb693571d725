"""Tampering with approvals and with four-eyes decisions (SQLite and PostgreSQL), on the
2023 DPL: an approval row inserted, edited or deleted outside entitylist is named by
`audit verify` and approves nothing, so the false positive it would release suppresses
nothing; a decision edited so that it no longer waits for an approver is named too."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from entitylist.audit.actors import Actor
from entitylist.auth import Role
from entitylist.cli import app
from entitylist.monitoring import import_parties, run_monitor
from entitylist.monitoring.reconcile import reconcile_decisions
from entitylist.monitoring.schema import decisions
from entitylist.monitoring.views import current_hits
from entitylist.review.alerts import get_alert, list_alerts
from entitylist.review.approvals import reconcile_approvals_of
from entitylist.review.schema import approvals
from entitylist.review.workflow import approve, decide_alert, reject
from vintages import Env, write_portfolio

REVIEWER = Actor.user("rita", 2)
APPROVER = Actor.user("arne", 3)


@pytest.fixture
def pending(env: Env, shared_data: Path, tmp_path: Path) -> tuple[Env, int]:
    """AL NASER AIRLINES decided a false positive, waiting for an approver."""
    env.load("dpl", shared_data / "bis_dpl" / "dpl_2023-11-30.txt", "2023-11-30")
    rows = [{"id": "AIR", "name": "AL NASER AIRLINES"}]
    import_parties(env.store, write_portfolio(tmp_path / "p.csv", rows))
    run_monitor(env.store, env.settings)
    (alert,) = list_alerts(env.store, party_id="AIR").alerts
    decide_alert(
        env.store, alert.id, "false_positive", "not ours", actor=REVIEWER, role=Role.REVIEWER
    )
    return env, alert.id


def suppressed_after_a_run(env: Env) -> bool:
    run_monitor(env.store, env.settings)
    return any(h["suppressed"] for h in current_hits(env.store, "AIR"))


def audit_verify(env: Env) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["--db", env.settings.db_url, "audit", "verify"],
        env={"ENTITYLIST_DATA_DIR": str(env.settings.data_dir)},
    )
    return result.exit_code, f"{result.output} {result.exception or ''}"


def test_approvals_made_through_entitylist_reconcile_and_release(
    pending: tuple[Env, int],
) -> None:
    env, alert_id = pending
    approve(env.store, alert_id, "agreed", actor=APPROVER, role=Role.APPROVER)
    assert reconcile_approvals_of(env.store).ok
    assert suppressed_after_a_run(env)
    code, message = audit_verify(env)
    assert code == 0 and "approvals reconciled" in message, message


def test_an_inserted_approval_is_named_and_approves_nothing(pending: tuple[Env, int]) -> None:
    env, alert_id = pending
    with env.store.engine.begin() as conn:
        ids = conn.execute(sa.select(decisions.c.id).where(decisions.c.alert_id == alert_id))
        forged = [
            {
                "decision_id": i,
                "alert_id": alert_id,
                "outcome": "approved",
                "reason": "looks fine",
                "actor": "user arne",
                "decided_at": datetime.now(UTC),
            }
            for (i,) in ids
        ]
        conn.execute(sa.insert(approvals), forged)
    found = reconcile_approvals_of(env.store).discrepancies
    assert found and {d.problem for d in found} == {"inserted"}
    assert not suppressed_after_a_run(env), "a forged approval releases nothing"
    assert get_alert(env.store, alert_id).status == "pending_approval"
    code, message = audit_verify(env)
    assert code == 1 and f"approval {found[0].decision_id} inserted" in message


def test_a_rejection_edited_into_an_approval_is_named(pending: tuple[Env, int]) -> None:
    env, alert_id = pending
    reject(env.store, alert_id, "look again", actor=APPROVER, role=Role.APPROVER)
    with env.store.engine.begin() as conn:
        conn.execute(sa.update(approvals).values(outcome="approved"))
    found = reconcile_approvals_of(env.store).discrepancies
    assert found and all(d.problem == "edited" for d in found)
    assert "outcome 'rejected' -> 'approved'" in found[0].detail
    assert not suppressed_after_a_run(env)
    code, message = audit_verify(env)
    assert code == 1 and "edited" in message


def test_a_deleted_approval_is_named_and_the_alert_waits_again(
    pending: tuple[Env, int],
) -> None:
    env, alert_id = pending
    approve(env.store, alert_id, "agreed", actor=APPROVER, role=Role.APPROVER)
    assert suppressed_after_a_run(env)
    with env.store.engine.begin() as conn:
        conn.execute(sa.delete(approvals))
    found = reconcile_approvals_of(env.store).discrepancies
    assert found and {d.problem for d in found} == {"deleted"}
    assert not suppressed_after_a_run(env)
    assert get_alert(env.store, alert_id).status == "pending_approval"
    code, message = audit_verify(env)
    assert code == 1 and "deleted" in message


def test_a_decision_edited_to_need_no_approval_is_named_and_suppresses_nothing(
    pending: tuple[Env, int],
) -> None:
    env, _alert_id = pending
    with env.store.engine.begin() as conn:
        conn.execute(sa.update(decisions).values(needs_approval=False))
    found = reconcile_decisions(env.store).discrepancies
    assert found and all(d.problem == "edited" for d in found)
    assert "needs_approval True -> False" in found[0].detail
    assert not suppressed_after_a_run(env)
