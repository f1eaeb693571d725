"""Monitoring re-screens the portfolio when ownership data changes, as when a list changes,
and reports the ownership hit it finds (the 2023 CSL; user ownership rows over two of its
real Entity List entries). SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from entitylist.monitoring import import_parties, run_monitor
from entitylist.updates.ownership import import_ownership
from vintages import Env, write_portfolio

ROWS = [
    {"id": "P1", "name": "Lianhe Precision Instruments Co Ltd", "country": "CN"},
    {"id": "P2", "name": "Acme Widgets", "country": "US"},
]
OWNERSHIP = """owner_name,owner_id,owned_name,owned_id,percent,as_of
Chitron Electronics Company Ltd,,Lianhe Precision Instruments Co Ltd,U1,30,2024-01-01
Chinese Academy of Engineering Physics,,Lianhe Precision Instruments Co Ltd,U1,25,2024-01-01
"""


def test_new_ownership_data_rescreens_and_reports_the_hit(
    env: Env, shared_data: Path, tmp_path: Path
) -> None:
    env.load("csl", shared_data / "csl" / "consolidated_2023-11-30.csv", "2023-11-30")
    import_parties(env.store, write_portfolio(tmp_path / "p.csv", ROWS))
    first = run_monitor(env.store, env.settings)
    assert first.run.screened == 2
    assert not any("owned by" in e["summary"] for e in first.events)
    assert run_monitor(env.store, env.settings).run.screened == 0  # nothing changed

    path = tmp_path / "own.csv"
    path.write_text(OWNERSHIP, encoding="utf-8")
    import_ownership(env.store, path, dataset="user")
    after = run_monitor(env.store, env.settings)
    assert after.full_rescreen and after.run.screened == 2
    (event,) = [e for e in after.events if "is 55 % owned by" in e["summary"]]
    assert "Affiliates rule" in event["summary"]
    assert event["basis"] == "ownership"
    assert run_monitor(env.store, env.settings).run.screened == 0
