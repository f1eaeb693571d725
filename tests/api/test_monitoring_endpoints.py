"""The alert queue, the portfolio and the monitoring runs over HTTP, on a real server with
the 2023 CSL and DPL: one alert for the DPL's AL NASER AIRLINES rows, separate alerts for
OFAC's separate CIMEX entries (published in the CSL)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entitylist.cli import app
from entitylist.screening.grouping import compact_name
from servers import Server

pytestmark = pytest.mark.slow


def cli(server: Server, *args: str) -> None:
    result = CliRunner().invoke(
        app, ["--db", server.db_url, *args], env={"ENTITYLIST_DATA_DIR": str(server.data_dir)}
    )
    assert result.exit_code == 0, result.output


@pytest.fixture
def portfolio(server: Server, tmp_path: Path) -> dict[str, str]:
    tag = str(time.monotonic_ns())
    ids = {"airline": f"AIR{tag}", "cimex": f"CMX{tag}", "clean": f"OK{tag}"}
    path = tmp_path / "portfolio.csv"
    path.write_text(
        "id,name\n"
        f"{ids['airline']},AL NASER AIRLINES\n"
        f"{ids['cimex']},CIMEX\n"
        f"{ids['clean']},Harbour Bakery of Tromsø\n"
    )
    cli(server, "parties", "import", str(path))
    cli(server, "monitor", "run")
    return ids


def test_one_alert_per_real_listed_party(server: Server, portfolio: dict[str, str]) -> None:
    with server.client(server.viewer_key) as client:
        airline = client.get("/v1/alerts", params={"party": portfolio["airline"]}).json()
        cimex = client.get("/v1/alerts", params={"party": portfolio["cimex"]}).json()
        clean = client.get("/v1/alerts", params={"party": portfolio["clean"]}).json()
        party_hits = client.get(f"/v1/parties/{portfolio['airline']}").json()["hits"]
    denied = [
        a
        for a in airline["alerts"]
        if a["list"] == "DPL" and compact_name(a["entry"]["name"]) == "alnaserairlines"
    ]
    (alert,) = denied
    hits = [
        h["result_id"]
        for h in party_hits
        if h["entry"]["list"] == "DPL" and compact_name(h["entry"]["name"]) == "alnaserairlines"
    ]
    # A run keeps a party's ten best hits: whichever of the 20 rows they are, one alert.
    assert len(hits) >= 4 and sorted(r["result_id"] for r in alert["rows"]) == sorted(hits)
    assert "Denied Persons List publishes a denial order once per address" in alert["grouping"]
    assert alert["status"] == "open" and alert["party"]["name"] == "AL NASER AIRLINES"
    sdn = [a for a in cimex["alerts"] if a["list"] == "SDN" and a["alert"]]
    numbers = {a["entry"]["source_id"] for a in sdn}
    assert {"535", "537"} <= numbers and len(numbers) == len(sdn), "one alert per SDN entry"
    assert all(len(a["rows"]) == 1 for a in sdn)
    assert clean["total"] == 0


def test_alerts_are_filtered_sorted_and_refuse_bad_options(
    server: Server, portfolio: dict[str, str]
) -> None:
    with server.client(server.viewer_key) as client:
        dpl = client.get("/v1/alerts", params={"list": "dpl", "limit": 500}).json()
        bad = client.get("/v1/alerts", params={"status": "maybe"})
        closed = client.get("/v1/alerts", params={"status": "closed"})
    assert dpl["alerts"] and all(a["list"] == "DPL" for a in dpl["alerts"])
    flags = [(a["status"] != "open", not a["alert"], -a["score"]) for a in dpl["alerts"]]
    assert flags == sorted(flags), "undecided first, then alert level and score"
    assert bad.status_code == 422 and "status must be one of" in bad.json()["error"]["message"]
    assert closed.status_code == 200


def test_parties_and_runs(server: Server, portfolio: dict[str, str]) -> None:
    with server.client(server.viewer_key) as client:
        listed = client.get("/v1/parties", params={"q": "naser airlines"}).json()
        one = client.get(f"/v1/parties/{portfolio['airline']}").json()
        missing = client.get("/v1/parties/no-such-party")
        runs = client.get("/v1/monitor/runs", params={"limit": 1}).json()["runs"]
        events = client.get(f"/v1/monitor/runs/{runs[0]['id']}/events").json()["events"]
        no_run = client.get("/v1/monitor/runs/999999/events")
        anonymous = client.get("/v1/alerts", headers={"authorization": ""})
    assert portfolio["airline"] in [p["id"] for p in listed["parties"]]
    assert one["party"]["name"] == "AL NASER AIRLINES" and len(one["versions"]) == 1
    assert len(one["hits"]) >= 4
    assert missing.status_code == no_run.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert any(e["party"]["id"] == portfolio["cimex"] for e in events)
    assert anonymous.status_code == 401
