"""A few checks on real published lists (../shared/data), parsed by the project's sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitylist.matching import IndexRecord, MatchIndex, Query
from entitylist.sources import get_source


@pytest.fixture(scope="module")
def un_index(shared_data: Path) -> MatchIndex:
    source = get_source("un")
    result = source.parse(source.fetch(str(shared_data / "un" / "UN_consolidated_2026-02-27.xml")))
    return MatchIndex.build(
        [
            IndexRecord(
                ref=e.key,
                list_code=e.list_code,
                entity_type=str(e.entry_type),
                names=e.names,
                countries=e.countries,
            )
            for e in result.entries
        ]
    )


@pytest.mark.parametrize(
    "query",
    [
        "SALEK, ABDULHAI",  # surname first, comma
        "ATTIIQULLAH AKHUND",  # doubled letter
        "HAFIZ ABUDL SALAM BHUTTAVI",  # swapped letters
        "AREFULLAHA REF GHAZI MOHAMMAD",  # space moved
    ],
)
def test_treated_un_names_alert_on_the_real_un_list(un_index: MatchIndex, query: str) -> None:
    found = un_index.search(Query(query))
    assert found and found[0].level == "alert", query


def test_unlisted_person_does_not_alert_on_the_real_un_list(un_index: MatchIndex) -> None:
    for name in ("Isabella Joaquin Torres", "Ingeborg Abrahamsen", "Kathryn Barr"):
        assert all(m.level != "alert" for m in un_index.search(Query(name)))
