"""Batch inputs: every supported format yields parties, and bad rows come back with lines."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from entitylist.errors import InputError
from entitylist.screening.inputs import Columns, PartyRow, RowError, read_parties

ROWS = [
    {"id": "c1", "name": "Inspur Taiwan Co Ltd", "country": "TW"},
    {"id": "c2", "name": "", "country": "CN"},
    {"id": "c3", "name": "Acme Widgets GmbH", "country": "Germany"},
    {"id": "c4", "name": "Someone", "country": "Atlantis"},
]


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    fmt = path.suffix
    if fmt == ".csv":
        lines = ["id,name,country"] + [f'{r["id"]},"{r["name"]}",{r["country"]}' for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif fmt == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    elif fmt == ".xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["id", "name", "country"])
        for r in rows:
            sheet.append([r["id"], r["name"] or None, r["country"]])
        book.save(path)
    elif fmt == ".parquet":
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx", ".parquet"])
def test_every_format_yields_parties_and_line_numbered_errors(tmp_path: Path, suffix: str) -> None:
    rows = list(read_parties(write(tmp_path / f"in{suffix}", ROWS)))
    good = [r for r in rows if isinstance(r, PartyRow)]
    bad = [r for r in rows if isinstance(r, RowError)]
    assert [(p.party.id, p.party.name, p.party.country) for p in good] == [
        ("c1", "Inspur Taiwan Co Ltd", "TW"),
        ("c3", "Acme Widgets GmbH", "DE"),
    ]
    first_line = 1 if suffix in (".jsonl", ".parquet") else 2
    assert [(e.line, e.field, e.id) for e in bad] == [
        (first_line + 1, "name", "c2"),
        (first_line + 3, "country", "c4"),
    ]
    assert "unknown country 'Atlantis'" in bad[1].reason


def test_a_broken_jsonl_line_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"name": "A Co"}\n{"name": \n[1, 2]\n{"name": "B Co"}\n', encoding="utf-8")
    rows = list(read_parties(path))
    assert [r.party.name for r in rows if isinstance(r, PartyRow)] == ["A Co", "B Co"]
    assert [(r.line, r.reason.split(":")[0]) for r in rows if isinstance(r, RowError)] == [
        (2, "invalid JSON"),
        (3, "a JSON object is expected on each line"),
    ]


def test_a_csv_row_with_too_many_cells_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,name\n1,Good Co\n2,Bad,extra\n3,Fine Co\n", encoding="utf-8")
    rows = list(read_parties(path))
    assert [r.line for r in rows if isinstance(r, RowError)] == [3]
    assert len([r for r in rows if isinstance(r, PartyRow)]) == 2


def test_custom_column_names_are_honoured(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("cust_no,company,cc\n7,Huawei Technologies,CN\n", encoding="utf-8")
    [row] = read_parties(path, Columns(id="cust_no", name="company", country="cc"))
    assert isinstance(row, PartyRow)
    assert (row.party.id, row.party.name, row.party.country) == ("7", "Huawei Technologies", "CN")


def test_a_file_without_the_name_column_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,company\n1,X\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no 'name' column.*which column holds the names"):
        list(read_parties(path))


def test_unsupported_and_missing_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unsupported input type"):
        list(read_parties(write(tmp_path / "in.csv", ROWS).rename(tmp_path / "in.txt")))
    with pytest.raises(InputError, match="no such file"):
        list(read_parties(tmp_path / "missing.csv"))


# -- hostile values: the row is bad, the run goes on ----------------------------------------


def _bad_reasons(path: Path) -> dict[int, str]:
    return {r.line: r.reason for r in read_parties(path) if isinstance(r, RowError)}


def _names(path: Path) -> list[str]:
    return [r.party.name for r in read_parties(path) if isinstance(r, PartyRow)]


def test_a_lone_surrogate_in_jsonl_is_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"name": "Bad \\ud800 surrogate"}\n{"name": "Good Co"}\n', encoding="utf-8")
    assert "lone surrogate" in _bad_reasons(path)[1]
    assert _names(path) == ["Good Co"]


def test_nul_characters_make_bad_rows_in_every_column(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"id,name,note\n1,Nul\x00Co,x\n2,Fine Co,a\x00b\n3,Good Co,\n")
    bad = _bad_reasons(path)
    assert list(bad) == [2, 3] and all("NUL" in r for r in bad.values())
    assert "'note'" in bad[3]
    assert _names(path) == ["Good Co"]


def test_bytes_that_are_not_utf8_are_reported_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"id,name\n1,Soci\xe9t\xe9 G\xe9n\xe9rale\n2,Good Co\n")
    assert "byte 0xE9 at character 5 is not UTF-8" in _bad_reasons(path)[2]
    assert _names(path) == ["Good Co"]


def test_a_utf16_file_with_its_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes("id,name\n1,Müller GmbH\n".encode("utf-16"))
    assert _names(path) == ["Müller GmbH"]


def test_values_of_the_wrong_shape_are_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"name": ["A", "B"]}\n{"name": "x", "n": ' + "9" * 5000 + "}\n"
        '{"name": NaN}\n{"name": "Good Co", "score": NaN}\n',
        encoding="utf-8",
    )
    bad = _bad_reasons(path)
    assert "a list where text is expected" in bad[1]
    assert "unreadable JSON" in bad[2]
    assert "empty 'name'" in bad[3]
    [good] = [r for r in read_parties(path) if isinstance(r, PartyRow)]
    assert good.attributes == {"score": None}


def test_a_header_with_a_nul_is_refused_naming_the_column(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"id,na\x00me,name\n1,x,y\n")
    with pytest.raises(InputError, match=r"header, column 2: .*NUL"):
        list(read_parties(path))
