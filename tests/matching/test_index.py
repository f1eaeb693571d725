"""The candidate index: built once, searched many times, saved and loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitylist.matching import ENGINE_VERSION, IndexRecord, MatchIndex, Query

from .conftest import RECORDS


def refs(index: MatchIndex, name: str, **kw: object) -> list[str]:
    return [m.ref for m in index.search(Query(name, **kw))]  # type: ignore[arg-type]


def test_len_counts_records_not_names(index: MatchIndex) -> None:
    assert len(index) == 12
    assert index.name_count > len(index)


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        ("INSPUR TAIWAN CO LTD", "el-1"),
        ("Inspur Taiwan Company Limited", "el-1"),
        ("Huawei Technologies", "el-2"),
        ("\u041dUAWEI TECHNOLOGIES CO LTD", "el-2"),
        ("华为技术有限公司", "el-2"),
        ("Vladimir Putin", "sdn-1"),
        ("Putin, Vladimir", "sdn-1"),
        ("Vladimir Puttin", "sdn-1"),
        ("VladimirPutin", "sdn-1"),
        ("Владимир Путин", "sdn-1"),
        ("Usama bin Ladin", "sdn-2"),
        ("Al Qaida", "sdn-3"),
        ("Kim Jong-un", "sdn-4"),
        ("SALEK, ABDULHAI", "un-1"),
        ("JSC Tactical Missiles Corp.", "un-2"),
    ],
)
def test_listed_names_are_found_through_variations(index: MatchIndex, query: str, ref: str) -> None:
    country = (
        next(r.countries[0] for r in RECORDS if r.ref == ref and r.countries)
        if ref != "sdn-3"
        else None
    )
    found = index.search(Query(query, country=country))
    assert found, query
    assert found[0].ref == ref
    assert found[0].level == "alert", found[0].explanation.summary


def test_one_result_per_entry_with_its_best_name(index: MatchIndex) -> None:
    found = index.search(Query("Huawei"))
    assert [m.ref for m in found].count("el-2") == 1
    assert found[0].matched_name == "Huawei"
    assert not found[0].is_primary_name


def test_results_are_sorted_and_limited(index: MatchIndex) -> None:
    found = index.search(Query("Technology"), threshold=0.0, limit=3)
    assert len(found) <= 3
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_list_filter_restricts_results(index: MatchIndex) -> None:
    assert refs(index, "Vladimir Putin", lists=frozenset({"EL"})) == []
    assert refs(index, "Vladimir Putin", lists=frozenset({"SDN"})) == ["sdn-1"]


def test_threshold_is_configurable_per_call(index: MatchIndex) -> None:
    loose = index.search(Query("Inspur Global"), threshold=0.0)
    strict = index.search(Query("Inspur Global"), threshold=0.99)
    assert len(loose) > len(strict)


def test_search_many_equals_search_one_by_one(index: MatchIndex) -> None:
    queries = [Query("Inspur Taiwan"), Query("Putin"), Query("nothing like it")]
    batch = index.search_many(queries)
    assert [[m.ref for m in r] for r in batch] == [
        [m.ref for m in index.search(q)] for q in queries
    ]


def test_empty_and_punctuation_only_queries_find_nothing(index: MatchIndex) -> None:
    assert index.search(Query("")) == []
    assert index.search(Query("!!! ...")) == []


def test_index_save_load_round_trip(index: MatchIndex, tmp_path: Path) -> None:
    path = tmp_path / "index.bin"
    index.save(path)
    loaded = MatchIndex.load(path)
    assert len(loaded) == len(index)
    for name in ("Inspur Taiwan Co Ltd", "Putin", "Al Qaida", "华为"):
        a = index.search(Query(name), threshold=0.0)
        b = loaded.search(Query(name), threshold=0.0)
        assert [(m.ref, m.score, m.matched_name) for m in a] == [
            (m.ref, m.score, m.matched_name) for m in b
        ]


def test_an_index_from_another_engine_version_is_refused(index: MatchIndex, tmp_path: Path) -> None:
    path = tmp_path / "index.bin"
    index.save(path)
    index._s.engine_version = "0.0.0"  # simulate a file from an older engine
    try:
        index.save(tmp_path / "old.bin")
    finally:
        index._s.engine_version = ENGINE_VERSION
    with pytest.raises(ValueError, match="rebuild"):
        MatchIndex.load(tmp_path / "old.bin")


def test_retrieval_is_sublinear() -> None:
    # 5,000 distinct synthetic company names: a query reads a few posting lists only
    syllables = ["ka", "lo", "mi", "ren", "tu", "zan", "vo", "shi", "pe", "dra", "qui", "nex"]
    records = []
    for n in range(5000):
        a = syllables[n % 12] + syllables[(n // 12) % 12] + syllables[(n // 144) % 12]
        b = syllables[(n // 7) % 12] + syllables[(n // 3) % 12]
        records.append(IndexRecord(str(n), "EL", "entity", (f"{a} {b} Technology Co Ltd",)))
    index = MatchIndex.build(records)
    target = records[1234].names[0]
    retrieval = index.retrieve(Query(target))
    assert index.search(Query(target))[0].ref == "1234"
    assert len(retrieval.candidates) <= index.config.candidates
    assert retrieval.postings_read < index.name_count / 10
