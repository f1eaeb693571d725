"""Tampering with the decisions table (SQLite and PostgreSQL): a row edited, inserted or
deleted outside entitylist is named by the reconciliation and `audit verify`, and never
suppresses a hit. On the 2022 DPL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from entitylist.cli import app
from entitylist.monitoring import decide, import_parties, run_monitor
from entitylist.monitoring.reconcile import reconcile_decisions
from entitylist.monitoring.schema import decisions
from entitylist.monitoring.views import current_hits
from vintages import Env, write_portfolio

NAME = "AARON ABRAHAM VILLA"


@pytest.fixture
def monitored(env: Env, shared_data: Path, tmp_path: Path) -> Env:
    env.load("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt", "2022-09-07")
    import_parties(env.store, write_portfolio(tmp_path / "p.csv", [{"id": "P1", "name": NAME}]))
    run_monitor(env.store, env.settings)
    return env


def villa_key(env: Env) -> str:
    (hit,) = current_hits(env.store, "P1")
    return str(hit["entry"]["key"])


def suppressed_after_a_run(env: Env) -> bool:
    run_monitor(env.store, env.settings)
    (hit,) = current_hits(env.store, "P1")
    return bool(hit["suppressed"])


def audit_verify(env: Env) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["--db", env.settings.db_url, "audit", "verify"],
        env={"ENTITYLIST_DATA_DIR": str(env.settings.data_dir)},
    )
    return result.exit_code, f"{result.output} {result.exception or ''}"


def test_decisions_made_through_entitylist_reconcile_and_suppress(monitored: Env) -> None:
    decide(monitored.store, "P1", villa_key(monitored), "false_positive", "not him", actor="rev")
    outcome = reconcile_decisions(monitored.store)
    assert outcome.ok and outcome.checked == 1
    assert suppressed_after_a_run(monitored)
    code, message = audit_verify(monitored)
    assert code == 0 and "decisions reconciled: 1 rows" in message


def test_an_edited_verdict_is_named_and_suppresses_nothing(monitored: Env) -> None:
    env = monitored
    d = decide(env.store, "P1", villa_key(env), "true_match", "same person", actor="rev")
    with env.store.engine.begin() as conn:
        conn.execute(
            sa.update(decisions).where(decisions.c.id == d.id).values(verdict="false_positive")
        )
    (problem,) = reconcile_decisions(env.store).discrepancies
    assert (problem.decision_id, problem.problem) == (d.id, "edited")
    assert "verdict 'true_match' -> 'false_positive'" in problem.detail
    assert not suppressed_after_a_run(env), "the forged false positive suppresses nothing"
    code, message = audit_verify(env)
    assert code == 1 and f"decision {d.id} edited" in message


def test_an_inserted_row_is_named_and_the_decision_before_it_still_counts(
    monitored: Env,
) -> None:
    env = monitored
    d = decide(env.store, "P1", villa_key(env), "escalated", "ask legal", actor="rev")
    with env.store.engine.begin() as conn:
        row = conn.execute(sa.select(decisions).where(decisions.c.id == d.id)).one()
        values = {**row._asdict(), "verdict": "false_positive", "supersedes_id": d.id}
        del values["id"]
        forged = conn.execute(
            sa.insert(decisions).values(**values).returning(decisions.c.id)
        ).scalar_one()
    (problem,) = reconcile_decisions(env.store).discrepancies
    assert (problem.decision_id, problem.problem) == (forged, "inserted")
    assert not suppressed_after_a_run(env)
    (hit,) = current_hits(env.store, "P1")
    assert hit["decision"]["id"] == d.id, "the genuine escalation is the decision in force"
    code, message = audit_verify(env)
    assert code == 1 and f"decision {forged} inserted" in message


def test_a_deleted_row_is_named(monitored: Env) -> None:
    env = monitored
    d = decide(env.store, "P1", villa_key(env), "true_match", "same person", actor="rev")
    with env.store.engine.begin() as conn:
        conn.execute(sa.delete(decisions).where(decisions.c.id == d.id))
    (problem,) = reconcile_decisions(env.store).discrepancies
    assert (problem.decision_id, problem.problem) == (d.id, "deleted")
    assert "the row is gone" in problem.detail
    code, message = audit_verify(env)
    assert code == 1 and f"decision {d.id} deleted" in message
