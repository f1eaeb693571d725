"""Screening over HTTP: the same ranked, explained matches as the CLI, with licence fields
for Entity List hits and the snapshot ids screened against."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from servers import Server

pytestmark = pytest.mark.slow


def test_an_entity_list_party_is_found_with_its_licence_and_snapshots(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        response = client.post(
            "/v1/screen",
            json={
                "name": "Afghan German Construction Co",
                "country": "Afghanistan",
            },
        )
        snapshots = client.get("/v1/snapshots").json()["snapshots"]
    assert response.status_code == 200
    body = response.json()
    top = body["hits"][0]
    assert top["list"] == "EL"
    assert top["name"] == "Afghan-German Construction Company"
    assert top["alert"] is True and body["alert"] is True
    assert top["licence"]["scope"] == "all_items_subject_to_ear"
    assert top["licence"]["policy"] == "presumption_of_denial"
    assert "presumption of denial" in top["licence"]["summary"]
    assert top["explanation"]["alignments"], "every hit explains itself"
    newest = {}
    for snap in snapshots:
        newest[snap["source"]] = snap["id"]
    assert {s: v["id"] for s, v in body["snapshots"].items()} == newest
    assert body["party"] == {"name": "Afghan German Construction Co", "country": "AF"}


def test_lists_and_threshold_narrow_the_results(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        only_sdn = client.post(
            "/v1/screen",
            json={
                "name": "Afghan German Construction Co",
                "lists": ["sdn"],
                "threshold": 0.5,
            },
        ).json()
    assert only_sdn["lists"] == ["SDN"]
    assert all(hit["list"] == "SDN" for hit in only_sdn["hits"])
    assert all(hit["score"] >= 0.5 for hit in only_sdn["hits"])


def test_a_batch_keeps_the_order_of_the_parties(server: Server) -> None:
    parties = [
        {"name": "Nobody In Particular Widgets", "id": "c1"},
        {"name": "Afghan-German Construction Company", "country": "AF", "id": "c2"},
    ]
    with server.client(server.viewer_key) as client:
        body = client.post("/v1/screen/batch", json={"parties": parties}).json()
    assert body["count"] == 2
    assert [r["party"]["id"] for r in body["results"]] == ["c1", "c2"]
    assert body["results"][1]["alert"] is True
    assert body["alerts"] == sum(r["alert"] for r in body["results"])
    assert set(body["snapshots"]) >= {"csl", "dpl"}


def test_concurrent_requests_all_succeed(server: Server) -> None:
    key = server.new_key(name="concurrent")
    names = ["Afghan German Construction", "Abdul Satar Ghoura", "Acme", "Assadullah Majed"] * 10

    def screen(name: str) -> int:
        with server.client(key) as client:
            return client.post("/v1/screen", json={"name": name}).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(screen, names))
    assert statuses == [200] * len(names)


def test_every_screening_is_kept_in_the_audit_log(server: Server) -> None:
    from entitylist.audit import AuditLog
    from entitylist.store import Store

    key = server.new_key(name="erp")
    with server.client(key) as client:
        one = client.post("/v1/screen", json={"name": "Abdul Satar Ghoura"}).json()
        client.post(
            "/v1/screen/batch",
            json={"parties": [{"name": "Acme", "id": "a"}, {"name": "Assadullah Majed"}]},
        )
    store = Store.open(server.db_url)
    try:
        log = AuditLog(store)
        deadline = time.monotonic() + 10  # the service commits audit events just after answering
        while True:
            events = [e for e in log.events(kind="screening") if "(erp)" in (e.actor or "")]
            if len(events) >= 2 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert log.verify().ok
    finally:
        store.close()
    single, batch = (e.data for e in events)
    assert single["count"] == 1
    assert single["results"][0]["party"]["name"] == "Abdul Satar Ghoura"
    assert single["snapshots"] == one["snapshots"]
    assert single["engine_version"] == one["engine_version"]
    assert [h["entry_id"] for h in single["results"][0]["hits"]] == [
        h["entry_id"] for h in one["hits"]
    ]
    assert all(h["content_hash"] for h in single["results"][0]["hits"])
    assert batch["count"] == 2 and batch["results"][0]["party"]["id"] == "a"


@pytest.mark.parametrize("threshold", [0.81, 0.9, 1.0])
def test_a_threshold_above_the_alert_threshold_raises_it(server: Server, threshold: float) -> None:
    party = {"name": "Afghan-German Construction Company", "country": "AF"}
    with server.client(server.viewer_key) as client:
        one = client.post("/v1/screen", json={**party, "threshold": threshold})
        many = client.post("/v1/screen/batch", json={"parties": [party], "threshold": threshold})
    assert one.status_code == 200 and many.status_code == 200, one.text
    result = one.json()
    assert result["thresholds"] == {"alert": threshold, "review": threshold}
    assert all(h["score"] >= threshold and h["alert"] for h in result["hits"])
    assert many.json()["results"][0]["thresholds"] == result["thresholds"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Acme", "threshold": False},
        {"name": "Acme", "threshold": "0.5"},
        {"name": "Acme", "limit": True},
        {"name": "Acme", "lists": ["NOPE"]},
        {"name": "Acme", "lists": [""]},
        {"name": "Acme\u0000Co"},
        {"name": 12345},
    ],
)
def test_wrong_types_and_unknown_lists_are_422(server: Server, body: dict[str, object]) -> None:
    with server.client(server.viewer_key) as client:
        answer = client.post("/v1/screen", json=body)
        batch = client.post(
            "/v1/screen/batch",
            json={
                "parties": [{"name": body["name"]}],
                **{k: v for k, v in body.items() if k != "name"},
            },
        )
    assert answer.status_code == 422, answer.text
    assert batch.status_code == 422, batch.text


def test_a_lone_surrogate_in_a_name_is_422(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        answer = client.post(
            "/v1/screen",
            content=b'{"name": "Bad \\ud800 surrogate"}',
            headers={"Content-Type": "application/json"},
        )
    assert answer.status_code == 422, answer.text


def test_a_chinese_script_company_name_says_it_was_screened_only_partly(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        body = client.post("/v1/screen", json={"name": "美的集团股份有限公司"}).json()
        latin = client.post("/v1/screen", json={"name": "Maple Leaf Bakery Supplies Inc"}).json()
    assert body["alert"] is False
    assert body["notes"][0].startswith("a Chinese-script company name was screened only partly")
    assert latin["notes"] == []
