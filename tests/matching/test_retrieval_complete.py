"""Pruned retrieval loses no alert: on the real UN list, `search` (lookups, posting lists
read shortest first, score bounds, `candidates` names scored) returns the same
alert-level entries, with the same scores, as scoring every indexed name
(`search_exhaustive`); on the real 2026 CSL, where one party is often listed twice (on
the Entity List and the SSI list), a name screened as listed finds every entry that
carries it. Speed work on retrieval must keep this true."""

from __future__ import annotations

import csv
import itertools
import random
from collections import defaultdict
from pathlib import Path

import pytest

from entitylist.matching import IndexRecord, MatchIndex, Query

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


def test_a_name_listed_on_several_entries_finds_each_of_them(
    csl_2026: MatchIndex, csl_2026_records: list[IndexRecord]
) -> None:
    """`GAZPROM TRANSGAZ STAVROPOL` is on the Entity List and the SSI list, with names
    that also hold most of its sister companies' words (`GAZPROM TRANSGAZ SURGUT`, ...):
    retrieval must not rank those above the entries that carry the query whole."""
    entries: dict[str, set[str]] = defaultdict(set)
    for record in csl_2026_records:
        if record.entity_type != "individual":
            for name in record.names:
                entries[name.casefold()].add(record.ref)
    shared = {name: refs for name, refs in entries.items() if len(refs) > 1}
    assert len(shared) > 2000
    alert = csl_2026.thresholds.alert
    lost = {}
    for name, refs in shared.items():
        found = {m.ref for m in csl_2026.search(Query(name), threshold=alert, limit=1000)}
        if refs - found:
            lost[name] = sorted(refs - found)
    assert lost == {}
