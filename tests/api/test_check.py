"""`POST /v1/check` over HTTP on a real server (the CSL of 2023-11-30 loaded): the same
determination as the CLI, audited once with the caller's key."""

from __future__ import annotations

import time

import pytest

from servers import Server

pytestmark = pytest.mark.slow

AFGHAN = "Afghan-German Construction Company"


def test_an_entity_list_end_user_needs_a_licence_with_its_policy(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        response = client.post(
            "/v1/check",
            json={
                "parties": [{"name": AFGHAN, "role": "end_user"}],
                "item": "EAR99",
                "destination": "AF",
            },
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["outcome"] == "licence_required"
    assert body["review_policy"] == "presumption_of_denial"
    assert "15 CFR 744.11" in body["citations"]
    reason = body["parties"][0]["reasons"][0]
    assert reason["list"] == "EL" and reason["published"]["licence_requirement"]
    assert body["snapshots"]["csl"]["id"]


def test_a_check_is_audited_once_with_the_key(server: Server) -> None:
    from entitylist.audit import AuditLog
    from entitylist.store import Store

    key = server.new_key(name="shipping")
    shipment = {
        "parties": [{"name": "Zeta Quilting Supplies", "role": "purchaser", "country": "CA"}],
        "item": "5A992.c",
        "destination": "CA",
    }
    with server.client(key) as client:
        body = client.post("/v1/check", json=shipment).json()
    assert body["outcome"] == "no_licence_required_by_these_lists"
    assert "Country Chart" in body["caveat"]
    store = Store.open(server.db_url)
    try:
        log = AuditLog(store)
        deadline = time.monotonic() + 10  # committed just after the answer
        while True:
            events = [
                e for e in log.events(kind="determination") if "(shipping)" in (e.actor or "")
            ]
            if events or time.monotonic() > deadline:
                break
            time.sleep(0.05)
    finally:
        store.close()
    assert len(events) == 1
    data = events[0].data
    assert data["shipment"]["item"]["classification"] == "5A992.c"
    assert data["snapshots"]["csl"]["sha256"] and data["outcome"] == body["outcome"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"item": "5A99"}, "item"),
        ({"destination": "Atlantis"}, "destination"),
        ({"parties": [{"name": "Acme", "role": "consignee"}]}, "role"),
    ],
)
def test_a_bad_shipment_is_refused_naming_the_field(server: Server, change, field) -> None:
    shipment = {
        "parties": [{"name": "Acme", "role": "end_user"}],
        "item": "EAR99",
        "destination": "DE",
        **change,
    }
    with server.client(server.viewer_key) as client:
        response = client.post("/v1/check", json=shipment)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["details"]["field"] == field, error


def test_a_date_before_any_list_fails_closed(server: Server) -> None:
    shipment = {
        "parties": [{"name": AFGHAN, "role": "end_user"}],
        "item": "EAR99",
        "destination": "AF",
        "date": "2001-01-01",
    }
    with server.client(server.viewer_key) as client:
        response = client.post("/v1/check", json=shipment)
    assert response.status_code == 503
