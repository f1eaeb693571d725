"""`POST /v1/update` (admin) is fail-closed: a broken upload is refused and the list in
force stays; a good one becomes the list every request screens against at once."""

from __future__ import annotations

import pytest

from servers import CSL_2019, CSL_2023, OFAC_CONS, Server

pytestmark = pytest.mark.slow


def in_force(server: Server) -> dict[str, int]:
    with server.client(server.viewer_key) as client:
        return {row["source"]: row["snapshot"] for row in client.get("/v1/lists").json()["lists"]}


def test_a_truncated_upload_is_refused_and_the_lists_stay(server: Server) -> None:
    before = in_force(server)
    data = CSL_2023.read_bytes()
    truncated = data[: len(data) // 3]
    with server.client(server.admin_key) as client:
        response = client.post(
            "/v1/update", data={"source": "csl"}, files={"files": ("consolidated.csv", truncated)}
        )
        health = client.get("/v1/health")
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["code"] == "update_refused"
    assert "csl" in error["message"]
    assert in_force(server) == before
    assert health.status_code == 200


def test_an_unreadable_upload_is_refused(server: Server) -> None:
    before = in_force(server)
    with server.client(server.admin_key) as client:
        response = client.post(
            "/v1/update",
            data={"source": "dpl"},
            files={"files": ("dpl.txt", b"\x00\x01 not a list \xff")},
        )
    assert response.status_code == 409
    assert in_force(server) == before


def test_an_unknown_source_is_a_client_error(server: Server) -> None:
    with server.client(server.admin_key) as client:
        response = client.post(
            "/v1/update", data={"source": "nosuch"}, files={"files": ("x.csv", b"a,b\n")}
        )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "bad_input"


def test_a_list_that_shrank_too_far_is_refused(server: Server) -> None:
    before = in_force(server)
    with server.client(server.admin_key) as client:
        response = client.post(
            "/v1/update",
            data={"source": "csl"},
            files={"files": (CSL_2019.name, CSL_2019.read_bytes())},
        )
    assert response.status_code == 409
    assert in_force(server) == before


def test_an_accepted_upload_is_screened_against_at_once(server: Server) -> None:
    """A multi-file source (OFAC's non-SDN list: four CSV files) uploaded in one request."""
    files = [("files", (p.name, p.read_bytes())) for p in sorted(OFAC_CONS.glob("cons_*.csv"))]
    with server.client(server.admin_key) as client:
        response = client.post("/v1/update", data={"source": "ofac-cons"}, files=files)
        assert response.status_code == 200, response.text
        outcome = response.json()
        screened = client.post("/v1/screen", json={"name": "Inspur Group", "lists": ["CMIC"]})
    assert outcome["source"] == "ofac-cons"
    assert outcome["status"] in ("created", "unchanged")  # unchanged when run twice
    body = screened.json()
    assert body["snapshots"]["ofac-cons"]["id"] == outcome["snapshot"]["id"]
    assert any(hit["source"] == "ofac-cons" for hit in body["hits"])
