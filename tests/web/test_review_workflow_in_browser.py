"""The review workflow in a real browser (Debian's Chromium, JavaScript off) on a real
server with the real 2023 CSL and DPL: an admin creates a reviewer and an approver on the
users page and monitors a portfolio (the command line); the reviewer logs in with a
password, finds one alert for AL NASER AIRLINES (its `csl` and `dpl` rows) and separate
alerts for OFAC's CIMEX entries, marks the airline a false positive (pending approval), the
approver approves it (it leaves the queue), the reviewer escalates a CIMEX alert and
comments; a later DPL with the airline's entry changed brings its alert back. Every page
is saved as a screenshot under artifacts/screenshots/review/, at desktop width and at
390 px."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_pages import log_in, new_page

from servers import DPL, PASSWORD, Server, cloned_database, start_server
from vintages import write_portfolio

pytestmark = pytest.mark.slow

SECRET = "a long enough password for tests"
AIRLINE = "AL NASER AIRLINES"


@pytest.fixture(scope="module")
def backend() -> str:
    return "sqlite"


@pytest.fixture
def review_server(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own on a copy of the loaded lists (this test changes the DPL)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if base.name.startswith("popen-gw") else base
    (tmp_path / "db").mkdir()
    database, release = cloned_database("sqlite", tmp_path / "db", shared)
    server = start_server("sqlite", tmp_path / "srv", database=database)
    try:
        yield server
    finally:
        server.stop()
        release()


def cli(server: Server, *args: str, stdin: str = "") -> str:
    """`entitylist` as an administrator runs it, in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "entitylist", "--db", server.db_url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**_env(), "ENTITYLIST_DATA_DIR": str(server.data_dir)},
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "ENTITYLIST_DB"}


class Shots:
    """Full-page screenshots, desktop and 390 px wide, numbered in the order taken."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def __call__(self, page: Any, name: str) -> None:
        self.count += 1
        stem = f"{self.count:02d}-{name}"
        page.screenshot(path=str(self.folder / f"{stem}.png"), full_page=True)
        size = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(self.folder / f"{stem}-390.png"), full_page=True)
        page.set_viewport_size(size)


def person(browser: Any, server: Server, username: str, then: str, password: str = SECRET) -> Any:
    page = new_page(browser, server.url)
    log_in(page, username, password, then=then)
    return page


def queue_rows(page: Any, text: str) -> Any:
    return page.locator("table.queue tbody tr").filter(has_text=text)


def changed_dpl(folder: Path) -> Path:
    """The real 2023 DPL with one of the airline's addresses altered (the entry changed)."""
    text = DPL["2023-11-30"].read_text(encoding="utf-8")
    assert '"P.O. BOX 28360"' in text
    path = folder / "dpl.txt"
    path.write_text(text.replace('"P.O. BOX 28360"', '"P.O. BOX 28361"'), encoding="utf-8")
    return path


