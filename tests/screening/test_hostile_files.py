"""The batch contract on hostile files: `screen-file` and `parties import` never crash, never
hang, stay under 500 MB, lose no listed party, and write no live formula.

The hostile files are built by `tests/hostile_files.py`; `tests/hostile_run.py` runs both
commands on each in its own process. Bounds here are resource bounds (peak RSS, CPU seconds
of the run itself), not timings: CPU time does not grow when the machine is busy.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from entitylist.cells import TRIGGERS
from entitylist.settings import Settings
from hostile_files import ALL, Hostile

TESTS = Path(__file__).resolve().parents[1]
MAX_RSS_MB = 500
MAX_CPU_SECONDS = 30
HANG_SECONDS = 120  # wall-clock safety net only


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, csl_settings: Settings) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("hostile")
    spec = folder / "spec.json"
    spec.write_text(
        json.dumps({"folder": str(folder), "csl_db": csl_settings.db_url, "timeout": HANG_SECONDS})
    )
    env = {
        **os.environ,
        "ENTITYLIST_DATA_DIR": str(csl_settings.data_dir),
        "PYTHONPATH": os.pathsep.join([p for p in sys.path if p] + [str(TESTS)]),
        "COLUMNS": "200",
    }
    subprocess.run(
        [sys.executable, str(TESTS / "hostile_run.py"), str(spec)],
        env=env,
        check=True,
        timeout=HANG_SECONDS * 2 * len(ALL),
    )
    results: dict[str, Any] = json.loads((folder / "results.json").read_text())
    return {name: {**r, "folder": folder / name} for name, r in results.items()}


def test_there_are_at_least_thirty_hostile_files_of_every_kind() -> None:
    suffixes = {Path(c.name).suffix for c in ALL}
    assert len(ALL) >= 30 and suffixes == {".csv", ".jsonl", ".xlsx", ".parquet"}


def _check_run(case: Hostile, run: dict[str, Any]) -> None:
    assert not run["hung"], f"still running after {HANG_SECONDS} s"
    assert "Traceback" not in run["stderr"], run["stderr"]
    assert run["max_rss_mb"] < MAX_RSS_MB
    assert run["cpu_seconds"] < MAX_CPU_SECONDS
    if run["rc"] != 0:
        assert case.may_refuse, run["stderr"]
        assert run["rc"] == 1
        message = run["stderr"].strip()
        assert message.startswith("error:") and case.name in message.replace("\n", "")


def _cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("case", ALL, ids=lambda c: c.name)
def test_screen_file_screens_or_reports_every_listed_party(
    runs: dict[str, Any], case: Hostile
) -> None:
    run = runs[case.name]["screen-file"]
    _check_run(case, run)
    if run["rc"] != 0:
        return
    folder: Path = runs[case.name]["folder"]
    results = _cells(folder / "out.csv")
    errors_file = folder / "out.csv.errors.csv"
    errors = _cells(errors_file) if errors_file.exists() else [["line"]]
    for row in results + errors:
        assert all(cell[:1] not in TRIGGERS for cell in row), row
    alerted = {int(r[0]) for r in results[1:] if r[4] == "true"}
    reported = {int(r[0]) for r in errors[1:]}
    for line, name in case.listed_lines.items():
        assert line in alerted or line in reported, f"{name} on line {line} was lost"


@pytest.mark.parametrize("case", ALL, ids=lambda c: c.name)
def test_parties_import_imports_or_reports_every_listed_party(
    runs: dict[str, Any], case: Hostile
) -> None:
    run = runs[case.name]["parties import"]
    _check_run(case, run)
    if run["rc"] != 0:
        return
    report = json.loads(run["stdout"])
    reported = {e["line"] for e in report["errors"]}
    engine = sa.create_engine(f"sqlite:///{runs[case.name]['folder'] / 'parties.sqlite'}")
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.text("SELECT line, name FROM party_versions")).all())
    engine.dispose()
    assert len(stored) + len(reported) == report["rows"]
    for line, name in case.listed_lines.items():
        assert line in reported or name in stored.get(line, ""), f"{name} on line {line} lost"
