"""The Screener: ranked, explained hits against the lists in force; fail closed otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitylist.errors import InputError, NoListLoaded
from entitylist.screening import Party, Screener
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.updates.lists import update_source


def test_screening_with_no_list_loaded_is_an_error(tmp_path: Path) -> None:
    settings = Settings(db_url=database_url(str(tmp_path / "empty.sqlite")), data_dir=tmp_path)
    screener = Screener(Store.open(settings.db_url), settings)
    with pytest.raises(NoListLoaded, match="no list was in force"):
        screener.screen(Party(name="Anyone"))


def test_screening_against_a_list_that_is_not_loaded_is_an_error(
    csl_store: Store, csl_settings: Settings
) -> None:
    with pytest.raises(NoListLoaded, match="UN not loaded"):
        Screener(csl_store, csl_settings).screen(Party(name="Anyone"), lists=["EL", "UN"])


def test_a_party_needs_a_name(csl_store: Store, csl_settings: Settings) -> None:
    with pytest.raises(InputError, match="needs a name"):
        Screener(csl_store, csl_settings).screen(Party(name="  "))


def test_an_entity_list_hit_carries_licence_citation_and_snapshot(
    csl_store: Store, csl_settings: Settings
) -> None:
    result = Screener(csl_store, csl_settings).screen(
        Party(name="CHITRON ELECTRONICS CO LTD", country="CN")
    )
    top = result.hits[0]
    assert top.stored.entry.name.startswith("Chitron Electronics Company Ltd")
    assert top.alert and result.alert
    data = result.to_dict()
    hit = data["hits"][0]
    assert hit["list"] == "EL"
    assert hit["licence"]["policy"] == "presumption_of_denial"
    assert hit["licence"]["scope"] == "all_items_subject_to_ear"
    assert hit["citations"]
    assert hit["explanation"]
    assert data["snapshots"]["csl"]["id"] == csl_store.current()["csl"].id


def test_an_alias_match_names_the_alias(csl_store: Store, csl_settings: Settings) -> None:
    result = Screener(csl_store, csl_settings).screen(Party(name="Chi-Chuang Electronics Co"))
    top = result.hits[0]
    assert top.stored.entry.name.startswith("Chitron Electronics")
    assert top.match.matched_name.startswith("Chi-Chuang Electronics")
    assert not top.match.is_primary_name


def test_lists_restrict_the_hits(csl_store: Store, csl_settings: Settings) -> None:
    result = Screener(csl_store, csl_settings).screen(
        Party(name="Chitron Electronics Company Ltd"), lists=["SDN"]
    )
    assert all(h.stored.entry.list_code == "SDN" for h in result.hits)


def test_the_index_is_cached_and_rebuilt_when_a_snapshot_lands(
    tmp_path: Path, shared_data: Path
) -> None:
    settings = Settings(db_url=database_url(str(tmp_path / "s.sqlite")), data_dir=tmp_path)
    store = Store.open(settings.db_url)
    update_source(store, settings, "dpl", str(shared_data / "bis_dpl" / "dpl_2019-06-29.txt"))
    screener = Screener(store, settings)
    screener.refresh()
    cached = list(settings.cache_dir.glob("index-*"))
    assert len(cached) == 1
    assert not screener.refresh(), "no new snapshot: the loaded index stays"
    update_source(store, settings, "dpl", str(shared_data / "bis_dpl" / "dpl_2023-11-30.txt"))
    assert screener.refresh()
    assert len(list(settings.cache_dir.glob("index-*"))) == 2
    again = Screener(store, settings)
    assert again.loaded.snapshots["dpl"].id == screener.loaded.snapshots["dpl"].id


def test_a_threshold_above_the_alert_threshold_raises_it() -> None:
    from entitylist.matching import Thresholds
    from entitylist.screening.screener import chosen_thresholds

    default = Thresholds(alert=0.8, review=0.7)
    assert chosen_thresholds(default, 0.9, None) == Thresholds(alert=0.9, review=0.9)
    assert chosen_thresholds(default, 0.5, None) == Thresholds(alert=0.8, review=0.5)
    assert chosen_thresholds(default, None, None) == default
