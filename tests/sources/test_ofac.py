from __future__ import annotations

from pathlib import Path

import pytest

from entitylist.errors import FetchError, SourceFormatError
from entitylist.model import Address, EntryType, Identifier, ParseResult
from entitylist.sources.base import Bundle
from entitylist.sources.ofac import (
    OfacConsSource,
    OfacSdnSource,
    cons_list_code,
    decode,
    parse_addresses,
    parse_aliases,
    parse_remarks,
    split_programs,
)

SDN = OfacSdnSource()
CONS = OfacConsSource()

SDN_ROW = (
    b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    b'306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    b"\"a.k.a. 'BNC'.\"\r\n"
)
ADD_ROW = b'36,25,-0- ,"Havana","Cuba",-0- \r\n'
ALT_ROW = b'36,12,"aka","AERO-CARIBBEAN",-0- \r\n'


def _small(sdn: bytes = SDN_ROW, add: bytes = ADD_ROW, alt: bytes = ALT_ROW) -> ParseResult:
    return SDN.parse(Bundle(files={"sdn.csv": sdn, "add.csv": add, "alt.csv": alt}, origin="t"))


# --- real files ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sdn_2021(shared_data: Path) -> ParseResult:
    return SDN.parse(SDN.fetch(str(shared_data / "ofac_sdn" / "2021-07_complete")))


@pytest.fixture(scope="module")
def cons_2025(shared_data: Path) -> ParseResult:
    return CONS.parse(CONS.fetch(str(shared_data / "ofac_cons")))


def test_2021_counts(sdn_2021: ParseResult) -> None:
    entries = sdn_2021.entries
    assert len(entries) == 8976
    assert sum(len(e.aliases) for e in entries) == 11910  # every alt.csv row joined
    assert sum(len(e.raw["add"]) for e in entries) == 13837  # every add.csv row joined
    # 2,397 of those rows publish no street, city or country at all: no Address for them
    assert sum(len(e.addresses) for e in entries) == 13837 - 2397
    assert sdn_2021.skipped == []
    assert sdn_2021.rows_read == 8976 + 13837 + 11910 + 5
    assert len({e.key for e in entries}) == 8976
    types = {t: sum(e.entry_type is t for e in entries) for t in EntryType}
    assert types[EntryType.INDIVIDUAL] == 4620
    assert types[EntryType.ENTITY] == 3673
    assert types[EntryType.VESSEL] == 406
    assert types[EntryType.AIRCRAFT] == 277


def test_2019_counts(shared_data: Path) -> None:
    result = SDN.parse(SDN.fetch(str(shared_data / "ofac_sdn" / "2019-01_complete")))
    assert len(result.entries) == 7379
    assert sum(len(e.aliases) for e in result.entries) == 9682
    assert sum(len(e.raw["add"]) for e in result.entries) == 11696
    assert result.skipped == []


def test_2021_entry_joined(sdn_2021: ParseResult) -> None:
    by_id = {e.source_id: e for e in sdn_2021.entries}
    cuba = by_id["36"]
    assert cuba.key == "SDN:36"
    assert cuba.list_code == "SDN"
    assert cuba.name == "AEROCARIBBEAN AIRLINES"
    assert cuba.entry_type is EntryType.ENTITY
    assert cuba.programs == ("CUBA",)
    assert cuba.aliases == ("AERO-CARIBBEAN",)
    assert cuba.addresses == (
        Address(text="Havana, Cuba", city="Havana", country="CU", country_name="Cuba"),
    )
    assert cuba.remarks is None
    assert cuba.title is None
    assert cuba.raw["sdn"]["call_sign"] is None  # "-0- " is null


def test_2021_remarks_overflow_joined(sdn_2021: ParseResult) -> None:
    entry = next(e for e in sdn_2021.entries if e.source_id == "12300")
    # sdn.csv stops mid-word ("PROMO RAI"), sdn_comments.csv continues ("Z S.A.S.; ...")
    assert "Linked To: PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL" in (entry.remarks or "")
    assert entry.remarks is not None and entry.remarks.endswith("Linked To: R D I S.A.")
    assert "R D I S.A." in entry.extra["linked_to"].split("; ")


