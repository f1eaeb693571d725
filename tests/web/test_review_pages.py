"""The monitoring, portfolio and audit pages over plain HTTP on a real server (the 2022
DPL, a small portfolio, one monitoring run): what each shows, who may see the audit
trail, and its readable export (audited once)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from entitylist.audit import AuditLog, kinds
from entitylist.monitoring import import_parties, run_monitor
from entitylist.store import Store
from servers import Server, log_in, wait_for
from vintages import write_portfolio

pytestmark = pytest.mark.slow
VILLA = "AARON ABRAHAM VILLA"


@pytest.fixture(scope="module")
def backend() -> str:
    return "sqlite"


@pytest.fixture
def monitored(fresh_server: Callable[..., Server], shared_data: Path, tmp_path: Path) -> Server:
    server = fresh_server(lists=[("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt")])
    rows = [
        {"id": "P1", "name": VILLA, "address": "El Paso"},
        {"id": "P2", "name": "Ingeborg Abrahamsen"},
    ]
    store = Store.open(server.db_url)
    try:
        import_parties(store, write_portfolio(tmp_path / "portfolio.csv", rows))
        run_monitor(store, server.settings, actor="user admin")
    finally:
        store.close()
    return server


@contextmanager
def logged_in(server: Server, username: str) -> Iterator[httpx.Client]:
    with server.client() as client:
        assert log_in(client, username).status_code == 303
        yield client


def test_the_runs_page_shows_the_lists_in_force_and_what_was_new(monitored: Server) -> None:
    with logged_in(monitored, "viewer") as client:
        runs = client.get("/runs")
        run = client.get("/runs/1")
        missing = client.get("/runs/99")
    assert runs.status_code == 200
    assert 'href="/runs/1"' in runs.text and "dpl #1" in runs.text
    assert run.status_code == 200 and VILLA in run.text and "New match" in run.text
    assert 'href="/parties/P1"' in run.text
    assert missing.status_code == 404


def test_the_portfolio_searches_and_a_party_shows_its_history(monitored: Server) -> None:
    with logged_in(monitored, "viewer") as client:
        everyone = client.get("/parties")
        found = client.get("/parties", params={"q": "villa"})
        party = client.get("/parties/P1")
        nobody = client.get("/parties/P9")
    assert "Ingeborg Abrahamsen" in everyone.text and VILLA in everyone.text
    assert VILLA in found.text and "Ingeborg Abrahamsen" not in found.text
    assert party.status_code == 200
    assert "Version 1" in party.text and "El Paso" in party.text
    assert "Matches in force" in party.text and 'href="/entries/' in party.text
    assert nobody.status_code == 404


def test_only_approvers_and_admins_read_the_audit_trail(monitored: Server) -> None:
    with logged_in(monitored, "viewer") as client:
        page = client.get("/runs")
        refused = client.get("/audit")
        export = client.get("/audit/export.csv")
    assert 'href="/audit"' not in page.text, "no link the role cannot follow"
    assert refused.status_code == 403 and export.status_code == 403
    with logged_in(monitored, "admin") as client:
        page = client.get("/audit", params={"action": kinds.MONITOR_RUN})
        logins = client.get("/audit", params={"action": kinds.LOGIN, "user": "admin"})
        bad = client.get("/audit", params={"start": "yesterday-ish"})
    assert page.status_code == 200 and 'href="/audit"' in page.text
    assert "monitoring run" in page.text and "user admin" in page.text
    assert "log in" in logins.text and "viewer" not in logins.text.split("<tbody>")[1]
    assert bad.status_code == 422 and "yesterday-ish" in bad.text


def test_the_audit_export_has_readable_columns_and_is_audited_once(monitored: Server) -> None:
    store = Store.open(monitored.db_url)
    try:
        before = AuditLog(store).head()[0]
        with logged_in(monitored, "admin") as client:
            answer = client.get("/audit/export.csv", params={"party": "P1"})
        assert wait_for(
            lambda: bool(AuditLog(store).events(after_seq=before, kind=kinds.AUDIT_EXPORT))
        )
        exported = AuditLog(store).events(after_seq=before, kind=kinds.AUDIT_EXPORT)
    finally:
        store.close()
    assert answer.status_code == 200 and answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(answer.content[3:].decode("utf-8"))))
    assert list(rows[0]) == [
        "Event",
        "Time (UTC)",
        "User",
        "Action",
        "Party",
        "Entry",
        "Result",
        "Reason",
    ]
    actions = {r["Action"] for r in rows}
    assert "monitoring run" in actions, "the run names P1 in its data"
    assert "log in" not in actions, "a login names no party"
    assert len(exported) == 1 and exported[0].actor == "user admin"
    assert exported[0].data["filters"]["party"] == "P1"
    assert exported[0].data["rows"] == len(rows)
