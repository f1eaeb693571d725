"""Every screening, batch, export, decision and login writes exactly one audit event,
whichever face it comes through: the web UI and the API of a real server, and the CLI on
the same database. The events are counted by kind and actor after each act."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from entitylist.audit import AuditEvent, AuditLog, kinds
from entitylist.audit.actors import Actor
from entitylist.auth import Role
from entitylist.cli import app
from entitylist.store import Store
from servers import Server, log_in, wait_for

pytestmark = pytest.mark.slow

LISTED = "Abdul Satar Ghoura"  # on the DPL: every screening of it has hits


def head(server: Server) -> int:
    store = Store.open(server.db_url)
    try:
        return AuditLog(store).head()[0]
    finally:
        store.close()


def since(server: Server, seq: int, kind: str, actor: str) -> list[AuditEvent]:
    store = Store.open(server.db_url)
    try:
        events = AuditLog(store).events(after_seq=seq, kind=kind)
    finally:
        store.close()
    return [e for e in events if e.actor == actor]


def exactly_one(server: Server, seq: int, kind: str, actor: str) -> AuditEvent:
    """The one event of `kind` by `actor` after `seq`; the service commits some events just
    after answering, so wait for it, then a little longer for any second one."""
    assert wait_for(lambda: bool(since(server, seq, kind, actor))), (kind, actor)
    time.sleep(0.5)
    found = since(server, seq, kind, actor)
    assert len(found) == 1, f"{len(found)} {kind} events by {actor}"
    return found[0]


def csrf_of(client: httpx.Client, path: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert match
    return match.group(1)


def cli(server: Server, *args: str) -> str:
    result = CliRunner().invoke(
        app,
        ["--db", server.db_url, *args],
        env={"ENTITYLIST_DATA_DIR": str(server.data_dir)},
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_web_face(server: Server) -> None:
    name = server.new_user(Role.REVIEWER)
    actor = Actor.user(name).text
    with server.client() as client:
        start = head(server)
        assert log_in(client, name).status_code == 303
        assert exactly_one(server, start, kinds.LOGIN, actor).data["outcome"] == "ok"

        start = head(server)
        page = client.get("/search", params={"name": LISTED})
        assert page.status_code == 200
        event = exactly_one(server, start, kinds.SCREENING, actor)
        assert event.data["results"][0]["party"]["name"] == LISTED
        assert event.data["results"][0]["hits"], "the hits are in the record"
        client.get("/search")  # the empty form screens nothing
        assert len(since(server, start, kinds.SCREENING, actor)) == 1

        start = head(server)
        upload = {"file": ("p.csv", f"name\n{LISTED}\nAcme Widgets\n".encode())}
        job = client.post("/batch", data={"csrf": csrf_of(client, "/batch")}, files=upload)
        location = job.headers["location"]
        assert wait_for(lambda: client.get(f"{location}/status").json()["finished"])
        batch = exactly_one(server, start, kinds.SCREENING_BATCH, actor)
        assert batch.data["report"]["screened"] == 2
        assert "/" not in batch.data["input"]["file"], "no server path in the record"

        start = head(server)
        results = client.get(f"{location}/results.csv")
        assert results.status_code == 200
        export = exactly_one(server, start, kinds.EXPORT, actor)
        assert export.data["what"] == "batch.results"

        start = head(server)
        assert client.get(f"{location}/report.xlsx").status_code == 200
        report = exactly_one(server, start, kinds.EXPORT, actor)
        assert report.data["what"] == "batch.report" and report.data["format"] == "xlsx"


def test_the_api_face(server: Server) -> None:
    key_name = f"erp-{time.monotonic_ns()}"
    key = server.new_key(Role.ADMIN, key_name)
    store = Store.open(server.db_url)
    try:
        from entitylist.auth import KeyStore

        record = next(k for k in KeyStore(store.engine).list() if k.name == key_name)
    finally:
        store.close()
    actor = Actor.key(record.id, key_name).text
    with server.client(key) as client:
        start = head(server)
        one = client.post("/v1/screen", json={"name": LISTED})
        assert one.status_code == 200
        exactly_one(server, start, kinds.SCREENING, actor)

        start = head(server)
        many = client.post("/v1/screen/batch", json={"parties": [{"name": LISTED}, {"name": "X"}]})
        assert many.status_code == 200
        assert exactly_one(server, start, kinds.SCREENING, actor).data["count"] == 2


def test_the_command_line_face(server: Server, tmp_path: Path) -> None:
    actor = Actor.os_user().text
    start = head(server)
    cli(server, "screen", LISTED, "--json")
    exactly_one(server, start, kinds.SCREENING, actor)

    parties = tmp_path / "parties.csv"
    parties.write_text(f"id,name\nP1,{LISTED}\nP2,Acme Widgets\n")
    start = head(server)
    cli(server, "screen-file", str(parties), "--output", str(tmp_path / "out.csv"))
    exactly_one(server, start, kinds.SCREENING_BATCH, actor)

    start = head(server)
    out, report = tmp_path / "again.csv", tmp_path / "report.xlsx"
    cli(server, "screen-file", str(parties), "--output", str(out), "--report", str(report))
    exactly_one(server, start, kinds.SCREENING_BATCH, actor)
    assert exactly_one(server, start, kinds.EXPORT, actor).data["what"] == "batch.report"
    assert report.read_bytes()[:2] == b"PK"

    start = head(server)
    cli(
        server,
        "audit",
        "export",
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
        "--output",
        str(tmp_path / "log.csv"),
    )
    exactly_one(server, start, kinds.AUDIT_EXPORT, actor)


def test_decisions_from_the_api_and_the_cli(server: Server, tmp_path: Path) -> None:
    portfolio = tmp_path / "portfolio.csv"
    party_id = f"D{time.monotonic_ns()}"
    portfolio.write_text(f"id,name\n{party_id},{LISTED}\n")
    cli(server, "parties", "import", str(portfolio))
    cli(server, "monitor", "run")
    key = server.new_key(Role.ADMIN, "decider")
    with server.client(key) as client:
        hit = client.post("/v1/screen", json={"name": LISTED}).json()["hits"][0]
        body = {
            "party_id": party_id,
            "entry": str(hit["entry_id"]),
            "verdict": "true_match",
            "reason": "same person: name and country",
        }
        start = head(server)
        assert client.post("/v1/decisions", json=body).status_code == 201
    api_events = [
        e
        for e in since_any(server, start, kinds.DECISION)
        if e.data["party_id"] == party_id and (e.actor or "").endswith("(decider)")
    ]
    assert len(api_events) == 1

    start = head(server)
    cli(
        server,
        "decide",
        party_id,
        str(hit["entry_id"]),
        "--verdict",
        "escalated",
        "--reason",
        "second look",
    )
    exactly_one(server, start, kinds.DECISION, Actor.os_user().text)


def since_any(server: Server, seq: int, kind: str) -> list[AuditEvent]:
    store = Store.open(server.db_url)
    try:
        return AuditLog(store).events(after_seq=seq, kind=kind)
    finally:
        store.close()
