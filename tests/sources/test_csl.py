"""The CSL parser on the real trade.gov files in ../shared/data/csl, and on small inline files
for the quirks and the errors."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from entitylist.errors import SourceFormatError
from entitylist.model import (
    Address,
    Entry,
    EntryType,
    Identifier,
    LicenceScope,
    ParseResult,
    ReviewPolicy,
    SkippedRow,
)
from entitylist.sources.base import Bundle, Source
from entitylist.sources.csl import (
    CslSource,
    file_name_for,
    parse_address,
    parse_identifier,
    split_list,
)

CSV_2023 = "consolidated_2023-11-30.csv"
CSV_2019 = "consolidated_2019-12-03.csv"
CSV_2025 = "consolidated_sample_2025.csv"

HEADER = (
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
    "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
    "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
    "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
    "source_information_url,ids"
)
EL_SOURCE = "Entity List (EL) - Bureau of Industry and Security"


def parse_bytes(data: bytes, name: str = "consolidated.csv") -> ParseResult:
    return CslSource().parse(Bundle(files={name: data}, origin=name))


def csv_bytes(*rows: dict[str, str], header: str = HEADER) -> bytes:
    """A small CSL CSV with the given cells (by column name), the rest empty."""
    columns = header.split(",")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def csl_dir(shared_data: Path) -> Path:
    return shared_data / "csl"


@pytest.fixture(scope="module")
def csl_2023(csl_dir: Path) -> ParseResult:
    source = CslSource()
    return source.parse(source.fetch(str(csl_dir / CSV_2023)))


def by_name(result: ParseResult, name: str) -> list[Entry]:
    return [e for e in result.entries if e.name == name]


# --- the interface ----------------------------------------------------------------------


def test_source_interface() -> None:
    source: Source = CslSource()
    assert source.name == "csl"
    assert source.default_url == (
        "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"
    )
    assert source.bounds.min_entries >= 50


def test_fetch_keeps_the_file_name(csl_dir: Path) -> None:
    bundle = CslSource().fetch(str(csl_dir / CSV_2025))
    assert list(bundle.files) == [CSV_2025]
    assert bundle.origin == str(csl_dir / CSV_2025)


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (CslSource().default_url, "consolidated.csv"),
        ("https://example.org/csl/consolidated.json?x=1", "consolidated.json"),
        ("https://example.org/", "consolidated.csv"),
        ("/data/csl/consolidated_2019-12-03.csv", "consolidated_2019-12-03.csv"),
        ("file:///data/my%20copy.csv", "my copy.csv"),
    ],
)
def test_file_name_for(location: str, expected: str) -> None:
    assert file_name_for(location) == expected


# --- the 2023 export --------------------------------------------------------------------


def test_2023_counts(csl_2023: ParseResult) -> None:
    assert len(csl_2023.entries) == 4227
    assert Counter(e.list_code for e in csl_2023.entries) == {
        "EL": 919,
        "SDN": 1738,
        "DPL": 577,
        "SSI": 288,
        "UVL": 186,
        "ISN": 144,
        "DTC": 142,
        "PLC": 78,
        "MEU": 71,
        "CMIC": 68,
        "MBS": 14,
        "FSE": 1,
        "CAP": 1,
    }
    # every record after the header: 4,227 parties plus the repeated header
    assert csl_2023.rows_read == 4228


def test_2023_keys_unique_and_ids_published(csl_2023: ParseResult) -> None:
    keys = [e.key for e in csl_2023.entries]
    assert len(set(keys)) == len(keys)
    assert not any(e.derived_id for e in csl_2023.entries)
    # OFAC-origin rows are keyed by their entity number, the others by name
    assert by_name(csl_2023, "NASRALLAH, Hasan")[0].key == "SDN:2686"
    assert (
        by_name(csl_2023, "Northwestern Polytechnical University")[0].key
        == "EL:n:northwestern-polytechnical-university"
    )


def test_2023_repeated_header_and_short_row_reported(csl_2023: ParseResult) -> None:
    """Quirks: the header repeated as row 2 (not an entry), and the last row cut short (the
    file ends inside a quoted cell): kept, padded, and reported with its line."""
    assert csl_2023.skipped[0] == SkippedRow(file=CSV_2023, line=2, reason="repeated header")
    assert len(csl_2023.skipped) == 2
    short = csl_2023.skipped[1]
    assert short.file == CSV_2023
    assert short.line == 4233
    assert short.field == "addresses"
    assert short.reason.startswith("short row: 8 of 29 fields")
    assert "truncated" in short.reason and "kept as an entry" in short.reason

    entry = by_name(csl_2023, "BERMUDEZ SUAZA, Pedro Antonio")[0]
    assert entry.key == "SDN:11476"
    assert entry.entry_type is EntryType.INDIVIDUAL
    assert entry.programs == ("SDNT",)
    assert entry.extra["parse_note"] == short.reason
    assert entry.addresses[-1].text.endswith("la Cuspide departament")
    assert entry.countries == ("CO", "MX")
    assert len(entry.raw) == 8  # raw holds what was published, no padding


def test_2023_header_row_is_not_an_entry(csl_2023: ParseResult) -> None:
    assert not by_name(csl_2023, "name")
    assert not [e for e in csl_2023.entries if e.source_id == "_id"]


def test_2023_embedded_newlines(csl_2023: ParseResult) -> None:
    """Cells with newlines inside quotes: read as one cell, shown on one line, raw kept."""
    gfs = by_name(csl_2023, "Government Flying Service")[0]
    assert gfs.raw["name"] == "Government Flying Service\n\n"
    assert gfs.list_code == "MEU"
    elink = by_name(csl_2023, "Elink Electronic Technology Co. Ltd.")[0]
    assert elink.addresses == (
        Address(
            text="Room 717, Building 41, No.8633 Zhongchun Road, Minhang District, Shanghai, "
            "China, CN",
            country="CN",
        ),
    )
    assert "\n" in elink.raw["addresses"]


def test_2023_el_entry_field_by_field(csl_2023: ParseResult) -> None:
    (caep,) = by_name(csl_2023, "Chinese Academy of Engineering Physics")
    assert caep.list_code == "EL"
    assert caep.source_id == "294fe035417fdaee7717e2ec397ecdfd7d5bae892eb1e884636b255f"
    assert caep.key == "EL:n:chinese-academy-of-engineering-physics"
    assert caep.entry_type is EntryType.UNKNOWN  # the EL lists people too; type left empty
    assert caep.start_date == date(1997, 6, 30)
    assert caep.end_date is None
    assert [a.text for a in caep.addresses] == [
        "901 Institute (P.O. Box 523), Chengdu, 610003, CN",
        "64 Mianshan Road, Mianyang, Sichuan, Mianyang, CN",
        "6 Huayuan Road, Haidian District, Beijing, CN",
        "1 Fenghao East Road, Haidian District, Beijing, CN",
    ]
    assert {a.country for a in caep.addresses} == {"CN"}
    assert caep.countries == ("CN",)
    assert len(caep.aliases) == 17
    assert caep.aliases[:2] == ("Ninth Academy", "Southwest Computing Center")
    assert (
        caep.aliases[-1]
        == "The Institute of Applied Physics and Computational Mathematics, Beijing"
    )
    # several FR citations in one cell
    assert [(c.volume, c.page) for c in caep.citations] == [
        (62, 35334),
        (66, 24266),
        (75, 78883),
        (76, 21628),
        (76, 50407),
        (77, 58006),
        (85, 34497),
    ]
    assert caep.citations[0].text == "62 FR 35334"
    assert caep.licence is not None
    assert caep.licence.scope is LicenceScope.ALL_ITEMS
    assert caep.licence.policy is ReviewPolicy.PRESUMPTION_OF_DENIAL
    assert caep.licence.policy_text == "Presumption of Denial"
    assert caep.source_urls == (
        "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list",
    )
    assert caep.programs == ()
    assert caep.identifiers == ()
    assert caep.extra == {"source": EL_SOURCE}
    assert caep.raw["_id"] == caep.source_id


def test_2023_sdn_entry_with_ids(csl_2023: ParseResult) -> None:
    (hasan,) = by_name(csl_2023, "NASRALLAH, Hasan")
    assert hasan.list_code == "SDN"
    assert hasan.source_id == "2686"
    assert hasan.entry_type is EntryType.INDIVIDUAL
    assert hasan.title == "Secretary General of Hizballah"
    assert hasan.aliases == ("NASRALLAH, Hasan Abd-al-Karim",)
    assert hasan.programs == ("SYRIA", "SDGT")
    assert hasan.remarks == "(Linked To: HIZBALLAH)"
    assert hasan.dates_of_birth == ("1960-08-31", "1953-08-31", "1955-08-31", "1958-08-31")
    assert hasan.places_of_birth == ("Al Basuriyah, Lebanon",)
    assert hasan.addresses == (Address(text="LB", country="LB"),)
    assert hasan.countries == ("LB",)
    assert hasan.identifiers == (
        Identifier(kind="Passport", value="042833", country="LB"),
        Identifier(
            kind="Additional Sanctions Information",
            value="Subject to Secondary Sanctions Pursuant to the Hizballah Financial "
            "Sanctions Regulations",
        ),
        Identifier(kind="Gender", value="Male"),
    )
    assert hasan.licence is None
    assert hasan.citations == ()
    assert hasan.extra["entity_number"] == "2686"
    assert len(hasan.source_urls) == 2


def test_2023_cmic_identifiers_with_commas(csl_2023: ParseResult) -> None:
    (telecom,) = by_name(csl_2023, "China Telecom Corporation Limited")
    assert telecom.list_code == "CMIC"
    assert telecom.key == "CMIC:30882"
    assert telecom.entry_type is EntryType.ENTITY
    ids = telecom.identifiers
    assert ids[0] == Identifier("Unified Social Credit Code (USCC)", "9111000071093019X7", "CN")
    assert Identifier("Issuer Name", "China Telecom Co., Ltd") in ids
    assert Identifier("Equity Ticker", "CHA US") in ids
    assert ids[-1] == Identifier("Effective Date (CMIC)", "2021-08-02")
    assert "CHINA TELECOM CORP LTD" in telecom.aliases


def test_2023_entry_types(csl_2023: ParseResult) -> None:
    types = Counter((e.list_code, e.entry_type) for e in csl_2023.entries)
    assert types[("SDN", EntryType.VESSEL)] == 3
    assert types[("SDN", EntryType.INDIVIDUAL)] == 1046
    assert types[("MEU", EntryType.ENTITY)] == 71  # empty type, declared all-organisation list
    assert types[("EL", EntryType.UNKNOWN)] == 919
    assert types[("DPL", EntryType.UNKNOWN)] == 577


def test_2023_licences(csl_2023: ParseResult) -> None:
    with_licence = Counter(e.list_code for e in csl_2023.entries if e.licence is not None)
    assert with_licence == {"EL": 919, "MEU": 71}
    meu = next(e for e in csl_2023.entries if e.list_code == "MEU")
    assert meu.licence is not None
    assert meu.licence.scope is LicenceScope.SPECIFIC_ITEMS
    assert meu.licence.policy is ReviewPolicy.OTHER


def test_2023_dates_and_countries(csl_2023: ParseResult) -> None:
    assert not any("start_date_published" in e.extra for e in csl_2023.entries)
    el_starts = [e.start_date for e in csl_2023.entries if e.list_code == "EL" and e.start_date]
    assert min(el_starts).year == 1997 and max(el_starts).year == 2017
    for entry in csl_2023.entries:
        assert all(len(c) == 2 and c.isupper() for c in entry.countries), entry.countries
    # Addresses without a country: the DPL's US addresses end with a state and ZIP code (no
    # "US"): US is inferred, and marked, for all but four whose ZIP is malformed ("031016")
    # or out of order; elsewhere only these four, where the list gives none.
    no_country = [e for e in csl_2023.entries if e.addresses and not e.countries]
    assert Counter(e.list_code for e in no_country)["DPL"] == 4
    inferred = [e for e in csl_2023.entries if "country_inferred" in e.extra]
    assert len(inferred) == 270 and all(e.list_code == "DPL" for e in inferred)
    assert all("US" in e.countries for e in inferred)
    assert sorted(e.addresses[0].text for e in no_country if e.list_code != "DPL") == [
        "Gaza Strip, undetermined",
        "Gaza Strip, undetermined",
        "House 21, Lane 17, Subdivision 603, Dragh District, Al-Mansour",
        "Jabaliya",
    ]


def test_2023_bom_and_crlf(csl_dir: Path, csl_2023: ParseResult) -> None:
    """The same file with a BOM and CRLF line ends (inside cells too) parses the same."""
    text = (csl_dir / CSV_2023).read_bytes().decode("utf-8")
    crlf = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    result = parse_bytes(crlf, CSV_2023)

    def view(e: Entry) -> tuple[Any, ...]:
        return (e.key, e.name, e.aliases, e.addresses, e.citations, e.licence, e.identifiers)

    assert [view(e) for e in result.entries] == [view(e) for e in csl_2023.entries]
    assert [s.line for s in result.skipped] == [s.line for s in csl_2023.skipped]


# --- the 2019 layout (no `_id`) and the 2025 sample -------------------------------------


def test_2019_layout_without_id(csl_dir: Path) -> None:
    source = CslSource()
    result = source.parse(source.fetch(str(csl_dir / CSV_2019)))
    assert len(result.entries) == 115
    assert result.rows_read == 115
    assert result.skipped == []
    assert Counter(e.list_code for e in result.entries) == {
        "SDN": 28,
        "SSI": 26,
        "EL": 22,
        "PLC": 13,
        "DTC": 10,
        "DPL": 8,
        "UVL": 4,
        "ISN": 3,
        "CAP": 1,
    }
    assert all(e.derived_id for e in result.entries)
    assert len({e.source_id for e in result.entries}) == 115
    assert len({e.key for e in result.entries}) == 115
    again = source.parse(source.fetch(str(csl_dir / CSV_2019)))
    assert [e.source_id for e in again.entries] == [e.source_id for e in result.entries]
    assert all(e.licence is not None for e in result.entries if e.list_code == "EL")
    assert "_id" not in result.entries[0].raw


def test_2025_sample(csl_dir: Path) -> None:
    source = CslSource()
    result = source.parse(source.fetch(str(csl_dir / CSV_2025)))
    assert len(result.entries) == 13
    assert result.skipped == []
    assert Counter(e.list_code for e in result.entries) == {
        "SSI": 3,
        "PLC": 2,
        "ISN": 1,
        "UVL": 1,
        "MEU": 1,
        "SDN": 1,
        "DTC": 1,
        "DPL": 1,
        "FSE": 1,
        "EL": 1,
    }
    (cetc,) = [e for e in result.entries if e.list_code == "EL"]
    assert (
        cetc.name
        == "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)"
    )
    # Quirk: "; and " from Federal Register prose is not part of the address or alias
    assert [a.text for a in cetc.addresses] == [
        "113 Hezuo Road, Shijiazhuang, Hebei, China",
        "21 Changsheng Street, Shijiazhuang, Hebei, China",
        "21 Changsheng Road, Shijiazhuang, Hebei, China, Shijiazhuang, Hebei Province, CN",
    ]
    assert cetc.addresses[0] == Address(
        text="113 Hezuo Road, Shijiazhuang, Hebei, China", country="CN", country_name="China"
    )
    assert cetc.aliases[-1] == "CETC Research Institute 13"
    assert [c.text for c in cetc.citations] == ["83 FR 37423", "87 FR 77505"]
    assert cetc.licence is not None
    assert cetc.licence.scope is LicenceScope.ALL_ITEMS
    assert cetc.licence.policy is ReviewPolicy.POLICY_OF_DENIAL
    (dpl,) = [e for e in result.entries if e.list_code == "DPL"]
    assert dpl.end_date == date(2056, 6, 29)
    assert dpl.extra["standard_order"] == "Y"
    assert [(c.volume, c.page, c.date) for c in dpl.citations] == [
        (67, 56530, date(2002, 9, 4)),
        (67, 10890, date(2002, 3, 11)),
        (71, 38843, date(2006, 7, 10)),
    ]
    (fse,) = [e for e in result.entries if e.list_code == "FSE"]
    assert fse.citizenships == ("TR",)
    assert fse.countries == ("TR",)


# --- the JSON layout --------------------------------------------------------------------


def _json_address(text: str) -> dict[str, str]:
    """The CSL CSV joins address, city, state, postal code and country with ", ": the last
    part is the country field, the rest goes into `address` (the CSV cannot tell them apart)."""
    head, sep, last = text.rpartition(", ")
    if not sep:
        return {"address": "", "city": "", "state": "", "postal_code": "", "country": text}
    return {"address": head, "city": "", "state": "", "postal_code": "", "country": last}


def _json_record(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row in the shape of the CSL API's `results` (lists as lists, addresses as objects)."""

    def items(column: str) -> list[str]:
        return [p.strip() for p in row[column].split(";") if p.strip()]

    record: dict[str, Any] = {k: (v or None) for k, v in row.items() if k != "_id"}
    record["id"] = row["_id"]
    for column in (
        "programs",
        "alt_names",
        "citizenships",
        "dates_of_birth",
        "nationalities",
        "places_of_birth",
    ):
        record[column] = items(column)
    record["addresses"] = [_json_address(a) for a in items("addresses")]
    record["ids"] = [
        {"type": t, "number": n, "country": c, "issue_date": None, "expiration_date": None}
        for t, n, c in (_id_parts(i) for i in items("ids"))
    ]
    return record


