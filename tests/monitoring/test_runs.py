"""Run bookkeeping: which parties a run screens, and two runs at once (SQLite and
PostgreSQL), on the 2022 DPL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from entitylist.audit import AuditLog
from entitylist.monitoring import import_parties, run_monitor, runner
from entitylist.monitoring.runner import RunConflict
from vintages import Env, write_portfolio

ROWS = [{"id": "P1", "name": "AARON ABRAHAM VILLA"}, {"id": "P2", "name": "Acme Widgets"}]


@pytest.fixture
def loaded(env: Env, shared_data: Path, tmp_path: Path) -> Env:
    env.load("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt", "2022-09-07")
    import_parties(env.store, write_portfolio(tmp_path / "a.csv", ROWS))
    return env


def test_a_version_imported_during_a_run_is_screened_next(loaded: Env, tmp_path: Path) -> None:
    env = loaded
    assert run_monitor(env.store, env.settings).run.screened == 2
    changed = [ROWS[0], {"id": "P2", "name": "Acme Widgets GmbH"}]
    import_parties(env.store, write_portfolio(tmp_path / "b.csv", changed))
    # As if the import had committed while a run was under way, with an id below the
    # newest the run saw: the run's watermark is past it, yet the version is screened.
    with env.store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE monitor_runs SET party_watermark = 1000000"))
    run = run_monitor(env.store, env.settings)
    assert run.run.screened == 1 and run.run.counts["parties"] == 2
    assert run_monitor(env.store, env.settings).run.screened == 0


def test_a_run_that_raced_another_is_refused(loaded: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    env = loaded
    real = runner.screen_parties
    raced: list[int] = []

    def screen_while_another_run_finishes(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(runner, "screen_parties", real)  # the other run screens normally
        raced.append(run_monitor(env.store, env.settings).run.id)
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "screen_parties", screen_while_another_run_finishes)
    with pytest.raises(RunConflict, match="another monitoring run"):
        run_monitor(env.store, env.settings)
    assert run_monitor(env.store, env.settings).events == []  # the raced run reported it
    runs = AuditLog(env.store).events(kind="monitor.run")
    assert [e.data["id"] for e in runs] == [raced[0], raced[0] + 1]
