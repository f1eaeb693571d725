"""A service's screener swaps in the index of a new snapshot while it keeps answering: every
screening is answered by the old index or the new one, never by none, and names the
snapshot that answered it; no request reads every entry or builds a pass."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from entitylist.screening import Party, Screener
from entitylist.screening import leads as leads_module
from entitylist.screening.index_cache import build_cached
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.store.ownership import OwnershipStore
from entitylist.updates.lists import update_source

NAME = "Al Naser Airlines"  # on the DPL of 2019 and of 2023


@pytest.fixture
def dpl(tmp_path: Path, shared_data: Path) -> tuple[Store, Settings]:
    settings = Settings(db_url=database_url(str(tmp_path / "s.sqlite")), data_dir=tmp_path)
    store = Store.open(settings.db_url)
    update_source(store, settings, "dpl", str(shared_data / "bis_dpl" / "dpl_2019-06-29.txt"))
    return store, settings


def _land_2023(store: Store, settings: Settings, shared_data: Path) -> int:
    """A new snapshot, with its index cached as `entitylist update` does."""
    update_source(store, settings, "dpl", str(shared_data / "bis_dpl" / "dpl_2023-11-30.txt"))
    build_cached(store, settings, store.current())
    return store.current()["dpl"].id


def test_every_screening_during_a_swap_is_answered_by_the_old_index_or_the_new(
    dpl: tuple[Store, Settings], shared_data: Path
) -> None:
    store, settings = dpl
    screener = Screener(store, settings, serving=True)
    old = screener.screen(Party(name=NAME)).snapshots["dpl"].id
    answered: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def requests() -> None:
        while not stop.is_set():
            try:
                result = screener.screen(Party(name=NAME))
                assert result.hits, "the listed name is found on either index"
            except BaseException as exc:  # any failure is what this test reports
                failures.append(exc)
                return
            answered.append(result.snapshots["dpl"].id)

    worker = threading.Thread(target=requests)
    worker.start()
    try:
        new = _land_2023(store, settings, shared_data)
        before = len(answered)
        assert screener.refresh(), "the new snapshot is swapped in"
        during = len(answered) - before
    finally:
        stop.set()
        worker.join()
    assert not failures
    assert set(answered) <= {old, new}
    # Once the new index answers, the old one never does again.
    assert answered == sorted(answered)
    assert during > 0, "screenings went on while the new index was loading"
    assert screener.screen(Party(name=NAME)).snapshots["dpl"].id == new != old


def test_no_screening_after_a_swap_reads_every_entry_or_builds_a_pass(
    dpl: tuple[Store, Settings], shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, settings = dpl
    screener = Screener(store, settings, serving=True)
    screener.screen(Party(name=NAME))
    read_all = store.entries_in_force

    def some_lists_only(*args: object, lists: object = None, **kwargs: object) -> object:
        if lists is None:
            raise AssertionError("a serving process must not read every entry in force")
        return read_all(*args, lists=lists, **kwargs)  # type: ignore[arg-type]

    new = _land_2023(store, settings, shared_data)  # by `entitylist update`: another process
    monkeypatch.setattr(store, "entries_in_force", some_lists_only)
    assert screener.refresh()

    def refused(*args: object, **kwargs: object) -> object:
        raise AssertionError("a request must not build or look up what the swap prepared")

    monkeypatch.setattr(leads_module, "build_leads", refused)
    monkeypatch.setattr(OwnershipStore, "current", refused)
    result = screener.screen(Party(name=NAME))
    assert result.snapshots["dpl"].id == new
    assert result.hits
