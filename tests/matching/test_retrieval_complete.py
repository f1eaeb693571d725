"""Pruned retrieval loses no alert: on the real UN list, `search` (lookups, posting lists
read shortest first, score bounds, `candidates` names scored) returns the same
alert-level entries, with the same scores, as scoring every indexed name
(`search_exhaustive`); on the real 2026 CSL and OFAC SDN list, which list many parties
twice, a name screened as listed is scored for every entry that carries it. Speed work
on retrieval must keep this true."""

from __future__ import annotations

import csv
import itertools
import random
from collections import defaultdict
from pathlib import Path

import pytest

from entitylist.matching import IndexRecord, MatchIndex, Query
from list_records import published_records

QUERIES = 250


def _queries(shared_data: Path) -> list[str]:
    """Treated UN names (typos, swaps, reordering) and unlisted persons, mixed."""
    yente = shared_data / "benchmarks" / "yente"
    with (yente / "positives_un_treated.csv").open(encoding="utf-8", newline="") as fh:
        positives = [row["full_name"] for row in csv.DictReader(fh)]
    with (yente / "negatives_global.csv").open(encoding="utf-8", newline="") as fh:
        negatives = [row["full_name"] for row in itertools.islice(csv.DictReader(fh), 2000)]
    rng = random.Random(13)
    return rng.sample(positives, 200) + rng.sample(negatives, QUERIES - 200)


@pytest.fixture(scope="module")
def queries(shared_data: Path) -> list[str]:
    return _queries(shared_data)


def test_pruned_retrieval_returns_every_alert(un_index: MatchIndex, queries: list[str]) -> None:
    alert = un_index.thresholds.alert
    assert len(queries) >= QUERIES
    alerted = 0
    for name in queries:
        query = Query(name)
        fast = {m.ref: m.score for m in un_index.search(query, threshold=alert, limit=1000)}
        full = {
            m.ref: m.score for m in un_index.search_exhaustive(query, threshold=alert, limit=1000)
        }
        assert fast == pytest.approx(full), name
        alerted += bool(full)
    assert alerted >= 150  # the set exercises real alerts, not only empty answers


@pytest.fixture(scope="module")
def two_lists(shared_data: Path) -> list[IndexRecord]:
    """The 2026 CSL and the 2021 OFAC SDN list, which repeat each other's entries (and the
    CSL repeats the Entity List's entries on the SSI list)."""
    return [
        record
        for name, location in (
            ("csl", "csl/2026/consolidated_2026-07-31.json"),
            ("ofac", "ofac_sdn/2021-07_complete"),
        )
        for record in published_records(shared_data / location, name, ref_prefix=f"{name}|")
    ]


def test_a_name_listed_on_several_entries_is_scored_for_each_of_them(
    two_lists: list[IndexRecord],
) -> None:
    """A listed name screened as listed reaches every entry that carries it, however many
    names look alike to retrieval's estimate: `GAZPROM TRANSGAZ STAVROPOL` (Entity List
    and SSI) among its sister companies' names, which hold two of its three words, and
    `MUHAMMAD, Jami' 'Ali` among the thousands of names with `Muhammad` and `Ali`, and a
    name read as legal forms only: the aircraft `EP-MMC`, the alias `ASBL`."""
    index = MatchIndex.build(two_lists)
    entries: dict[str, set[str]] = defaultdict(set)
    for record in two_lists:
        for name in record.names:
            entries[name.casefold()].add(record.ref)
    shared = {n: refs for n, refs in entries.items() if len(refs) > 1}
    assert len(shared) > 15_000
    lost = {}
    for name, refs in shared.items():
        found = {m.ref for m in index.search(Query(name), threshold=0.5, limit=1000)}
        if refs - found:
            lost[name] = sorted(refs - found)
    assert lost == {}
