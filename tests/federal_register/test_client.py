"""The FR client over real HTTP: the real API response served by a local server standing in
for federalregister.gov, paging by `next_page_url` to a second page written here."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from entitylist.federal_register.client import (
    fetch_public_inspection,
    fetch_search,
    load_files,
    search_url,
)
from fr_records import EL_RULES, ON_INSPECTION, write

REAL_PAGE = Path("federal_register") / "documents_2024-01_page1.json"
PAGE_TWO = {
    "count": 1893,
    "total_pages": 2,
    "results": [{**r, "volume": 89} for r in EL_RULES["results"]],
}


@pytest.fixture(scope="module")
def api(shared_data: Path) -> Iterator[tuple[str, list[str]]]:
    """A local FR API: page 1 is the real response (its next_page_url unedited)."""
    first = (shared_data / REAL_PAGE).read_bytes()
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            url = urlparse(self.path)
            query = parse_qs(url.query)
            if url.path.endswith("public-inspection-documents/current.json"):
                body = json.dumps(ON_INSPECTION).encode()
            elif query.get("page") == ["2"]:
                body = json.dumps(PAGE_TWO).encode()
            else:
                body = first
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()


def test_the_search_follows_next_page_url_to_the_end(api: tuple[str, list[str]]) -> None:
    base, asked = api
    asked.clear()
    result = fetch_search(search_url(base), base=base)
    assert len(asked) == 2 and "page=2" in asked[1]
    assert len(result.pages) == 2
    assert len(result.documents) == 1002
    # The search reported 1,893 documents; the short read is said, not hidden.
    assert result.notes == ["the search reported 1893 documents; 1002 were read"]


def test_the_search_asks_for_bis_rules_about_the_entity_list() -> None:
    query = parse_qs(urlparse(search_url()).query)
    assert query["conditions[agencies][]"] == ["industry-and-security-bureau"]
    assert query["conditions[type][]"] == ["RULE"]
    assert query["conditions[term]"] == ['"Entity List"']
    assert {"start_page", "end_page", "effective_on", "citation"} <= set(query["fields[]"])


def test_public_inspection_keeps_bis_documents_about_the_lists(
    api: tuple[str, list[str]],
) -> None:
    base, _ = api
    result = fetch_public_inspection(base=base)
    assert [d.document_number for d in result.documents] == ["2026-99901"]
    assert result.documents[0].public_inspection


def test_saved_pages_load_and_a_missing_next_page_is_said(
    shared_data: Path, tmp_path: Path
) -> None:
    result = load_files([str(shared_data / REAL_PAGE)])
    assert len(result.documents) == 1000
    (note,) = result.notes
    assert "links to a next page not loaded" in note
    both = load_files([str(shared_data / REAL_PAGE), write(tmp_path, "p2.json", PAGE_TWO)])
    assert len(both.documents) == 1002 and both.notes == []
