"""Ownership over HTTP: an admin imports a real GLEIF file; the rule status is answered by
date; a bad file is refused with its line and the ownership in force stays."""

from __future__ import annotations

import pytest

from servers import SHARED_DATA, Server

pytestmark = pytest.mark.slow

GLEIF = SHARED_DATA / "ownership" / "gleif" / "rr-data.xml"


def test_an_admin_imports_ownership_and_viewers_see_its_snapshots(server: Server) -> None:
    with server.client(server.admin_key) as client:
        response = client.post(
            "/v1/ownership",
            data={"dataset": "gleif-api"},
            files={"file": (GLEIF.name, GLEIF.read_bytes())},
        )
    assert response.status_code == 200, response.text
    snap = response.json()
    assert snap["format"] == "gleif" and snap["counts"]["links"] == 10
    with server.client(server.viewer_key) as client:
        listed = client.get("/v1/ownership/snapshots").json()["snapshots"]
        refused = client.post("/v1/ownership", files={"file": (GLEIF.name, GLEIF.read_bytes())})
    assert snap["id"] in [s["id"] for s in listed]
    assert refused.status_code == 403


def test_a_bad_ownership_file_is_refused_with_its_line(server: Server) -> None:
    bad = b"owner_name,owner_id,owned_name,owned_id,percent,as_of\nA,,B,,sixty,2025-01-01\n"
    with server.client(server.admin_key) as client:
        before = client.get("/v1/ownership/snapshots").json()["snapshots"]
        response = client.post("/v1/ownership", files={"file": ("own.csv", bad)})
        after = client.get("/v1/ownership/snapshots").json()["snapshots"]
    assert response.status_code == 422
    assert "line 2, field percent" in response.json()["error"]["message"]
    assert after == before


def test_the_rule_status_by_date(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        suspended = client.get("/v1/rules/affiliates", params={"on": "2026-01-15"}).json()
        later = client.get("/v1/rules/affiliates", params={"on": "2026-11-20"}).json()
    assert suspended["state"] == "suspended" and "90 FR 50857" in suspended["text"]
    assert later["state"] == "in_force"
