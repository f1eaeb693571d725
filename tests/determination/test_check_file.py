"""`check-file`: a file of shipments in, one row per (shipment, party) out; every row is
checked or reported with its line, field and reason; the same answers as `check`."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from entitylist.audit import AuditLog, kinds
from entitylist.audit.actors import Actor
from entitylist.determination import Item, Role, Shipment, ShipmentParty, check
from entitylist.determination.batch import OUTPUT_COLUMNS, check_file, recorded_check_file
from entitylist.screening import Screener
from entitylist.screening.recorded import log_record
from entitylist.settings import Settings
from entitylist.store import Store
from formulas import HOSTILE, file_cells, live_formulas, originals

COLUMNS = [
    "id",
    "item",
    "destination",
    "foreign_produced",
    "purchaser",
    "ultimate_consignee",
    "ultimate_consignee_country",
    "end_user",
    "other",
]
ROWS: list[dict[str, str]] = [
    {"id": "S1", "item": "EAR99", "destination": "TW", "ultimate_consignee": "Inspur Taiwan"},
    {
        "id": "S2",
        "item": "4A994",
        "destination": "TW",
        "ultimate_consignee": "Inspur Taiwan",
        "foreign_produced": "yes",
    },
    {"id": "S3", "item": "5A99", "destination": "DE", "end_user": "Acme"},
    {
        "id": "S4",
        "item": "EAR99",
        "destination": "CA",
        "purchaser": "Zeta Quilting Supplies|Inspur Software Co., Ltd.",
    },
    {"id": "S5", "item": "EAR99", "destination": "Atlantis", "end_user": "Acme"},
    {"id": "S6", "item": "EAR99", "destination": "DE"},
    {
        "id": "S7",
        "item": "EAR99",
        "destination": "DE",
        "end_user": "Acme",
        "foreign_produced": "maybe",
    },
    {
        "id": "S8",
        "item": "unclassified",
        "destination": "CA",
        "ultimate_consignee": "Zeta Quilting Supplies",
        "ultimate_consignee_country": "CA",
    },
]


@pytest.fixture
def shipments(tmp_path: Path) -> Path:
    path = tmp_path / "shipments.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(ROWS)
    return path


@pytest.fixture
def screener(dated_store: Store, dated_settings: Settings) -> Screener:
    return Screener(dated_store, dated_settings)


def read_csv(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_row_is_checked_or_reported(screener, shipments, tmp_path):
    report = check_file(screener, shipments, tmp_path / "out.csv")
    assert report.rows == 8 and report.checked == 4 and len(report.errors) == 4
    assert report.errors_file is not None and report.errors_file.is_file()
    assert sum(report.outcomes.values()) == report.checked


def test_bad_rows_name_their_line_and_field(screener, shipments, tmp_path):
    report = check_file(screener, shipments, tmp_path / "out.csv")
    by_line = {e.line: e for e in report.errors}
    assert {n: e.field for n, e in by_line.items()} == {
        4: "item",
        6: "destination",
        7: "parties",
        8: "foreign_produced",
    }
    assert "not an ECCN" in by_line[4].reason and "Atlantis" in by_line[6].reason
    assert by_line[4].id == "S3"


def test_the_output_has_one_row_per_party_with_the_shipment_outcome(screener, shipments, tmp_path):
    check_file(screener, shipments, tmp_path / "out.csv")
    rows = read_csv(tmp_path / "out.csv")
    assert list(rows[0]) == OUTPUT_COLUMNS
    s1 = [r for r in rows if r["shipment_id"] == "S1"]
    assert s1[0]["outcome"] == "licence_required" and s1[0]["review_policy"] == "policy_of_denial"
    assert "90 FR 14046" in s1[0]["citations"]
    s4 = [r for r in rows if r["shipment_id"] == "S4"]
    assert [r["party_outcome"] for r in s4] == [
        "no_licence_required_by_these_lists",
        "licence_required",
    ]
    assert {r["outcome"] for r in s4} == {"licence_required"}
    s2 = next(r for r in rows if r["shipment_id"] == "S2")
    assert s2["outcome"] == "needs_classification" and "734.9(e)(2)" in s2["reasons"]


def test_a_batch_gives_the_same_answer_as_one_check(screener, shipments, tmp_path, dated_store):
    check_file(screener, shipments, tmp_path / "out.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    first = lines[0]
    shipment = Shipment(
        parties=(ShipmentParty("Inspur Taiwan", Role.ULTIMATE_CONSIGNEE),),
        item=Item("EAR99"),
        destination="TW",
        reference="S1",
    )
    alone = check(
        screener, shipment, record=log_record(AuditLog(dated_store)), actor=Actor.os_user()
    ).to_dict()
    assert first["outcome"] == alone["outcome"] and first["parties"] == alone["parties"]


def test_a_file_check_is_audited_once_with_the_output_hash(
    screener, shipments, tmp_path, dated_store
):
    log = AuditLog(dated_store)
    before = len(log.events(kind=kinds.DETERMINATION_BATCH))
    recorded_check_file(
        screener, shipments, tmp_path / "out.csv", record=log_record(log), actor=Actor.os_user()
    )
    events = log.events(kind=kinds.DETERMINATION_BATCH)
    assert len(events) == before + 1
    data = events[-1].data
    assert data["input"]["sha256"] and data["output"]["sha256"]
    assert data["report"]["checked"] == 4 and data["report"]["bad_rows"] == 4
    assert data["snapshots"]["csl"]["id"]


def test_formula_cells_are_written_inert_and_recoverable(screener, tmp_path):
    """A party name or an id a spreadsheet would run is written as text, in the results and
    in the bad-rows file, and the original stays recoverable."""
    rows = [
        {"id": text, "item": "EAR99", "destination": "DE", "end_user": f"{text} Trading"}
        for text in HOSTILE
    ] + [{"id": "=bad", "item": "EAR99", "destination": "=Atlantis", "end_user": "Acme"}]
    path = tmp_path / "formulas.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["id", "item", "destination", "end_user"])
        writer.writeheader()
        writer.writerows(rows)
    report = check_file(screener, path, tmp_path / "out.csv")
    assert report.checked == len(HOSTILE) and len(report.errors) == 1
    results, errors = file_cells(tmp_path / "out.csv"), file_cells(tmp_path / "out.csv.errors.csv")
    assert live_formulas(results) == [] and live_formulas(errors) == []
    # ids are read stripped of surrounding white space, so a tab or CR cell arrives without it
    assert {t.strip() for t in HOSTILE} <= originals(results) and "=bad" in originals(errors)
