"""Health fails closed: 503 with no list in force, 200 with each list's age once loaded;
the new list is picked up by the running server without a restart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from servers import DPL, Server, vintage, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not DPL["2022-09-07"].is_file(), reason=f"real list data not found at {DPL['2022-09-07']}"
    ),
]


def test_health_is_503_until_a_list_is_loaded_then_200_with_ages(
    fresh_server: Callable[..., Server],
) -> None:
    server = fresh_server()
    with server.client(server.viewer_key) as client:
        empty = client.get("/v1/health")
        assert empty.status_code == 503
        assert empty.json()["error"]["code"] == "no_list_loaded"
        screen = client.post("/v1/screen", json={"name": "Aaron Abraham Villa"})
        assert screen.status_code == 503, "screening against no list is never a clean result"

        server.load("dpl", DPL["2022-09-07"])

        assert wait_for(lambda: client.get("/v1/health").status_code == 200)
        body = client.get("/v1/health").json()
        (dpl,) = body["lists"]
        assert dpl["source"] == "dpl"
        assert dpl["entries"] > 400
        age = (datetime.now(UTC) - vintage(DPL["2022-09-07"])).total_seconds()
        assert abs(dpl["age_seconds"] - age) < 120, "the age of the list as published"
        assert dpl["published_at"].startswith("2022-09-07")
        screened = client.post("/v1/screen", json={"name": "Aaron Abraham Villa"})
        assert screened.status_code == 200
        assert screened.json()["snapshots"]["dpl"]["id"] == dpl["snapshot"]
        assert screened.json()["hits"][0]["name"].upper() == "AARON ABRAHAM VILLA"


def test_health_says_stale_for_a_list_published_longer_ago_than_the_bound(
    server: Server,
) -> None:
    with server.client() as client:
        answer = client.get("/v1/health")
    body = answer.json()
    assert answer.status_code == 200, "stale lists still screen"
    assert body["status"] == "stale" and body["stale_after_seconds"] == 7 * 86_400
    csl = next(entry for entry in body["lists"] if entry["source"] == "csl")
    assert csl["published_at"].startswith("2023-11-30") and csl["stale"] is True