def test_the_review_workflow_in_the_browser(
    browser: Any, review_server: Server, screenshot_dir: Path, tmp_path: Path
) -> None:
    server, shots = review_server, Shots(screenshot_dir / "review")
    admin = person(browser, server, "admin", "/users", password=PASSWORD)
    for name, role in (("rita", "reviewer"), ("arne", "approver")):
        admin.get_by_label("Username").fill(name)
        admin.get_by_label("Role").select_option(role)
        admin.get_by_label("Password").fill(SECRET)
        admin.get_by_role("button", name="Create user").click()
        assert f"{name} can now log in as {role}" in admin.locator("[role=status]").inner_text()
    shots(admin, "users")
    portfolio = [
        {"id": "AIR", "name": AIRLINE, "country": ""},
        {"id": "CMX", "name": "CIMEX", "country": "CU"},
        {"id": "OK", "name": "Harbour Bakery of Tromsø", "country": "NO"},
    ]
    cli(server, "parties", "import", str(write_portfolio(tmp_path / "portfolio.csv", portfolio)))
    cli(server, "monitor", "run")

    rita = person(browser, server, "rita", "/queue")
    airline = queue_rows(rita, AIRLINE)
    assert airline.count() == 1, "one alert for every row of the airline's denial order"
    cimex = queue_rows(rita, "CMX")
    assert cimex.count() >= 2, "OFAC's CIMEX entries stay separate alerts"
    assert queue_rows(rita, "Harbour Bakery").count() == 0
    shots(rita, "queue")

    airline.get_by_role("link", name=AIRLINE).click()
    rita.wait_for_url("**/alerts/*")
    alert_url = rita.url
    rows = rita.locator("section[aria-labelledby=rows-h] tbody tr")
    assert rows.count() > 10, "every row, not the ten best"
    sources = {rows.nth(i).locator("td.source").inner_text() for i in range(rows.count())}
    assert sources == {"csl", "dpl"}
    assert "denial order" in rita.locator("section.licence").inner_text().lower()
    shots(rita, "alert")

    rita.get_by_label("False positive").check()
    rita.get_by_label("Reason").fill("An airline we have never dealt with; other country")
    rita.get_by_role("button", name="Record decision").click()
    rita.wait_for_url(alert_url)
    assert "Pending approval" in rita.get_by_role("status").first.inner_text()
    assert rita.get_by_role("button", name="Approve false positive").count() == 0
    shots(rita, "alert-pending")

    arne = person(browser, server, "arne", "/queue?status=pending_approval")
    assert queue_rows(arne, AIRLINE).count() == 1
    shots(arne, "queue-pending")
    arne.goto(alert_url)
    arne.locator("#approval-reason").fill("Checked every address of the order")
    arne.get_by_role("button", name="Approve false positive").click()
    arne.wait_for_url(alert_url)
    assert "Closed" in arne.get_by_role("status").first.inner_text()
    history = arne.locator("section[aria-labelledby=history-h]").inner_text()
    assert "Approved" in history and "user arne" in history and "user rita" in history
    shots(arne, "alert-approved")
    rita.goto("/queue")
    assert queue_rows(rita, AIRLINE).count() == 0, "it left the queue"

    first = queue_rows(rita, "CMX").first
    first.get_by_role("link").first.click()
    rita.wait_for_url("**/alerts/*")
    cimex_url = rita.url
    rita.get_by_label("Escalate").check()
    rita.get_by_label("Reason").fill("Cuban state conglomerate: ask legal")
    rita.get_by_role("button", name="Record decision").click()
    rita.wait_for_url(cimex_url)
    rita.get_by_role("textbox", name="Comment").fill("Legal has the file since Monday")
    rita.get_by_role("button", name="Add comment").click()
    rita.wait_for_url(cimex_url)
    assert "escalated" in rita.get_by_role("status").first.inner_text()
    assert "Legal has the file" in rita.locator("section[aria-labelledby=history-h]").inner_text()
    shots(rita, "alert-escalated")
    rita.goto("/queue")
    assert "escalated" in queue_rows(rita, "CMX").first.inner_text(), "escalated come first"

    cli(server, "update", "--source", "dpl", "--from", str(changed_dpl(tmp_path)))
    cli(server, "monitor", "run")
    rita.goto("/queue")
    back = queue_rows(rita, AIRLINE)
    assert back.count() == 1, "the entry changed: the decision no longer applies"
    assert "Open" in back.inner_text()
    shots(rita, "queue-after-change")

    for path, name in (
        ("/runs", "runs"),
        ("/runs/2", "run"),
        ("/parties", "portfolio"),
        ("/parties/AIR", "party"),
    ):
        rita.goto(path)
        assert rita.get_by_role("heading", level=1).is_visible()
        shots(rita, name)
    arne.goto("/audit?party=AIR")
    table = arne.locator("section[aria-labelledby=events-h] tbody").inner_text()
    assert "decision" in table and "approval" in table and "user rita" in table
    shots(arne, "audit")
    rita.context.close()
    arne.context.close()
