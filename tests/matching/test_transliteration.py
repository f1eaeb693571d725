"""Non-Latin scripts are transliterated to Latin, the same way for lists and queries."""

from __future__ import annotations

from entitylist.matching import DEFAULT_NORMALIZER, compare_names, normalise_name


def test_cyrillic_names_read_as_their_usual_romanisation() -> None:
    assert normalise_name("Владимир Путин") == "vladimir putin"
    assert (
        compare_names("Ротенберг Аркадий", "Arkadii Romanovich Rotenberg", entity_type="individual")
        > 0.7
    )


def test_chinese_hanzi_become_pinyin_syllables_that_align_with_joined_words() -> None:
    assert normalise_name("习近平") == "xi jin ping"
    assert compare_names("习近平", "Xi Jinping", entity_type="individual") > 0.95
    assert compare_names("华为技术有限公司", "Huawei", entity_type="entity") > 0.4


def test_arabic_names_compare_by_consonant_skeleton() -> None:
    form = DEFAULT_NORMALIZER("محمد علي")
    assert form.tokens == ("mhmd", "ly")
    assert all(form.abjad)
    assert compare_names("محمد علي", "Mohamed Ali", entity_type="individual") >= 0.8


def test_greek_hebrew_and_korean_are_romanised() -> None:
    assert normalise_name("Νικόλαος") == "nikolaos"
    assert normalise_name("김정은") == "gim jeong eun"
    assert compare_names("משה", "Moshe", entity_type="individual") > 0.8


def test_japanese_kana_is_romanised() -> None:
    assert compare_names("バラク・オバマ", "Barack Obama", entity_type="individual") > 0.8
