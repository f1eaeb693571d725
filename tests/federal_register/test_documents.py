"""FR API records read into documents: both layouts, and what cannot be read said."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from entitylist.errors import SourceFormatError
from entitylist.federal_register.documents import read_page
from fr_records import EL_RULES, ON_INSPECTION, RULE_14046

REAL_PAGE = Path("federal_register") / "documents_2024-01_page1.json"


def test_a_rule_keeps_its_citation_pages_and_both_dates() -> None:
    page = read_page(EL_RULES, "inline")
    rule = next(d for d in page.documents if d.document_number == "2025-05427")
    assert (rule.volume, rule.start_page, rule.end_page) == (90, 14046, 14052)
    assert rule.pages == "90 FR 14046-14052"
    assert rule.publication_date == date(2025, 3, 28)
    assert rule.effective_on == date(2025, 3, 25)
    assert rule.amends_lists() and not rule.public_inspection
    assert "15 CFR 744" in rule.cfr_references
    assert rule.describe() == (
        "2025-05427, 90 FR 14046, Additions to the Entity List, published 2025-03-28, "
        "effective 2025-03-25"
    )


def test_public_inspection_records_are_marked_as_not_published() -> None:
    page = read_page(ON_INSPECTION, "pi.json")
    filed = page.documents[0]
    assert filed.public_inspection and filed.citation is None and filed.start_page is None
    assert "on public inspection, to be published 2026-08-05" in filed.describe()
    assert not page.documents[1].amends_lists()


def test_the_real_response_is_read_whole(shared_data: Path) -> None:
    data = json.loads((shared_data / REAL_PAGE).read_text("utf-8"))
    page = read_page(data, "page1")
    assert len(page.documents) == 1000 and page.notes == []
    assert (page.count, page.total_pages) == (1893, 2)
    assert page.next_page_url is not None and "page=2" in page.next_page_url
    first = page.documents[0]
    assert first.citation == "89 FR 43" and first.volume == 89 and first.start_page == 43
    assert all(d.publication_date is not None for d in page.documents)
    # Rules have an effective date in this page; no Entity List rule is in it.
    assert sum(1 for d in page.documents if d.type == "Rule") == 120
    assert not any(d.amends_lists() for d in page.documents)


def test_a_record_without_number_is_reported_and_a_bad_date_kept_empty() -> None:
    bad = {**RULE_14046, "effective_on": "25/03/2025"}
    page = read_page({"results": [bad, {"title": "no number"}]}, "f.json")
    (document,) = page.documents
    assert document.effective_on is None
    assert page.notes == [
        "f.json: results[0] (2025-05427): effective_on '25/03/2025' is not a date: left empty",
        "f.json: results[1]: no document_number: not kept",
    ]


def test_not_an_api_response_is_refused() -> None:
    with pytest.raises(SourceFormatError, match=r"f\.json.*'results' list"):
        read_page({"results": "x"}, "f.json")
