"""Identifiers are matched exactly, and what a screener writes around a vessel's or an
aircraft's name is not taken for its name (real rows of OFAC's 2021 SDN set,
../shared/data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitylist.matching import DEFAULT_NORMALIZER, MatchIndex, NameKind, Query
from entitylist.matching.identifiers import identifier_key, split_query
from list_records import published_records


@pytest.fixture(scope="module")
def sdn(shared_data: Path) -> MatchIndex:
    return MatchIndex.build(published_records(shared_data / "ofac_sdn/2021-07_complete", "ofac"))


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("IMO 9187629", "9187629"),
        ("9187629", "9187629"),
        ("B 960789", "B960789"),
        ("5493001kjtiigc8y1r12", "5493001KJTIIGC8Y1R12"),
        ("92/664", "92664"),
        ("No. 3", None),  # too short to name anything
        ("www.example.com", None),  # no digit
    ],
)
def test_two_writings_of_one_identifier_share_a_key(value: str, key: str | None) -> None:
    assert identifier_key(value) == key


@pytest.mark.parametrize(
    ("name", "entity_type", "matched_as", "identifiers"),
    [
        ("SHAYAN 1 (IMO 9420356)", None, "SHAYAN 1", ("9420356",)),
        ("M/V SHAYAN 1", None, "SHAYAN 1", ()),
        ("MV SHAYAN 1", "vessel", "SHAYAN 1", ()),
        ("MV SHAYAN 1", None, "MV SHAYAN 1", ()),  # MV may start a company's name
        ("EP-CAP (B737)", "aircraft", "EP-CAP", ()),
        ("UR-CKF (BAe-146 Avro RJ100)", "aircraft", "UR-CKF", ()),
        ("Acme (2019) Ltd", None, "Acme (2019) Ltd", ()),  # a year stays in the name
        ("Inspur (Taiwan) Company Limited", None, "Inspur (Taiwan) Company Limited", ()),
        ("Shenzhen 3M Co", None, "Shenzhen 3M Co", ()),  # a name with a digit is a name
        ("Passport 1084010", None, "Passport 1084010", ("1084010",)),
    ],
)
def test_identifiers_and_codes_are_taken_out_of_a_name(
    name: str, entity_type: str | None, matched_as: str, identifiers: tuple[str, ...]
) -> None:
    parts = split_query(name, entity_type)
    assert (parts.name, parts.identifiers) == (matched_as, identifiers)


@pytest.mark.parametrize("query", ["IMO 9187629", "9187629", "imo: 9187629"])
def test_an_imo_number_alone_alerts_on_its_ship(sdn: MatchIndex, query: str) -> None:
    [match] = sdn.search(Query(name=query))
    assert (match.matched_name, match.level, match.score) == ("ARTAVIL", "alert", 1.0)
    [feature] = match.explanation.features
    assert feature.name == "identifier"
    assert "9187629" in feature.detail


def test_a_name_with_its_imo_number_keeps_its_name_explanation(sdn: MatchIndex) -> None:
    match = sdn.search(Query(name="ARTAVIL (IMO 9187629)"))[0]
    assert match.matched_name == "ARTAVIL"
    assert [f.name for f in match.explanation.features] == ["name", "identifier"]
    assert match.explanation.alignments  # the name still aligned
    assert match.score == 1.0


def test_identifiers_given_beside_the_name_are_matched(sdn: MatchIndex) -> None:
    [match] = sdn.search(Query(name="Unnamed tanker", identifiers=("IMO 9187629",)))
    assert match.matched_name == "ARTAVIL"


def test_a_persons_passport_number_alone_finds_the_person(sdn: MatchIndex) -> None:
    names = [m.matched_name for m in sdn.search(Query(name="Passport 1084010"))]
    assert names[0] == "AL ZAWAHIRI, Dr. Ayman"


def test_an_aircraft_serial_number_finds_the_aircraft(sdn: MatchIndex) -> None:
    assert sdn.search(Query(name="1023409321"))[0].matched_name == "EP-GOM"


def test_a_number_no_list_publishes_finds_nothing(sdn: MatchIndex) -> None:
    assert sdn.search(Query(name="IMO 9187620")) == []


def test_the_list_filter_applies_to_identifier_matches(sdn: MatchIndex) -> None:
    assert sdn.search(Query(name="IMO 9187629", lists=frozenset({"EL"}))) == []


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("M/T ARTAVIL", "ARTAVIL"),
        ("HYOK SIN II", "HYOK SIN 2"),  # a closing number written the other way
        ("DIAMOND 2", "DIAMOND II"),
        ("EP-GOM (IL76-TD)", "EP-GOM"),  # the aircraft model is not part of its name
    ],
)
def test_vessel_and_aircraft_names_are_found_as_screeners_write_them(
    sdn: MatchIndex, query: str, listed: str
) -> None:
    found = sdn.search(Query(name=query, entity_type=None))
    assert found and found[0].matched_name == listed


def test_a_persons_closing_numeral_stays_a_name() -> None:
    """`XI` closes persons' names as a word (Chinese names); read as 11 only for companies."""
    assert DEFAULT_NORMALIZER("Jin Xi", NameKind.PERSON).tokens == ("jin", "xi")
    assert DEFAULT_NORMALIZER("Hao Fan VI", NameKind.ORGANISATION).tokens == ("hao", "fan", "6")
