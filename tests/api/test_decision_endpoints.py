"""Decisions over HTTP: an admin records a verdict on a monitored hit; viewers read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitylist.audit import AuditLog
from entitylist.monitoring import import_parties, run_monitor
from entitylist.store import Store
from servers import Server

pytestmark = pytest.mark.slow


def monitor_one_party(server: Server, tmp_path: Path) -> None:
    portfolio = tmp_path / "portfolio.csv"
    portfolio.write_text("id,name,country\nAPI-1,Afghan German Construction Co,AF\n")
    store = Store.open(server.db_url)
    try:
        import_parties(store, portfolio)
        run_monitor(store, server.settings)
    finally:
        store.close()


def test_an_admin_records_a_verdict_and_a_viewer_reads_it(server: Server, tmp_path: Path) -> None:
    monitor_one_party(server, tmp_path)
    body = {
        "party_id": "API-1",
        "entry": "EL:n:afghan-german-construction-company",
        "verdict": "false_positive",
        "reason": "different company: a bakery in Kabul",
        "expires": "2030-12-31",
    }
    with server.client(server.viewer_key) as viewer:
        assert viewer.post("/v1/decisions", json=body).status_code == 403
    with server.client(server.admin_key) as admin:
        created = admin.post("/v1/decisions", json=body)
        bad = admin.post("/v1/decisions", json={**body, "verdict": "maybe"})
    assert created.status_code == 201, created.text
    decision = created.json()
    assert decision["party_id"] == "API-1" and decision["verdict"] == "false_positive"
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"].endswith("verdict")
    with server.client(server.viewer_key) as viewer:
        listed = viewer.get("/v1/decisions", params={"party": "API-1"}).json()["decisions"]
    assert [d["id"] for d in listed] == [decision["id"]]
    store = Store.open(server.db_url)
    try:
        events = AuditLog(store).events(kind="decision")
    finally:
        store.close()
    assert any("test admin" in (e.actor or "") for e in events)


def test_a_verdict_on_an_unknown_party_is_a_clear_error(server: Server) -> None:
    with server.client(server.admin_key) as admin:
        response = admin.post(
            "/v1/decisions",
            json={
                "party_id": "nobody",
                "entry": "EL:n:x",
                "verdict": "true_match",
                "reason": "r",
            },
        )
    assert response.status_code in (404, 422)
    assert response.json()["error"]["message"]


def test_a_nul_or_lone_surrogate_in_a_json_body_is_422_naming_the_field(server: Server) -> None:
    # Found by schemathesis on PostgreSQL: text columns there cannot hold NUL (it was a 500).
    bodies = [
        b'{"party_id": "G\\u0000x", "entry": "EL:n:x", "verdict": "escalated", "reason": "r"}',
        b'{"party_id": "G", "entry": "EL:n:x", "verdict": "escalated", "reason": "\\udab2"}',
    ]
    with server.client(server.admin_key) as admin:
        for body in bodies:
            response = admin.post(
                "/v1/decisions", content=body, headers={"Content-Type": "application/json"}
            )
            assert response.status_code == 422, response.text
            assert response.json()["error"]["details"][0]["field"].startswith("body.")
