from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from entitylist.errors import SourceFormatError
from entitylist.model import Address, Citation, Entry, ParseResult
from entitylist.sources.base import Bundle
from entitylist.sources.bis_dpl import DplSource, normalise_actions, parse_dpl

DPL = DplSource()
VINTAGES = ("2019-06-29", "2022-09-07", "2023-11-30")

HEADER = (
    '"Name"\t"Street_Address"\t"City"\t"State"\t"Country"\t"Postal_Code"\t'
    '"Effective_Date (MM/DD/YYYY)"\t"Expiration_Date"\t"Standard_Order"\t"Last_Update"\t'
    '"Action"\t"FR_Citation"\n'
)


def _row(name: str, street: str = "1 MAIN ST", *, eff: str = "06/19/2003",
         exp: str = "06/29/2056", update: str = "2007-01-31", action: str = "FR NOTICE ADDED",
         fr: str = "68 F.R. 38290 6/27/03", country: str = "US") -> str:  # fmt: skip
    cells = [name, street, "SEAGOVILLE", "TX", country, "75159", eff, exp, "Y", update, action, fr]
    return "\t".join(f'"{c}"' for c in cells) + "\n"


def _parse(*rows: str) -> ParseResult:
    return parse_dpl((HEADER + "".join(rows)).encode("utf-8"), "dpl.txt")


# --- real files ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vintages(shared_data: Path) -> dict[str, ParseResult]:
    folder = shared_data / "bis_dpl"
    return {v: DPL.parse(DPL.fetch(str(folder / f"dpl_{v}.txt"))) for v in VINTAGES}


def _by_name(result: ParseResult) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for entry in result.entries:
        out.setdefault(entry.name, []).append(entry)
    return out


@pytest.mark.parametrize(
    ("vintage", "rows", "entries", "names"),
    [("2019-06-29", 546, 433, 415), ("2022-09-07", 581, 487, 459), ("2023-11-30", 665, 577, 545)],
)
def test_counts(
    vintages: dict[str, ParseResult], vintage: str, rows: int, entries: int, names: int
) -> None:
    result = vintages[vintage]
    assert result.rows_read == rows
    assert len(result.entries) == entries  # one per denial order
    assert len({e.name for e in result.entries}) == names
    assert len({e.key for e in result.entries}) == entries
    assert result.skipped == []
    assert all(e.list_code == "DPL" and e.derived_id for e in result.entries)
    assert sum(len(e.raw["rows"]) for e in result.entries) == rows


def test_2023_matches_the_csl_grouping(shared_data: Path, vintages: dict[str, ParseResult]) -> None:
    with (shared_data / "csl" / "consolidated_2023-11-30.csv").open(encoding="utf-8-sig") as fh:
        csl = [r for r in csv.DictReader(fh) if r["source"].startswith("Denied Persons")]
    assert len(csl) == len(vintages["2023-11-30"].entries) == 577
    published = {(r["name"].strip(), r["start_date"]) for r in csl}
    ours = {
        (e.name, e.start_date.isoformat() if e.start_date else "")
        for e in vintages["2023-11-30"].entries
    }
    assert ours == published


def test_merged_order_keeps_every_address(vintages: dict[str, ParseResult]) -> None:
    (ramirez,) = _by_name(vintages["2023-11-30"])["JESUS ADRIAN RAMIREZ"]
    assert [a.street for a in ramirez.addresses] == [
        "154 W. MENDIBLES STREET",
        "534 N. MAKNAB DRIVE, APT. C",
    ]
    # the two rows disagree on the expiration date: the later one is in force, both kept
    assert ramirez.end_date == date(2030, 12, 16)
    assert ramirez.extra["expiration_dates"] == "12/16/2023, 12/16/2030"
    assert ramirez.start_date == date(2023, 3, 21)
    assert ramirez.citations == (Citation("88 F.R. 17793 3/24/2023", 88, 17793, date(2023, 3, 24)),)
    assert ramirez.extra["actions"] == "added, fr_notice_added"


def test_repeated_names_are_separate_orders(vintages: dict[str, ParseResult]) -> None:
    ash = _by_name(vintages["2023-11-30"])["I. ASH"]  # published as " I. ASH"
    assert len(ash) >= 1
    airlines = _by_name(vintages["2023-11-30"])["AL NASER AIRLINES"]
    assert len(airlines) == 4
    assert len({e.key for e in airlines}) == 4
    assert all(e.key.startswith("DPL:n:al-naser-airlines~") for e in airlines)