def _id_parts(text: str) -> tuple[str, str, str | None]:
    kind, _, rest = text.partition(", ")
    number, sep, country = rest.rpartition(", ")
    if sep and len(country) == 2 and country.isupper():
        return kind, number, country
    return kind, rest, None


def test_json_layout_matches_csv(csl_dir: Path, csl_2023: ParseResult) -> None:
    """All 4,227 rows of the 2023 CSV, converted to the API's JSON shape, give the same
    entries: names, aliases, addresses, licence, citations, identity."""
    text = (csl_dir / CSV_2023).read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    rows = [r for r in rows if r["source"] != "source"]  # the repeated header
    for row in rows:  # the short last row: DictReader fills missing cells with None
        for key, value in row.items():
            row[key] = value or ""
    payload = json.dumps({"results": [_json_record(r) for r in rows]}).encode("utf-8")
    result = parse_bytes(payload, "consolidated.json")

    assert result.skipped == []
    assert result.rows_read == 4227
    assert len(result.entries) == len(csl_2023.entries) == 4227

    def view(e: Entry) -> tuple[Any, ...]:
        return (
            e.list_code,
            e.source_id,
            e.key,
            e.name,
            e.entry_type,
            e.aliases,
            tuple((a.text, a.country) for a in e.addresses),
            e.countries,
            e.programs,
            e.licence,
            e.citations,
            e.start_date,
            e.end_date,
            e.dates_of_birth,
            e.source_urls,
        )

    mismatches = [
        (j.name, view(j), view(c))
        for j, c in zip(result.entries, csl_2023.entries, strict=True)
        if view(j) != view(c)
    ]
    assert mismatches == []
    (telecom,) = by_name(result, "China Telecom Corporation Limited")
    assert telecom.identifiers[0] == Identifier(
        "Unified Social Credit Code (USCC)", "9111000071093019X7", "CN"
    )
    assert telecom.addresses[0].street == "31 Jinrong Street, Xicheng District, Beijing, 100033"


