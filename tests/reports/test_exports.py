"""Exports a compliance officer acts on: a batch's results and the queue's alerts as XLSX
and as CSV with a UTF-8 byte-order mark, formula-safe, each export audited once (SQLite and
PostgreSQL), on the real CSL of 2019 and DPL of 2022."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from entitylist.audit import AuditLog, kinds
from entitylist.audit.actors import Actor
from entitylist.auth import Role
from entitylist.cells import original_text
from entitylist.errors import InputError
from entitylist.monitoring import import_parties, run_monitor
from entitylist.reports.exports import HEADERS, batch_hits, export_alerts, export_batch
from entitylist.review import workflow
from entitylist.review.alerts import list_alerts
from entitylist.screening import Screener
from entitylist.screening.recorded import RecordedScreening, log_record
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from vintages import Env, write_portfolio


def alerts(store: Store, status: str) -> list[dict[str, Any]]:
    """The queue as its pages and the API read it (the alert table)."""
    return [a.to_dict() for a in list_alerts(store, status=status, limit=10_000).alerts]


EL_NAME = "54th Research Institute of China"
DPL_NAME = "ADRIAN MANUEL HERNANDEZ"
FORMULA = '=HYPERLINK("http://example.invalid","x")'
ACTOR = Actor.user("olga", 7)


@pytest.fixture
def loaded(db_url: str, tmp_path: Path, shared_data: Path) -> Iterator[Env]:
    settings = Settings(db_url=database_url(db_url), data_dir=tmp_path / "data")
    env = Env(Store.open(settings.db_url), settings)
    env.load("csl", shared_data / "csl" / "consolidated_2019-12-03.csv", "2019-12-03")
    env.load("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt", "2022-09-07")
    try:
        yield env
    finally:
        env.store.close()


@pytest.fixture
def results(loaded: Env, tmp_path: Path) -> Path:
    """A screen-file run over four parties: an EL alert, a DPL match, a clear party and a
    name a spreadsheet would run as a formula."""
    source = write_portfolio(
        tmp_path / "customers.csv",
        [
            {"id": "c1", "name": EL_NAME, "country": "CN"},
            {"id": "c2", "name": DPL_NAME, "country": "US"},
            {"id": "c3", "name": "Maple Leaf Bakery Supplies Inc", "country": "CA"},
            {"id": "c4", "name": FORMULA, "country": "US"},
        ],
    )
    screening = RecordedScreening(
        Screener(loaded.store, loaded.settings), log_record(AuditLog(loaded.store))
    )
    out = tmp_path / "hits.csv"
    screening.screen_file(source, out, actor=ACTOR)
    return out


def read_bom_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    rows = list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"))))
    return [{k: original_text(v) for k, v in r.items()} for r in rows]


def exports_recorded(env: Env) -> list[dict[str, Any]]:
    return [e.data for e in AuditLog(env.store).events(kind=kinds.EXPORT)]


def test_a_batch_report_says_what_each_row_means(
    loaded: Env, results: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.csv"
    export_batch(
        loaded.store, results, out, "csv", record=log_record(AuditLog(loaded.store)), actor=ACTOR
    )
    rows = read_bom_csv(out)
    assert tuple(rows[0]) == HEADERS
    by_party: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_party.setdefault(r["Party ID"], []).append(r)
    assert [r["Result"] for r in by_party["c3"]] == ["clear"]
    assert by_party["c3"][0]["Listed name"] == ""
    el = next(r for r in by_party["c1"] if r["List"] == "EL")
    assert el["Result"] == "alert" and el["Listed name"] == EL_NAME
    assert el["Entry key"].startswith("EL:")
    assert el["Licence requirement"] == "For all items subject to the EAR."
    assert el["Review policy"] and "744.11" in el["What the listing means"]
    assert "FR" in el["Federal Register citations"]
    assert el["Listing date"]  # published start date
    assert el["Decision in force"] == "none"
    dpl = next(r for r in by_party["c2"] if r["List"] == "DPL")
    assert dpl["Result"] in ("alert", "review") and dpl["Source"] in ("csl", "dpl")


def test_a_formula_in_a_name_stays_text_in_both_formats(
    loaded: Env, results: Path, tmp_path: Path
) -> None:
    record = log_record(AuditLog(loaded.store))
    as_csv, as_xlsx = tmp_path / "r.csv", tmp_path / "r.xlsx"
    export_batch(loaded.store, results, as_csv, "csv", record=record, actor=ACTOR)
    export_batch(loaded.store, results, as_xlsx, "xlsx", record=record, actor=ACTOR)
    raw = as_csv.read_bytes()[3:].decode("utf-8")
    assert f"'{FORMULA}" in next(csv.reader(io.StringIO(raw.splitlines()[-1])))
    sheet = load_workbook(as_xlsx).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "no live formula"
    assert f"'{FORMULA}" in {c.value for c in cells}
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert tuple(header) == HEADERS
    csv_rows = read_bom_csv(as_csv)
    assert sheet.max_row == len(csv_rows) + 1  # the same rows in both


def test_each_export_is_audited_once_with_the_sha256_of_its_bytes(
    loaded: Env, results: Path, tmp_path: Path
) -> None:
    before = len(exports_recorded(loaded))
    out = tmp_path / "report.xlsx"
    done = export_batch(
        loaded.store,
        results,
        out,
        "xlsx",
        record=log_record(AuditLog(loaded.store)),
        actor=ACTOR,
        job_id="job-1",
    )
    recorded = exports_recorded(loaded)[before:]
    assert len(recorded) == 1
    (event,) = recorded
    assert event["what"] == "batch.report" and event["job"] == "job-1"
    assert event["format"] == "xlsx" and event["rows"] == done.rows
    assert event["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    (actor,) = {e.actor for e in AuditLog(loaded.store).events(kind=kinds.EXPORT)[before:]}
    assert actor == "user olga"


def test_an_unknown_format_is_refused_before_anything_is_written(
    loaded: Env, results: Path, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="xlsx or csv"):
        export_batch(
            loaded.store,
            results,
            tmp_path / "r.pdf",
            "pdf",
            record=log_record(AuditLog(loaded.store)),
            actor=ACTOR,
        )
    assert not (tmp_path / "r.pdf").exists()


def test_the_batch_page_reads_its_hits_a_page_at_a_time(loaded: Env, results: Path) -> None:
    total, first = batch_hits(loaded.store, results, offset=0, limit=1)
    assert total >= 2 and len(first) == 1
    _, rest = batch_hits(loaded.store, results, offset=1, limit=500)
    assert len(rest) == total - 1
    assert {r["result"] for r in [*first, *rest]} <= {"alert", "review"}


@pytest.fixture
def monitored(loaded: Env, tmp_path: Path) -> Iterator[Env]:
    rows = [
        {"id": "c1", "name": EL_NAME, "country": "CN"},
        {"id": "c2", "name": DPL_NAME, "country": "US"},
    ]
    import_parties(loaded.store, write_portfolio(tmp_path / "portfolio.csv", rows))
    run_monitor(loaded.store, loaded.settings)
    yield loaded


def test_the_queue_export_carries_the_decision_in_force(monitored: Env, tmp_path: Path) -> None:
    env = monitored
    el = next(a for a in list_alerts(env.store, status="all").alerts if a.party_id == "c1")
    workflow.decide_alert(
        env.store, el.id, "true_match", "same institute", actor=ACTOR, role=Role.REVIEWER
    )
    dpl = next(a for a in list_alerts(env.store, status="all").alerts if a.party_id == "c2")
    workflow.decide_alert(
        env.store, dpl.id, "false_positive", "born 1950", actor=ACTOR, role=Role.REVIEWER
    )
    found = alerts(env.store, "all")
    out = tmp_path / "queue.csv"
    record = log_record(AuditLog(env.store))
    done = export_alerts(
        env.store, found, out, "csv", record=record, actor=ACTOR, filters={"status": "all"}
    )
    rows = read_bom_csv(out)
    assert done.rows == len(rows) == sum(len(a["rows"]) for a in found)
    decided = next(r for r in rows if r["Party ID"] == "c1" and r["List"] == "EL")
    assert decided["Decision in force"] == "true match" and decided["Status"] == "closed"
    assert decided["Decision reason"] == "same institute" and decided["Decided by"] == "user olga"
    assert decided["Alert"] == str(el.id)
    waiting = [r for r in rows if r["Alert"] == str(dpl.id)]
    assert waiting and {r["Decision in force"] for r in waiting} == {
        "false positive (pending approval)"
    }, "four eyes on the DPL: the false positive waits for its approver"
    assert {r["Status"] for r in waiting} == {"pending approval"}
    assert {r["Approved by"] for r in waiting} == {""}
    approver = Actor.user("arne", 8)
    workflow.approve(env.store, dpl.id, "checked", actor=approver, role=Role.APPROVER)
    export_alerts(env.store, alerts(env.store, "all"), out, "csv", record=record, actor=ACTOR)
    approved = [r for r in read_bom_csv(out) if r["Alert"] == str(dpl.id)]
    assert {(r["Decision in force"], r["Approved by"], r["Status"]) for r in approved} == {
        ("false positive (approved)", "user arne", "closed")
    }
    first, _second = exports_recorded(env)[-2:]
    assert first["what"] == "queue" and first["filters"] == {"status": "all"}