def test_keys_stable_between_vintages(vintages: dict[str, ParseResult]) -> None:
    def keys(v: str) -> dict[str, str]:
        return {e.source_id: e.key for e in vintages[v].entries}

    old, new = keys("2022-09-07"), keys("2023-11-30")
    same = set(old) & set(new)
    assert len(same) > 300
    assert sum(old[s] == new[s] for s in same) / len(same) > 0.95


def test_impossible_last_update(vintages: dict[str, ParseResult]) -> None:
    (zadeh,) = _by_name(vintages["2019-06-29"])["MANSOUR ZADEH"]
    assert zadeh.extra["last_update_impossible"] == "3017-08-22"
    assert zadeh.extra["last_update"] == "2017-08-22"  # from the order's other rows
    flagged = {
        e.name: e.extra["last_update_impossible"]
        for e in vintages["2023-11-30"].entries
        if "last_update_impossible" in e.extra
    }
    assert flagged["JOSE ERNESTO GARCIA"] == "3033-09-30"
    assert flagged["GIE KERMAN AVIATION"] == "1023-11-01"


def test_parties_added_and_removed_between_vintages(vintages: dict[str, ParseResult]) -> None:
    names = {v: {e.name for e in r.entries} for v, r in vintages.items()}
    # added in 2022: BIS temporary denial orders on Russian and Belarusian airlines (April
    # and June 2022), and a standard order on an individual (August 2022)
    for added in (
        "PJSC AEROFLOT",
        "AZUR AIR",
        "BELAVIA BELARUSIAN AIRLINES",
        "AARON ABRAHAM VILLA",
    ):
        assert added not in names["2019-06-29"]
        assert added in names["2022-09-07"]
    (aeroflot,) = _by_name(vintages["2022-09-07"])["PJSC AEROFLOT"]
    assert aeroflot.start_date == date(2022, 4, 7)
    assert aeroflot.end_date == date(2022, 10, 4)
    assert aeroflot.addresses[0].country == "RU"
    assert aeroflot.citations[0].text == "87 F.R. 21611 4/12/2022"
    (renewed,) = _by_name(vintages["2023-11-30"])["PJSC AEROFLOT"]  # renewed since
    assert renewed.end_date is not None and renewed.end_date > date(2023, 11, 30)
    assert len(renewed.citations) == 4
    # expired and removed
    assert "ALI AMIRNAZMI" in names["2019-06-29"] and "ALI AMIRNAZMI" not in names["2022-09-07"]
    assert "AJAY AHUJA" in names["2022-09-07"] and "AJAY AHUJA" not in names["2023-11-30"]
    # added in 2023
    assert "JESUS ADRIAN RAMIREZ" in names["2023-11-30"]
    assert "JESUS ADRIAN RAMIREZ" not in names["2022-09-07"]


def test_every_real_action_is_in_the_vocabulary(vintages: dict[str, ParseResult]) -> None:
    for result in vintages.values():
        for entry in result.entries:
            for row in entry.raw["rows"]:
                assert "other" not in normalise_actions(row["Action"]), row["Action"]


# --- unit ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        ("FR NOTICE ADDED", ("fr_notice_added",)),
        ("F.R. NOTICE ADDED ", ("fr_notice_added",)),
        ("F.R.NOTICE ADDED", ("fr_notice_added",)),
        ("F.R NOTICE ADDED", ("fr_notice_added",)),
        ("F. R. NOTICE ADDED", ("fr_notice_added",)),
        ("R.F. NOTICE ADDED", ("fr_notice_added",)),
        ("FEDERAL REGISTER NOTICE ADDED  ", ("fr_notice_added",)),
        ("FEDERAL REGISTER ADDED", ("fr_notice_added",)),
        ("F.R. REGISTER ADDED", ("fr_notice_added",)),
        ("F.R. NOTICEADED", ("fr_notice_added",)),
        ("F.R. NOTICE ADEDD", ("fr_notice_added",)),
        ("F.R. NOITCE ADDED", ("fr_notice_added",)),
        ("F.R. NOTICED ADDED", ("fr_notice_added",)),
        ("FEDERAL REGISTER NOTICE ADDITION", ("fr_notice_added",)),
        ("NEW & FR NOTICE", ("added", "fr_notice_added")),
        ("ADDITION, F.R. NOTICE ADDED", ("added", "fr_notice_added")),
        ("FR NOTICE UPDATED", ("fr_notice_updated",)),
        ("CORRECTED FR NOTICE", ("fr_notice_corrected",)),
        ("TDO RENEWAL, TOD RENEWAL ADDED, TDO RRENEWAL", ("tdo_renewal",) * 3),
        ("10 YEAR DENIAL/F.R. NOTICE UPDATED", ("denial_term", "fr_notice_updated")),
        (
            "EFFECTIVE & EXPIRATION DATE CORRECTED & F.R. NOTICE UPDATED",
            ("dates_corrected", "fr_notice_updated"),
        ),
        ("DUPLICATE DELTED", ("duplicate_deleted",)),
        ("SOMETHING ELSE", ("other",)),
        ("", ()),
    ],
)
def test_normalise_actions(text: str, actions: tuple[str, ...]) -> None:
    assert normalise_actions(text) == actions


