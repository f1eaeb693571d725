"""The Federal Register commands over the real 2026 CSL: `fr sync --from`, `fr rules`,
`fr pending`, and the rules shown on screening hits and entries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entitylist.cli import app
from fr_records import EL_RULES, ON_INSPECTION, write

JSON_2026 = Path("csl") / "2026" / "consolidated_2026-07-31.json"


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def run(db: Path, *args: str) -> Done:
    """A command in-process, every one on one data directory (the screening index is built
    once)."""
    env = {"ENTITYLIST_DATA_DIR": str(db.parent / "data")}
    result = CliRunner().invoke(app, ["--db", str(db), *args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Done(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    folder = tmp_path_factory.mktemp("fr")
    path = folder / "fr.sqlite"
    done = run(
        path,
        "update",
        "--from",
        str(shared_data / JSON_2026),
        "--published",
        "2026-07-31",
    )
    assert done.returncode == 0, done.stderr
    return path


def test_sync_from_saved_responses(db: Path, tmp_path: Path) -> None:
    done = run(db, "fr", "sync", "--from", write(tmp_path, "rules.json", EL_RULES), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["documents"], report["notes"]) == (2, [])
    again = json.loads(
        run(db, "fr", "sync", "--from", write(tmp_path, "r.json", EL_RULES), "--json").stdout
    )
    assert (again["new"], again["unchanged"]) == (0, 2)


def test_screening_shows_the_rule_behind_the_hit(db: Path, tmp_path: Path) -> None:
    run(db, "fr", "sync", "--from", write(tmp_path, "rules.json", EL_RULES))
    done = run(db, "screen", "Inspur Taiwan", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["alert"]
    top = result["hits"][0]
    assert top["name"] == "Inspur Taiwan" and top["list"] == "EL"
    (cited,) = top["federal_register"]
    assert cited["text"] == "90 FR 14046"
    assert cited["document"]["document_number"] == "2025-05427"
    assert cited["document"]["publication_date"] == "2025-03-28"
    assert cited["document"]["effective_on"] == "2025-03-25"
    table = run(db, "screen", "Inspur Taiwan").stdout
    assert "2025-05427" in table


def test_an_entry_shows_its_rule_and_a_derived_listing_date(db: Path, tmp_path: Path) -> None:
    run(db, "fr", "sync", "--from", write(tmp_path, "rules.json", EL_RULES))
    shown = json.loads(run(db, "show", "EL:n:inspur-taiwan", "--json").stdout)
    assert shown["start_date"] is None  # the 2026 file publishes none
    assert shown["listed"] == {
        "date": "2025-03-25",
        "derived": True,
        "basis": "90 FR 14046 (2025-05427, effective 2025-03-25)",
    }
    text = run(db, "show", "EL:n:inspur-taiwan").stdout
    assert "listed by 2025-03-25 (derived from" in " ".join(text.split())


def test_rules_and_pending(db: Path, tmp_path: Path) -> None:
    run(db, "fr", "sync", "--from", write(tmp_path, "rules.json", EL_RULES))
    rules = json.loads(run(db, "fr", "rules", "--json").stdout)
    counts = {r["document_number"]: r["cited_by"] for r in rules}
    assert counts["2025-05426"] == 70 and counts["2025-05427"] == 17
    none = run(db, "fr", "pending")
    assert "no known rule about the lists is pending" in none.stdout
    run(db, "fr", "sync", "--from", write(tmp_path, "pi.json", ON_INSPECTION))
    pending = json.loads(run(db, "fr", "pending", "--json").stdout)
    assert pending["lists_published"] == "2026-07-31"
    assert [p["document_number"] for p in pending["pending"]] == ["2026-99901"]
    assert "on public inspection" in pending["pending"][0]["reason"]