def test_2021_bracketed_programs_and_fka(sdn_2021: ParseResult) -> None:
    multi = [e for e in sdn_2021.entries if len(e.programs) > 1]
    assert multi
    assert all("[" not in p and "]" not in p for e in multi for p in e.programs)
    fka = [e for e in sdn_2021.entries if any(a["alt_type"] == "fka" for a in e.raw["alt"])]
    assert len(fka) > 100


def test_2021_remark_facts(sdn_2021: ParseResult) -> None:
    li = next(e for e in sdn_2021.entries if e.source_id == "28264")
    assert li.dates_of_birth == ("1987-01-10",)
    assert li.nationalities == ("CN",)
    assert Identifier("id_number", "210302198701102136", "CN") in li.identifiers
    assert li.extra["weak_aliases"] == "blackjack1987; khaleesi"
    assert li.extra["linked_to"] == "LAZARUS GROUP"
    individuals = [e for e in sdn_2021.entries if e.entry_type is EntryType.INDIVIDUAL]
    assert sum(bool(e.dates_of_birth) for e in individuals) > 4000
    passports = [i for e in sdn_2021.entries for i in e.identifiers if i.kind == "passport"]
    assert len(passports) > 1000
    # 197 passports are published without a country: all others get their ISO code
    assert sum(p.country is None for p in passports) < 200


def test_ctrl_z_is_stripped(shared_data: Path) -> None:
    raw = (shared_data / "ofac_sdn" / "2021-07_complete" / "sdn.csv").read_bytes()
    assert raw.endswith(b"\x1a")
    assert "\x1a" not in decode(raw)
    result = _small(sdn=SDN_ROW + b"\x1a", add=ADD_ROW + b"\x1a", alt=ALT_ROW + b"\x1a")
    assert [e.source_id for e in result.entries] == ["36", "306"]
    assert result.entries[0].aliases == ("AERO-CARIBBEAN",)


def test_null_variants() -> None:
    add = b'36,25,-0- ,"Havana","Cuba",-0- \n36,26,-0-,-0,"Cuba", -0- \n'
    entry = _small(add=add).entries[0]
    assert [a.street for a in entry.addresses] == [None, None]
    assert entry.addresses[1] == Address(text="Cuba", country="CU", country_name="Cuba")
    assert entry.raw["add"][1]["add_remarks"] is None


# --- the non-SDN consolidated list ---------------------------------------------------------


def test_cons_2025(cons_2025: ParseResult) -> None:
    entries = cons_2025.entries
    assert len(entries) == 442
    assert cons_2025.skipped == []
    by_name = {e.name: e for e in entries}
    huawei = by_name["HUAWEI TECHNOLOGIES CO., LTD."]
    assert huawei.list_code == "CMIC"
    assert huawei.key == "CMIC:30947"
    assert huawei.programs == ("CMIC-EO13959",)
    assert huawei.addresses[0].country == "CN"
    assert Identifier("uscc", "914403001922038216", "CN") in huawei.identifiers
    assert by_name["INSPUR GROUP CO., LTD."].list_code == "CMIC"
    assert by_name["SEMICONDUCTOR MANUFACTURING INTERNATIONAL CORPORATION"].list_code == "CMIC"
    dawning = by_name["DAWNING INFORMATION INDUSTRY CO., LTD"]
    assert dawning.list_code == "CMIC"
    assert "Sugon" in (dawning.remarks or "")
    counts = {code: sum(e.list_code == code for e in entries) for code in
              ("SSI", "PLC", "CMIC", "MBS", "CAP")}  # fmt: skip
    assert counts == {"SSI": 286, "PLC": 78, "CMIC": 68, "MBS": 9, "CAP": 1}


