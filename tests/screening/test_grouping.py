"""Hits grouped by the real listed party behind them, on the real published files: the
CSL and the DPL of 30 November 2023, and OFAC's SDN list of July 2021."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from entitylist.screening.grouping import compact_name, group_hits, load_rules, parse_rules
from entitylist.settings import Settings, database_url
from entitylist.store import Store, StoredEntry
from entitylist.updates.lists import update_source

CIMEX_SDN = {"535": "CIMEX", "537": "CIMEX, S.A.", "551": "COMERCIAL CIMEX, S.A."}
CIMEX_SDN["576"] = "CORPORACION CIMEX, S.A."


@pytest.fixture(scope="module")
def rows(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path
) -> Iterator[list[StoredEntry]]:
    root = tmp_path_factory.mktemp("grouping")
    settings = Settings(db_url=database_url(str(root / "el.sqlite")), data_dir=root)
    store = Store.open(settings.db_url)
    for source, path in (
        ("csl", shared_data / "csl" / "consolidated_2023-11-30.csv"),
        ("dpl", shared_data / "bis_dpl" / "dpl_2023-11-30.txt"),
        ("ofac", shared_data / "ofac_sdn" / "2021-07_complete"),
    ):
        # the 2023 CSL export ends inside a quoted field as published
        update_source(store, settings, source, str(path), accept_truncated=source == "csl")
    try:
        yield store.entries_in_force()
    finally:
        store.close()


def al_naser(rows: list[StoredEntry], *sources: str) -> list[StoredEntry]:
    return [
        s
        for s in rows
        if s.source in sources
        and s.entry.list_code == "DPL"
        and compact_name(s.entry.name) == "alnaserairlines"
    ]


def by_id(entry: StoredEntry) -> StoredEntry:
    return entry


@pytest.mark.parametrize("sources", [("dpl",), ("csl",), ("csl", "dpl")])
def test_al_naser_airlines_is_one_alert_from_either_source_or_both(
    rows: list[StoredEntry], sources: tuple[str, ...]
) -> None:
    found = al_naser(rows, *sources)
    addresses = {a.text for s in found for a in s.entry.addresses}
    assert len(found) == 10 * len(sources), "the DPL publishes 10 rows: 4 addresses x spellings"
    assert len(addresses) >= 4
    (group,) = group_hits(found, by_id)
    assert group.rows == len(found)
    assert sorted(s.id for s in group.entries) == sorted(s.id for s in found)
    text = group.explanation()
    assert "one row per address" not in text  # the rule's source note is not the reason
    assert "Denied Persons List publishes a denial order once per address" in text
    assert "2023-10-31" in text and "80 FR 30435" in text
    if len(sources) == 2:
        assert "published by both csl and dpl" in text


def test_the_party_key_is_the_same_whichever_source_the_rows_came_from(
    rows: list[StoredEntry],
) -> None:
    keys = {group_hits(al_naser(rows, source), by_id)[0].key for source in ("csl", "dpl")}
    assert len(keys) == 1


def test_the_cimex_sdn_entries_stay_separate_alerts(rows: list[StoredEntry]) -> None:
    cimex = [s for s in rows if s.entry.list_code == "SDN" and s.entry.source_id in CIMEX_SDN]
    groups = group_hits(cimex, by_id)
    assert len(groups) == 4, "four SDN entries, each with its own number"
    for group in groups:
        assert {s.source for s in group.entries} == {"csl", "ofac"}
        assert len({s.entry.source_id for s in group.entries}) == 1
        assert "under the same entry key" in group.explanation()


def test_distinct_denial_orders_of_one_name_stay_distinct(rows: list[StoredEntry]) -> None:
    """I. ASH is on the DPL under two orders (2002 and 2003): two alerts, not one."""
    ash = [s for s in rows if s.source == "dpl" and compact_name(s.entry.name) == "iash"]
    groups = group_hits(ash, by_id)
    assert len(groups) == 2
    starts = {str(g.entries[0].entry.start_date) for g in groups}
    assert starts == {"2002-03-04", "2003-06-19"}


def test_a_single_row_is_its_own_group_and_order_is_kept(rows: list[StoredEntry]) -> None:
    picked = [s for s in rows if s.source == "ofac"][:3]
    groups = group_hits(picked, by_id)
    assert [g.best for g in groups] == picked
    assert all(g.explanation() == "one row of one list" for g in groups)


def test_the_rule_file_is_checked() -> None:
    assert "DPL" in load_rules().many_rows
    bad = {"same_entry": {"explain": "x", "source": "y"}}
    bad["one_party_many_rows"] = {"DPL": {"same": ["colour"], "explain": "x", "source": "y"}}
    with pytest.raises(ValueError, match=r"one_party_many_rows\.DPL\.same: unknown field"):
        parse_rules(bad, "grouping.yml")


def test_compact_names_ignore_case_spaces_and_punctuation() -> None:
    assert compact_name("AL-NASER  AIRLINES") == compact_name("ALNASER AIRLINES")
    assert compact_name("Société Générale") == "societegenerale"


def test_a_screening_result_carries_its_hits_grouped(
    csl_store: Store, csl_settings: Settings
) -> None:
    from entitylist.screening import Party, Screener

    result = Screener(csl_store, csl_settings).screen(Party(name="AL NASER AIRLINES"), limit=20)
    groups = result.to_dict()["groups"]
    airline = {
        h.stored.id
        for h in result.hits
        if h.stored.entry.list_code == "DPL"
        and compact_name(h.stored.entry.name) == "alnaserairlines"
    }
    (denied,) = [g for g in groups if airline & set(g["entry_ids"])]
    assert set(denied["entry_ids"]) == airline and len(airline) == 10 and denied["alert"]
    assert sum(g["rows"] for g in groups) == len(result.hits), "every hit is in one group"