def test_json_structured_address_and_bare_list() -> None:
    record = {
        "id": "abc",
        "source": EL_SOURCE,
        "name": "Inspur Taiwan Co Ltd",
        "addresses": [
            {
                "address": "No. 1 Road",
                "city": "New Taipei",
                "state": None,
                "postal_code": "220",
                "country": "TW",
            }
        ],
        "alt_names": None,
        "ids": [{"type": "Registration Number", "number": "123", "country": "Taiwan"}],
        "license_requirement": "For all items subject to the EAR.",
        "license_policy": "Presumption of denial.",
        "federal_register_notice": "90 FR 13422",
    }
    (entry,) = parse_bytes(json.dumps([record]).encode(), "consolidated.json").entries
    assert entry.addresses == (
        Address(
            text="No. 1 Road, New Taipei, 220, TW",
            street="No. 1 Road",
            city="New Taipei",
            postal_code="220",
            country="TW",
        ),
    )
    assert entry.identifiers == (Identifier("Registration Number", "123", "TW"),)
    assert entry.aliases == ()
    assert entry.citations[0].volume == 90
    assert entry.licence is not None and entry.licence.policy is ReviewPolicy.PRESUMPTION_OF_DENIAL


def test_json_bad_record_is_skipped_with_its_position() -> None:
    payload = json.dumps(
        {"results": [{"source": EL_SOURCE, "name": "Good Co"}, "oops", {"source": EL_SOURCE}]}
    )
    result = parse_bytes(payload.encode(), "consolidated.json")
    assert [e.name for e in result.entries] == ["Good Co"]
    assert result.skipped == [
        SkippedRow("consolidated.json", 2, "results[1] is a str, not an object"),
        SkippedRow("consolidated.json", 3, "no name", field="name"),
    ]


