"""The list commands as a user runs them: JSON output, messages, exit codes.

Commands run in-process through typer's runner (the same code path as the console script,
without a Python start-up per call); tests/test_updating.py runs real processes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entitylist.cli import app


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def run(db: Path, *args: str, env: dict[str, str] | None = None) -> Done:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Done(result.exit_code, result.stdout, result.stderr)


def test_the_module_runs_as_the_entitylist_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "entitylist", "--db", str(tmp_path / "x.sqlite"), "lists"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0
    assert "No list loaded yet" in done.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    path = tmp_path_factory.mktemp("cli") / "el.sqlite"
    for vintage in ("2019-06-29", "2022-09-07"):
        done = run(
            path,
            "update",
            "--source",
            "dpl",
            "--from",
            str(shared_data / "bis_dpl" / f"dpl_{vintage}.txt"),
            "--published",
            vintage,
        )
        assert done.returncode == 0, done.stderr
    done = run(
        path,
        "update",
        "--source",
        "csl",
        "--from",
        str(shared_data / "csl" / "consolidated_2023-11-30.csv"),
        "--accept-truncated",  # the 2023 export ends inside a quoted field as published
    )
    assert done.returncode == 0, done.stderr
    assert "4227 entries" in done.stdout
    return path


def test_lists_json_has_one_row_per_list_in_force(db: Path) -> None:
    rows = json.loads(run(db, "lists", "--json").stdout)
    el = next(r for r in rows if r["list"] == "EL")
    assert el["source"] == "csl" and el["entries"] == 919
    assert set(el) == {
        "list",
        "source",
        "entries",
        "snapshot",
        "retrieved_at",
        "published_at",
        "publication_known",
        "publication",
    }
    # Loaded without --published: the CSV states no generation date, only dated rows.
    assert el["published_at"] is None and el["publication"].endswith(
        "newest dated row 2023-11-16 per the file (start_date)"
    )
    assert {r["source"] for r in rows if r["list"] == "DPL"} == {"csl", "dpl"}


def test_show_prints_the_whole_entry_with_parsed_licence(db: Path) -> None:
    data = json.loads(run(db, "show", "EL:n:chitron-electronics-company-ltd", "--json").stdout)
    assert data["list_code"] == "EL"
    assert data["licence"]["policy"] == "presumption_of_denial"
    assert data["licence"]["summary"].startswith("a licence is required")
    assert data["citations"][0]["volume"]
    human = run(db, "show", str(data["id"])).stdout
    assert "Chitron Electronics" in human and "presumption of denial" in human


def test_diff_json_obeys_the_invariant(db: Path) -> None:
    data = json.loads(run(db, "diff", "--source", "dpl", "--json").stdout)
    s = data["summary"]
    assert s["to_entries"] == s["from_entries"] + s["added"] - s["removed"]
    assert len(data["added"]) == s["added"] and len(data["removed"]) == s["removed"]
    assert set(data["counts"]) == {"by_list", "by_country"}
    assert all({"field", "before", "after"} <= set(f) for c in data["changed"] for f in c["fields"])


def test_history_and_snapshots(db: Path) -> None:
    snaps = json.loads(run(db, "snapshots", "--source", "dpl", "--json").stdout)
    assert len(snaps) == 2
    added = json.loads(run(db, "diff", "--source", "dpl", "--json").stdout)["added"][0]
    history = json.loads(run(db, "history", str(added["id"]), "--json").stdout)
    assert [p["present"] for p in history["snapshots"]] == [False, True]
    assert {k: history[k] for k in added} == added, "the entry named as the diff names it"
    # By publication, as the API and the web UI tell it, not by when it was loaded.
    assert history["first_seen"] == snaps[1]["published_at"]
    assert history["first_seen"] != snaps[1]["retrieved_at"]


def test_screen_refuses_an_unknown_country_instead_of_screening_without_one(db: Path) -> None:
    done = run(db, "screen", "Chitron Electronics", "--country", "Atlantis", "--json")
    assert done.returncode == 1
    assert "'Atlantis' is not a country we know" in done.stderr and not done.stdout
    assert run(db, "screen", "Chitron Electronics", "--country", "China").returncode == 0


def test_a_refused_update_exits_1_with_the_reason_and_keeps_the_lists(
    db: Path, tmp_path: Path
) -> None:
    before = run(db, "lists", "--json").stdout
    empty = tmp_path / "dpl.txt"
    empty.write_text("")
    done = run(db, "update", "--source", "dpl", "--from", str(empty))
    assert done.returncode == 1
    assert "error:" in done.stderr and "current list stays" in done.stderr
    assert run(db, "lists", "--json").stdout == before


def test_an_unreachable_download_suggests_from(db: Path) -> None:
    done = run(
        db,
        "update",
        "--source",
        "un",
        env={"ENTITYLIST_URL_UN": "http://127.0.0.1:9/consolidated.xml"},
    )
    assert done.returncode == 1
    assert "--from" in done.stderr


def test_unknown_entries_and_sources_are_clear_errors(db: Path) -> None:
    missing = run(db, "show", "no-such-thing")
    assert missing.returncode == 1 and "no entry" in missing.stderr
    bad = run(db, "update", "--source", "nope")
    assert bad.returncode == 1 and "unknown source 'nope'" in bad.stderr


def test_update_caches_the_screening_index_for_the_lists_in_force(
    tmp_path: Path, shared_data: Path
) -> None:
    # A running service then only loads the file: no index build in its process.
    env = {"ENTITYLIST_DATA_DIR": str(tmp_path / "data")}
    dpl = str(shared_data / "bis_dpl" / "dpl_2023-11-30.txt")
    done = run(tmp_path / "c.sqlite", "update", "--source", "dpl", "--from", dpl, env=env)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "data" / "cache").glob("index-*.bin"))) == 1


def test_lists_and_update_say_where_the_store_is(tmp_path: Path) -> None:
    db = tmp_path / "here.sqlite"
    done = run(db, "lists")
    assert done.returncode == 0 and f"store: {db}" in done.stdout.replace("\n", "")


def test_a_postgresql_database_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    url = "postgresql://postgres@127.0.0.1:5432/entitylist_never_created_here"
    result = CliRunner().invoke(app, ["--db", url, "lists"])
    assert result.exit_code == 1
    assert "create the database first" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_database_server_that_does_not_answer_is_one_line() -> None:
    result = CliRunner().invoke(app, ["--db", "postgresql://postgres@127.0.0.1:9/x", "lists"])
    assert result.exit_code == 1
    assert "cannot open the store" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_argument_that_is_not_utf8_is_refused_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "entitylist",
            "--db",
            str(tmp_path / "x.sqlite"),
            "screen",
            b"Bad \xff name",
        ],
        capture_output=True,
        timeout=600,
    )
    assert done.returncode == 2
    assert b"not valid UTF-8" in done.stderr and b"Traceback" not in done.stderr
