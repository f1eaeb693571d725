"""One error shape everywhere: `{"error": {"code", "message", "details"}}` (pinned here)."""

from __future__ import annotations

from typing import Any

import pytest

from servers import Server

pytestmark = pytest.mark.slow


def assert_error_shape(body: Any, code: str) -> None:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


CASES: list[tuple[str, str, dict[str, Any], int, str]] = [
    ("GET", "/v1/no-such-thing", {}, 404, "not_found"),
    ("DELETE", "/v1/screen", {}, 405, "method_not_allowed"),
    ("GET", "/v1/entries/999999999", {}, 404, "not_found"),
    ("GET", "/v1/changes?source=nosuch", {}, 404, "not_found"),
    ("GET", "/v1/entries?limit=0", {}, 422, "invalid_request"),
    ("POST", "/v1/screen", {"json": {}}, 422, "invalid_request"),
    ("POST", "/v1/screen", {"json": {"name": "x", "threshold": 2}}, 422, "invalid_request"),
    ("POST", "/v1/screen", {"json": {"name": "x", "country": "Atlantis"}}, 422, "invalid_request"),
    ("POST", "/v1/screen", {"json": {"name": "x", "lists": ["UN"]}}, 503, "no_list_loaded"),
    ("POST", "/v1/screen", {"json": {"name": "x", "lists": ["NOPE"]}}, 422, "bad_input"),
    (
        "POST",
        "/v1/screen",
        {"content": b"{not json", "headers": {"content-type": "application/json"}},
        422,
        "invalid_request",
    ),
    ("POST", "/v1/screen", {"json": ["a", "list"]}, 422, "invalid_request"),
    ("POST", "/v1/screen/batch", {"json": {"parties": []}}, 422, "invalid_request"),
]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    CASES,
    ids=[f"{c[0]} {c[1]} {c[3]}" for c in CASES],
)
def test_client_mistakes_get_the_one_error_shape_never_500(
    server: Server, method: str, path: str, kwargs: dict[str, Any], status: int, code: str
) -> None:
    with server.client(server.viewer_key) as client:
        response = client.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert_error_shape(response.json(), code)


def test_malformed_bodies_name_each_field(server: Server) -> None:
    body = {"parties": [{"name": "ok"}, {"name": ""}, {"country": "FR"}], "limit": 1000}
    with server.client(server.viewer_key) as client:
        response = client.post("/v1/screen/batch", json=body)
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    fields = {d["field"] for d in details}
    assert fields == {"body.parties.1.name", "body.parties.2.name", "body.limit"}
    assert all(d["message"] and d["type"] for d in details)


def test_invalid_json_says_so(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        response = client.post(
            "/v1/screen", content=b'{"name": ', headers={"content-type": "application/json"}
        )
    error = response.json()["error"]
    assert error["details"][0]["field"] == "body"
    assert "not valid JSON" in error["message"]


def test_auth_rate_and_size_errors_share_the_shape(server: Server) -> None:
    with server.client() as client:
        assert_error_shape(client.get("/v1/lists").json(), "unauthorized")
    with server.client(server.viewer_key) as client:
        assert_error_shape(client.post("/v1/update").json(), "forbidden")
        big = {"name": "x" * 2_000_000}
        assert_error_shape(client.post("/v1/screen", json=big).json(), "payload_too_large")
