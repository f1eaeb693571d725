"""`entitylist check` as a user runs it, on the real CSL of 2026-07-31 (and, dated before it,
the CSL of 2023-11-30): the acceptance case of Inspur Taiwan and what the audit log keeps."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from entitylist.cli import app

TAIWAN = "Inspur Taiwan:ultimate_consignee"


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def run(db: Path, *args: str, ok: bool = True) -> Done:
    result = CliRunner().invoke(
        app, ["--db", str(db), *args], env={"ENTITYLIST_DATA_DIR": str(db.parent)}
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    if ok:
        assert result.exit_code == 0, result.stderr + result.stdout
    return Done(result.exit_code, result.stdout, result.stderr)


def check(db: Path, *args: str) -> dict[str, Any]:
    return json.loads(run(db, "check", *args, "--json").stdout)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    path = tmp_path_factory.mktemp("check") / "lists.sqlite"
    csl = shared_data / "csl"
    for published, file in (
        ("2023-11-30", csl / "consolidated_2023-11-30.csv"),
        ("2026-07-31", csl / "2026" / "consolidated_2026-07-31.json"),
    ):
        # the 2023 export ends inside a quoted field as published
        cut = ["--accept-truncated"] if file.suffix == ".csv" else []
        run(path, "update", "--source", "csl", "--published", published, "--from", str(file), *cut)
    return path


def test_inspur_taiwan_and_ear99_is_licence_required_policy_of_denial(db: Path) -> None:
    result = check(db, "--party", TAIWAN, "--item", "EAR99", "--destination", "TW")
    assert result["outcome"] == "licence_required"
    assert result["review_policy"] == "policy_of_denial"
    assert {"15 CFR 744.11", "90 FR 14046"} <= set(result["citations"])
    reason = result["parties"][0]["reasons"][0]
    assert reason["published"]["licence_requirement"].endswith("744.11 of the EAR)4")
    assert "footnote 4" in reason["text"]


def test_inspur_taiwan_and_a_foreign_produced_item_needs_classification(db: Path) -> None:
    args = ("--party", TAIWAN, "--item", "4A994", "--destination", "TW", "--foreign-produced")
    result = check(db, *args)
    assert result["outcome"] == "needs_classification"
    assert "734.9(e)(2)" in result["parties"][0]["reasons"][0]["text"]
    declared = check(db, *args, "--direct-product", "yes")
    assert declared["outcome"] == "licence_required"


def test_every_check_is_audited_with_inputs_and_snapshot_ids(db: Path) -> None:
    check(db, "--party", TAIWAN, "--item", "EAR99", "--destination", "TW")
    logged = json.loads(run(db, "audit", "log", "--kind", "determination", "--json").stdout)
    data = logged[-1]["data"]
    assert data["shipment"]["parties"] == [
        {"name": "Inspur Taiwan", "role": "ultimate_consignee", "country": None, "address": None}
    ]
    assert data["shipment"]["item"]["classification"] == "EAR99"
    assert data["snapshots"]["csl"]["id"] and data["snapshots"]["csl"]["sha256"]
    assert data["outcome"] == "licence_required"


def test_before_its_listing_inspur_taiwan_was_not_listed(db: Path) -> None:
    """On 2024-06-01 the list in force was the one of 2023-11-30 (90 FR 14046 is of 2025)."""
    result = check(
        db, "--party", TAIWAN, "--item", "EAR99", "--destination", "TW", "--date", "2024-06-01"
    )
    assert result["outcome"] == "no_licence_required_by_these_lists"
    assert result["snapshots"]["csl"]["published_at"].startswith("2023-11-30")


def test_a_date_before_any_list_fails_closed(db: Path) -> None:
    done = run(
        db,
        "check",
        "--party",
        TAIWAN,
        "--item",
        "EAR99",
        "--destination",
        "TW",
        "--date",
        "2020-01-01",
        ok=False,
    )
    assert done.returncode == 1 and "no list was in force" in done.stderr


def test_an_unlisted_party_is_not_required_by_these_lists_with_the_caveat(db: Path) -> None:
    result = check(
        db,
        "--party",
        "Zeta Quilting Supplies:end_user:CA",
        "--item",
        "EAR99",
        "--destination",
        "CA",
    )
    assert result["outcome"] == "no_licence_required_by_these_lists"
    assert "Country Chart" in result["caveat"]


def test_an_intermediate_consignee_on_the_entity_list_needs_a_licence(db: Path) -> None:
    result = check(
        db,
        "--party",
        "Zeta Quilting Supplies:ultimate_consignee:CA",
        "--party",
        "Inspur Taiwan:intermediate_consignee",
        "--item",
        "5A992.c",
        "--destination",
        "CA",
    )
    assert result["outcome"] == "licence_required"
    outcomes = [p["outcome"] for p in result["parties"]]
    assert outcomes == ["no_licence_required_by_these_lists", "licence_required"]


def test_a_bad_role_is_refused_naming_the_roles(db: Path) -> None:
    done = run(
        db,
        "check",
        "--party",
        "Inspur Taiwan:consignee",
        "--item",
        "EAR99",
        "--destination",
        "TW",
        ok=False,
    )
    assert done.returncode == 1 and "intermediate_consignee" in done.stderr


def test_the_table_shows_the_outcome_and_citations(db: Path) -> None:
    text = run(db, "check", "--party", TAIWAN, "--item", "EAR99", "--destination", "TW").stdout
    assert "licence_required" in text and "90 FR 14046" in text
