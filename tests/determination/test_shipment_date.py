"""A shipment's date: an entry counts only while its listing is in force on that day, by the
one rule point-in-time answers use (start and end dates alike)."""

from __future__ import annotations

from pathlib import Path

from entitylist.determination import Outcome
from entitylist.determination.check import check_many
from entitylist.determination.inputs import make_party, shipment_from
from entitylist.screening import Screener
from vintages import Env


def outcome_on(env: Env, day: str, name: str, country: str) -> Outcome:
    shipment = shipment_from(
        parties=[make_party(name, "end_user", country)], item="EAR99", destination=country, on=day
    )
    (determination,) = check_many(Screener(env.store, env.settings), [shipment])
    return determination.outcome


def test_a_denial_order_counts_from_its_start_to_its_end(sqlite_env: Env, shared_data: Path):
    """Abdulamir Mahdi's denial order (DPL of 2022-09-07) ran 2003-10-03 to 2023-10-03."""
    sqlite_env.load("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt", "2022-09-07")
    assert outcome_on(sqlite_env, "2023-01-02", "Abdulamir Mahdi", "CA") is Outcome.PROHIBITED
    assert outcome_on(sqlite_env, "2023-10-03", "Abdulamir Mahdi", "CA") is Outcome.PROHIBITED
    assert outcome_on(sqlite_env, "2024-01-02", "Abdulamir Mahdi", "CA") is Outcome.NOT_REQUIRED
    assert outcome_on(sqlite_env, "2003-10-02", "Abdulamir Mahdi", "CA") is Outcome.NOT_REQUIRED
