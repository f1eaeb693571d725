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


def _run_problems(case: Hostile, run: dict[str, Any]) -> list[str]:
    if run["hung"]:
        return [f"still running after {HANG_SECONDS} s"]
    problems = []
    if "Traceback" in run["stderr"]:
        problems.append(f"crashed: {run['stderr'][-600:]}")
    if run["max_rss_mb"] >= MAX_RSS_MB:
        problems.append(f"peak RSS {run['max_rss_mb']:.0f} MB")
    if run["cpu_seconds"] >= MAX_CPU_SECONDS:
        problems.append(f"{run['cpu_seconds']:.0f} CPU seconds")
    if run["rc"] != 0:
        message = run["stderr"].strip()
        one_line = message.startswith("error:") and case.name in message.replace("\n", "")
        if not (case.may_refuse and run["rc"] == 1 and one_line):
            problems.append(f"exit {run['rc']}: {message[-600:]}")
    return problems


def _cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _screen_file_problems(case: Hostile, folder: Path) -> list[str]:
    results = _cells(folder / "out.csv")
    errors_file = folder / "out.csv.errors.csv"
    errors = _cells(errors_file) if errors_file.exists() else [["line"]]
    problems = [
        f"live formula in {row}"
        for row in results + errors
        if any(cell[:1] in TRIGGERS for cell in row)
    ]
    alerted = {int(r[0]) for r in results[1:] if r[4] == "true"}
    reported = {int(r[0]) for r in errors[1:]}
    problems += [
        f"{name} on line {line} neither alerted nor reported"
        for line, name in case.listed_lines.items()
        if line not in alerted and line not in reported
    ]
    return problems


def _import_problems(case: Hostile, folder: Path, stdout: str) -> list[str]:
    report = json.loads(stdout)
    reported = {e["line"] for e in report["errors"]}
    engine = sa.create_engine(f"sqlite:///{folder / 'parties.sqlite'}")
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.text("SELECT line, name FROM party_versions")).all())
    engine.dispose()
    problems = []
    if len(stored) + len(reported) != report["rows"]:
        problems.append(f"{report['rows']} rows, {len(stored)} stored, {len(reported)} reported")
    problems += [
        f"{name} on line {line} neither imported nor reported"
        for line, name in case.listed_lines.items()
        if line not in reported and name not in stored.get(line, "")
    ]
    return problems


def test_every_hostile_file_is_screened_and_imported_or_refused_in_one_line(
    runs: dict[str, Any],
) -> None:
    """One test over every file, so that the runs happen once however xdist splits tests."""
    problems: dict[str, list[str]] = {}
    for case in ALL:
        folder: Path = runs[case.name]["folder"]
        for command in ("screen-file", "parties import"):
            run = runs[case.name][command]
            found = _run_problems(case, run)
            if not found and run["rc"] == 0:
                found = (
                    _screen_file_problems(case, folder)
                    if command == "screen-file"
                    else _import_problems(case, folder, run["stdout"])
                )
            if found:
                problems[f"{command} {case.name}"] = found
    assert not problems, json.dumps(problems, indent=1)
