"""`entitylist alerts list|show|decide|approve|comment|assign` on the 2023 DPL: the commands
act as the user named by `--as`, and four eyes holds on the command line too."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from entitylist.audit.actors import Actor
from entitylist.auth import UserStore
from entitylist.cli import app
from entitylist.dates import parse_when
from entitylist.monitoring import import_parties, run_monitor
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.updates.lists import update_source
from vintages import write_portfolio

PASSWORD = "a long enough password"


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["--db", str(db), *args], env={"ENTITYLIST_DATA_DIR": str(db.parent / "data")}
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_the_review_commands(tmp_path: Path, shared_data: Path) -> None:
    db = tmp_path / "e.sqlite"
    settings = Settings(db_url=database_url(str(db)), data_dir=tmp_path / "data")
    store = Store.open(settings.db_url)
    try:
        dpl = shared_data / "bis_dpl" / "dpl_2023-11-30.txt"
        update_source(store, settings, "dpl", str(dpl), published_at=parse_when("2023-11-30"))
        rows = [{"id": "AIR", "name": "AL NASER AIRLINES"}]
        import_parties(store, write_portfolio(tmp_path / "p.csv", rows))
        run_monitor(store, settings)
        people = UserStore(store)
        for name, role in (("rita", "reviewer"), ("arne", "approver"), ("vic", "viewer")):
            people.create(name, role, Actor("os", "tests"), PASSWORD)
    finally:
        store.close()

    code, out, err = run(db, "alerts", "list", "--json")
    assert code == 0, err
    (alert,) = json.loads(out)["alerts"]
    ident = str(alert["id"])
    assert alert["party"]["id"] == "AIR" and len(alert["rows"]) >= 8

    code, _, err = run(
        db,
        "alerts",
        "decide",
        ident,
        "--verdict",
        "false_positive",
        "--reason",
        "not ours",
        "--as",
        "vic",
    )
    assert code == 1 and "reviewer role" in err
    code, out, err = run(
        db,
        "alerts",
        "decide",
        ident,
        "--verdict",
        "false_positive",
        "--reason",
        "not ours",
        "--as",
        "rita",
    )
    assert code == 0 and "pending_approval" in out, err
    code, _, err = run(db, "alerts", "approve", ident, "--reason", "ok", "--as", "rita")
    assert code == 1 and "needs the approver role" in err
    code, _, err = run(db, "alerts", "approve", ident, "--reason", "ok", "--as", "arne")
    assert code == 0, err
    assert run(db, "alerts", "comment", ident, "checked", "--as", "rita")[0] == 0
    assert "assigned to rita" in run(db, "alerts", "assign", ident, "rita", "--as", "arne")[1]
    code, out, _ = run(db, "alerts", "show", ident, "--json")
    detail = json.loads(out)
    assert detail["alert"]["status"] == "closed" and detail["alert"]["assignee"] == "rita"
    assert [c["by"] for c in detail["comments"]] == ["user rita"]
    assert {a["by"] for a in detail["approvals"]} == {"user arne"}
    code, out, _ = run(db, "alerts", "show", ident)
    assert "decision #" in out and "by user rita" in out
    assert "0 of 0 alerts" in run(db, "alerts", "list")[1]


def test_a_screening_saved_from_the_command_line_is_in_the_queue(
    tmp_path: Path, shared_data: Path
) -> None:
    db = tmp_path / "e.sqlite"
    settings = Settings(db_url=database_url(str(db)), data_dir=tmp_path / "data")
    store = Store.open(settings.db_url)
    try:
        dpl = shared_data / "bis_dpl" / "dpl_2023-11-30.txt"
        update_source(store, settings, "dpl", str(dpl), published_at=parse_when("2023-11-30"))
    finally:
        store.close()
    code, out, err = run(db, "screen", "AL NASER AIRLINES", "--country", "IQ", "--save", "--json")
    assert code == 0, err
    saved = json.loads(out)["saved"]
    assert saved["origin"] == "screening" and saved["alerts"]
    origin = f"screening:{saved['origin_id']}"
    code, out, err = run(db, "alerts", "list", "--origin", origin, "--status", "all", "--json")
    assert code == 0, err
    assert sorted(a["id"] for a in json.loads(out)["alerts"]) == sorted(saved["alerts"])
    code, out, _ = run(db, "screen", "AL NASER AIRLINES", "--save")
    assert code == 0 and "saved to the review queue" in out
    code, _, err = run(db, "screen", "AL NASER AIRLINES", "--save", "--as-of", "2023-12-01")
    assert code == 2 and "--as-of" in err