# --- rows that are not entries ----------------------------------------------------------


def test_bad_rows_are_skipped_with_line_and_reason() -> None:
    data = csv_bytes(
        {"source": EL_SOURCE, "name": "First Co", "addresses": "Street 1,\nTown, CN"},
        {"source": EL_SOURCE, "name": ""},
        {"source": "Some List - Nobody", "name": "Orphan"},
        {"source": "", "name": "No Source"},
        {"source": EL_SOURCE, "name": "Last Co"},
    )
    result = parse_bytes(data)
    assert [e.name for e in result.entries] == ["First Co", "Last Co"]
    # line numbers count the newline inside the first row's address cell
    assert result.skipped == [
        SkippedRow("consolidated.csv", 4, "no name", field="name"),
        SkippedRow(
            "consolidated.csv", 5, "unknown source list 'Some List - Nobody'", field="source"
        ),
        SkippedRow("consolidated.csv", 6, "no source list named", field="source"),
    ]
    assert result.rows_read == 5


def test_row_with_too_many_fields_refuses_the_file() -> None:
    """A row wider than the header is two records merged (a damaged line end or quote):
    its parties cannot be read, so the file is refused, naming the line, rather than kept
    without them."""
    data = (
        csv_bytes({"source": EL_SOURCE, "name": "Fine Co"})
        + (f'x,"{EL_SOURCE}",,,,Shifted Co' + "," * 23 + ",extra1,extra2\n").encode()
    )
    with pytest.raises(SourceFormatError, match="line 3: row has 31 fields, the header 29"):
        parse_bytes(data)


