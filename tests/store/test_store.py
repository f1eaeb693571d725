"""The versioned store: snapshots are atomic, nothing is overwritten, broken lists are refused.

Runs on SQLite and PostgreSQL (see the `store` fixture). Entries here are small inline
records; the real published files are loaded in tests/test_update.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from entitylist.errors import NotFound, UpdateRefused
from entitylist.model import Address, Entry, EntryType, ParseResult, SkippedRow
from entitylist.sources.base import Bundle, CountBounds
from entitylist.store import Store
from entitylist.store.schema import entry_versions, snapshot_entries, update_attempts

BOUNDS = CountBounds(min_entries=1)


def entry(n: int, name: str | None = None, country: str = "CN", **kw: object) -> Entry:
    return Entry(
        list_code=str(kw.pop("list_code", "EL")),
        source_id=f"id-{n}",
        key=f"EL:n:party-{n}",
        name=name or f"Party {n} Co., Ltd.",
        entry_type=EntryType.ENTITY,
        addresses=(Address(text=f"{n} Road, Beijing, {country}", country=country),),
        countries=(country,),
        start_date=date(2025, 3, 25),
        **kw,  # type: ignore[arg-type]
    )


def load(
    store: Store,
    entries: list[Entry],
    *,
    tag: str = "",
    force: bool = False,
    skipped: list[SkippedRow] | None = None,
    when: datetime | None = None,
):  # type: ignore[no-untyped-def]
    body = ("|".join(e.name for e in entries) + tag).encode()
    return store.apply_update(
        "csl",
        Bundle(files={"consolidated.csv": body}, origin="test"),
        ParseResult(entries=entries, skipped=skipped or [], rows_read=len(entries)),
        BOUNDS,
        max_shrink=0.2,
        max_skipped_fraction=0.05,
        force=force,
        retrieved_at=when,
    )


def count(store: Store, table: sa.Table) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_an_update_creates_a_snapshot_and_the_list_is_in_force(store: Store) -> None:
    outcome = load(store, [entry(i) for i in range(10)])
    assert outcome.status == "created"
    assert store.lists() == [
        {
            "list": "EL",
            "source": "csl",
            "entries": 10,
            "snapshot": outcome.snapshot.id,
            "retrieved_at": outcome.snapshot.retrieved_at.isoformat(),
            "published_at": None,  # loaded without a date, from rows that state none
            "publication_known": False,
            "publication": "publication date unknown (retrieved "
            f"{outcome.snapshot.retrieved_at.date().isoformat()})",
        }
    ]
    assert [s.entry.name for s in store.entries(outcome.snapshot.id)][:2] == [
        "Party 0 Co., Ltd.",
        "Party 1 Co., Ltd.",
    ]


def test_reloading_identical_content_records_unchanged_and_adds_no_rows(store: Store) -> None:
    first = load(store, [entry(i) for i in range(10)])
    rows = (count(store, entry_versions), count(store, snapshot_entries))
    again = load(store, [entry(i) for i in range(10)])
    reformatted = load(store, [entry(i) for i in range(10)], tag="(other bytes, same entries)")
    assert again.status == reformatted.status == "unchanged"
    assert again.snapshot.id == reformatted.snapshot.id == first.snapshot.id
    assert (count(store, entry_versions), count(store, snapshot_entries)) == rows
    assert len(store.snapshots()) == 1
    with store.engine.connect() as conn:
        outcomes = [r[0] for r in conn.execute(sa.select(update_attempts.c.outcome))]
    assert outcomes == ["created", "unchanged", "unchanged"]


def test_unchanged_entries_are_shared_between_snapshots(store: Store) -> None:
    load(store, [entry(i) for i in range(10)])
    second = load(store, [entry(i) for i in range(9)] + [entry(9, name="Party Nine Renamed Ltd")])
    assert second.status == "created"
    assert count(store, entry_versions) == 11  # ten, plus one new version of entry 9
    assert count(store, snapshot_entries) == 20


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        ([], "holds no entries"),
        ([entry(i) for i in range(7)], "shrink from 10 to 7"),
    ],
)
def test_a_broken_update_is_refused_and_the_list_in_force_stays(
    store: Store, entries: list[Entry], reason: str
) -> None:
    load(store, [entry(i) for i in range(10)])
    before = store.lists()
    with pytest.raises(UpdateRefused, match=reason):
        load(store, entries)
    assert store.lists() == before
    with store.engine.connect() as conn:
        refused = conn.execute(
            sa.select(update_attempts.c.reason).where(update_attempts.c.outcome == "refused")
        ).scalar_one()
    assert reason in refused


def test_force_overrides_the_shrink_bound_but_never_an_empty_list(store: Store) -> None:
    load(store, [entry(i) for i in range(10)])
    assert load(store, [entry(i) for i in range(7)], force=True).status == "created"
    with pytest.raises(UpdateRefused, match="no entries"):
        load(store, [], force=True)
    assert store.lists()[0]["entries"] == 7


def test_a_mostly_unreadable_download_is_refused(store: Store) -> None:
    skipped = [SkippedRow("consolidated.csv", i, "short row") for i in range(2, 5)]
    with pytest.raises(UpdateRefused, match=r"3 of 10 rows could not be read.*line 2: short row"):
        load(store, [entry(i) for i in range(7)], skipped=skipped)
    assert store.lists() == []


def test_diff_reports_added_removed_and_field_level_changes(store: Store) -> None:
    first = load(store, [entry(i) for i in range(5)])
    second = load(
        store,
        [
            entry(0),
            entry(1),
            entry(2, country="IR"),
            entry(3),
            entry(5, country="RU"),
            entry(6, country="RU"),
        ],
    )
    d = store.diff("csl")
    assert (d.from_snapshot.id, d.to_snapshot.id) == (first.snapshot.id, second.snapshot.id)
    assert [s.entry.name for s in d.added] == ["Party 5 Co., Ltd.", "Party 6 Co., Ltd."]
    assert [s.entry.name for s in d.removed] == ["Party 4 Co., Ltd."]
    [changed] = d.changed
    assert {f.field: (f.before, f.after) for f in changed.fields}["countries"] == (["CN"], ["IR"])
    assert d.to_snapshot.entry_count == d.from_snapshot.entry_count + len(d.added) - len(d.removed)
    data = d.to_dict()
    assert data["counts"]["by_list"] == {"EL": {"added": 2, "removed": 1, "changed": 1}}
    assert data["counts"]["by_country"]["RU"] == {"added": 2, "removed": 0, "changed": 0}
    assert data["summary"]["unchanged"] == 3


def test_diff_needs_two_snapshots(store: Store) -> None:
    load(store, [entry(1)])
    with pytest.raises(NotFound, match="only one snapshot"):
        store.diff("csl")


def test_history_follows_an_entry_across_snapshots(store: Store) -> None:
    times = [datetime(2025, m, 1, tzinfo=UTC) for m in (1, 2, 3)]
    load(store, [entry(i) for i in range(5)], when=times[0])
    load(store, [entry(i) for i in range(5)] + [entry(7)], when=times[1])
    load(store, [entry(i) for i in range(5)] + [entry(7, name="Party Seven Ltd")], when=times[2])
    stored = store.get("EL:n:party-7")
    points = store.history(stored)
    assert [p.present for p in points] == [False, True, True]
    assert points[1].content_hash != points[2].content_hash
    assert store.current(as_of=times[1])["csl"].retrieved_at == times[1]


def test_entries_are_found_by_entry_id_key_or_published_id(store: Store) -> None:
    load(store, [entry(i) for i in range(3)])
    by_key = store.get("EL:n:party-1")
    assert store.get("id-1").id == by_key.id
    assert store.get(str(by_key.id)).entry.key == "EL:n:party-1"
    with pytest.raises(NotFound):
        store.get("no-such-entry")