def test_one_row() -> None:
    (entry,) = _parse(_row(" I. ASH")).entries
    assert entry.name == "I. ASH"
    assert entry.key == "DPL:n:i-ash"
    assert entry.source_id.startswith("DPL:")
    assert entry.start_date == date(2003, 6, 19)
    assert entry.end_date == date(2056, 6, 29)
    assert entry.addresses == (
        Address(
            text="1 MAIN ST, SEAGOVILLE, TX, 75159, US",
            street="1 MAIN ST",
            city="SEAGOVILLE",
            state="TX",
            postal_code="75159",
            country="US",
            country_name="US",
        ),
    )
    assert entry.extra == {
        "standard_order": "Y",
        "last_update": "2007-01-31",
        "actions": "fr_notice_added",
    }
    assert entry.remarks == "FR NOTICE ADDED"


def test_rows_of_one_order_merge_and_others_do_not() -> None:
    result = _parse(
        _row("ACME", "1 MAIN ST"),
        _row("ACME", "2 SIDE ST"),
        _row("ACME", "2 SIDE ST"),  # published twice, word for word
        _row("ACME", "9 OTHER RD", eff="01/01/2020", fr="85 FR 1"),
    )
    first, second = result.entries
    assert [a.street for a in first.addresses] == ["1 MAIN ST", "2 SIDE ST"]
    assert first.extra["published_rows"] == "3"
    assert [a.street for a in second.addresses] == ["9 OTHER RD"]
    assert first.key != second.key
    assert {first.key.split("~")[0], second.key.split("~")[0]} == {"DPL:n:acme"}


def test_no_expiration_means_open_ended() -> None:
    (entry,) = _parse(_row("ACME", exp="")).entries
    assert entry.end_date is None


def test_impossible_dates_do_not_fail() -> None:
    (entry,) = _parse(_row("ACME", eff="13/45/2020", update="3017-08-22")).entries
    assert entry.start_date is None
    assert entry.extra["last_update_impossible"] == "3017-08-22"
    assert "last_update" not in entry.extra


def test_row_without_name_is_skipped() -> None:
    result = _parse(_row("ACME"), _row(""))
    assert len(result.entries) == 1
    assert [(s.file, s.line, s.field) for s in result.skipped] == [("dpl.txt", 3, "Name")]


@pytest.mark.parametrize("data", [b"", b"   \n"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(SourceFormatError) as caught:
        parse_dpl(data, "dpl.txt")
    assert (caught.value.file, caught.value.line) == ("dpl.txt", 1)


def test_html_page_instead_of_the_list() -> None:
    with pytest.raises(SourceFormatError) as caught:
        parse_dpl(b"<!DOCTYPE html><html><body>Bureau of Industry and Security</body></html>")
    assert (caught.value.line, caught.value.field) == (1, "Name")
    assert "not the Denied Persons List" in caught.value.message


def test_truncated_download(shared_data: Path) -> None:
    raw = (shared_data / "bis_dpl" / "dpl_2023-11-30.txt").read_bytes()
    cut = raw[: raw.index(b"\n", len(raw) // 2) + 40]
    with pytest.raises(SourceFormatError) as caught:
        parse_dpl(cut, "dpl.txt")
    assert caught.value.file == "dpl.txt"
    assert caught.value.line is not None and caught.value.line > 300


def test_wrong_width_row() -> None:
    with pytest.raises(SourceFormatError) as caught:
        _parse(_row("ACME"), '"SHORT"\t"ROW"\n')
    assert (caught.value.file, caught.value.line) == ("dpl.txt", 3)


def test_source_fetch_and_bundle(shared_data: Path) -> None:
    bundle = DPL.fetch(str(shared_data / "bis_dpl" / "dpl_2019-06-29.txt"))
    assert list(bundle.files) == ["dpl.txt"]
    assert DPL.name == "dpl"
    assert DPL.default_url == "https://www.bis.doc.gov/dpl/dpl.txt"
    with pytest.raises(SourceFormatError):
        DPL.parse(Bundle(files={"a.txt": b"", "b.txt": b""}, origin="t"))
