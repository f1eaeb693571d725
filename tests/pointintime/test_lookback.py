"""Point in time on the DPL vintages (SQLite and PostgreSQL): a party denied in August 2022
is no hit for a 2020 shipment and is one for a 2023 shipment; entries whose listing took
effect after the ship date are set aside even when the snapshot holds them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from entitylist.audit import AuditLog
from entitylist.dates import parse_when
from entitylist.errors import InputError
from entitylist.pointintime import lookback_file
from entitylist.pointintime.lookback import in_force_on
from entitylist.screening import Party, Screener
from formulas import HOSTILE, file_cells, live_formulas, originals
from vintages import Env, write_portfolio

VILLA = "AARON ABRAHAM VILLA"  # DPL effective 2022-08-24 (87 FR 52741)
ASH = "I. ASH"  # DPL since 2003, in every vintage


@pytest.fixture
def dpl(env: Env, shared_data: Path) -> Env:
    for vintage in ("2019-06-29", "2022-09-07", "2023-11-30"):
        env.load("dpl", shared_data / "bis_dpl" / f"dpl_{vintage}.txt", vintage)
    return env


def test_as_of_screens_against_the_snapshot_published_then(dpl: Env) -> None:
    old = Screener(dpl.store, dpl.settings, as_of=parse_when("2020-06-01", end_of_day=True))
    result = old.screen(Party(VILLA))
    assert result.hits == [] or all(h.stored.entry.name != VILLA for h in result.hits)
    assert result.snapshots["dpl"].published.date() == date(2019, 6, 29)
    assert result.to_dict()["snapshots"]["dpl"]["published_at"].startswith("2019-06-29")
    new = Screener(dpl.store, dpl.settings, as_of=parse_when("2023-01-15", end_of_day=True))
    result = new.screen(Party(VILLA))
    assert result.snapshots["dpl"].published.date() == date(2022, 9, 7)
    assert result.hits[0].stored.entry.name == VILLA and result.hits[0].alert


def test_lookback_on_dpl_vintages(dpl: Env, tmp_path: Path) -> None:
    shipments = write_portfolio(
        tmp_path / "shipments.csv",
        [
            {"id": "S1", "name": VILLA, "country": "US", "ship_date": "2020-03-02"},
            {"id": "S2", "name": VILLA, "country": "US", "ship_date": "2023-01-15"},
            {"id": "S3", "name": ASH, "country": "US", "ship_date": "2020-03-02"},
            {"id": "S4", "name": "Ingeborg Abrahamsen", "country": "FR", "ship_date": "2023-01-15"},
            {"id": "S5", "name": ASH, "country": "US", "ship_date": "2018-01-01"},
            {"id": "S6", "name": ASH, "country": "US", "ship_date": "someday"},
        ],
    )
    out = tmp_path / "lookback.csv"
    report = lookback_file(dpl.store, dpl.settings, shipments, output=out, actor="auditor")
    status = {f.shipment.id: f.status for f in report.findings}
    assert status == {"S1": "clear", "S2": "listed", "S3": "listed", "S4": "clear", "S5": "no_list"}
    by_id = {f.shipment.id: f for f in report.findings}
    assert by_id["S2"].snapshots["dpl"].published.date() == date(2022, 9, 7)
    assert by_id["S2"].hits[0].stored.entry.start_date == date(2022, 8, 24)
    assert by_id["S1"].snapshots["dpl"].published.date() == date(2019, 6, 29)
    assert "no list snapshot was published on or before 2018-01-01" in by_id["S5"].notes[0]
    assert [(e.line, e.field) for e in report.errors] == [(7, "ship_date")]
    rows = out.read_text().splitlines()
    assert rows[0].startswith("line,id,name,country,ship_date,status")
    assert any(",S2," in r and ",listed," in r and VILLA in r for r in rows)
    (event,) = AuditLog(dpl.store).events(kind="screening.lookback")
    assert event.actor == "auditor" and event.data["counts"]["listed"] == 2


def test_entries_not_yet_in_force_are_set_aside(
    env: Env, shared_data: Path, tmp_path: Path
) -> None:
    # The 2023 vintage dated (roughly) to the start of 2023: it holds orders that took effect
    # later in the year, which were not in force for a shipment in March.
    env.load("dpl", shared_data / "bis_dpl" / "dpl_2023-11-30.txt", "2023-01-01")
    late = max(
        (s for s in env.store.entries_in_force() if s.entry.start_date),
        key=lambda s: s.entry.start_date or date.min,
    )
    assert late.entry.start_date is not None and late.entry.start_date > date(2023, 3, 1)
    shipments = write_portfolio(
        tmp_path / "s.csv",
        [
            {"id": "early", "name": late.entry.name, "ship_date": "2023-03-01"},
            {"id": "later", "name": late.entry.name, "ship_date": "2023-12-01"},
        ],
    )
    report = lookback_file(env.store, env.settings, shipments)
    early, later = report.findings
    assert early.status == "clear" and early.set_aside
    assert "after the ship date" in early.set_aside[0].reason
    assert later.status == "listed"
    assert in_force_on(later.hits[0], date(2023, 12, 1)) is None


def test_shipments_need_a_date_column(sqlite_env: Env, tmp_path: Path) -> None:
    path = write_portfolio(tmp_path / "s.csv", [{"id": "1", "name": "X"}])
    with pytest.raises(InputError, match="--date-column"):
        lookback_file(sqlite_env.store, sqlite_env.settings, path)


def test_lookback_csv_cells_are_inert_and_recoverable(
    sqlite_env: Env, shared_data: Path, tmp_path: Path
) -> None:
    """Shipment ids and names a spreadsheet would run are written as text."""
    sqlite_env.load("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt", "2022-09-07")
    rows = [
        {"id": text, "name": f"{text} {VILLA}", "country": "US", "ship_date": "2023-01-15"}
        for text in HOSTILE
    ]
    shipments = write_portfolio(tmp_path / "shipments.csv", rows)
    out = tmp_path / "lookback.csv"
    lookback_file(sqlite_env.store, sqlite_env.settings, shipments, output=out, actor="auditor")
    table = file_cells(out)
    assert len(table) > len(HOSTILE) and live_formulas(table) == []
    # ids are read stripped of surrounding white space, so a tab or CR cell arrives without it
    assert {t.strip() for t in HOSTILE} <= originals(table)
