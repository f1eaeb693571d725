"""The four pages in a real browser (Chromium, JavaScript off: the pages need none).

Flows: log in -> search -> entry page; batch upload -> progress -> download; the changes
chart renders. Each saves screenshots under artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_pages import log_in as log_in_as
from browser_pages import new_page

from entitylist.screening.batch import OUTPUT_COLUMNS
from servers import PASSWORD, Server

pytestmark = pytest.mark.slow


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    page = new_page(browser, server.url)
    try:
        yield page
    finally:
        page.context.close()


def log_in(page: Any, username: str, *, then: str = "/search") -> None:
    log_in_as(page, username, PASSWORD, then=then)


def test_log_in_search_and_read_the_entry(page: Any, server: Server, screenshot: Any) -> None:
    page.goto("/search")
    screenshot(page, "1-login")
    log_in(page, "viewer")
    cookie = next(c for c in page.context.cookies() if c["name"] == "entitylist_session")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert page.get_by_role("heading", name="Lists in force").is_visible()
    screenshot(page, "2-search-start")

    page.get_by_label("Name").fill("Afghan German Construction Co")
    page.get_by_label("Country").fill("Afghanistan")
    page.get_by_label("Name").press("Enter")  # the keyboard submits the form
    page.wait_for_url("**/search?name=*")
    verdict = page.get_by_role("heading", level=2).first
    assert "Possible match" in verdict.inner_text()
    first = page.locator("ol.hits > li").first
    assert "Afghan-German Construction Company" in first.locator("h3").inner_text()
    assert first.locator(".badge").inner_text() == "EL"
    assert "presumption of denial" in first.inner_text()
    first.get_by_text("Why this match?").click()
    assert first.locator("details table").first.is_visible()
    screenshot(page, "2-search-results")

    first.get_by_role("link", name="Afghan-German Construction Company").click()
    page.wait_for_url("**/entries/*")
    assert page.get_by_role("heading", level=1).inner_text() == "Afghan-German Construction Company"
    licence = page.locator("section.licence")
    assert "presumption of denial" in licence.inner_text()
    assert (
        "All items subject to the EAR" in licence.inner_text()
        or "all items subject to the EAR" in licence.inner_text()
    )
    history = page.get_by_role("heading", name="History across snapshots")
    assert history.is_visible()
    assert page.locator("a[href*='federalregister.gov/citation/']").count() >= 1
    screenshot(page, "3-entry")


def test_upload_a_batch_follow_it_and_download_the_results(
    page: Any, server: Server, screenshot: Any, tmp_path: Path
) -> None:
    upload = tmp_path / "customers.csv"
    rows = [
        ("c1", "Afghan-German Construction Company", "AF"),
        ("c2", "Northwind Traders", "US"),
        ("c3", "", "FR"),
    ]
    rows += [(f"x{i}", f"Customer number {i} Trading Ltd", "DE") for i in range(300)]
    with upload.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "country"])
        writer.writerows(rows)

    log_in(page, "viewer", then="/batch")
    page.get_by_label("File of parties").set_input_files(str(upload))
    screenshot(page, "4-batch")
    page.get_by_role("button", name="Upload and screen").click()
    page.wait_for_url("**/batch/*")
    page.get_by_role("heading", name="Done").wait_for(timeout=300_000)  # the page refreshes
    assert "customers.csv" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("progress").get_attribute("value") == "100"
    screenshot(page, "5-batch-done")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download results (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    results = list(csv.DictReader(io.StringIO(text)))
    assert list(results[0]) == OUTPUT_COLUMNS, "the screen-file contract"
    hit = next(r for r in results if r["input_id"] == "c1")
    assert hit["alert"] == "true" and hit["list"] == "EL"
    assert {r["input_id"] for r in results} >= {"c1", "c2", "x0", "x299"}
    assert "c3" not in {r["input_id"] for r in results}, "the bad row is reported, not screened"
    with page.expect_download() as bad_rows:
        page.get_by_role("link", name="Download bad rows").click()
    assert "empty 'name'" in Path(bad_rows.value.path()).read_text(encoding="utf-8")


def test_the_changes_page_charts_additions_and_removals(
    page: Any, server: Server, screenshot: Any
) -> None:
    log_in(page, "viewer", then="/changes?source=dpl")
    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() == 2
    assert page.locator("figure.chart").first.locator("rect.bar").count() >= 2
    assert page.locator("figure.chart").nth(1).locator("rect.bar-removed").count() >= 1
    assert (page.locator("text.total-up").first.text_content() or "").startswith("+")
    assert page.get_by_role("heading", name=re.compile(r"^Added \d+")).is_visible()
    screenshot(page, "6-changes")


def test_every_field_has_a_label_and_the_keyboard_reaches_the_content(
    page: Any, server: Server
) -> None:
    log_in(page, "viewer")
    for path in ("/search", "/batch", "/changes?source=dpl"):
        page.goto(path)
        fields = page.locator("input:not([type=hidden]), select")
        for i in range(fields.count()):
            ident = fields.nth(i).get_attribute("id")
            assert ident and page.locator(f"label[for='{ident}']").count() == 1, (path, ident)
    page.goto("/search")
    assert page.locator(":focus").get_attribute("id") == "name", "search starts in the name"
    page.goto("/batch")
    page.keyboard.press("Tab")
    assert page.locator(":focus").inner_text() == "Skip to content"
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.locator(":focus").get_attribute("id") == "file":
            break
    assert page.locator(":focus").get_attribute("id") == "file", "the upload is reachable"


def test_a_chinese_script_company_name_is_shown_as_screened_only_partly(
    page: Any, server: Server
) -> None:
    log_in(page, "viewer")
    page.get_by_label("Name").fill("美的集团股份有限公司")
    page.get_by_label("Name").press("Enter")
    page.wait_for_url("**/search?name=*")
    verdict = page.get_by_role("heading", level=2).first.inner_text()
    assert "Screened only partly" in verdict and "No match" not in verdict
    note = page.get_by_role("note").first
    assert note.is_visible()
    assert "a Chinese-script company name was screened only partly" in note.inner_text()
