"""Entries in force are read when needed: a one-name screening reads its hits only."""

from __future__ import annotations

import pytest

from entitylist.screening import Party, Screener
from entitylist.screening.entries import EntriesInForce
from entitylist.settings import Settings
from entitylist.store import Store


def test_a_screening_reads_the_entries_of_its_hits_only(
    csl_store: Store, csl_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    screener = Screener(csl_store, csl_settings)
    screener.refresh()  # may read all entries once, to build a missing index
    listed = next(s for s in csl_store.entries_in_force() if s.entry.list_code == "EL")

    read_in_full = csl_store.entries_in_force

    def some_lists_only(*args: object, lists: object = None, **kwargs: object) -> object:
        # The affiliate-lead pass reads the Entity List and MEU entries, and nothing else.
        if lists is None:
            raise AssertionError("a one-name screening must not read every entry")
        return read_in_full(*args, lists=lists, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(csl_store, "entries_in_force", some_lists_only)
    result = Screener(csl_store, csl_settings).screen(Party(name=listed.entry.names[0]))
    assert listed.id in [hit.stored.id for hit in result.hits]


def test_a_walk_over_all_entries_reads_them_all(csl_store: Store) -> None:
    current = csl_store.current()
    entries = EntriesInForce(csl_store, current)
    stored = csl_store.entries_in_force(snapshots=current)
    assert len(entries) == len(stored) == sum(s.entry_count for s in current.values())
    assert sorted(entries) == sorted(str(s.id) for s in stored)
    some = stored[17]
    assert EntriesInForce(csl_store, current)[str(some.id)] == some


def test_an_unknown_ref_is_a_key_error(csl_store: Store) -> None:
    entries = EntriesInForce(csl_store, csl_store.current())
    assert "999999999" not in entries
    assert "not-a-ref" not in entries
    with pytest.raises(KeyError):
        entries["999999999"]
