"""Continuous compliance as a user runs it (in-process, as tests/cli/test_list_commands.py):
JSON output, exit codes, a real webhook receiver on 127.0.0.1, and a tampered audit log."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entitylist.cli import app
from entitylist.monitoring.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature
from receiver import receiver

SECRET = "hook-secret"


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def run(db: Path | str, *args: str, env: dict[str, str] | None = None) -> Done:
    result = CliRunner().invoke(
        app,
        ["--db", str(db), *args],
        env={"ENTITYLIST_DATA_DIR": str(Path(str(db)).parent), **(env or {})},
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Done(result.exit_code, result.stdout, result.stderr)


def ok(done: Done) -> Done:
    assert done.returncode == 0, done.stderr + done.stdout
    return done


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    root = tmp_path_factory.mktemp("monitor-cli")
    path = root / "el.sqlite"
    ok(
        run(
            path,
            "update",
            "--source",
            "dpl",
            "--published",
            "2019-06-29",
            "--from",
            str(shared_data / "bis_dpl" / "dpl_2019-06-29.txt"),
        )
    )
    portfolio = root / "customers.csv"
    portfolio.write_text(
        "cust_no,company,ctry\n"
        "C1,ADRIAN MANUEL HERNANDEZ,US\n"
        "C2,AARON ABRAHAM VILLA,US\n"
        "C3,Ingeborg Abrahamsen,FR\n"
        "C4,,US\n"
    )
    done = ok(
        run(
            path,
            "parties",
            "import",
            str(portfolio),
            "--id-column",
            "cust_no",
            "--name-column",
            "company",
            "--country-column",
            "ctry",
            "--json",
        )
    )
    report = json.loads(done.stdout)
    assert report["new"] == 3 and report["errors"][0]["line"] == 5
    return path


def test_monitor_cycle_with_digest_webhook_and_decision(db: Path, shared_data: Path) -> None:
    listed = json.loads(ok(run(db, "parties", "list", "--json")).stdout)
    assert [p["id"] for p in listed] == ["C1", "C2", "C3"]

    with receiver([503]) as hook:
        done = ok(
            run(
                db,
                "monitor",
                "run",
                "--json",
                "--digest",
                str(db.parent / "d1.html"),
                "--webhook",
                hook.url,
                env={"ENTITYLIST_WEBHOOK_SECRET": SECRET},
            )
        )
    first = json.loads(done.stdout)
    assert {(e["kind"], e["party"]["id"]) for e in first["events"]} == {("new", "C1")}
    assert first["delivery"]["delivered"] and first["delivery"]["attempts"] == 2
    got = hook.requests[-1]
    assert verify_signature(
        SECRET, got.headers[TIMESTAMP_HEADER], got.body, got.headers[SIGNATURE_HEADER]
    )
    assert json.loads(got.body)["run"]["id"] == first["run"]["id"]
    html = (db.parent / "d1.html").read_text()
    assert "ADRIAN MANUEL HERNANDEZ" in html and "New hits (1)" in html

    idle = json.loads(ok(run(db, "monitor", "run", "--json")).stdout)
    assert idle["run"]["screened"] == 0 and idle["events"] == []

    ok(
        run(
            db,
            "update",
            "--source",
            "dpl",
            "--published",
            "2022-09-07",
            "--from",
            str(shared_data / "bis_dpl" / "dpl_2022-09-07.txt"),
        )
    )
    done = ok(run(db, "monitor", "run", "--digest", str(db.parent / "d2.md")))
    assert "1 new hit" in done.stdout
    digest = (db.parent / "d2.md").read_text()
    assert "## New hits (1)" in digest and "AARON ABRAHAM VILLA" in digest
    assert "## Entries removed from the lists (1)" in digest

    hits = json.loads(ok(run(db, "monitor", "hits", "--party", "C2", "--json")).stdout)
    entry_id = str(hits[0]["entry"]["entry_id"])
    decided = json.loads(
        ok(
            run(
                db,
                "decide",
                "C2",
                entry_id,
                "--verdict",
                "false_positive",
                "--reason",
                "our customer is another Aaron Villa",
                "--expires",
                "2099-12-31",
                "--json",
            )
        ).stdout
    )
    assert decided["verdict"] == "false_positive" and decided["expires_at"].startswith("2099")
    hits = json.loads(ok(run(db, "monitor", "hits", "--party", "C2", "--json")).stdout)
    assert hits[0]["decision"] is None  # applied by the next run
    ok(run(db, "monitor", "run"))
    hits = json.loads(ok(run(db, "monitor", "hits", "--party", "C2", "--json")).stdout)
    assert hits[0]["decision"]["id"] == decided["id"] and hits[0]["suppressed"]

    bad = run(db, "decide", "C2", entry_id, "--verdict", "maybe", "--reason", "x")
    assert bad.returncode == 1 and "verdict must be one of" in bad.stderr
    assert run(db, "monitor", "run", "--digest", "x.pdf").returncode == 1

    verified = json.loads(ok(run(db, "audit", "verify", "--json")).stdout)
    assert verified["ok"]
    kinds = {
        e["kind"]
        for e in json.loads(ok(run(db, "audit", "log", "--json", "--limit", "100")).stdout)
    }
    assert {"list.update", "parties.import", "monitor.run", "monitor.webhook", "decision"} <= kinds


def test_webhook_needs_a_secret(db: Path) -> None:
    done = run(
        db,
        "monitor",
        "run",
        "--webhook",
        "http://127.0.0.1:9/x",
        env={"ENTITYLIST_WEBHOOK_SECRET": ""},
    )
    assert done.returncode != 0 and "--webhook-secret" in done.stderr + done.stdout


def test_audit_verify_names_an_edited_row_and_export(tmp_path: Path, db: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    out = tmp_path / "audit.csv"
    ok(run(copy, "audit", "export", "--from", "2000-01-01", "--output", str(out)))
    assert out.read_text().startswith("seq,recorded_at,kind,actor,data,prev_hash,hash")
    refused = run(copy, "audit", "prune", "--before", "2024-01-01", "--yes")
    assert refused.returncode == 1 and "5 years" in refused.stderr
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 2")
    done = run(copy, "audit", "verify")
    assert done.returncode == 1 and "broken at event 2" in done.stderr
