"""Pruned retrieval loses no alert: on the real UN list, `search` (lookups, posting lists
read shortest first, score bounds, `candidates` names scored) returns the same
alert-level entries, with the same scores, as scoring every indexed name
(`search_exhaustive`). Speed work on retrieval must keep this true."""

from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

import pytest

from entitylist.matching import MatchIndex, Query

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
