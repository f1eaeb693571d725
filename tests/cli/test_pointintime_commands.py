"""`screen --as-of`, `lookback` and `report changes` as a user runs them (in-process)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entitylist.cli import app

VILLA = "AARON ABRAHAM VILLA"


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def run(db: Path, *args: str) -> Done:
    result = CliRunner().invoke(
        app, ["--db", str(db), *args], env={"ENTITYLIST_DATA_DIR": str(db.parent)}
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.stderr + result.stdout
    return Done(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    path = tmp_path_factory.mktemp("pit") / "el.sqlite"
    for vintage in ("2019-06-29", "2022-09-07"):
        run(
            path,
            "update",
            "--source",
            "dpl",
            "--published",
            vintage,
            "--from",
            str(shared_data / "bis_dpl" / f"dpl_{vintage}.txt"),
        )
    return path


def test_screen_as_of_says_which_snapshot(db: Path) -> None:
    old = json.loads(run(db, "screen", VILLA, "--as-of", "2020-06-01", "--json").stdout)
    assert old["snapshots"]["dpl"]["published_at"].startswith("2019-06-29")
    assert all(h["name"] != VILLA for h in old["hits"])
    assert old["as_of"].startswith("2020-06-01")
    text = run(db, "screen", VILLA, "--as-of", "2023-01-15").stdout
    assert "ALERT" in text and "as of 2023-01-15" in text and "published 2022-09-07" in text
    logged = json.loads(run(db, "audit", "log", "--kind", "screening", "--json").stdout)
    assert logged[-1]["data"]["results"][0]["party"]["name"] == VILLA
    assert logged[-1]["data"]["snapshots"]["dpl"]["sha256"]
    assert logged[-1]["data"]["as_of"].startswith("2023-01-15")


def test_screen_as_of_and_lookback_set_aside_the_same_expired_order(
    db: Path, tmp_path: Path
) -> None:
    """TIC LTD's denial order ended 2019-07-12; the 2019-06-29 vintage, still in force on
    2019-08-01, holds it. `screen --as-of` and `lookback` apply the one rule: set aside."""
    data = json.loads(run(db, "screen", "TIC LTD", "--as-of", "2019-08-01", "--json").stdout)
    assert all(h["name"] != "TIC LTD" for h in data["hits"])
    pit = data["point_in_time"]
    (aside,) = [x for x in pit["set_aside"] if x["name"] == "TIC LTD"]
    assert aside["reason"] == "listing ended 2019-07-12, before the ship date"
    shipments = tmp_path / "shipments.csv"
    shipments.write_text("id,name,ship_date\nS1,TIC LTD,2019-08-01\n")
    (finding,) = json.loads(run(db, "lookback", str(shipments), "--json").stdout)["findings"]
    assert [x["reason"] for x in finding["set_aside"] if x["entry_name"] == "TIC LTD"] == [
        aside["reason"]
    ]
    assert finding["status"] == pit["status"]
    text = run(db, "screen", "TIC LTD", "--as-of", "2019-08-01").stdout
    assert "set aside: TIC LTD (listing ended 2019-07-12" in " ".join(text.split())


def test_lookback_command(db: Path, tmp_path: Path) -> None:
    shipments = tmp_path / "shipments.csv"
    shipments.write_text(f"id,name,ship_date\nS1,{VILLA},2020-03-02\nS2,{VILLA},2023-01-15\n")
    data = json.loads(run(db, "lookback", str(shipments), "--json").stdout)
    assert [f["status"] for f in data["findings"]] == ["clear", "listed"]
    text = run(db, "lookback", str(shipments), "--output", str(tmp_path / "out.jsonl")).stdout
    assert "1 to a listed party" in text
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 2


def test_report_changes_command(db: Path, tmp_path: Path) -> None:
    done = run(db, "report", "changes", "--source", "dpl", "--output", str(tmp_path / "c.html"))
    assert "entries added" in done.stdout
    html = (tmp_path / "c.html").read_text()
    assert "<svg" in html and "By Federal Register citation" in html
    data = json.loads(
        run(
            db,
            "report",
            "changes",
            "--since",
            "2019-07-01",
            "--output",
            str(tmp_path / "c.md"),
            "--json",
        ).stdout
    )
    assert data["sources"][0]["from_published"].startswith("2019-06-29")
    assert data["by_list"]["DPL"]["added"] == len(data["added"])