def test_a_file_ending_in_a_short_or_open_record_is_marked_cut() -> None:
    whole = csv_bytes({"source": EL_SOURCE, "name": "Whole Co"})
    assert parse_bytes(whole).truncated is None
    short = parse_bytes(whole + f'id2,"{EL_SOURCE}",,,,Cut Co'.encode())
    assert short.truncated is not None and short.truncated.line == 3
    assert "last record has 6 of 29 fields" in short.truncated.reason
    open_quote = parse_bytes(whole + f'id2,"{EL_SOURCE}",,,,"Cut Co, Addr'.encode())
    assert open_quote.truncated is not None and open_quote.truncated.line == 3
    assert "ends inside a quoted field" in open_quote.truncated.reason


def test_short_row_without_a_name_is_skipped_not_kept() -> None:
    data = (
        csv_bytes({"source": EL_SOURCE, "name": "Whole Co"}) + (f'id2,"{EL_SOURCE}",,,\n').encode()
    )
    result = parse_bytes(data)
    assert [e.name for e in result.entries] == ["Whole Co"]
    assert result.skipped == [
        SkippedRow("consolidated.csv", 3, "no name (short row: 5 of 29 fields)", field="name")
    ]


def test_undeclared_list_is_kept_under_its_code() -> None:
    data = csv_bytes(
        {"source": "Brand New List (BNL) - Somewhere Department", "name": "New Party"},
        {"source": EL_SOURCE, "name": "Known Party"},
    )
    result = parse_bytes(data)
    assert [e.list_code for e in result.entries] == ["BNL", "EL"]
    (note,) = result.skipped
    assert note.line == 2 and note.field == "source"
    assert "not declared" in note.reason and "'BNL'" in note.reason


