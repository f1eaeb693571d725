"""A batch run's output fails closed: the results and `.errors.csv` appear only when the run
completed; a run that fails partway (stopped, Ctrl-C, a missing list) leaves no file that
could be read as its result, and an earlier file at the target exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from entitylist.cli import app
from entitylist.determination.batch import check_file
from entitylist.errors import EntitylistError, Stopped
from entitylist.screening import Screener
from entitylist.screening.batch import CHUNK, screen_file
from entitylist.settings import Settings
from entitylist.store import Store

NAMES = ["CHITRON ELECTRONICS CO LTD", "Maple Leaf Bakery Supplies Inc", "Xian Semi Electronic"]


def customers(tmp_path: Path, rows: int) -> Path:
    """More than one chunk of real names, and a bad row (no name) for the errors file."""
    lines = ["id,name,country", "0,,US"]
    lines += [f"{i},{NAMES[i % len(NAMES)]},CN" for i in range(1, rows)]
    path = tmp_path / "customers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def shipments(tmp_path: Path, rows: int) -> Path:
    lines = ["id,item,destination,end_user", "0,EAR99,CN,"]
    lines += [f"{i},EAR99,CN,{NAMES[i % len(NAMES)]}" for i in range(1, rows)]
    path = tmp_path / "shipments.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def earlier(out: Path) -> tuple[bytes, bytes]:
    """An earlier run's results and bad rows at the target."""
    out.write_bytes(b"earlier results\n")
    out.with_name(out.name + ".errors.csv").write_bytes(b"earlier bad rows\n")
    return out.read_bytes(), out.with_name(out.name + ".errors.csv").read_bytes()


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def stop_after_first_chunk() -> None:
    raise Stopped("the service stopped while the job ran")


def interrupt(n: int) -> None:
    raise KeyboardInterrupt  # what Ctrl-C raises in the running command


@pytest.mark.parametrize("name", ["hits.csv", "hits.jsonl"])
def test_a_run_stopped_after_its_first_chunk_leaves_no_output(
    csl_store: Store, csl_settings: Settings, tmp_path: Path, name: str
) -> None:
    source = customers(tmp_path, CHUNK * 2)
    with pytest.raises(Stopped):
        screen_file(
            Screener(csl_store, csl_settings),
            source,
            tmp_path / name,
            check=stop_after_first_chunk,
        )
    assert files(tmp_path) == {source.name}  # no output, no errors file, no partial file


def test_a_stopped_run_leaves_the_earlier_output_and_errors_file_unchanged(
    csl_store: Store, csl_settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "hits.csv"
    before = earlier(out)
    with pytest.raises(Stopped):
        screen_file(
            Screener(csl_store, csl_settings),
            customers(tmp_path, CHUNK * 2),
            out,
            check=stop_after_first_chunk,
        )
    assert (out.read_bytes(), out.with_name("hits.csv.errors.csv").read_bytes()) == before
    assert files(tmp_path) == {"customers.csv", "hits.csv", "hits.csv.errors.csv"}


def test_a_missing_list_leaves_the_earlier_output_unchanged(
    csl_store: Store, csl_settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "hits.csv"
    before = earlier(out)
    with pytest.raises(EntitylistError):
        screen_file(
            Screener(csl_store, csl_settings), customers(tmp_path, 5), out, lists=["NOSUCH"]
        )
    assert (out.read_bytes(), out.with_name("hits.csv.errors.csv").read_bytes()) == before


def test_check_file_interrupted_by_ctrl_c_leaves_the_earlier_output_unchanged(
    csl_store: Store, csl_settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "checked.csv"
    before = earlier(out)
    with pytest.raises(KeyboardInterrupt):
        check_file(
            Screener(csl_store, csl_settings),
            shipments(tmp_path, CHUNK * 2),
            out,
            progress=interrupt,
        )
    assert (out.read_bytes(), out.with_name("checked.csv.errors.csv").read_bytes()) == before
    assert files(tmp_path) == {"shipments.csv", "checked.csv", "checked.csv.errors.csv"}


@pytest.mark.parametrize("name", ["hits.csv", "hits.jsonl"])
def test_a_completed_run_replaces_the_earlier_output_with_what_a_fresh_run_writes(
    csl_store: Store, csl_settings: Settings, tmp_path: Path, name: str
) -> None:
    screener, source = Screener(csl_store, csl_settings), customers(tmp_path, CHUNK + 10)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    screen_file(screener, source, fresh / name)
    out = tmp_path / name
    earlier(out)
    report = screen_file(screener, source, out)
    assert report.screened == CHUNK + 9
    assert out.read_bytes() == (fresh / name).read_bytes()
    errors = out.with_name(name + ".errors.csv")
    assert report.errors_file == errors
    assert errors.read_bytes() == (fresh / (name + ".errors.csv")).read_bytes()
    assert errors.read_text(encoding="utf-8").splitlines()[1].startswith("2,0,name,")
    assert files(tmp_path) == {source.name, "fresh", name, name + ".errors.csv"}


def test_check_file_completed_writes_its_output_in_place(
    csl_store: Store, csl_settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "checked.jsonl"
    report = check_file(Screener(csl_store, csl_settings), shipments(tmp_path, 20), out)
    assert report.checked == 19
    assert len(out.read_text(encoding="utf-8").splitlines()) == 19
    assert files(tmp_path) == {"shipments.csv", "checked.jsonl", "checked.jsonl.errors.csv"}


def test_screen_file_on_the_command_line_fails_closed_on_a_missing_list(
    csl_settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "hits.csv"
    before = earlier(out)
    db = csl_settings.data_dir / "el.sqlite"
    args = ["--db", str(db), "screen-file", str(customers(tmp_path, 5)), "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--lists", "NOSUCH"])
    assert result.exit_code != 0
    assert "NOSUCH" in result.stderr + result.stdout
    assert (out.read_bytes(), out.with_name("hits.csv.errors.csv").read_bytes()) == before


def test_an_output_in_a_missing_folder_is_refused_naming_it(
    csl_store: Store, csl_settings: Settings, tmp_path: Path
) -> None:
    with pytest.raises(EntitylistError, match="no such folder"):
        screen_file(
            Screener(csl_store, csl_settings), customers(tmp_path, 5), tmp_path / "no" / "h.csv"
        )
