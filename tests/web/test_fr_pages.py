"""The Federal Register on the web pages, over HTTP on a real server with the real CSL of
2023-11-30 and then the real list of 2026-07-31: the banner of rules no list in force
reflects yet (on every page, hidden when there is none), and the changes page's report by
rule for the rules of 25 March 2025 (90 FR 14032, 70 entities; 90 FR 14046, 12 entities)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from entitylist.store import Store
from entitylist.updates.federal_register import sync
from fr_records import EL_RULES, ON_INSPECTION, write
from servers import CSL_2023, SHARED_DATA, Server, log_in, start_server

pytestmark = pytest.mark.slow

CSL_2026 = SHARED_DATA / "csl" / "2026" / "consolidated_2026-07-31.json"
PAGES = ("/search", "/check", "/changes", "/batch")
INSPUR_SIX = [
    "Inspur (Beijing) Electronic Information Industry Co., Ltd.",
    "Inspur Electronic Information (Hong Kong) Co., Ltd.",
    "Inspur Electronic Information Industry Co., Ltd.",
    "Inspur (HK) Electronics Co., Ltd.",
    "Inspur Software Co., Ltd.",
    "Inspur Taiwan",
]


@contextmanager
def logged_in(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        assert log_in(client, "viewer").status_code == 303
        yield client


def banner(page: str) -> str | None:
    """The banner's text, or None when the page has none."""
    found = re.search(r'<aside class="wrap banner".*?</aside>', page, re.S)
    if found is None:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(0))).split())


def load_rules(server: Server, folder: Path) -> None:
    store = Store.open(server.db_url)
    try:
        files = [write(folder, "rules.json", EL_RULES), write(folder, "pi.json", ON_INSPECTION)]
        sync(store, files=files)
    finally:
        store.close()


@pytest.fixture
def csl_2023(tmp_path: Path) -> Iterator[Server]:
    server = start_server("sqlite", tmp_path / "server", lists=[("csl", CSL_2023)])
    try:
        yield server
    finally:
        server.stop()


def test_the_banner_names_the_rules_no_list_in_force_reflects(
    csl_2023: Server, tmp_path: Path
) -> None:
    with logged_in(csl_2023) as client:
        for path in PAGES:  # no Federal Register document known: no banner
            assert banner(client.get(path).text) is None
        load_rules(csl_2023, tmp_path)
        for path in PAGES:  # known now, on every page, without a restart
            text = banner(client.get(path).text)
            assert text is not None, path
            assert text.startswith("3 Federal Register rules on the Entity List not yet")
        # The 2023 list is older than the rules of 2025 and cites neither.
        assert (
            "2025-05427 (90 FR 14046): Additions to the Entity List; published 28 Mar 2025, "
            "effective 25 Mar 2025 not yet in the list in force"
        ) in text
        assert "2025-05426 (90 FR 14032): Additions and Modifications to the Entity List" in text
        assert (
            "2026-99901: Additions to the Entity List; on public inspection since 2026-08-03, "
            "to be published 05 Aug 2026 not yet in the list in force"
        ) in text
        assert "Agency Information Collection" not in text  # not about the lists
        page = client.get("/search").text
        assert 'href="https://www.federalregister.gov/public-inspection/2026-99901/x"' in page
    with csl_2023.client() as anonymous:  # the login page names nothing of the store
        assert banner(anonymous.get("/login").text) is None


def test_the_changes_page_reports_the_march_2025_rules_by_rule(
    csl_2023: Server, tmp_path: Path
) -> None:
    load_rules(csl_2023, tmp_path)
    csl_2023.load("csl", CSL_2026)
    with logged_in(csl_2023) as client:
        page = client.get("/changes", params={"source": "csl"}).text
        # The 2026 list cites both rules: only the rule on public inspection is pending.
        text = banner(page)
        assert text is not None and text.startswith("1 Federal Register rule on the Entity")
        assert "2026-99901" in text and "2025-05427" not in text
    report = page[page.index('id="report-title"') :]
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", report)).split()).replace(" ;", ";")
    # The 2023 export held 4,227 entries: those it lacked are said apart, not added.
    assert "2,841 entries of #2 are absent from #1" in words
    assert "By Federal Register rule" in words
    assert (
        "2025-05426 90 FR 14032 Additions and Modifications to the Entity List "
        "28 Mar 2025 25 Mar 2025 70 0 70 China 42, Pakistan 19, United Arab Emirates 5, "
        "South Africa 3, Hong Kong SAR 1"
    ) in words
    assert (
        "2025-05427 90 FR 14046 Additions to the Entity List 28 Mar 2025 25 Mar 2025 "
        "15 0 12 China 11, Hong Kong SAR 2, France 1, Taiwan 1 Inspur (6): " + "; ".join(INSPUR_SIX)
    ) in words
    # How the rows relate to the rule's own 12 entities, as `report changes` says it.
    assert "Its summary counts 12 entities added" in words
    assert "3 more rows than that cite only it" in words
    assert (
        "2 more rows citing it were listed before the earlier file but absent from it "
        "(not counted here)"
    ) in words
    assert "Its summary counts 70 entities added." in words
