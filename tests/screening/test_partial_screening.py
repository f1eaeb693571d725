"""A Chinese-script company name that reaches no alert says it was screened only partly, in
the result, its JSON, the batch output and the CLI: never a bare "no match" (2023 CSL)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from entitylist.cli import app
from entitylist.screening import Party, Screener
from entitylist.screening.batch import screen_file
from entitylist.settings import Settings
from entitylist.store import Store

UNLISTED = "美的集团股份有限公司"  # Midea Group: 美的 is a brand word, read as pinyin only
NOTE = "a Chinese-script company name was screened only partly"


def test_the_result_carries_the_partial_screening_note(
    csl_store: Store, csl_settings: Settings
) -> None:
    result = Screener(csl_store, csl_settings).screen(Party(name=UNLISTED))
    assert not result.alert
    assert len(result.notes) == 1 and result.notes[0].startswith(NOTE)
    assert "美的 as 'meide'" in result.notes[0] and "集团" not in result.notes[0]
    assert result.to_dict()["notes"] == result.notes


def test_latin_names_and_names_read_in_full_carry_no_note(
    csl_store: Store, csl_settings: Settings
) -> None:
    screener = Screener(csl_store, csl_settings)
    assert screener.screen(Party(name="Maple Leaf Bakery Supplies Inc")).notes == []
    assert screener.screen(Party(name="四川大学")).notes == []  # every word translated


def test_the_batch_output_names_the_note_on_the_partys_row(
    csl_store: Store, csl_settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "parties.csv"
    source.write_text(f"id,name\n1,{UNLISTED}\n2,Maple Leaf Bakery Supplies Inc\n", "utf-8")
    out = tmp_path / "hits.csv"
    screen_file(Screener(csl_store, csl_settings), source, out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = {r["input_id"]: r for r in csv.DictReader(handle)}
    assert rows["1"]["notes"].startswith(NOTE)
    assert rows["2"]["notes"] == ""


def test_the_cli_says_partly_screened_not_no_match(csl_settings: Settings) -> None:
    env = {"ENTITYLIST_DATA_DIR": str(csl_settings.data_dir)}
    runner = CliRunner()
    text = runner.invoke(app, ["--db", csl_settings.db_url, "screen", UNLISTED], env=env)
    assert text.exit_code == 0, text.output
    assert "partly screened" in text.stdout and "no match" not in text.stdout
    assert NOTE in " ".join(text.stdout.split())
    as_json = runner.invoke(
        app, ["--db", csl_settings.db_url, "screen", UNLISTED, "--json"], env=env
    )
    assert json.loads(as_json.stdout)["notes"][0].startswith(NOTE)
