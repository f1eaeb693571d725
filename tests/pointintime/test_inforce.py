"""The point-in-time rules `screen --as-of` and `lookback` share: a source with no snapshot
on the ship date is never a clean result, and what a later vintage states about the day is
said. Chitron Electronics is on the Entity List from 2010-01-13 (the 2023 CSL says so); the
2019 CSL extract does not hold it; its denial order on the DPL ended 2021-01-28."""

from __future__ import annotations

from pathlib import Path

from entitylist.pointintime import lookback_file
from vintages import Env, write_portfolio

CHITRON = "Chitron Electronics Company Ltd"


def chitron_shipped(env: Env, tmp_path: Path, day: str) -> Path:
    rows = [{"id": "S1", "name": CHITRON, "country": "CN", "ship_date": day}]
    return write_portfolio(tmp_path / "shipments.csv", rows)


def test_a_source_without_a_snapshot_on_the_day_makes_the_answer_partial(
    sqlite_env: Env, shared_data: Path, tmp_path: Path
) -> None:
    sqlite_env.load("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt", "2022-09-07")
    sqlite_env.load("csl", shared_data / "csl" / "consolidated_2023-11-30.csv", "2023-11-30")
    report = lookback_file(
        sqlite_env.store, sqlite_env.settings, chitron_shipped(sqlite_env, tmp_path, "2023-01-15")
    )
    (finding,) = report.findings
    assert finding.status == "partial", "only the DPL was in force: never `clear`"
    assert finding.view.missing == ["csl"]
    assert "csl: no snapshot published on or before 2023-01-15" in finding.notes
    assert f"{CHITRON}: listed from 2010-01-13 per the list published 2023-11-30" in finding.notes
    assert report.counts()["partial"] == 1 and report.counts()["clear"] == 0


def test_a_later_vintage_stating_an_earlier_listing_makes_a_clear_answer_review(
    sqlite_env: Env, shared_data: Path, tmp_path: Path
) -> None:
    sqlite_env.load("csl", shared_data / "csl" / "consolidated_2019-12-03.csv", "2019-12-03")
    sqlite_env.load("csl", shared_data / "csl" / "consolidated_2023-11-30.csv", "2023-11-30")
    report = lookback_file(
        sqlite_env.store, sqlite_env.settings, chitron_shipped(sqlite_env, tmp_path, "2020-06-01")
    )
    (finding,) = report.findings
    assert finding.snapshots["csl"].published.date().isoformat() == "2019-12-03"
    assert finding.hits == [] and finding.view.missing == []
    assert finding.status == "review"
    (later,) = [e for e in finding.view.later if e.hit.stored.entry.name == CHITRON]
    assert later.note == f"{CHITRON}: listed from 2010-01-13 per the list published 2023-11-30"
    assert finding.to_dict()["later"][0]["note"].endswith("per the list published 2023-11-30")


def test_the_lookback_command_counts_partial_answers(
    sqlite_env: Env, shared_data: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from entitylist.cli import app

    sqlite_env.load("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt", "2022-09-07")
    sqlite_env.load("csl", shared_data / "csl" / "consolidated_2023-11-30.csv", "2023-11-30")
    shipments = chitron_shipped(sqlite_env, tmp_path, "2023-01-15")
    db = sqlite_env.settings.db_url
    done = CliRunner().invoke(app, ["--db", db, "lookback", str(shipments)])
    assert done.exit_code == 0, done.output
    summary = " ".join(done.stdout.split())
    assert "1 partial (a list missing then), 0 clear" in summary


def test_a_later_vintage_of_unknown_publication_is_named_as_such(
    sqlite_env: Env, shared_data: Path, tmp_path: Path
) -> None:
    """The 2023 CSL loaded without a date is in force only from its retrieval: for a 2020
    shipment it is later evidence, said to be of unknown publication, never dated 2023."""
    from entitylist.updates.lists import update_source

    sqlite_env.load("csl", shared_data / "csl" / "consolidated_2019-12-03.csv", "2019-12-03")
    update_source(
        sqlite_env.store,
        sqlite_env.settings,
        "csl",
        str(shared_data / "csl" / "consolidated_2023-11-30.csv"),
        accept_truncated=True,  # the 2023 export ends inside a quoted field as published
    )
    report = lookback_file(
        sqlite_env.store, sqlite_env.settings, chitron_shipped(sqlite_env, tmp_path, "2020-06-01")
    )
    (finding,) = report.findings
    assert finding.snapshots["csl"].publication == "published 2019-12-03"
    assert finding.status == "review"
    (later,) = [e for e in finding.view.later if e.hit.stored.entry.name == CHITRON]
    assert later.note.startswith(
        f"{CHITRON}: listed from 2010-01-13 per a list with publication date unknown (retrieved "
    )
    assert later.note.endswith("newest dated row 2023-11-16 per the file (start_date)")
    assert finding.view.to_dict()["later"][0]["published"] is None
