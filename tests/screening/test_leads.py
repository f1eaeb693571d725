"""Affiliate leads on the real 2026 CSL: unlisted subsidiaries that carry a listed group's
distinctive name surface as leads (review, never an alert); the names of large companies
(Forbes Global 2000, 2025) that match no listed entry raise none."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from entitylist.screening import Party, Screener, ScreeningResult
from entitylist.settings import Settings
from entitylist.store import Store

LARGE_COMPANIES = (
    Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "large_companies_forbes_2025.csv"
)


@pytest.fixture(scope="module")
def screener(affiliates_settings: Settings) -> Iterator[Screener]:
    store = Store.open(affiliates_settings.db_url)
    yield Screener(store, affiliates_settings)  # today: the 2026 CSL is in force
    store.close()


def leads(result: ScreeningResult) -> list[str]:
    return [h.stored.entry.name for h in result.hits if h.basis == "affiliate_lead"]


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("Inspur Cloud Information Technology Co Ltd", "inspur"),
        ("Inspur Financial Information Technology Co Ltd", "inspur"),
        ("Huawei Digital Power Technologies Co Ltd", "huawei"),
    ],
)
def test_unlisted_subsidiaries_surface_as_leads(screener: Screener, name: str, group: str) -> None:
    result = screener.screen(Party(name=name, country="CN"))
    assert not any(h.basis == "name" and h.alert for h in result.hits), "not itself listed"
    (lead,) = [h for h in result.hits if h.basis == "affiliate_lead"]
    assert group in lead.stored.entry.name.lower()
    assert lead.alert is False and lead.stored.entry.list_code == "EL"
    data = lead.to_dict()
    assert data["basis"] == "affiliate_lead" and data["lead"]["token"] == group
    assert data["summary"].startswith("affiliate lead, not a match")
    assert data["rule_status"]["rule"] == "affiliates"


@pytest.mark.parametrize(
    "name",
    [
        "Beijing Electronic Information Industry Co Ltd",  # a city and generic words
        "Shenzhen Technology Development Co Ltd",
        "Electronic Information Industry Co Ltd",
    ],
)
def test_no_lead_on_generic_words_or_city_names(screener: Screener, name: str) -> None:
    assert leads(screener.screen(Party(name=name, country="CN"))) == []


def test_no_lead_without_a_shared_country(screener: Screener) -> None:
    result = screener.screen(Party(name="Inspur Cloud Information Technology Co Ltd", country="BR"))
    assert leads(result) == []


def test_large_unlisted_companies_raise_no_lead(screener: Screener) -> None:
    with LARGE_COMPANIES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2000
    results = screener.screen_many([Party(name=r["name"], country=r["country"]) for r in rows])
    # Set aside those whose name matches a listed entry (listed, or named like a listed
    # group): they are not unlisted names.
    unlisted = [r for r in results if not any(h.basis == "name" for h in r.hits)]
    assert len(unlisted) >= 1000
    fired = [(r.party.name, leads(r)) for r in unlisted if leads(r)]
    assert fired == []


@pytest.mark.parametrize(
    "name",
    [
        # A broader name than the listed SUMEC Instruments Equipment Co. Ltd.: it lacks the
        # listed name's `Instruments` (a parent or a sibling, not a company it owns).
        "Sumec Corporation",
        "Inspur Holdings Co Ltd",  # a parent's name: only a parent word beyond `Inspur`
        "Inspur Group",
    ],
)
def test_no_lead_on_a_name_broader_than_the_listed_one(screener: Screener, name: str) -> None:
    assert leads(screener.screen(Party(name=name, country="CN"))) == []
