"""screen-file's output contract, on every input format, with bad rows and workers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from entitylist.screening import Screener
from entitylist.screening.batch import OUTPUT_COLUMNS, screen_file
from entitylist.settings import Settings
from entitylist.store import Store

CONTRACT = [
    "input_id",
    "input_name",
    "alert",
    "score",
    "list",
    "source_id",
    "entry_name",
    "matched_name",
]


def write_input(tmp_path: Path) -> Path:
    path = tmp_path / "customers.csv"
    path.write_text(
        "id,name,country\n"
        "1,CHITRON ELECTRONICS CO LTD,CN\n"
        "2,,US\n"
        "3,Maple Leaf Bakery Supplies Inc,CA\n"
        "4,Xian Semi Electronic Company Limited,CN\n",
        encoding="utf-8",
    )
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_output_has_a_row_per_hit_and_one_for_a_party_without(
    csl_store: Store, csl_settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "hits.csv"
    report = screen_file(Screener(csl_store, csl_settings), write_input(tmp_path), out)
    rows = read_csv(out)
    assert set(CONTRACT) <= set(rows[0])
    assert list(rows[0]) == OUTPUT_COLUMNS
    by_input: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_input.setdefault(r["input_id"], []).append(r)
    assert set(by_input) == {"1", "3", "4"}
    assert by_input["1"][0]["alert"] == "true"
    assert by_input["1"][0]["list"] == "EL"
    assert by_input["4"][0]["entry_name"].startswith("Xian Semi Electronic")
    [bakery] = by_input["3"]
    assert bakery["alert"] == "false"
    assert bakery["score"] == bakery["list"] == bakery["source_id"] == bakery["entry_name"] == ""
    assert (report.rows, report.screened, len(report.errors)) == (4, 3, 1)
    assert report.errors[0].line == 3
    assert report.errors_file is not None
    assert "empty 'name'" in report.errors_file.read_text()


def test_jsonl_output_and_parallel_workers_give_the_same_rows(
    csl_store: Store, csl_settings: Settings, tmp_path: Path
) -> None:
    source = write_input(tmp_path)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    screener = Screener(csl_store, csl_settings)
    screen_file(screener, source, one, workers=1)
    screen_file(screener, source, two, workers=2)
    first = [json.loads(line) for line in one.read_text().splitlines()]
    assert first == [json.loads(line) for line in two.read_text().splitlines()]
    assert first[0]["alert"] is True


def test_an_unsupported_output_type_is_refused(
    csl_store: Store, csl_settings: Settings, tmp_path: Path
) -> None:
    from entitylist.errors import InputError

    with pytest.raises(InputError, match=r"\.csv or \.jsonl"):
        screen_file(Screener(csl_store, csl_settings), write_input(tmp_path), tmp_path / "x.xml")
