"""A monitoring result keeps why its entry is a hit (`basis`: name, ownership or
affiliate_lead), so that the review queue can tell an ownership hit from a name hit without
reading its summary; results written before the column existed are classified on upgrade.
The 2023 CSL, user ownership rows over two of its real Entity List entries; SQLite and
PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from entitylist.monitoring import import_parties, run_monitor
from entitylist.monitoring.views import current_hits
from entitylist.store.database import migrate
from entitylist.updates.ownership import import_ownership
from vintages import Env, write_portfolio

ROWS = [
    {"id": "P1", "name": "Lianhe Precision Instruments Co Ltd", "country": "CN"},
    {"id": "P2", "name": "Acme Widgets", "country": "US"},
    {"id": "P3", "name": "Chitron Electronics Company Ltd", "country": "CN"},
]
OWNERSHIP = """owner_name,owner_id,owned_name,owned_id,percent,as_of
Chitron Electronics Company Ltd,,Lianhe Precision Instruments Co Ltd,U1,30,2024-01-01
Chinese Academy of Engineering Physics,,Lianhe Precision Instruments Co Ltd,U1,25,2024-01-01
"""


def _monitored(env: Env, shared_data: Path, tmp_path: Path) -> set[tuple[str, str]]:
    env.load("csl", shared_data / "csl" / "consolidated_2023-11-30.csv", "2023-11-30")
    import_parties(env.store, write_portfolio(tmp_path / "p.csv", ROWS))
    path = tmp_path / "own.csv"
    path.write_text(OWNERSHIP, encoding="utf-8")
    import_ownership(env.store, path, dataset="user")
    run = run_monitor(env.store, env.settings)
    assert {e["basis"] for e in run.events} == {"name", "ownership"}
    return {(r["party_id"], r["basis"]) for r in current_hits(env.store)}


def test_a_stored_result_says_whether_it_is_a_name_or_an_ownership_hit(
    env: Env, shared_data: Path, tmp_path: Path
) -> None:
    found = _monitored(env, shared_data, tmp_path)
    assert ("P1", "ownership") in found  # 30 % + 25 % owned by two Entity List parties
    assert ("P3", "name") in found  # the listed owner itself, by name
    assert ("P1", "name") not in found


def test_results_stored_before_the_column_are_classified_by_their_summary(
    env: Env, shared_data: Path, tmp_path: Path
) -> None:
    found = _monitored(env, shared_data, tmp_path)
    with env.store.engine.begin() as conn:
        # The store as it was before revision 0007_basis (other revisions stay applied).
        conn.execute(sa.text("ALTER TABLE monitor_results DROP COLUMN basis"))
        conn.execute(sa.text("DELETE FROM alembic_version WHERE version_num = '0007_basis'"))
    migrate(env.store.engine)
    assert {(r["party_id"], r["basis"]) for r in current_hits(env.store)} == found
