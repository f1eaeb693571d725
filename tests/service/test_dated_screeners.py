"""Dated shipment checks screen against the lists in force that day: the screener for a day
is kept between requests, takes in a vintage loaded later for that day, and only the few
days most recently asked for are kept. Real DPL vintages of 2019, 2022 and 2023."""

from __future__ import annotations

from datetime import date

import pytest

from entitylist.errors import NoListLoaded
from entitylist.screening.models import Party
from entitylist.service.dated import DatedScreeners
from servers import DPL
from vintages import Env
from vintages import sqlite_env as sqlite_env  # fixture


def in_force(dated: DatedScreeners, day: date) -> str:
    """The DPL vintage the day's screener screens against (its publication date)."""
    return dated.on(day).snapshots["dpl"].brief()["published_at"][:10]


def test_a_day_screens_against_the_vintage_in_force_then(sqlite_env: Env) -> None:
    sqlite_env.load("dpl", DPL["2019-06-29"], "2019-06-29")
    sqlite_env.load("dpl", DPL["2023-11-30"], "2023-11-30")
    dated = DatedScreeners(sqlite_env.store, sqlite_env.settings)
    assert in_force(dated, date(2020, 1, 1)) == "2019-06-29"
    assert in_force(dated, date(2024, 1, 1)) == "2023-11-30"
    with pytest.raises(NoListLoaded, match="2019-01-01"):
        dated.on(date(2019, 1, 1))


def test_a_kept_day_takes_in_a_vintage_loaded_later(sqlite_env: Env) -> None:
    sqlite_env.load("dpl", DPL["2019-06-29"], "2019-06-29")
    dated = DatedScreeners(sqlite_env.store, sqlite_env.settings)
    first = dated.on(date(2023, 1, 1))
    assert in_force(dated, date(2023, 1, 1)) == "2019-06-29"
    sqlite_env.load("dpl", DPL["2022-09-07"], "2022-09-07")  # back-filled
    assert dated.on(date(2023, 1, 1)) is first  # kept, not rebuilt
    result = first.screen(Party(name="AL NASER AIRLINES"))
    assert result.snapshots["dpl"].id == first.snapshots["dpl"].id
    assert result.hits and result.hits[0].alert


def test_only_the_days_most_recently_asked_for_are_kept(sqlite_env: Env) -> None:
    sqlite_env.load("dpl", DPL["2019-06-29"], "2019-06-29")
    dated = DatedScreeners(sqlite_env.store, sqlite_env.settings, keep=2)
    days = [date(2020, 1, 1), date(2021, 1, 1), date(2020, 1, 1), date(2022, 1, 1)]
    for day in days:
        dated.on(day)
    assert dated.kept() == [date(2020, 1, 1), date(2022, 1, 1)]


def test_a_day_without_lists_does_not_push_out_a_kept_day(sqlite_env: Env) -> None:
    sqlite_env.load("dpl", DPL["2019-06-29"], "2019-06-29")
    dated = DatedScreeners(sqlite_env.store, sqlite_env.settings, keep=2)
    dated.on(date(2020, 1, 1))
    dated.on(date(2021, 1, 1))
    with pytest.raises(NoListLoaded):
        dated.on(date(2019, 1, 1))
    assert dated.kept() == [date(2020, 1, 1), date(2021, 1, 1)]
