"""CSV input: every physical line ends up in a row or reported with its number, whatever
the quoting does."""

from __future__ import annotations

from pathlib import Path

from entitylist.screening.csv_rows import MAX_RECORD_LINES, csv_records, physical_lines
from entitylist.screening.inputs import PartyRow, RowError, read_parties


def _file(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "in.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _split(path: Path) -> tuple[dict[int, str], dict[int, str]]:
    rows = list(read_parties(path))
    good = {r.line: r.party.name for r in rows if isinstance(r, PartyRow)}
    bad = {r.line: r.reason for r in rows if isinstance(r, RowError)}
    return good, bad


def test_an_unclosed_quote_costs_its_own_line_and_no_other(tmp_path: Path) -> None:
    lines = ["id,name,country"] + [f"r{n},Company {n} Ltd,US" for n in range(2, 501)]
    lines[10] = 'r10,"Acme Trading,US'
    lines[400] = "r400,Huawei Technologies Co Ltd,CN"
    good, bad = _split(_file(tmp_path, lines))
    assert list(bad) == [11]
    assert "line 11" not in bad[11] and "not closed properly" in bad[11]
    assert good[401] == "Huawei Technologies Co Ltd"
    assert sorted([*good, *bad]) == list(range(2, 501))


def test_an_unclosed_quote_on_the_last_line_is_reported(tmp_path: Path) -> None:
    good, bad = _split(_file(tmp_path, ["id,name", "1,Fine Co", '2,"Never closed']))
    assert good == {2: "Fine Co"}
    assert list(bad) == [3]


def test_a_quoted_multi_line_address_stays_one_row(tmp_path: Path) -> None:
    path = _file(tmp_path, ["id,name,address", '1,Acme Co,"Street 1', 'Town"', "2,Other Co,x"])
    rows = [r for r in read_parties(path) if isinstance(r, PartyRow)]
    assert [(r.line, r.party.address) for r in rows] == [(2, "Street 1\nTown"), (4, "x")]


def test_a_quoted_cell_running_too_far_is_read_again_line_by_line(tmp_path: Path) -> None:
    body = [f"r{n},Company {n}" for n in range(3, 3 + MAX_RECORD_LINES)]
    lines = ["id,name", '1,"Opened', *body, 'x",Co', "last,Listed Co"]
    good, bad = _split(_file(tmp_path, lines))
    assert 2 in bad and "runs over" in bad[2]
    assert good[3] == "Company 3"
    assert good[len(lines)] == "Listed Co"


def test_text_after_a_closing_quote_spoils_only_that_line(tmp_path: Path) -> None:
    good, bad = _split(_file(tmp_path, ["id,name", '1,"Foo"Bar Ltd', "2,Next Co"]))
    assert list(bad) == [2] and good == {3: "Next Co"}


def test_physical_lines_break_where_csv_does() -> None:
    text = "a\r\nb\rc\nd\x0be\u2028f"
    assert physical_lines(text) == ["a\r\n", "b\r", "c\n", "d\x0be\u2028f"]
    assert [line for line, _ in csv_records(physical_lines(text), ",", None)] == [1, 2, 3, 4]
