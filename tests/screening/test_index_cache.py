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
from entitylist.screening.index_cache import (
    build_cached,
    build_in_child,
    cache_path,
    gc_paused,
    indexed_identifiers,
)
from entitylist.settings import Settings, database_url
from entitylist.sources import get_source
from entitylist.store import Store
from entitylist.updates.lists import update_source


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


def test_only_numbers_that_name_one_holder_are_indexed_as_identifiers(shared_data: Path) -> None:
    """VTB Bank's published ids (2023 CSL) hold a website, directive notes and dates beside
    its registration and SWIFT numbers: only the numbers are matched exactly."""
    source = get_source("csl")
    parsed = source.parse(source.fetch(str(shared_data / "csl" / "consolidated_2023-11-30.csv")))
    vtb = next(e for e in parsed.entries if e.names[0] == "VTB BANK PUBLIC JOINT STOCK COMPANY")
    kinds = {i.kind for i in vtb.identifiers}
    assert "Website" in kinds  # published, but not an identifier of the bank
    indexed = indexed_identifiers(vtb)
    assert indexed
    assert not any("www" in v.casefold() or "http" in v.casefold() for v in indexed)
    assert set(indexed) < {i.value for i in vtb.identifiers}
