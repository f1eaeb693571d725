"""Ownership snapshots are versioned like lists: each import is a snapshot, the newest of a
data set is in force, two can be compared. Runs on SQLite and PostgreSQL; the data is the
real GLEIF samples."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from entitylist.ownership.formats import read_ownership
from entitylist.store import Store
from entitylist.store.ownership import OwnershipStore, ownership_links


def test_each_import_is_a_snapshot_and_the_newest_is_in_force(
    store: Store, shared_data: Path
) -> None:
    gleif = shared_data / "ownership" / "gleif"
    owner = OwnershipStore(store.engine)
    first = owner.add("gleif", "rr-data.xml", read_ownership(gleif / "rr-data.xml"))
    second = owner.add(
        "gleif", "rr-updates-data2.xml", read_ownership(gleif / "rr-updates-data2.xml")
    )
    assert first.counts["links"] == 10 and second.counts["links"] == 11
    in_force = owner.in_force()
    assert in_force.snapshots == {"gleif": second}
    assert len(in_force.links) == 11
    before = owner.in_force(as_of=first.imported_at + timedelta(microseconds=1))
    assert before.snapshots["gleif"].id in {first.id, second.id}
    assert owner.in_force(as_of=datetime(2000, 1, 1, tzinfo=UTC)).links == []
    with store.engine.connect() as conn:  # nothing overwritten: both versions are kept
        assert conn.execute(sa.select(sa.func.count()).select_from(ownership_links)).scalar() == 21


def test_two_snapshots_compare(store: Store, shared_data: Path) -> None:
    gleif = shared_data / "ownership" / "gleif"
    owner = OwnershipStore(store.engine)
    owner.add("gleif", "a", read_ownership(gleif / "rr-updates-data2.xml"))
    owner.add("gleif", "b", read_ownership(gleif / "rr-updates-data2-new.xml"))
    found = owner.diff("gleif")
    old = {(x.owner, x.owned, x.relationship) for x in owner.links([found.from_id])}
    new = {(x.owner, x.owned, x.relationship) for x in owner.links([found.to_id])}
    assert {(x.owner, x.owned, x.relationship) for x in found.added} == new - old
    assert {(x.owner, x.owned, x.relationship) for x in found.removed} == old - new


def test_parties_keep_their_names_across_data_sets(store: Store, shared_data: Path) -> None:
    owner = OwnershipStore(store.engine)
    owner.add("gleif-rr", "rr", read_ownership(shared_data / "ownership/gleif/rr-data.xml"))
    owner.add("gleif-lei", "lei", read_ownership(shared_data / "ownership/gleif/lei-data.xml"))
    parties = owner.in_force().parties
    assert parties["LEI:001GPB6A9XPE8XJICC14"].name == (
        "Fidelity Advisor Leveraged Company Stock Fund"
    )
