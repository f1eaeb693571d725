from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from entitylist.errors import SourceFormatError
from entitylist.model import Address, EntryType, Identifier, ParseResult
from entitylist.sources.base import Bundle
from entitylist.sources.un import UnSource, document_kind, parse_un

UN = UnSource()


@pytest.fixture(scope="module")
def un_list(shared_data: Path) -> ParseResult:
    return UN.parse(UN.fetch(str(shared_data / "un" / "UN_consolidated_2026-02-27.xml")))


def _xml(individuals: str = "", entities: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="x">\n'
        f"<INDIVIDUALS>{individuals}</INDIVIDUALS>\n<ENTITIES>{entities}</ENTITIES>\n"
        "</CONSOLIDATED_LIST>\n"
    ).encode()


PERSON = (
    "<INDIVIDUAL><FIRST_NAME>ERIC</FIRST_NAME><SECOND_NAME>BADEGE</SECOND_NAME>"
    "<UN_LIST_TYPE>DRC</UN_LIST_TYPE><REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>"
    "<LISTED_ON>2012-12-31</LISTED_ON></INDIVIDUAL>\n"
)


# --- the real list -------------------------------------------------------------------------


def test_counts(un_list: ParseResult) -> None:
    entries = un_list.entries
    assert sum(e.entry_type is EntryType.INDIVIDUAL for e in entries) == 730
    assert sum(e.entry_type is EntryType.ENTITY for e in entries) == 273
    assert un_list.rows_read == 1003
    assert un_list.skipped == []
    assert len({e.key for e in entries}) == 1003
    assert all(e.key == f"UN:{e.source_id}" and e.list_code == "UN" for e in entries)
    assert all(e.programs and e.start_date for e in entries)


def test_individual(un_list: ParseResult) -> None:
    by_ref = {e.source_id: e for e in un_list.entries}
    badege = by_ref["CDi.001"]
    assert badege.name == "ERIC BADEGE"
    assert badege.programs == ("DRC",)
    assert badege.start_date == date(2012, 12, 31)
    assert badege.nationalities == ("CD",)
    assert badege.addresses == (Address(text="Rwanda", country="RW", country_name="Rwanda"),)
    assert badege.countries == ("RW", "CD")
    assert badege.dates_of_birth == ("1971",)
    assert badege.remarks is not None and badege.remarks.startswith("He fled to Rwanda")
    assert badege.extra["gender"] == "Male"

    zidane = by_ref["QDi.001"]
    assert zidane.name == "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"  # four name parts
    assert zidane.aliases[0] == "محمد صلاح الدين عبدالحليم زيدان"  # NAME_ORIGINAL_SCRIPT
    assert "Sayf-Al Adl" in zidane.aliases
    assert zidane.extra["low_quality_aliases"] == "Ibrahim al-Madani; Saif Al-'Adil; Seif al Adel"
    assert zidane.dates_of_birth == ("1963-04-11", "1960-04-11")
    assert zidane.places_of_birth == ("Monufia Governate, Egypt",)
    assert zidane.raw["INDIVIDUAL_ALIAS"][2] == {
        "QUALITY": "Low",
        "ALIAS_NAME": "Ibrahim al-Madani",
    }


def test_dates_documents_and_entities(un_list: ParseResult) -> None:
    by_ref = {e.source_id: e for e in un_list.entries}
    assert by_ref["CDi.030"].dates_of_birth == ("1973 to 1974",)  # BETWEEN
    barassi = by_ref["LYi.019"]
    assert barassi.dates_of_birth == ("circa 1952",)  # APPROXIMATELY
    assert Identifier("national_id", "98606491", "OM") in barassi.identifiers
    adf = by_ref["CDe.001"]
    assert adf.entry_type is EntryType.ENTITY
    assert adf.name == "ADF"
    assert "Allied Democratic Forces" in adf.aliases
    assert adf.addresses[0].state == "North Kivu"
    passports = [i for e in un_list.entries for i in e.identifiers if i.kind == "passport"]
    assert len(passports) == 310


def test_benchmark_names_are_all_found(shared_data: Path, un_list: ParseResult) -> None:
    """yente's UN positives: 680 of its 683 persons are in this file (its README says so)."""
    names = {n.casefold() for e in un_list.entries for n in e.names}
    path = shared_data / "benchmarks" / "yente" / "positives_un_untreated.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sum(row["full_name"].casefold() in names for row in rows) == 680


# --- unit and failures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "kind"),
    [
        ("Passport", "passport"),
        ("Numéro de passeport ", "passport"),
        ("National Identification\n      Number", "national_id"),
        ("Afghan national identification card (tazkira) number", "national_id"),
        ("Birth certificate", "birth_certificate"),
        ("Ration card number:", "document"),
    ],
)
def test_document_kind(published: str, kind: str) -> None:
    assert document_kind(published) == kind


def test_minimal_record() -> None:
    (entry,) = parse_un(_xml(PERSON)).entries
    assert entry.key == "UN:CDi.001"
    assert entry.aliases == () and entry.addresses == ()


def test_record_without_reference_is_skipped() -> None:
    broken = PERSON.replace("<REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>", "")
    result = parse_un(_xml(PERSON + broken))
    assert len(result.entries) == 1
    assert [(s.file, s.line, s.field) for s in result.skipped] == [
        ("consolidated.xml", 4, "REFERENCE_NUMBER")
    ]


def test_duplicate_reference() -> None:
    with pytest.raises(SourceFormatError) as caught:
        parse_un(_xml(PERSON + PERSON))
    assert caught.value.field == "REFERENCE_NUMBER"
    assert caught.value.line == 4


@pytest.mark.parametrize("data", [b"", b"  \n"])
def test_empty(data: bytes) -> None:
    with pytest.raises(SourceFormatError) as caught:
        parse_un(data)
    assert (caught.value.file, caught.value.line) == ("consolidated.xml", 1)


def test_garbage() -> None:
    with pytest.raises(SourceFormatError) as caught:
        parse_un(b"\x00\x01 not xml at all")
    assert caught.value.file == "consolidated.xml"
    assert "not well-formed XML" in caught.value.message


def test_html_error_page() -> None:
    with pytest.raises(SourceFormatError) as caught:
        parse_un(b"<html>\n<body>503 Service Unavailable</body>\n</html>")
    assert "root element is <html>" in caught.value.message
    assert caught.value.line == 1


def test_truncated_download(shared_data: Path) -> None:
    raw = (shared_data / "un" / "UN_consolidated_2026-02-27.xml").read_bytes()
    with pytest.raises(SourceFormatError) as caught:
        parse_un(raw[: len(raw) // 2], "consolidated.xml")
    assert caught.value.file == "consolidated.xml"
    assert caught.value.line is not None and caught.value.line > 1000


def test_missing_section() -> None:
    data = b"<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>"
    with pytest.raises(SourceFormatError) as caught:
        parse_un(data)
    assert caught.value.field == "ENTITIES"


def test_a_file_with_entity_declarations_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&e;</FIRST_NAME>"
        "<REFERENCE_NUMBER>X.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS><ENTITIES/>"
        "</CONSOLIDATED_LIST>"
    ).encode()
    with pytest.raises(SourceFormatError, match="declares a DTD") as refused:
        parse_un(data)
    assert "SECRET" not in refused.value.message


def test_source() -> None:
    assert UN.name == "un"
    assert UN.default_url == "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    with pytest.raises(SourceFormatError):
        UN.parse(Bundle(files={}, origin="t"))
