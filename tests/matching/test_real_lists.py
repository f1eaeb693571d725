"""A few checks on real published lists (../shared/data), parsed by the project's sources."""

from __future__ import annotations

import pytest

from entitylist.matching import MatchIndex, Query


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
