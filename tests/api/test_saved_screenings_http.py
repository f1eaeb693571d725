"""Saved screenings and batch calls over HTTP on a real server (SQLite and PostgreSQL) with
the real 2023 DPL: `POST /v1/screen` with `save` and `POST /v1/screen/batch` open alerts in
the queue, found again by their origin; without `save` a screening opens nothing; each
call is one screening event."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from entitylist.audit import AuditLog, kinds
from entitylist.store import Store
from servers import DPL, Server

pytestmark = pytest.mark.slow
AIR = {"name": "AL NASER AIRLINES", "country": "IQ"}


def screening_events(server: Server) -> list[dict]:
    store = Store.open(server.db_url)
    try:
        return [e.data for e in AuditLog(store).events(kind=kinds.SCREENING)]
    finally:
        store.close()


def test_saved_screenings_and_batches_open_alerts_found_by_origin(
    fresh_server: Callable[..., Server],
) -> None:
    server = fresh_server(lists=[("dpl", DPL["2023-11-30"])])
    with server.client(server.viewer_key) as client:
        plain = client.post("/v1/screen", json=AIR)
        none_yet = client.get("/v1/alerts", params={"status": "all"}).json()["total"]
        saved = client.post("/v1/screen", json={**AIR, "save": True})
        batch = client.post(
            "/v1/screen/batch",
            json={"parties": [AIR, {"name": "AARON ABRAHAM VILLA"}]},
        )
        unsaved = client.post("/v1/screen/batch", json={"parties": [AIR], "save": False})
        mine = saved.json()["saved"]
        job = batch.json()["saved"]
        by_screening = client.get(
            "/v1/alerts", params={"origin": f"screening:{mine['origin_id']}", "status": "all"}
        ).json()
        by_job = client.get("/v1/alerts", params={"origin": f"job:{job['origin_id']}"}).json()
        by_run = client.get("/v1/alerts", params={"origin": "run", "status": "all"}).json()
        bad = client.get("/v1/alerts", params={"origin": "upload"})
    assert plain.status_code == 200 and "saved" not in plain.json() and none_yet == 0
    assert saved.status_code == 200 and mine["origin"] == "screening" and mine["alerts"]
    assert sorted(a["id"] for a in by_screening["alerts"]) == sorted(mine["alerts"])
    first = by_screening["alerts"][0]
    assert first["origin"] == "screening" and first["origin_id"] == mine["origin_id"]
    assert first["party"]["id"].startswith("screened:") and first["party"]["country"] == "IQ"
    assert batch.status_code == 200 and job["origin"] == "job"
    # The same name and country as the saved screening: the same party, the same alerts,
    # which keep the origin that opened them while the batch finds nothing new in them,
    # and are listed under the batch too, since it surfaced them again.
    assert set(mine["alerts"]) <= set(job["alerts"])
    assert {a["id"] for a in by_job["alerts"]} == set(job["alerts"])
    assert {a["party"]["name"] for a in by_job["alerts"]} == {
        "AL NASER AIRLINES",
        "AARON ABRAHAM VILLA",
    }
    kept = [a for a in by_job["alerts"] if a["id"] in mine["alerts"]]
    assert kept and all(a["origin_label"] == f"screening:{mine['origin_id']}" for a in kept)
    assert unsaved.status_code == 200 and unsaved.json()["saved"] is None
    assert by_run["total"] == 0
    assert bad.status_code == 422 and "origin must be run, job or screening" in bad.text
    events = screening_events(server)
    assert len(events) == 4
    assert [e.get("saved", {}).get("origin") for e in events] == [None, "screening", "job", None]
