"""The queue and alert pages over plain HTTP on a real server (the 2019 CSL and the 2022
DPL, a small portfolio, one monitoring run): who may do what, forms that fail with the
reason on the page, bulk decisions recorded one by one, filters, and the queue export."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from entitylist.audit import AuditLog, kinds
from entitylist.auth import Role
from entitylist.monitoring import import_parties, run_monitor
from entitylist.store import Store
from servers import Server, log_in, wait_for
from vintages import write_portfolio

pytestmark = pytest.mark.slow
VILLA = "AARON ABRAHAM VILLA"  # on the DPL of 2022
EL_NAME = "54th Research Institute of China"  # on the Entity List of the 2019 CSL


@pytest.fixture(scope="module")
def backend() -> str:
    return "sqlite"


@pytest.fixture
def monitored(fresh_server: Callable[..., Server], shared_data: Path, tmp_path: Path) -> Server:
    server = fresh_server(
        lists=[
            ("csl", shared_data / "csl" / "consolidated_2019-12-03.csv"),
            ("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt"),
        ]
    )
    rows = [
        {"id": "P1", "name": VILLA, "address": "El Paso"},
        {"id": "P2", "name": EL_NAME, "country": "CN"},
    ]
    store = Store.open(server.db_url)
    try:
        import_parties(store, write_portfolio(tmp_path / "portfolio.csv", rows))
        run_monitor(store, server.settings)
    finally:
        store.close()
    return server


@contextmanager
def logged_in(server: Server, username: str) -> Iterator[httpx.Client]:
    with server.client() as client:
        assert log_in(client, username).status_code == 303
        yield client


def csrf_of(client: httpx.Client, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found
    return found.group(1)


def alert_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/alerts/(\d+)"', page)]


def events(server: Server, kind: str, after: int) -> list[object]:
    store = Store.open(server.db_url)
    try:
        return list(AuditLog(store).events(after_seq=after, kind=kind))
    finally:
        store.close()


def head(server: Server) -> int:
    store = Store.open(server.db_url)
    try:
        return AuditLog(store).head()[0]
    finally:
        store.close()


def test_a_viewer_reads_the_queue_but_cannot_decide(monitored: Server) -> None:
    with logged_in(monitored, "viewer") as client:
        queue = client.get("/queue")
        ids = alert_ids(queue.text)
        page = client.get(f"/alerts/{ids[0]}")
        (el, *_) = alert_ids(client.get("/queue", params={"list": "EL"}).text)
        el_page = client.get(f"/alerts/{el}").text
        refused = client.post(
            f"/alerts/{ids[0]}/decision",
            data={"csrf": csrf_of(client, "/queue"), "verdict": "true_match", "reason": "x"},
        )
    assert queue.status_code == 200 and VILLA in queue.text and EL_NAME in queue.text
    assert 'name="alert"' not in queue.text, "no bulk form for a viewer"
    assert page.status_code == 200 and "Record decision" not in page.text
    assert "744.11" in el_page, "what the Entity List listing means, with its section"
    assert 'href="https://www.federalregister.gov/citation/' in el_page
    assert "For all items subject to the EAR" in el_page, "the licence requirement"
    assert refused.status_code == 403 and "reviewer" in refused.text


def test_a_decision_needs_the_form_token_and_a_reason(monitored: Server) -> None:
    reviewer = monitored.new_user(Role.REVIEWER)
    with logged_in(monitored, reviewer) as client:
        (first, *_) = alert_ids(client.get("/queue").text)
        forged = client.post(
            f"/alerts/{first}/decision", data={"verdict": "true_match", "reason": "same"}
        )
        token = csrf_of(client, f"/alerts/{first}")
        empty = client.post(
            f"/alerts/{first}/decision", data={"csrf": token, "verdict": "true_match"}
        )
        done = client.post(
            f"/alerts/{first}/decision",
            data={"csrf": token, "verdict": "true_match", "reason": "same person, same address"},
        )
        page = client.get(f"/alerts/{first}").text
    assert forged.status_code == 403
    assert empty.status_code == 422 and "reason" in empty.text
    assert done.status_code == 303 and done.headers["location"] == f"/alerts/{first}"
    assert "Closed" in page and "same person, same address" in page


def test_four_eyes_the_reviewer_cannot_approve_their_own_false_positive(monitored: Server) -> None:
    reviewer = monitored.new_user(Role.REVIEWER)
    approver = monitored.new_user(Role.APPROVER)
    with logged_in(monitored, reviewer) as client:
        queue = client.get("/queue", params={"list": "DPL"}).text
        (villa, *_) = alert_ids(queue)
        token = csrf_of(client, f"/alerts/{villa}")
        client.post(
            f"/alerts/{villa}/decision",
            data={"csrf": token, "verdict": "false_positive", "reason": "born 1950"},
        )
        own = client.post(f"/alerts/{villa}/approval", data={"csrf": token, "reason": "fine"})
    assert own.status_code == 403 and "approver role" in own.text
    with logged_in(monitored, approver) as client:
        (el, *_) = alert_ids(client.get("/queue", params={"list": "EL"}).text)
        token = csrf_of(client, f"/alerts/{el}")
        client.post(
            f"/alerts/{el}/decision",
            data={"csrf": token, "verdict": "false_positive", "reason": "another institute"},
        )
        self_approved = client.post(
            f"/alerts/{el}/approval", data={"csrf": token, "reason": "mine"}
        )
        pending = client.get("/queue", params={"status": "pending_approval"}).text
        page = client.get(f"/alerts/{villa}").text
        token = csrf_of(client, f"/alerts/{villa}")
        done = client.post(
            f"/alerts/{villa}/approval",
            data={"csrf": token, "outcome": "approved", "reason": "checked the date of birth"},
        )
        after = client.get("/queue").text
    assert self_approved.status_code == 403 and "four eyes" in self_approved.text
    assert villa in alert_ids(pending) and "Approve false positive" in page
    assert done.status_code == 303 and villa not in alert_ids(after)


def test_a_bulk_decision_records_each_alert_and_the_queue_filters(monitored: Server) -> None:
    reviewer = monitored.new_user(Role.REVIEWER)
    with logged_in(monitored, reviewer) as client:
        everything = alert_ids(client.get("/queue").text)
        only_el = alert_ids(client.get("/queue", params={"list": "EL"}).text)
        bad_run = client.get("/queue", params={"run": "first"})
        token = csrf_of(client, "/queue")
        start = head(monitored)
        decided = client.post(
            "/queue/decisions",
            data={
                "csrf": token,
                "alert": [str(i) for i in everything],
                "verdict": "escalated",
                "reason": "ask legal",
            },
        )
        assigned = client.post(
            "/queue/assignments",
            data={"csrf": token, "alert": [str(only_el[0])], "assignee": reviewer},
        )
        mine = alert_ids(client.get("/queue", params={"assignee": reviewer}).text)
        landing = client.get(decided.headers["location"]).text
    assert set(only_el) < set(everything) and only_el
    assert bad_run.status_code == 422 and "run number" in bad_run.text
    assert decided.status_code == 303 and f"{len(everything)} alerts decided" in landing
    assert wait_for(lambda: len(events(monitored, kinds.DECISION, start)) == len(everything))
    assert assigned.status_code == 303 and mine == [only_el[0]]


def test_the_queue_export_follows_the_filters_and_is_audited_once(monitored: Server) -> None:
    with logged_in(monitored, "viewer") as client:
        start = head(monitored)
        answer = client.get("/queue/export.csv", params={"list": "DPL"})
        wrong = client.get("/queue/export.pdf")
    assert answer.status_code == 200 and answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(answer.content[3:].decode("utf-8"))))
    assert rows and {r["List"] for r in rows} == {"DPL"}
    assert {r["Party ID"] for r in rows} == {"P1"} and all(r["Alert"] for r in rows)
    assert wrong.status_code == 404
    assert wait_for(lambda: len(events(monitored, kinds.EXPORT, start)) == 1)
    (event,) = events(monitored, kinds.EXPORT, start)
    assert event.data["what"] == "queue" and event.data["filters"] == {  # type: ignore[attr-defined]
        "status": "open",
        "list": "DPL",
    }
