"""Korean persons: one listed party whatever romanisation or script the screener writes.

North Korean listings use McCune-Reischauer (`KIM, Jong Un`, `RI, Song Chol`); Hangul
transliterates to the Revised Romanization (`gim jeong eun`); South Korean usage writes
`Lee`, `Park`, `Choi`. Every listed party below is a real entry of the OFAC SDN list of
July 2021 or the UN consolidated list of 27 February 2026 (shared data); the near-namesakes
are names no entry of those lists carries.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from entitylist.matching import (
    DEFAULT_THRESHOLDS,
    MatchIndex,
    NameKind,
    Query,
    compare_names,
    normalise_name,
    token_similarity,
)
from entitylist.matching.resources import korean_syllables, reference_data
from list_records import published_records

ALERT = DEFAULT_THRESHOLDS.alert
KIM_JONG_UN = "ofac|SDN:20157"
RI_SONG_CHOL = "ofac|SDN:20121"
PAK_YONG_SIK = "ofac|SDN:19497"
CHOE_RYONG_HAE = "ofac|SDN:23213"
KIM_YO_JONG = "ofac|SDN:21444"
RI_MAN_GON = "ofac|SDN:19491"
RI_WON_HO = "un|UN:KPi.033"
KIM_KWANG_HYOK = "ofac|SDN:18848"


@pytest.fixture(scope="module")
def korean_index(shared_data: Path) -> MatchIndex:
    """The OFAC SDN list of 2021 and the UN list of 2026, every entry."""
    return MatchIndex.build(
        [
            *published_records(
                shared_data / "ofac_sdn/2021-07_complete", "ofac", ref_prefix="ofac|"
            ),
            *published_records(
                shared_data / "un/UN_consolidated_2026-02-27.xml", "un", ref_prefix="un|"
            ),
        ]
    )


def best_score(index: MatchIndex, name: str, ref: str) -> float:
    found = index.search(Query(name), threshold=0.0, limit=20)
    return max((m.score for m in found if m.ref == ref), default=0.0)


@pytest.mark.parametrize(
    ("written", "ref"),
    [
        ("Gim Jeong-eun", KIM_JONG_UN),  # Revised Romanization
        ("Kim Jeong Eun", KIM_JONG_UN),
        ("김정은", KIM_JONG_UN),  # Hangul
        ("Lee Seong-cheol", RI_SONG_CHOL),  # South Korean surname, RR given name
        ("이성철", RI_SONG_CHOL),  # the surname 이 read as Ri, not the initial I
        ("Park Yeong-sik", PAK_YONG_SIK),
        ("박영식", PAK_YONG_SIK),
        ("Choi Ryong-hae", CHOE_RYONG_HAE),
        ("최룡해", CHOE_RYONG_HAE),
        ("Kim Yeo-jeong", KIM_YO_JONG),
        ("김여정", KIM_YO_JONG),
        ("Lee Man Geon", RI_MAN_GON),
        ("이만건", RI_MAN_GON),
        ("Rhee Won Ho", RI_WON_HO),
        ("리원호", RI_WON_HO),  # the North Korean spelling of the surname
    ],
)
def test_a_listed_korean_is_found_in_every_romanisation_and_in_hangul(
    korean_index: MatchIndex, written: str, ref: str
) -> None:
    assert best_score(korean_index, written, ref) >= ALERT


@pytest.mark.parametrize(
    ("near_namesake", "ref"),
    [
        ("KIM Jang Un", KIM_JONG_UN),  # 장 is not 정
        ("RI Sang Chol", RI_SONG_CHOL),  # 상 is not 성
        ("CHOE Ryang Hae", CHOE_RYONG_HAE),  # 량 is not 룡
        ("KIM Kwang Hyon", KIM_KWANG_HYOK),  # 현 is not 혁
        ("은정 김", KIM_JONG_UN),  # Eun-jeong Kim: the given name's syllables in the other order
    ],
)
def test_a_near_namesake_differing_by_one_syllable_does_not_alert(
    korean_index: MatchIndex, near_namesake: str, ref: str
) -> None:
    assert best_score(korean_index, near_namesake, ref) < ALERT


def test_a_persons_korean_spellings_are_read_as_one_spelling() -> None:
    assert normalise_name("Gim Jeong-eun", NameKind.PERSON) == "kim jong un"
    assert normalise_name("Choi Seong-cheol", NameKind.PERSON) == "choe song chol"
    # Hangul: the surname apart, the given name's syllables joined in their order
    assert normalise_name("김정은", NameKind.PERSON) == "kim jongun"
    assert normalise_name("광수 이", NameKind.PERSON) == "kwangsu ri"


def test_organisations_and_unknown_kinds_keep_their_spellings() -> None:
    assert normalise_name("Park Hotel", NameKind.ORGANISATION) == "park hotel"
    assert normalise_name("김정은") == "gim jeong eun"


def test_a_spelling_whose_canonical_is_already_in_the_name_keeps_its_own() -> None:
    """`Ri Lee` would become `ri ri`, one word: both words stay."""
    assert normalise_name("Ri Lee", NameKind.PERSON) == "ri lee"


def test_chinese_pinyin_names_are_not_remapped() -> None:
    assert normalise_name("Li Wei", NameKind.PERSON) == "li wei"
    assert normalise_name("Yi Gang", NameKind.PERSON) == "yi gang"
    assert normalise_name("Jin Chong", NameKind.PERSON) == "jin chong"
    assert compare_names("Li Wei", "Ri Wei", entity_type="individual") < ALERT


def test_the_chinese_alias_of_a_listed_korean_is_still_found(korean_index: MatchIndex) -> None:
    """UN KPi.035 carries the alias `Jin Tiesan (金铁三)`: hanzi still read as pinyin."""
    assert best_score(korean_index, "金铁三", "un|UN:KPi.035") >= ALERT


def test_two_syllables_of_the_table_are_not_near_equals() -> None:
    assert token_similarity("jong", "song") == 0.0
    assert token_similarity("hyok", "hyon") == 0.0
    assert token_similarity("songchol", "sangchol") == 0.0
    # a typo that is no syllable is still a near-equal
    assert token_similarity("chol", "cholh") > 0.0
    # another language's word that reads as syllables (`yo` + `ung`) keeps its variants
    assert token_similarity("young", "yong") > 0.0


def pinyin_syllables() -> set[str]:
    """Every toneless pinyin syllable pypinyin reads for a character of the CJK Unified
    Ideographs block, the one Chinese names are written in (an extension character reads
    `bòng`)."""
    from pypinyin.pinyin_dict import pinyin_dict

    found: set[str] = set()
    for code, readings in pinyin_dict.items():
        if not 0x4E00 <= code <= 0x9FFF:
            continue
        for reading in readings.split(","):
            plain = unicodedata.normalize("NFKD", reading.replace("ü", "v"))
            found.add("".join(c for c in plain if c.isascii() and c.isalpha()))
    return found


def test_no_spelling_the_table_maps_away_is_pinyin_or_a_stopword() -> None:
    data = reference_data()
    mapped_away = {s for s, c in data.korean.canonical.items() if s != c}
    stopwords = data.particles | data.titles | data.articles
    assert mapped_away.isdisjoint(pinyin_syllables())
    assert set(data.korean.canonical).isdisjoint(stopwords)
    assert {"li", "yi", "chong", "chin"} <= data.korean.excluded


def test_the_table_refuses_a_spelling_in_two_groups_and_one_letter_spellings() -> None:
    ok = {"canonical": "ri", "spellings": ["ri", "lee"], "reason": "MR, South Korean usage"}
    again = {"canonical": "yi", "spellings": ["yi", "lee"], "reason": "RR"}
    with pytest.raises(ValueError, match="two groups"):
        korean_syllables({"groups": [ok, again]})
    letter = {"canonical": "o", "spellings": ["o", "oh"], "reason": "MR"}
    with pytest.raises(ValueError, match="one letter"):
        korean_syllables({"groups": [letter]})
    excluded = {"groups": [ok], "exclusions": [{"spelling": "lee", "reason": "English"}]}
    with pytest.raises(ValueError, match="excluded"):
        korean_syllables(excluded)
