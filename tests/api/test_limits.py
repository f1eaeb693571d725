"""Per-key rate limits (429 with Retry-After) and request-size limits (413)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from servers import Server

pytestmark = pytest.mark.slow


def test_a_key_over_its_rate_gets_429_with_retry_after(
    fresh_server: Callable[..., Server],
) -> None:
    # A refill far slower than any request, so however busy the machine, the burst of 5 is
    # spent within 6 requests (at the default 50/s a slow machine refills as fast as it asks).
    server = fresh_server(
        env={"ENTITYLIST_API_RATE_PER_SECOND": "0.001", "ENTITYLIST_API_RATE_BURST": "5"}
    )
    key = server.new_key(name="greedy")  # its own bucket: other keys are unaffected
    with server.client(key) as client:
        statuses = [client.get("/v1/snapshots?source=none").status_code for _ in range(6)]
        response = client.get("/v1/snapshots?source=none")
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429 and response.status_code == 429
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["error"]["details"]["retry_after_seconds"] >= 1
    with server.client(server.viewer_key) as other:
        assert other.get("/v1/snapshots?source=none").status_code == 200


def test_a_body_over_the_limit_is_413_before_it_is_read(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        response = client.post("/v1/screen", json={"name": "x" * 1_100_000})
    assert response.status_code == 413
    assert response.json()["error"]["details"]["limit_bytes"] == 1_048_576


def test_a_body_without_content_length_is_cut_at_the_limit(server: Server) -> None:
    def chunks() -> object:
        yield b'{"name": "'
        for _ in range(200):
            yield b"x" * 10_000
        yield b'"}'

    with server.client(server.viewer_key) as client:
        response = client.post(
            "/v1/screen",
            content=chunks(),  # type: ignore[arg-type]
            headers={"content-type": "application/json"},
        )
    assert response.status_code == 413


def test_more_than_1000_parties_in_one_batch_are_refused(server: Server) -> None:
    parties = [{"name": f"Party {i}"} for i in range(1001)]
    with server.client(server.viewer_key) as client:
        refused = client.post("/v1/screen/batch", json={"parties": parties})
        accepted = client.post("/v1/screen/batch", json={"parties": parties[:1000]})
    assert refused.status_code == 413
    assert refused.json()["error"]["code"] == "payload_too_large"
    assert "1,000" in refused.json()["error"]["message"]
    assert accepted.status_code == 200
    assert accepted.json()["count"] == 1000


def test_uploads_over_the_upload_limit_are_413(fresh_server: Callable[..., Server]) -> None:
    server = fresh_server(env={"ENTITYLIST_API_MAX_UPLOAD_BYTES": "50000"})
    with server.client(server.admin_key) as client:
        response = client.post(
            "/v1/update", data={"source": "dpl"}, files={"files": ("dpl.txt", b"x" * 60_000)}
        )
    assert response.status_code == 413