@pytest.mark.parametrize(
    ("programs", "code"),
    [
        (("CMIC-EO13959",), "CMIC"),
        (("NS-CMIC-EO13959",), "CMIC"),
        (("SDGT", "NS-PLC"), "PLC"),
        (("UKRAINE-EO13662",), "SSI"),
        (("UKRAINE-EO13662", "RUSSIA-EO14024"), "SSI"),
        (("FSE-IR",), "FSE"),
        (("561-Related",), "CAP"),
        (("RUSSIA-EO14024",), "MBS"),
        (("CAATSA - RUSSIA",), "MBS"),
        (("ILLICIT-DRUGS-EO14059",), "MBS"),
    ],
)
def test_cons_list_codes(programs: tuple[str, ...], code: str) -> None:
    assert cons_list_code(programs) == code


# --- add/alt alone (the 2025 vintages) -----------------------------------------------------


@pytest.mark.parametrize("vintage", ["2025-01_no_sdn_csv", "2025-12_no_sdn_csv"])
def test_2025_set_without_sdn_csv_is_refused(shared_data: Path, vintage: str) -> None:
    folder = shared_data / "ofac_sdn" / vintage
    bundle = Bundle(files={p.name: p.read_bytes() for p in folder.iterdir()}, origin=vintage)
    with pytest.raises(SourceFormatError) as caught:
        SDN.parse(bundle)
    assert caught.value.file == "sdn.csv"
    assert "missing" in caught.value.message
    assert "it holds add.csv, alt.csv, sdn_comments.csv" in caught.value.message
    with pytest.raises(FetchError):  # and fetching the set stops at the missing file first
        SDN.fetch(str(folder))


def test_2025_alias_and_address_vintages(shared_data: Path) -> None:
    base = shared_data / "ofac_sdn"
    jan_alt = parse_aliases((base / "2025-01_no_sdn_csv" / "alt.csv").read_bytes(), "alt.csv")
    dec_alt = parse_aliases((base / "2025-12_no_sdn_csv" / "alt.csv").read_bytes(), "alt.csv")
    assert sum(map(len, jan_alt.values())) == 19486
    assert sum(map(len, dec_alt.values())) == 20107
    assert jan_alt["36"] == ["AERO-CARIBBEAN"]
    dec_add = parse_addresses((base / "2025-12_no_sdn_csv" / "add.csv").read_bytes(), "add.csv")
    assert dec_add["36"] == [
        Address(text="Havana, Cuba", city="Havana", country="CU", country_name="Cuba")
    ]
    assert len(dec_add) > len(jan_alt) / 2
    assert set(dec_alt) - set(jan_alt)  # parties added during 2025


# --- unit: remarks, programs ---------------------------------------------------------------


def test_parse_remarks() -> None:
    facts = parse_remarks(
        "DOB 12 Feb 1961; alt. DOB Feb 1962; DOB circa 1950; POB Port-au-Prince, Haiti; "
        "nationality Haiti; citizen Iran; Gender Male; Passport A123456 (Iran) expires "
        "01 Jan 2020; alt. Passport RL 1794375 (Lebanon); Tax ID No. 7736050003 (Russia); "
        "Nationality of Registration Korea, North; Linked To: C.I. DISERCOM S.A.S.; "
        "a.k.a. 'BNC'; Passport expired; Linked To: LAZARUS GROUP."
    )
    assert facts.dates_of_birth == ("1961-02-12", "1962-02", "circa 1950")
    assert facts.places_of_birth == ("Port-au-Prince, Haiti",)
    assert facts.nationalities == ("Haiti",)
    assert facts.citizenships == ("Iran",)
    assert facts.gender == "Male"
    assert facts.identifiers == (
        Identifier("passport", "A123456", "IR"),
        Identifier("passport", "RL 1794375", "LB"),
        Identifier("tax_id", "7736050003", "RU"),
    )
    assert facts.linked_to == ("C.I. DISERCOM S.A.S.", "LAZARUS GROUP")
    assert facts.weak_aliases == ("BNC",)
    assert parse_remarks(None).identifiers == ()


def test_split_programs() -> None:
    assert split_programs("SDGT] [IRGC] [IFSR") == ("SDGT", "IRGC", "IFSR")
    assert split_programs("[SDGT] [IRGC]") == ("SDGT", "IRGC")
    assert split_programs("CUBA") == ("CUBA",)
    assert split_programs(None) == ()


