"""Persons' names: one listed party whatever spelling of an Arabic or Russian name word the
screener writes.

`Aly` is `Ali`, `Azeez` is `Aziz`, `Noor` is `Nur`, `Artyom` is `Artem`, `Abdelkader` is
`Abd al-Kader` and `Abdul Kader`, `ALHOUTHI` is `AL-HOUTHI`, and a Cyrillic `х` is the `kh`
OFAC writes (`data/name_spellings.yml`). Every listed party below is a real entry of the
OFAC SDN list of July 2021 (shared data); organisations' names keep their spelling.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from entitylist.matching import (
    DEFAULT_THRESHOLDS,
    MatchIndex,
    NameKind,
    Query,
    compare_names,
    normalise_name,
)
from entitylist.matching.resources import name_spellings, reference_data
from list_records import published_records

ALERT = DEFAULT_THRESHOLDS.alert


@pytest.fixture(scope="module")
def sdn_index(shared_data: Path) -> MatchIndex:
    """The OFAC SDN list of 2021, every entry."""
    return MatchIndex.build(
        published_records(shared_data / "ofac_sdn/2021-07_complete", "ofac", ref_prefix="ofac|")
    )


def best_score(index: MatchIndex, name: str, ref: str) -> float:
    found = index.search(Query(name), threshold=0.0, limit=20)
    return max((m.score for m in found if m.ref == ref), default=0.0)


@pytest.mark.parametrize(
    ("query", "ref", "listed"),
    [
        ("Aly Mohamed Abu Turab", "ofac|SDN:21387", "TURAB, Ali Muhammad Abu"),
        ("Azeez Moosa Bilakhia", "ofac|SDN:17354", "BILAKHIA, Aziz Moosa"),
        ("Nur Barzan Ibrahim Hasan al-Tikriti", "ofac|SDN:8191", "AL-TIKRITI, Noor Barzan ..."),
        ("Noor Mohammed", "ofac|SDN:18602", "NUR, Mohammed"),
        ("Artyom Andreyevich Malyshev", "ofac|SDN:26190", "MALYSHEV, Artem Andreyevich"),
        ("Abd al-Kader Laagoub", "ofac|SDN:9358", "LAAGOUB, Abdelkader"),
        ("Abdul Kader Laagoub", "ofac|SDN:9358", "LAAGOUB, Abdelkader"),
        ("Abdulkader Laagoub", "ofac|SDN:9358", "LAAGOUB, Abdelkader"),
        ("Abdulmalik ALHOUTHI", "ofac|SDN:17927", "AL HOUTHI, Abdul Malik"),
        ("ALHOUTHI, Abdul Malik", "ofac|SDN:17927", "AL HOUTHI, Abdul Malik"),
        ("Тохтахунов Алимжан Турсунович", "ofac|SDN:23230", "TOKHTAKHOUNOV, Alimzhan ..."),
        ("Samir Abdelaziz Alnajim", "ofac|SDN:7884", "AL-NAJIM, Samir abd al-Aziz"),
    ],
)
def test_a_listed_person_is_found_in_another_spelling_of_a_name_word(
    sdn_index: MatchIndex, query: str, ref: str, listed: str
) -> None:
    assert best_score(sdn_index, query, ref) >= ALERT, listed


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Aly Hassan", "Ali Hassan"),
        ("Abdul Azeez Salem", "Abdul Aziz Salem"),
        ("Noor Mohammad", "Nur Muhammad"),
        ("Youssef Khalil", "Yusuf Khalil"),
        ("Artyom Ivanov", "Artem Ivanov"),
        ("Fyodor Petrov", "Fedor Petrov"),
        ("Dmitriy Kolomoiskiy", "Dmitry Kolomoisky"),
        ("Abdelkader Hassan", "Abd al-Qadir Hassan"),
        ("Abdurrahman Aly", "Abd ar-Rahman Ali"),
        ("Abdulmalik Alhouthi", "Abdul Malik al-Houthi"),
    ],
)
def test_spellings_of_one_name_word_read_as_one_in_a_persons_name(one: str, other: str) -> None:
    assert normalise_name(one, NameKind.PERSON) == normalise_name(other, NameKind.PERSON)


def test_a_cyrillic_kha_is_written_kh_in_a_persons_name_as_ofac_writes_it() -> None:
    assert normalise_name("Тохтахунов Алимжан", NameKind.PERSON) == "tokhtakhunov alimzhan"
    assert normalise_name("Михаил", NameKind.PERSON) == "mikhail"
    # Serbian writes х as h: a word with a Serbian letter keeps the transliteration's h
    assert normalise_name("Хаџић", NameKind.PERSON) == "hadzic"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Hassan Omar", "Hasan Omar"),  # حسان and حسن: two names
        ("Sayed Karim", "Said Karim"),  # سيد and سعيد
        ("Ali Hassan", "Ala Hassan"),
        ("Julia Petrova", "Yulia Petrova"),
    ],
)
def test_distinct_names_are_not_merged(one: str, other: str) -> None:
    assert normalise_name(one, NameKind.PERSON) != normalise_name(other, NameKind.PERSON)


def test_a_european_name_that_begins_with_al_is_not_split() -> None:
    # only a name that reads as Arabic has its article written apart
    assert normalise_name("Alberto Alvarez", NameKind.PERSON) == "alberto alvarez"
    assert normalise_name("Alawi Ahmad", NameKind.PERSON) == "alawi ahmad"  # too short a rest
    assert normalise_name("Alhouthi Ahmad", NameKind.PERSON) == "al houthi ahmad"


def test_a_surname_built_on_abd_and_abd_allah_stay_whole() -> None:
    assert normalise_name("Abdullaev Rustam", NameKind.PERSON) == "abdullaev rustam"
    assert normalise_name("Abdullahi Yusuf", NameKind.PERSON) == "abdullahi yusuf"
    assert normalise_name("Abdallah Yusuf", NameKind.PERSON) == "abdullah yusuf"


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Aly Trading", "aly"),
        ("Nour Petroleum", "nour"),
        ("ALHOUTHI ABD AL AZIZ TRADING", "alhouthi"),
        ("ALHOUTHI ABD AL AZIZ TRADING", "al"),
        ("Abdelkader Travel", "abdelkader"),
        ("Artyom Holding", "artyom"),
    ],
)
def test_organisations_names_keep_their_spelling(name: str, word: str) -> None:
    assert word in normalise_name(name, NameKind.ORGANISATION).split()
    assert word in normalise_name(name, NameKind.UNKNOWN).split()


def test_a_cyrillic_organisation_keeps_the_transliterations_h() -> None:
    assert normalise_name("Хабаровск", NameKind.ORGANISATION) == "habarovsk"


def test_a_spelling_pair_does_not_lift_an_organisation() -> None:
    person = compare_names("Aly Hassan", "Ali Hassan", entity_type="individual")
    company = compare_names("Aly Hassan", "Ali Hassan", entity_type="entity")
    assert person == 1.0
    assert company < ALERT


def _document() -> dict[str, Any]:
    """The packaged table as its YAML reads, a fresh copy for each test to spoil."""
    path = resources.files("entitylist.matching").joinpath("data", "name_spellings.yml")
    document: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return document


def _refused(document: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        name_spellings(document, frozenset({"al", "kim"}))


def test_the_packaged_table_loads_and_maps_every_spelling_to_its_groups_canonical() -> None:
    spellings = reference_data().spellings
    assert spellings.canonical["aly"] == "ali"
    assert spellings.canonical["artyom"] == "artem"
    assert set(spellings.canonical.values()) <= set(spellings.canonical)
    assert spellings.arabic_words >= {"ali", "muhammad"}


def test_the_table_refuses_a_spelling_in_two_groups() -> None:
    document = _document()
    document["groups"][1]["spellings"].append("aly")
    _refused(document)


def test_the_table_refuses_a_one_letter_spelling() -> None:
    document = _document()
    document["groups"][0]["spellings"].append("a")
    _refused(document)


def test_the_table_refuses_a_group_without_a_reason() -> None:
    document = _document()
    document["groups"][0]["reason"] = " "
    _refused(document)


def test_the_table_refuses_a_canonical_spelling_outside_its_group() -> None:
    document = _document()
    document["groups"][0]["canonical"] = "alee"
    _refused(document)


def test_the_table_refuses_an_excluded_or_reserved_spelling() -> None:
    document = _document()
    document["groups"][0]["spellings"].append("hassan")  # excluded: another name
    _refused(document)
    document = _document()
    document["groups"][0]["spellings"].append("kim")  # a Korean syllable's spelling
    _refused(document)


def test_the_table_refuses_a_spelling_the_endings_would_rewrite() -> None:
    document = _document()
    document["groups"][0]["spellings"].append("dmitriy")
    _refused(document)


def test_a_typo_of_a_spelling_the_table_maps_away_stays_one_edit_from_it() -> None:
    # `Mohamemd` is one edit from the listed `Mohammed`, which reads `muhammad`
    assert normalise_name("Muammar Mohamemd Qadhafi", NameKind.PERSON) == (
        normalise_name("Muammar Mohammed Qadhafi", NameKind.PERSON)
    )
    assert normalise_name("Abdelkadder Laagoub", NameKind.PERSON) == "abdul qadir laagoub"


def test_a_nisba_built_on_a_name_word_is_another_word() -> None:
    assert normalise_name("Ahmadi Karimi", NameKind.PERSON) == "ahmadi karimi"


def test_a_typo_of_a_joined_abd_word_is_still_an_abd_name() -> None:
    assert normalise_name("Badur Rehman", NameKind.PERSON) == "abdul rahman"
    assert normalise_name("Hafiz Abudl Salam", NameKind.PERSON) == "hafiz abdul salam"
    assert normalise_name("Adele Smith", NameKind.PERSON) == "adele smith"
