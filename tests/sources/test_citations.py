from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from entitylist.model import Citation
from entitylist.sources.citations import parse_citations


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("80 FR 69852", [("80 FR 69852", 80, 69852, None)]),
        ("82 F.R. 48792 10/20/2017", [("82 F.R. 48792 10/20/2017", 82, 48792, date(2017, 10, 20))]),
        (
            "68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06",
            [
                ("68 F.R. 38290 6/27/03", 68, 38290, date(2003, 6, 27)),
                ("71 F.R. 38843 7/10/06", 71, 38843, date(2006, 7, 10)),
            ],
        ),
        (
            "Vol. 83, No. 91, 05/10/2018",
            [("Vol. 83, No. 91, 05/10/2018", 83, None, date(2018, 5, 10))],
        ),
        (
            "Notice 2049, Vol. 59, No. 153, 8/10/94",
            [("Notice 2049, Vol. 59, No. 153, 8/10/94", 59, None, date(1994, 8, 10))],
        ),
        (
            "73 FR 54506; 78 FR 75458",
            [("73 FR 54506", 73, 54506, None), ("78 FR 75458", 78, 75458, None)],
        ),
        ("85 FR 34495, 6/5/20", [("85 FR 34495, 6/5/20", 85, 34495, date(2020, 6, 5))]),
        (
            "46 F.R. 46154 9/17/81 and 46 F.R. 19290 3/30/81",
            [
                ("46 F.R. 46154 9/17/81", 46, 46154, date(1981, 9, 17)),
                ("46 F.R. 19290 3/30/81", 46, 19290, date(1981, 3, 30)),
            ],
        ),
        # odd spacing, case and punctuation, all real
        ("81.F.R. 22575 4/18/2016", [("81.F.R. 22575 4/18/2016", 81, 22575, date(2016, 4, 18))]),
        ("83F.R. 28801 6/21/2018", [("83F.R. 28801 6/21/2018", 83, 28801, date(2018, 6, 21))]),
        ("80FR 69852", [("80FR 69852", 80, 69852, None)]),
        ("79 FR  55608", [("79 FR  55608", 79, 55608, None)]),
        ("84 fr 40241", [("84 fr 40241", 84, 40241, None)]),
        ("87 F.R.38704 6/29/2022", [("87 F.R.38704 6/29/2022", 87, 38704, date(2022, 6, 29))]),
        ("78 FR 75458 ", [("78 FR 75458", 78, 75458, None)]),
        # issue numbers, two pages, a date in parentheses
        ("77 FR 58006 (no. 182)", [("77 FR 58006 (no. 182)", 77, 58006, None)]),
        ("76 FR no. 242 pg. 78146", [("76 FR no. 242 pg. 78146", 76, 78146, None)]),
        (
            "76 FR No. 197 (10/12/2011)",
            [("76 FR No. 197 (10/12/2011)", 76, None, date(2011, 10, 12))],
        ),
        (
            "82 F.R. 16786, 16787 4/16/2017",
            [("82 F.R. 16786, 16787 4/16/2017", 82, 16786, date(2017, 4, 16))],
        ),
        (
            "63 FR 64322, 11/19/98, 65 FR 14444, 03/17/00",
            [
                ("63 FR 64322, 11/19/98", 63, 64322, date(1998, 11, 19)),
                ("65 FR 14444, 03/17/00", 65, 14444, date(2000, 3, 17)),
            ],
        ),
        # a part left out by the publisher
        ("87 30173 5/18/2022", [("87 30173 5/18/2022", 87, 30173, date(2022, 5, 18))]),
        ("F.R. 30078 5/10/2023", [("F.R. 30078 5/10/2023", None, 30078, date(2023, 5, 10))]),
        ("77 FR 58006; 88 FR", [("77 FR 58006", 77, 58006, None), ("88 FR", 88, None, None)]),
        (
            "86 F.R. 66277 11/22/2021, 5/18/2022",
            [
                ("86 F.R. 66277 11/22/2021", 86, 66277, date(2021, 11, 22)),
                ("5/18/2022", None, None, date(2022, 5, 18)),
            ],
        ),
        (
            "66 F.R. 47630 9/13/01, NEW F.R. NOTICE TO BE PUBLISHED SOON",
            [("66 F.R. 47630 9/13/01", 66, 47630, date(2001, 9, 13))],
        ),
    ],
)
def test_published_forms(
    cell: str, expected: list[tuple[str, int | None, int | None, date | None]]
) -> None:
    assert parse_citations(cell) == tuple(Citation(*e) for e in expected)


@pytest.mark.parametrize(
    "cell",
    [
        "86 F.R. 66277 11/222/2021",
        "88 F.R. 30078 5/10/203",
        "66 F.R. 47630 9/13/0",
        "84 FR 1 13/01/2019",
    ],
)
def test_impossible_dates_keep_the_text(cell: str) -> None:
    (citation,) = parse_citations(cell)
    assert citation.date is None
    assert citation.text == cell
    assert citation.volume is not None


def test_two_digit_years_pivot() -> None:
    assert parse_citations("46 F.R. 19290 3/30/81")[0].date == date(1981, 3, 30)
    assert parse_citations("67 F.R. 10890 3/11/02")[0].date == date(2002, 3, 11)


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_empty(cell: str | None) -> None:
    assert parse_citations(cell) == ()


def test_unrecognised_text_is_kept_not_dropped() -> None:
    assert parse_citations("to be published") == (Citation(text="to be published"),)


def _real_cells(shared_data: Path) -> dict[str, set[str]]:
    cells: dict[str, set[str]] = {}
    for path in sorted((shared_data / "csl").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.DictReader(handle)
            values = {row.get("federal_register_notice") or "" for row in rows}
        values.discard("federal_register_notice")  # the 2023 file repeats its header as row 2
        cells[path.name] = values
    for path in sorted((shared_data / "bis_dpl").glob("*.txt")):
        rows = csv.DictReader(io.StringIO(path.read_text("utf-8")), delimiter="\t")
        cells[path.name] = {row["FR_Citation"] or "" for row in rows}
    return cells


def test_every_real_cell_yields_a_parsed_citation(shared_data: Path) -> None:
    cells = _real_cells(shared_data)
    assert sum(len(v) for v in cells.values()) > 700
    failures = {
        (name, cell)
        for name, values in cells.items()
        for cell in values
        if cell.strip()
        and not any(
            c.volume is not None or c.page is not None or c.date is not None
            for c in parse_citations(cell)
        )
    }
    assert failures == set()


def test_real_cells_text_is_verbatim(shared_data: Path) -> None:
    for values in _real_cells(shared_data).values():
        for cell in values:
            for citation in parse_citations(cell):
                assert citation.text in cell


def test_long_real_cell(shared_data: Path) -> None:
    cells = _real_cells(shared_data)["consolidated_2023-11-30.csv"]
    longest = max(cells, key=len)
    citations = parse_citations(longest)
    assert len(citations) >= 30
    assert all(c.text for c in citations)
