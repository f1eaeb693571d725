"""FollowTheMoney out and in, on the real lists: the 2026 CSL, the UN list, the 2023 DPL,
OFAC's SDN set of 2021 and its non-SDN set (every US source of the shared data) exported as
FtM entities (each validated by the followthemoney library), and the file re-imported as a
source: the same names screen to the same parties."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from followthemoney import model

from entitylist.ftm.export import entity_id
from entitylist.ftm.lists import export_lists
from entitylist.matching import MatchIndex, Query
from entitylist.model import ParseResult
from entitylist.screening.index_cache import index_record
from entitylist.settings import Settings
from entitylist.sources import get_source
from entitylist.sources.base import Bundle
from entitylist.store import Store, StoredEntry
from entitylist.updates.lists import update_source

LISTS = {
    "csl": Path("csl") / "2026" / "consolidated_2026-07-31.json",
    "un": Path("un") / "UN_consolidated_2026-02-27.xml",
    "dpl": Path("bis_dpl") / "dpl_2023-11-30.txt",
    "ofac": Path("ofac_sdn") / "2021-07_complete",
    "ofac-cons": Path("ofac_cons"),
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> tuple[Store, Path]:
    folder = tmp_path_factory.mktemp("ftm")
    url = f"sqlite:///{folder / 'db.sqlite'}"
    store, settings = Store.open(url), Settings.load(url, environ={})
    for source, path in LISTS.items():
        update_source(
            store, settings, source, str(shared_data / path), published_at=datetime.now(UTC)
        )
    out = folder / "lists.ftm.json"
    result = export_lists(store, out)
    assert result.invalid == []
    return store, out


def test_every_entity_validates_with_followthemoney(exported: tuple[Store, Path]) -> None:
    store, path = exported
    in_force = store.entries_in_force()
    lines = path.read_text("utf-8").splitlines()
    assert len(lines) == 2 * len(in_force)
    schemata = {}
    for line in lines:
        data = json.loads(line)
        schema = model.get(data["schema"])
        assert schema is not None and schema.validate(data) is None, data["id"]
        schemata[data["schema"]] = schemata.get(data["schema"], 0) + 1
    assert set(schemata) >= {"Person", "Company", "Organization", "Vessel", "Sanction"}
    assert schemata["Sanction"] == len(in_force)


def test_a_sanction_carries_program_authority_dates_and_link(exported: tuple[Store, Path]) -> None:
    _, path = exported
    by_id = {d["id"]: d for d in map(json.loads, path.read_text("utf-8").splitlines())}
    party = by_id[entity_id("EL:n:inspur-taiwan")]
    assert party["properties"]["name"] == ["Inspur Taiwan"]
    assert party["properties"]["country"] == ["tw"]
    sanction = by_id[party["id"] + "-sanction"]["properties"]
    assert sanction["authority"] == ["Bureau of Industry and Security"]
    assert sanction["programId"] == ["EL"] and sanction["reason"] == ["90 FR 14046"]
    assert sanction["sourceUrl"][0].startswith("https://")
    assert "startDate" not in sanction  # the 2026 file publishes none; nothing is made up
    dated = next(
        d["properties"]
        for d in by_id.values()
        if d["schema"] == "Sanction" and d["properties"].get("startDate")
    )
    assert dated["startDate"][0][:2] in ("19", "20")


def reimported(path: Path) -> ParseResult:
    source = get_source("ftm:US")
    assert source.name == "ftm-us"
    return source.parse(Bundle(files={"lists.ftm.json": path.read_bytes()}, origin=str(path)))


def test_reimport_keeps_every_party(exported: tuple[Store, Path]) -> None:
    store, path = exported
    result = reimported(path)
    in_force = store.entries_in_force()
    assert len(result.entries) == len(in_force)
    assert result.skipped == []  # sanctions join their parties; nothing else is in the file
    assert {e.source_id for e in result.entries} == {entity_id(s.entry.key) for s in in_force}
    assert all(e.list_code == "US" for e in result.entries)


def test_reimported_names_screen_to_the_same_parties(exported: tuple[Store, Path]) -> None:
    store, path = exported
    original = [s for s in store.entries_in_force() if s.entry.list_code in ("EL", "DPL", "UN")]
    wanted = {entity_id(s.entry.key) for s in original}
    again = [e for e in reimported(path).entries if e.source_id in wanted]
    assert len(again) == len(original)
    stored_again = [StoredEntry(i, "ftm-us", "", e) for i, e in enumerate(again)]
    before = MatchIndex.build([index_record(s) for s in original])
    after = MatchIndex.build([index_record(s) for s in stored_again])
    by_ref_before = {str(s.id): s.entry for s in original}
    by_ref_after = {str(s.id): s.entry for s in stored_again}
    inspur = next(s for s in original if s.entry.name == "Inspur Taiwan")
    sample = [*random.Random(12).sample(original, 200), inspur]
    for s in sample:
        country = s.entry.countries[0] if s.entry.countries else None
        query = Query(name=s.entry.name, country=country)
        found_before = before.search(query, limit=50)
        found_after = after.search(query, limit=50)
        best = found_before[0].score
        # Same-named entries tie: the parties scoring best are compared as a set.
        tops_before = {entity_id(by_ref_before[m.ref].key) for m in found_before if m.score == best}
        tops_after = {by_ref_after[m.ref].source_id for m in found_after if m.score == best}
        assert round(found_after[0].score, 4) == round(best, 4), s.entry.name
        assert tops_after == tops_before, s.entry.name