def test_columns_found_by_name_in_any_order() -> None:
    data = csv_bytes(
        {"name": "Reordered Co", "source": EL_SOURCE, "type": "Entity"},
        header="name,type,source",
    )
    (entry,) = parse_bytes(data).entries
    assert (entry.name, entry.list_code, entry.entry_type) == (
        "Reordered Co",
        "EL",
        EntryType.ENTITY,
    )
    assert entry.derived_id


def test_unexpected_type_and_bad_date_are_kept() -> None:
    data = csv_bytes(
        {"source": EL_SOURCE, "name": "Odd Co", "type": "Organisation", "start_date": "31/12/2020"}
    )
    (entry,) = parse_bytes(data).entries
    assert entry.entry_type is EntryType.UNKNOWN
    assert entry.extra["type"] == "Organisation"
    assert entry.start_date is None
    assert entry.extra["start_date_published"] == "31/12/2020"


# --- files that are not CSL files -------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \r\n\n", b"\xef\xbb\xbf"])
def test_empty_file_raises(data: bytes) -> None:
    with pytest.raises(SourceFormatError, match="empty") as info:
        parse_bytes(data)
    assert info.value.file == "consolidated.csv"


@pytest.mark.parametrize("missing", ["name", "source"])
def test_missing_required_column_raises(missing: str) -> None:
    header = ",".join(c for c in HEADER.split(",") if c != missing)
    data = csv_bytes({"source": EL_SOURCE, "name": "X"}, header=header)
    with pytest.raises(SourceFormatError, match=f"missing required column.*{missing}") as info:
        parse_bytes(data)
    assert info.value.field == missing
    assert info.value.line == 1
    assert info.value.file == "consolidated.csv"


