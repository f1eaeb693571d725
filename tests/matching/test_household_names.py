"""Real companies that are not listed must not alert on the real lists, and the listed
ones an ERP abbreviates must (the 2026 CSL and the 2021 OFAC SDN list, ../shared/data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitylist.matching import MatchIndex, Query
from list_records import published_records

LISTS = (
    ("csl", "csl/2026/consolidated_2026-07-31.json"),
    ("ofac", "ofac_sdn/2021-07_complete"),
)


@pytest.fixture(scope="module")
def lists_index(shared_data: Path) -> MatchIndex:
    records = [
        record
        for name, location in LISTS
        for record in published_records(shared_data / location, name, ref_prefix=f"{name}|")
    ]
    return MatchIndex.build(records)


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("Intel Nederland BV", "`Intel` is not a cut of `International`"),
        ("Arm USA Inc", "`USA` is one word, not `United ... State`"),
        ("Venture GmbH", "a company with a legal form is not the vessel VENTURE"),
        ("Dell Technologies (HK) Ltd", "`Dell` ~ `Well` is one letter of four"),
        ("Cemex GmbH", "`Cemex` ~ `Cimex` is one letter of five"),
        ("Cisco", "`Cisco` ~ `Zisco` starts with another letter"),
        ("Vistra Corp.", "`Vistra` ~ the vessel `Vista`"),
        ("Казахтелеком", "`Kazakhtelecom` ~ `Gaztelekom` starts with another letter"),
        ("=1+1", "a name without letters"),
    ],
)
def test_household_names_do_not_alert(lists_index: MatchIndex, query: str, why: str) -> None:
    found = lists_index.search(Query(query))
    assert all(m.level != "alert" for m in found), (why, [m.matched_name for m in found])


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Mahan Airlines", "MAHAN AIR"),
        ("Dawning Info Industry Co", "Dawning Information Industry Co., Ltd"),
    ],
)
def test_abbreviated_listed_names_alert(lists_index: MatchIndex, query: str, listed: str) -> None:
    found = lists_index.search(Query(query))
    assert found and found[0].level == "alert"
    assert any(m.matched_name.casefold() == listed.casefold() for m in found)


def test_lone_word_matched_by_spelling_is_explained(lists_index: MatchIndex) -> None:
    found = lists_index.search(Query("Cisco"))
    assert found
    assert found[0].explanation.feature("lone_word") < 0


@pytest.mark.parametrize(
    ("query", "listed", "feature"),
    [
        # one distinctive word by spelling only, the names otherwise different
        ("Walmart", "WELMART GROUP LIMITED", "lone_word"),
        ("Moderna", "MODERN TECHNOLOGIES LIMITED LIABILITY COMPANY", "lone_word"),
        # a listed name of one word inside a longer one
        ("SEI Investments", "SEI", "contained"),
        ("Schneider Electric", "Schneider GMBH", "contained"),
        ("Vimpel Communications", "Vimpel", "contained"),
    ],
)
def test_real_companies_near_a_listed_name_are_review(
    lists_index: MatchIndex, query: str, listed: str, feature: str
) -> None:
    found = [m for m in lists_index.search(Query(query)) if m.matched_name == listed]
    assert found and found[0].level == "review"
    assert found[0].explanation.feature(feature) < 0


def test_a_typo_inside_an_otherwise_listed_name_still_alerts(lists_index: MatchIndex) -> None:
    found = lists_index.search(Query("Brilliandce Technology Ltd"))
    assert found and found[0].level == "alert"
    assert found[0].matched_name == "Brilliance Technology Ltd"


def test_the_one_word_listed_name_itself_still_alerts(lists_index: MatchIndex) -> None:
    found = lists_index.search(Query("SEI"))
    assert found and found[0].level == "alert"


def test_a_weaker_contained_match_keeps_its_review(lists_index: MatchIndex) -> None:
    found = [
        m for m in lists_index.search(Query("China CSSC Holdings")) if m.matched_name == "CSSC"
    ]
    assert found and found[0].level == "review"
    assert found[0].explanation.feature("contained") == 0