# --- quirks and failures -------------------------------------------------------------------


def test_orphan_rows_are_skipped_not_dropped() -> None:
    add = ADD_ROW + b'999,1,"Street 1","Town","Iran",-0- \r\n'
    alt = ALT_ROW + b'\r\n998,2,"fka","GHOST",-0- \r\n'
    result = _small(add=add, alt=alt)
    assert len(result.entries) == 2
    assert [(s.file, s.line, s.field) for s in result.skipped] == [
        ("add.csv", 2, "ent_num"),
        ("alt.csv", 3, "ent_num"),
    ]
    assert "999" in result.skipped[0].reason


def test_missing_optional_comments_file_is_fine() -> None:
    assert len(_small().entries) == 2


def test_members_are_matched_ignoring_case() -> None:
    bundle = Bundle(files={"SDN.CSV": SDN_ROW, "Add.csv": ADD_ROW, "alt.CSV": ALT_ROW}, origin="t")
    assert len(SDN.parse(bundle).entries) == 2


@pytest.mark.parametrize("data", [b"", b"\x1a", b"\r\n\x1a"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(SourceFormatError) as caught:
        _small(sdn=data)
    assert (caught.value.file, caught.value.line) == ("sdn.csv", 1)
    assert "empty" in caught.value.message


def test_add_alt_alone_refuse_empty_and_garbage() -> None:
    with pytest.raises(SourceFormatError) as caught:
        parse_aliases(b"\x1a", "alt.csv")
    assert (caught.value.file, caught.value.line) == ("alt.csv", 1)
    with pytest.raises(SourceFormatError) as caught:
        parse_addresses(b"<html>\n</html>\n", "add.csv")
    assert (caught.value.file, caught.value.line) == ("add.csv", 1)


def test_garbage_html_page() -> None:
    with pytest.raises(SourceFormatError) as caught:
        _small(sdn=b"<html>\n<body>Service Unavailable</body></html>\n")
    assert (caught.value.file, caught.value.line) == ("sdn.csv", 1)
    assert "expected 12 columns" in caught.value.message


def test_garbage_binary() -> None:
    with pytest.raises(SourceFormatError) as caught:
        _small(alt=b"PK\x03\x04\x00\x00garbage,\x00")
    assert caught.value.file == "alt.csv"


def test_truncated_download(shared_data: Path) -> None:
    raw = (shared_data / "ofac_sdn" / "2021-07_complete" / "sdn.csv").read_bytes()
    cut = raw[: len(raw) // 2]
    with pytest.raises(SourceFormatError) as caught:
        _small(sdn=cut)
    assert caught.value.file == "sdn.csv"
    assert caught.value.line is not None and caught.value.line > 4000


def test_unterminated_quote() -> None:
    with pytest.raises(SourceFormatError) as caught:
        _small(sdn=SDN_ROW + b'400,"UNFINISHED,-0- ,"CUBA"')
    assert (caught.value.file, caught.value.line) == ("sdn.csv", 3)


def test_bad_ent_num() -> None:
    with pytest.raises(SourceFormatError) as caught:
        _small(add=b'X36,25,-0- ,"Havana","Cuba",-0- \r\n')
    assert (caught.value.file, caught.value.line, caught.value.field) == ("add.csv", 1, "ent_num")


def test_duplicate_ent_num() -> None:
    with pytest.raises(SourceFormatError) as caught:
        _small(sdn=SDN_ROW + SDN_ROW[: SDN_ROW.index(b"\n") + 1])
    assert caught.value.line == 3
    assert "first on line 1" in caught.value.message


def test_sources_declare_themselves() -> None:
    assert SDN.name == "ofac" and CONS.name == "ofac-cons"
    assert SDN.default_url.startswith("https://sanctionslistservice.ofac.treas.gov/")
    assert SDN.bounds.required_files == ("sdn.csv", "add.csv", "alt.csv")
