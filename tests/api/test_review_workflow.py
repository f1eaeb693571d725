"""The review workflow over the REST API alone, on a real server (SQLite and PostgreSQL)
with the real 2023 CSL and DPL: an admin creates a reviewer and an approver, imports a
portfolio and runs monitoring; AL NASER AIRLINES is one alert (its `csl` and `dpl` rows),
OFAC's CIMEX entries are separate alerts; a false positive waits for the approver, who
approves it out of the queue; another alert is escalated and commented; a later DPL with
the entry changed (the real file with one address altered) brings the first alert back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from entitylist.screening.grouping import compact_name
from servers import DPL, Server, cloned_database, start_server

pytestmark = pytest.mark.slow

SECRET = "a long enough password for tests"
PORTFOLIO = "id,name\nAIR,AL NASER AIRLINES\nCMX,CIMEX\nOK,Harbour Bakery of Tromsø\n"


@pytest.fixture
def review_server(
    backend: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A server of its own on a copy of the loaded lists (this test changes the DPL)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if base.name.startswith("popen-gw") else base
    (tmp_path / "db").mkdir()
    database, release = cloned_database(backend, tmp_path / "db", shared)
    server = start_server(backend, tmp_path / "srv", database=database)
    try:
        yield server
    finally:
        server.stop()
        release()


def session(server: Server, admin: httpx.Client, name: str, role: str) -> httpx.Client:
    made = admin.post("/v1/users", json={"username": name, "role": role, "password": SECRET})
    assert made.status_code == 201, made.text
    login = httpx.post(
        server.url + "/v1/sessions", json={"username": name, "password": SECRET}, timeout=60
    )
    assert login.status_code == 201, login.text
    return server.client(login.json()["token"])


def alerts_of(client: httpx.Client, party: str, status: str = "all") -> list[dict[str, Any]]:
    answer = client.get("/v1/alerts", params={"party": party, "status": status, "limit": 500})
    assert answer.status_code == 200, answer.text
    return list(answer.json()["alerts"])


def changed_dpl(folder: Path) -> Path:
    text = DPL["2023-11-30"].read_text(encoding="utf-8")
    assert '"P.O. BOX 28360"' in text
    path = folder / "dpl.txt"
    path.write_text(text.replace('"P.O. BOX 28360"', '"P.O. BOX 28361"'), encoding="utf-8")
    return path


def test_the_whole_review_workflow_over_rest(review_server: Server, tmp_path: Path) -> None:
    server = review_server
    with server.client(server.admin_key) as admin, server.client(server.viewer_key) as viewer:
        reviewer = session(server, admin, "rita", "reviewer")
        approver = session(server, admin, "arne", "approver")
        imported = admin.post(
            "/v1/parties", files={"file": ("portfolio.csv", PORTFOLIO.encode(), "text/csv")}
        )
        assert imported.status_code == 201, imported.text
        assert admin.post("/v1/monitor/runs").status_code == 201

        (airline,) = [
            a
            for a in alerts_of(reviewer, "AIR")
            if compact_name(a["entry"]["name"]) == "alnaserairlines"
        ]
        hits = [
            h
            for h in viewer.get("/v1/parties/AIR").json()["hits"]
            if compact_name(h["entry"]["name"]) == "alnaserairlines"
        ]
        assert {r["source"] for r in airline["rows"]} == {"csl", "dpl"}
        assert len(airline["rows"]) == len(hits) > 10, "every row, not the ten best"
        cimex = [a for a in alerts_of(reviewer, "CMX") if a["list"] == "SDN" and a["alert"]]
        assert {"535", "537"} <= {a["entry"]["source_id"] for a in cimex}
        assert all(len({r["source_id"] for r in a["rows"]}) == 1 for a in cimex)
        assert alerts_of(reviewer, "OK") == []

        url = f"/v1/alerts/{airline['id']}"
        fp = {"verdict": "false_positive", "reason": "an airline we never deal with"}
        assert viewer.post(f"{url}/decision", json=fp).status_code == 403
        pending = reviewer.post(f"{url}/decision", json=fp)
        assert pending.status_code == 200 and pending.json()["status"] == "pending_approval"
        own = reviewer.post(f"{url}/approval", json={"reason": "fine"})
        assert own.status_code == 403 and own.json()["error"]["code"] == "forbidden"
        approved = approver.post(f"{url}/approval", json={"reason": "checked every address"})
        assert approved.status_code == 200 and approved.json()["status"] == "closed"
        queue = reviewer.get("/v1/alerts", params={"limit": 500}).json()["alerts"]
        assert airline["id"] not in [a["id"] for a in queue], "it left the queue"

        other = f"/v1/alerts/{cimex[0]['id']}"
        escalated = reviewer.post(
            f"{other}/decision", json={"verdict": "escalated", "reason": "ask legal"}
        ).json()
        assert (escalated["status"], escalated["escalated"]) == ("open", True)
        note = reviewer.post(f"{other}/comments", json={"body": "legal has the file"})
        assert note.status_code == 201 and note.json()["by"] == "user rita"
        assigned = reviewer.post(f"{other}/assignment", json={"assignee": "rita"}).json()
        assert assigned["assignee"] == "rita"
        mine = reviewer.get("/v1/alerts", params={"assignee": "rita"}).json()
        assert [a["id"] for a in mine["alerts"]] == [cimex[0]["id"]]
        detail = viewer.get(other).json()
        assert [c["body"] for c in detail["comments"]] == ["legal has the file"]
        assert detail["decisions"][-1]["by"] == "user rita"

        updated = admin.post(
            "/v1/update",
            data={"source": "dpl", "published": "2023-12-15"},
            files={"files": ("dpl.txt", changed_dpl(tmp_path).read_bytes(), "text/plain")},
        )
        assert updated.status_code == 200, updated.text
        assert admin.post("/v1/monitor/runs").status_code == 201
        back = viewer.get(url).json()
        assert back["alert"]["status"] == "open", "the changed entry brings it back"
        assert back["alert"]["id"] == airline["id"]
        decided = back["decisions"]
        assert decided and all(d["by"] == "user rita" for d in decided)
        assert all(d["approval"] == "approved" for d in decided)
        assert {a["by"] for a in back["approvals"]} == {"user arne"}
        queue = reviewer.get("/v1/alerts", params={"limit": 500}).json()["alerts"]
        assert airline["id"] in [a["id"] for a in queue]


def test_alert_errors_have_the_one_shape(review_server: Server) -> None:
    with review_server.client(review_server.viewer_key) as viewer:
        missing = viewer.get("/v1/alerts/999999")
        bad = viewer.get("/v1/alerts", params={"status": "maybe"})
        anonymous = httpx.get(review_server.url + "/v1/alerts")
        wrong = httpx.post(
            review_server.url + "/v1/sessions", json={"username": "nobody", "password": "x" * 12}
        )
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert bad.status_code == 422 and "status must be one of" in bad.json()["error"]["message"]
    assert anonymous.status_code == 401 and "error" in anonymous.json()
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "login_refused"
