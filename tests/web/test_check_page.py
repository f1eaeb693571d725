"""The *Check a shipment* page in a real browser (Chromium, JavaScript off), on the real
CSL of 2023-11-30: the determination with its reasons and citations, and a bad field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_pages import log_in, new_page

from servers import PASSWORD, Server

pytestmark = pytest.mark.slow


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    page = new_page(browser, server.url, height=1000)
    log_in(page, "viewer", PASSWORD, then="/check")
    try:
        yield page
    finally:
        page.context.close()


def test_an_entity_list_end_user_needs_a_licence(page: Any, screenshot: Any) -> None:
    page.get_by_label("Party 1 name").fill("Afghan-German Construction Company")
    page.get_by_label("Party 1 role").select_option("end_user")
    page.get_by_label("Party 2 name").fill("Zeta Quilting Supplies")
    page.get_by_label("Party 2 role").select_option("purchaser")
    page.get_by_label("Item (ECCN, EAR99 or unclassified)").fill("EAR99")
    page.get_by_label("Destination").fill("AF")
    page.get_by_role("button", name="Check").click()
    heading = page.get_by_role("heading", name="Licence required")
    assert "presumption of denial" in heading.inner_text()
    body = page.locator("main").inner_text()
    assert "15 CFR 744.11" in body and "no licence exception is available" in body
    assert "no listed party matched" in body  # the purchaser
    assert "Country Chart" in body  # the caveat
    screenshot(page, "check-1-licence-required")


def test_a_bad_item_is_refused_with_the_reason(page: Any) -> None:
    page.get_by_label("Party 1 name").fill("Acme")
    page.get_by_label("Item (ECCN, EAR99 or unclassified)").fill("5A99")
    page.get_by_label("Destination").fill("DE")
    page.get_by_role("button", name="Check").click()
    assert "is not an ECCN" in page.get_by_role("alert").inner_text()
