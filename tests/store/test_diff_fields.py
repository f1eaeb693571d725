"""The diff of the real 2023 CSV and 2026 JSON Denied Persons rows: a party whose address
changed is one change, and changed fields are named in words, with before and after."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from entitylist.model import Entry
from entitylist.sources.csl import CslSource
from entitylist.store import SnapshotInfo, StoredEntry
from entitylist.store.diff import Diff, base_key, diff_entries, shown


def dpl(path: Path, first_id: int) -> list[StoredEntry]:
    source = CslSource()
    entries = [e for e in source.parse(source.fetch(str(path))).entries if e.list_code == "DPL"]
    return [StoredEntry(first_id + i, "csl", e.content_hash(), e) for i, e in enumerate(entries)]


def snapshot(i: int, count: int) -> SnapshotInfo:
    when = datetime(2023 + 3 * (i - 1), 1, 1, tzinfo=UTC)
    return SnapshotInfo(i, "csl", "file", when, "x" * 64, count, count, {"DPL": count}, [], False)


@pytest.fixture(scope="module")
def diff(shared_data: Path) -> Diff:
    old = dpl(shared_data / "csl" / "consolidated_2023-11-30.csv", 1)
    new = dpl(shared_data / "csl" / "2026" / "consolidated_2026-07-31.json", 10_000)
    return diff_entries("csl", snapshot(1, len(old)), old, snapshot(2, len(new)), new)


def names(entries: list[StoredEntry]) -> set[str]:
    return {s.entry.name for s in entries}


def test_a_party_at_a_new_address_is_one_change(diff: Diff) -> None:
    # Same-named orders are keyed apart by their addresses; the 2026 file keeps only the
    # country, so every such key changed. Paired by name, none is both removed and added.
    assert names(diff.added) & names(diff.removed) == set()
    moved = [c for c in diff.changed if c.before.key != c.after.key]
    assert len(moved) >= 12
    assert all(base_key(c.before.key) == base_key(c.after.key) for c in moved)
    assert all(any(f.field == "addresses" for f in c.fields) for c in moved)


def test_changed_fields_are_published_fields_in_words(diff: Diff) -> None:
    seen = {f.field for c in diff.changed for f in c.fields}
    assert not seen & {"extra", "source_id", "raw", "key", "derived_id"}
    assert "end_date" in seen  # the 2026 file keeps no end dates
    change = next(f for c in diff.changed for f in c.fields if f.field == "end_date")
    assert change.label == "end date"
    assert change.before is not None and change.after is None
    assert shown(change.after) == "(none)"
    data = diff.to_dict()
    item = next(c for c in data["changed"] if c["fields"])
    assert {"field", "label", "before", "after"} <= set(item["fields"][0])


def test_blank_country_us_rows_are_us_and_marked(diff: Diff) -> None:
    old: list[Entry] = [c.before.entry for c in diff.changed] + [s.entry for s in diff.removed]
    inferred = [e for e in old if "country_inferred" in e.extra]
    assert len(inferred) > 200
    sample = next(e for e in inferred if e.addresses[0].text.endswith("EL PASO, TX, 79905"))
    assert sample.countries == ("US",)
    assert "inferred" in sample.extra["country_inferred"]
    malformed = [e for e in old if e.addresses and e.addresses[0].text.endswith("NH, 031016")]
    assert malformed and all(not e.countries for e in malformed)
