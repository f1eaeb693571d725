"""Reading the Federal Register API: the documents search for the BIS rules that amend the
Entity List, and the documents on public inspection, following `next_page_url` to the end.

`--from FILE` reads saved responses instead (any number of pages, either layout). A base
URL other than the official one (a mirror, or a local server in tests) is honoured for the
pages the API links to as well, so paging stays on the server asked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from entitylist.errors import FetchError, SourceFormatError
from entitylist.federal_register.documents import BIS_AGENCY, FrDocument, FrPage, read_page
from entitylist.sources.fetch import read_location

OFFICIAL_BASE = "https://www.federalregister.gov"
SEARCH_PATH = "/api/v1/documents.json"
PUBLIC_INSPECTION_PATH = "/api/v1/public-inspection-documents/current.json"
FIELDS = (
    "abstract",
    "agencies",
    "cfr_references",
    "citation",
    "document_number",
    "effective_on",
    "end_page",
    "html_url",
    "pdf_url",
    "publication_date",
    "start_page",
    "title",
    "type",
    "volume",
)
# The API serves at most 10,000 results of one search (10 pages of 1,000).
MAX_PAGES = 10


@dataclass
class SyncResult:
    """What one sync read: the documents, where from, and what could not be kept or read."""

    documents: list[FrDocument] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, page: FrPage) -> None:
        self.documents.extend(page.documents)
        self.pages.append(page.origin)
        self.notes.extend(page.notes)


def search_url(base: str = OFFICIAL_BASE, *, since: date | None = None) -> str:
    """The documents search for BIS rules mentioning the Entity List, newest first."""
    params: list[tuple[str, str]] = [
        ("conditions[agencies][]", BIS_AGENCY),
        ("conditions[type][]", "RULE"),
        ("conditions[term]", '"Entity List"'),
        ("order", "newest"),
        ("per_page", "1000"),
    ]
    if since is not None:
        params.append(("conditions[publication_date][gte]", since.isoformat()))
    params += [("fields[]", f) for f in FIELDS]
    return f"{base.rstrip('/')}{SEARCH_PATH}?{urlencode(params)}"


def public_inspection_url(base: str = OFFICIAL_BASE) -> str:
    return f"{base.rstrip('/')}{PUBLIC_INSPECTION_PATH}"


def fetch_search(url: str, *, base: str = OFFICIAL_BASE, timeout: float = 60.0) -> SyncResult:
    """Every page of one search, following `next_page_url`; a short read is said, not hidden."""
    result = SyncResult()
    next_url: str | None = url
    expected: int | None = None
    while next_url is not None:
        if len(result.pages) == MAX_PAGES:
            result.notes.append(
                f"stopped after {MAX_PAGES} pages (the API serves no more of one search): "
                "narrow the search with a start date"
            )
            break
        page = read_page(_json(next_url, timeout), next_url)
        result.add(page)
        expected = page.count if expected is None else expected
        next_url = _on_base(page.next_page_url, base)
    if expected is not None and expected != len(result.documents) + _unkept(result):
        result.notes.append(
            f"the search reported {expected} documents; {len(result.documents)} were read"
        )
    return result


def fetch_public_inspection(*, base: str = OFFICIAL_BASE, timeout: float = 60.0) -> SyncResult:
    """The documents on public inspection now; only BIS documents about the lists are kept."""
    result = fetch_search(public_inspection_url(base), base=base, timeout=timeout)
    result.documents = [
        d for d in result.documents if BIS_AGENCY in d.agencies and d.amends_lists()
    ]
    return result


def load_files(paths: list[str]) -> SyncResult:
    """Saved API responses (`--from FILE`), either layout, any number of pages. A page that
    links to a next page not among the files is reported: the set is incomplete."""
    result = SyncResult()
    for number, path in enumerate(paths, start=1):
        page = read_page(_json(path, 60.0), path)
        result.add(page)
        if page.next_page_url and number == len(paths):
            total = f" of {page.total_pages}" if page.total_pages else ""
            result.notes.append(
                f"{path}: a page{total} of a search of {page.count} documents that links to a "
                "next page not loaded: pass its saved copy too"
            )
    return result


def _json(location: str, timeout: float) -> object:
    data = read_location(location, timeout=timeout)
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceFormatError(f"not an FR API JSON response ({exc})", file=location) from exc


def _on_base(url: str | None, base: str) -> str | None:
    """A page link of the official API, moved onto the base the sync was asked to use."""
    if url is None or base == OFFICIAL_BASE:
        return url
    if url.startswith(OFFICIAL_BASE):
        return base.rstrip("/") + url[len(OFFICIAL_BASE) :]
    if not url.startswith(base):
        raise FetchError(f"the API linked a next page off the server asked ({url})")
    return url


def _unkept(result: SyncResult) -> int:
    return sum(1 for n in result.notes if n.endswith("not kept"))
