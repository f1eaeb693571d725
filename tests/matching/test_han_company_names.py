"""Chinese company names written in Han script, against the real 2026 CSL (../shared/data):
each finds its listed entry, or the result says the name was screened only partly."""

from __future__ import annotations

import pytest

from entitylist.matching import DEFAULT_NORMALIZER, IndexRecord, MatchIndex, NameKind, Query


@pytest.fixture(scope="module")
def primary(csl_2026_records: list[IndexRecord]) -> dict[str, str]:
    """Each entry's listed name, by its ref."""
    return {r.ref: r.names[0] for r in csl_2026_records}


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("华为技术有限公司", "Huawei Technologies Co., Ltd."),
        ("四川大学", "Sichuan University"),
        ("北京航空航天大学", "Beijing University of Aeronautics and Astronautics (BUAA)"),
        ("深圳市佳思博科技有限公司", "SHENZHEN JIASIBO TECHNOLOGY CO., LTD."),
    ],
)
def test_han_company_name_alerts_on_its_listed_entry(
    csl_2026: MatchIndex, primary: dict[str, str], query: str, listed: str
) -> None:
    found = [m for m in csl_2026.search(Query(query)) if m.level == "alert"]
    assert found, query
    names = {primary[m.ref].casefold() for m in found}
    assert listed.casefold() in names, (query, names)


def test_brand_word_written_by_translation_is_screened_only_partly(
    csl_2026: MatchIndex, primary: dict[str, str]
) -> None:
    # the lists write 浪潮 as Inspur; `Langchao` appears only on other Inspur entries
    found = csl_2026.search(Query("浪潮集团有限公司"))
    reading = DEFAULT_NORMALIZER.han_reading("浪潮集团有限公司")
    inspur_group = any(
        m.level == "alert" and primary[m.ref] == "Inspur Group Co., Ltd." for m in found
    )
    assert inspur_group or (reading is not None and reading.partly_screened)


def test_generic_words_are_translated_and_the_brand_romanised_as_one_word() -> None:
    reading = DEFAULT_NORMALIZER.han_reading("华为技术有限公司")
    assert reading is not None
    assert reading.translated == (("技术", "technology"),)
    assert reading.romanised == (("华为", "huawei"),)
    assert reading.partly_screened


def test_a_name_of_generic_words_and_places_only_is_read_in_full() -> None:
    reading = DEFAULT_NORMALIZER.han_reading("四川大学")
    assert reading is not None and not reading.partly_screened
    assert reading.text == "sichuan university"


def test_a_persons_name_in_han_keeps_its_syllables() -> None:
    assert DEFAULT_NORMALIZER("习近平").tokens == ("xi", "jin", "ping")
    assert DEFAULT_NORMALIZER.han_reading("习近平", NameKind.PERSON) is None
    reading = DEFAULT_NORMALIZER.han_reading("习近平")
    assert reading is not None and not reading.partly_screened  # not read as a company