def test_garbage_bytes_raise() -> None:
    garbage = bytes(range(128, 256)) * 8 + bytes(range(128))
    with pytest.raises(SourceFormatError, match="not UTF-8") as info:
        parse_bytes(garbage)
    assert info.value.line == 1


def test_text_that_is_not_a_csl_csv_raises() -> None:
    with pytest.raises(SourceFormatError, match="missing required column") as info:
        parse_bytes(b"lorem ipsum dolor\nsit amet\n")
    assert info.value.field == "source"


def test_html_page_raises() -> None:
    with pytest.raises(SourceFormatError, match="HTML"):
        parse_bytes(b"<!DOCTYPE html><html><body>Service unavailable</body></html>")


def test_header_only_raises() -> None:
    with pytest.raises(SourceFormatError, match="no entry could be read from 0 rows"):
        parse_bytes(HEADER.encode() + b"\n")


def test_file_of_bad_rows_raises() -> None:
    data = csv_bytes({"source": EL_SOURCE, "name": ""}, {"source": "", "name": "X"})
    with pytest.raises(SourceFormatError, match=r"no entry .* 2 rows .*line 2: no name"):
        parse_bytes(data)


def test_truncated_json_raises(csl_dir: Path) -> None:
    payload = json.dumps(
        {"results": [{"source": EL_SOURCE, "name": f"Party {i}"} for i in range(50)]}, indent=1
    )
    cut = payload[: len(payload) // 2]
    with pytest.raises(SourceFormatError, match="not valid JSON") as info:
        parse_bytes(cut.encode(), "consolidated.json")
    assert info.value.file == "consolidated.json"
    assert info.value.line is not None and info.value.line > 1


def test_json_without_results_raises() -> None:
    with pytest.raises(SourceFormatError, match="'results'") as info:
        parse_bytes(b'{"total": 0}', "consolidated.json")
    assert info.value.field == "results"


def test_bundle_without_files_raises() -> None:
    with pytest.raises(SourceFormatError, match="no file"):
        CslSource().parse(Bundle(files={}, origin="nowhere"))


# --- helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Passport, E590976, TN, 19 Jun 1987, 18 Jun 1992",
            Identifier("Passport", "E590976", "TN"),
        ),
        (
            "Passport, D000000483, Diplomatic, SY",
            Identifier("Passport", "D000000483, Diplomatic", "SY"),
        ),
        (
            "Issuer Name, China Telecom Co., Ltd",
            Identifier("Issuer Name", "China Telecom Co., Ltd"),
        ),
        ("Listing Date (CMIC), 2021-06-03", Identifier("Listing Date (CMIC)", "2021-06-03")),
        ("Nationality Country, PS", Identifier("Nationality Country", "PS")),
        (
            "Executive Order 13662 Directive Determination -, Subject to Directive 2",
            Identifier("Executive Order 13662 Directive Determination", "Subject to Directive 2"),
        ),
        (
            "Secondary sanctions risk:, Ukraine-/Russia-Related Sanctions Regulations, "
            "31 CFR 589.201",
            Identifier(
                "Secondary sanctions risk",
                "Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201",
            ),
        ),
        ("   ", None),
    ],
)
def test_parse_identifier(text: str, expected: Identifier | None) -> None:
    assert parse_identifier(text) == expected


@pytest.mark.parametrize(
    ("text", "country", "country_name"),
    [
        ("Kabul, AF", "AF", None),
        ("TR", "TR", None),
        ("Room 1, Central, Hong Kong,", "HK", "Hong Kong"),
        ("3415 RIVERA AVENUE, EL PASO, TX, 79905", None, None),
        ("Gaza Strip, undetermined", None, None),
        ("Beijing 100020, China", "CN", "China"),
        ("Somewhere, ca", None, None),
    ],
)
def test_parse_address_country(text: str, country: str | None, country_name: str | None) -> None:
    address = parse_address(text)
    assert (address.country, address.country_name) == (country, country_name)
    assert address.text == text.rstrip(",")


def test_split_list_drops_prose_and() -> None:
    assert split_list("A; B;  ; and C") == ("A", "B", "C")
    assert split_list("Anderson Co; Andes Ltd") == ("Anderson Co", "Andes Ltd")
    assert split_list("") == ()
