"""The cached index: built once per set of snapshots, by `update` or by a child process,
never by a service process itself; loaded with the cyclic collector held off."""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path

import pytest

from entitylist.errors import EntitylistError
from entitylist.matching import MatchIndex
from entitylist.screening import Party, Screener
from entitylist.screening.index_cache import build_cached, build_in_child, cache_path, gc_paused
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.updating import update_source


@pytest.fixture
def dpl(tmp_path: Path, shared_data: Path) -> tuple[Store, Settings]:
    settings = Settings(db_url=database_url(str(tmp_path / "s.sqlite")), data_dir=tmp_path)
    store = Store.open(settings.db_url)
    update_source(store, settings, "dpl", str(shared_data / "bis_dpl" / "dpl_2019-06-29.txt"))
    return store, settings


def _never_build(*args: object, **kwargs: object) -> MatchIndex:
    raise AssertionError("this process must not build an index")


def test_a_built_index_is_cached_and_loaded_the_next_time(
    dpl: tuple[Store, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, settings = dpl
    current = store.current()
    first = build_cached(store, settings, current)
    path = cache_path(settings, current)
    assert path.exists()
    monkeypatch.setattr(MatchIndex, "build", _never_build)
    again = build_cached(store, settings, current)
    assert len(again) == len(first)


def test_a_service_screener_has_its_index_built_in_a_child_process(
    dpl: tuple[Store, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, settings = dpl
    local = Screener(store, settings).screen(Party(name="Adrian Manuel Hernandez"))
    for stale in settings.cache_dir.glob("index-*"):
        stale.unlink()
    monkeypatch.setattr(MatchIndex, "build", _never_build)
    served = Screener(store, settings, serving=True).screen(Party(name="Adrian Manuel Hernandez"))
    assert cache_path(settings, store.current()).exists()
    assert local.hits, "the query must find something for the comparison to mean anything"
    assert [(h.stored.id, h.match.score) for h in served.hits] == [
        (h.stored.id, h.match.score) for h in local.hits
    ]


def test_a_failed_child_build_says_why(dpl: tuple[Store, Settings]) -> None:
    store, settings = dpl
    current = store.current()
    missing = {"dpl": replace(current["dpl"], id=9999)}
    with pytest.raises(EntitylistError, match=r"building the screening index failed: .*9999"):
        build_in_child(settings, missing)


def test_a_corrupt_cache_file_is_rebuilt(dpl: tuple[Store, Settings]) -> None:
    store, settings = dpl
    current = store.current()
    path = cache_path(settings, current)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not an index")
    assert len(build_cached(store, settings, current)) == current["dpl"].entry_count
    assert MatchIndex.load(path)


def test_gc_is_held_off_while_loading_and_restored_after() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
