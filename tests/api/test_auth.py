"""Every endpoint but health needs a key; viewers read and screen, admins also update."""

from __future__ import annotations

import pytest

from entitylist.auth import KeyStore, Role
from entitylist.store import Store
from servers import Server

pytestmark = pytest.mark.slow

PROTECTED = [
    ("GET", "/v1/lists"),
    ("GET", "/v1/entries?q=inspur"),
    ("GET", "/v1/entries/1"),
    ("GET", "/v1/snapshots"),
    ("GET", "/v1/changes?source=dpl"),
    ("POST", "/v1/screen"),
    ("POST", "/v1/screen/batch"),
    ("POST", "/v1/update"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_no_key_is_401_with_a_bearer_challenge(server: Server, method: str, path: str) -> None:
    with server.client() as client:
        response = client.request(method, path, json={"name": "x"} if method == "POST" else None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "unauthorized"


def test_health_needs_no_key(server: Server) -> None:
    with server.client() as client:
        assert client.get("/v1/health").status_code == 200


@pytest.mark.parametrize("header", ["Bearer el_00000000_not-a-real-key", "Basic abc", "Bearer"])
def test_unknown_or_malformed_keys_are_401(server: Server, header: str) -> None:
    with server.client() as client:
        response = client.get("/v1/lists", headers={"Authorization": header})
    assert response.status_code == 401


def test_a_revoked_key_is_refused(server: Server) -> None:
    store = Store.open(server.db_url)
    try:
        keys = KeyStore(store.engine)
        record, key = keys.create(Role.ADMIN, "leaver")
        keys.revoke(record.id)
    finally:
        store.close()
    with server.client(key) as client:
        assert client.get("/v1/lists").status_code == 401


def test_viewer_reads_and_screens_but_may_not_update(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        assert client.get("/v1/lists").status_code == 200
        assert client.post("/v1/screen", json={"name": "Acme"}).status_code == 200
        refused = client.post("/v1/update", data={"source": "dpl"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    assert "admin" in refused.json()["error"]["message"]
