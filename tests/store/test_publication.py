"""Publication dates (SQLite and PostgreSQL): a list loaded without `--published` is never
taken as published the day it was retrieved. It keeps the date its file states as its
generation date (UN `dateGenerated`, the CSL JSON's `search_performed_at`), else it is
unknown, with the newest dated row of the file named; point-in-time answers never treat an
unknown date as a known one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from entitylist.dates import parse_when
from entitylist.pointintime import lookback_file
from entitylist.reports.changes import period_diffs
from entitylist.screening import Party, Screener
from entitylist.store import Store
from entitylist.store.database import _alembic_config, create_engine
from entitylist.store.schema import snapshots
from entitylist.updates.lists import update_source
from vintages import Env, write_portfolio

VILLA = "AARON ABRAHAM VILLA"  # DPL effective 2022-08-24


def load(env: Env, source: str, path: Path) -> None:
    update_source(env.store, env.settings, source, str(path))


def test_a_file_without_a_generation_date_is_unknown_with_its_newest_row(
    env: Env, shared_data: Path
) -> None:
    load(env, "dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt")
    snap = env.store.current()["dpl"]
    today = snap.retrieved_at.date().isoformat()
    assert snap.published_at is None and not snap.publication_known
    assert snap.publication == (
        f"publication date unknown (retrieved {today}); "
        "newest dated row 2022-09-02 per the file (Last_Update)"
    )
    data = snap.to_dict()
    assert data["published_at"] is None and data["publication_basis"] is None
    assert data["file_date"] == {
        "at": "2022-09-02T00:00:00+00:00",
        "field": "Last_Update",
        "kind": "newest_row",
    }
    assert env.store.lists()[0]["publication"].startswith("publication date unknown")


def test_a_generation_date_in_the_file_is_its_publication_per_the_file(
    env: Env, shared_data: Path
) -> None:
    load(env, "un", shared_data / "un" / "UN_consolidated_2026-02-27.xml")
    snap = env.store.current()["un"]
    assert snap.published_at == datetime(2026, 2, 27, 0, 0, 9, 554000, tzinfo=UTC)
    assert snap.published_basis == "file"
    assert snap.publication == "published 2026-02-27 per the file (dateGenerated)"


def test_a_stated_date_wins_over_the_file(env: Env, shared_data: Path) -> None:
    env.load("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt", "2022-09-07")
    snap = env.store.current()["dpl"]
    assert snap.published_basis == "stated" and snap.publication == "published 2022-09-07"


def test_an_unknown_publication_is_not_in_force_before_it_was_retrieved(
    env: Env, shared_data: Path, tmp_path: Path
) -> None:
    """Loaded today without a date, the 2022 DPL says nothing about a 2023 shipment: its
    newest row (2022-09-02) bounds its publication only from below."""
    load(env, "dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt")
    assert env.store.current(as_of=parse_when("2023-01-15", end_of_day=True)) == {}
    shipments = write_portfolio(
        tmp_path / "shipments.csv",
        [{"id": "S1", "name": VILLA, "country": "US", "ship_date": "2023-01-15"}],
    )
    report = lookback_file(env.store, env.settings, shipments)
    assert [f.status for f in report.findings] == ["no_list"]
    now = Screener(env.store, env.settings, as_of=datetime.now(UTC))
    assert now.screen(Party(VILLA)).hits[0].stored.entry.name == VILLA


def test_an_undated_older_file_does_not_outrank_a_dated_newer_one_loaded_after_it(
    env: Env, shared_data: Path
) -> None:
    """The 2023 CSV states no publication (only rows up to 2023-11-16) and is in force from
    its retrieval this morning; the 2026 JSON loaded after it states 2026-07-31. The 2026
    list is the one in force, and the change report compares the two."""
    update_source(
        env.store,
        env.settings,
        "csl",
        str(shared_data / "csl" / "consolidated_2023-11-30.csv"),
        accept_truncated=True,
    )
    old = env.store.current()["csl"]
    load(env, "csl", shared_data / "csl" / "2026" / "consolidated_2026-07-31.json")
    new = env.store.current()["csl"]
    assert old.published_at is None and new.published_basis == "file"
    assert new.id != old.id and new.entry_count == 25_921
    assert (
        new.dating.surely_newer_than(old.dating) is False and old.dating.latest > new.dating.latest
    )
    diffs, notes = period_diffs(env.store, source="csl")
    assert [(d.from_snapshot.id, d.to_snapshot.id) for d in diffs] == [(old.id, new.id)], notes
    # The 2026 list counts from its file's date, the undated 2023 file only from today.
    assert env.store.current(as_of=parse_when("2026-08-01", end_of_day=True))["csl"].id == new.id
    assert env.store.current(as_of=parse_when("2026-07-01", end_of_day=True)) == {}


def test_screening_results_name_the_publication(env: Env, shared_data: Path) -> None:
    load(env, "dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt")
    data = Screener(env.store, env.settings).screen(Party(VILLA)).to_dict()["snapshots"]["dpl"]
    assert data["published_at"] is None and data["publication_known"] is False
    assert data["publication"].startswith("publication date unknown (retrieved ")


def test_the_migration_makes_retrieval_dates_stored_as_publication_unknown(
    tmp_path: Path,
) -> None:
    """Before 0008, a list loaded without a date was stored as published when retrieved."""
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0007_webhook_outbox")
    when, stated = datetime(2026, 11, 30, 9, tzinfo=UTC), datetime(2022, 9, 7, tzinfo=UTC)
    row = {
        "source": "dpl",
        "origin": "dpl.txt",
        "sha256": "0" * 64,
        "entry_count": 0,
        "rows_read": 0,
        "counts": {},
        "skipped": [],
        "forced": False,
        "retrieved_at": when,
    }
    old = sa.Table("snapshots", sa.MetaData(), autoload_with=engine)
    with engine.begin() as conn:
        conn.execute(old.insert(), [{**row, "published_at": when}, {**row, "published_at": stated}])
    engine.dispose()
    store = Store.open(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(snapshots).order_by(snapshots.c.id)).all()
    store.close()
    assert (rows[0].published_at, rows[0].published_basis) == (None, None)
    assert rows[1].published_basis == "stated"
    assert date.fromisoformat(str(rows[1].published_at)[:10]) == date(2022, 9, 7)


def test_a_dated_historic_vintage_loaded_later_takes_its_place_in_the_history() -> None:
    from entitylist.store.stored import Dating, newest_of

    undated = Dating(
        1, None, datetime(2026, 12, 1, 9, tzinfo=UTC), datetime(2023, 11, 16, tzinfo=UTC)
    )
    historic = Dating(2, datetime(2019, 5, 1, tzinfo=UTC), datetime(2026, 12, 1, 10, tzinfo=UTC))
    newer = Dating(
        3, None, datetime(2026, 12, 1, 11, tzinfo=UTC), datetime(2023, 11, 20, tzinfo=UTC)
    )
    assert newest_of([undated, historic]) == undated  # 2019 is surely older than 2023-11-16
    assert newest_of([undated, historic, newer]) == newer  # undated beside undated: load order
