"""The date each published format states about itself, read from the real files: a
generation date where the file has one, else its newest dated row, else none."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from entitylist.model import FileDate
from entitylist.sources import get_source
from entitylist.sources.bis_dpl import parse_dpl
from entitylist.sources.csl import parse_file
from entitylist.sources.un import parse_un


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def test_the_un_list_states_when_it_was_generated(shared_data: Path) -> None:
    data = (shared_data / "un" / "UN_consolidated_2026-02-27.xml").read_bytes()
    stated = parse_un(data).file_date
    assert stated == FileDate(at("2026-02-27T00:00:09.554"), "dateGenerated", "generated")
    assert stated.text == "2026-02-27 per the file (dateGenerated)"


def test_the_csl_json_states_when_the_export_was_made(shared_data: Path) -> None:
    path = shared_data / "csl" / "2026" / "consolidated_2026-07-31.json"
    stated = parse_file(path.name, path.read_bytes()).file_date
    assert stated == FileDate(at("2026-07-31T13:15:00.015113"), "search_performed_at", "generated")


def test_the_csl_csv_dates_only_its_rows(shared_data: Path) -> None:
    path = shared_data / "csl" / "consolidated_2023-11-30.csv"
    stated = parse_file(path.name, path.read_bytes()).file_date
    assert stated == FileDate(at("2023-11-16"), "start_date", "newest_row")
    assert stated.text == "newest dated row 2023-11-16 per the file (start_date)"


def test_the_dpl_dates_its_rows_by_last_update_ignoring_typed_centuries(
    shared_data: Path,
) -> None:
    """Some Last_Update values are typing errors (3017-08-22): never the newest date."""
    data = (shared_data / "bis_dpl" / "dpl_2023-11-30.txt").read_bytes()
    assert parse_dpl(data).file_date == FileDate(at("2023-11-28"), "Last_Update", "newest_row")


def test_the_ofac_csv_files_state_no_date(shared_data: Path) -> None:
    source = get_source("ofac")
    bundle = source.fetch(str(shared_data / "ofac_sdn" / "2021-07_complete"))
    assert source.parse(bundle).file_date is None
