"""Citations resolved to documents (page within start-end), listing dates derived from them
(always marked derived), and the rules no list in force reflects."""

from __future__ import annotations

from datetime import date

from entitylist.federal_register.documents import read_page
from entitylist.federal_register.listing import listing_date
from entitylist.federal_register.pending import rule_status
from entitylist.federal_register.rules import RuleIndex
from entitylist.model import Entry
from entitylist.sources.citations import parse_citations
from fr_records import EL_RULES, ON_INSPECTION

RULES = RuleIndex.of(read_page(EL_RULES, "inline").documents)


def entry(cell: str, start: date | None = None) -> Entry:
    return Entry(
        list_code="EL",
        source_id="EL:n:x",
        key="EL:n:x",
        name="X",
        citations=parse_citations(cell),
        start_date=start,
    )


def resolved(cell: str) -> list[str | None]:
    return [d.document_number if d else None for _, d in RULES.cited_by(entry(cell))]


def test_a_citation_resolves_to_the_rule_holding_its_page() -> None:
    assert resolved("90 FR 14046") == ["2025-05427"]
    assert resolved("90 FR 14035") == ["2025-05426"]  # a page inside the rule
    assert resolved("90 FR 14048, 3/28/25") == ["2025-05427"]  # the eCFR form
    assert resolved("90 FR 14053") == [None]  # after the last page
    assert resolved("89 FR 14046") == [None]  # another volume
    assert resolved("85 FR 83421; 90 FR 14046") == [None, "2025-05427"]


def test_citations_are_shown_with_title_dates_and_link() -> None:
    (shown,) = RULES.citations(entry("90 FR 14046"))
    assert shown["document"]["document_number"] == "2025-05427"
    assert shown["document"]["effective_on"] == "2025-03-25"
    assert shown["document"]["publication_date"] == "2025-03-28"
    assert shown["document"]["link"].startswith("https://www.federalregister.gov/")
    assert RULES.describe(entry("88 FR 13675")) == ["88 FR 13675 (document not known)"]


def test_a_derived_listing_date_is_marked_and_never_published() -> None:
    listed = listing_date(entry("90 FR 14046"), RULES)
    assert listed is not None and listed.derived
    assert listed.date == date(2025, 3, 25)
    assert "derived from 90 FR 14046 (2025-05427, effective 2025-03-25)" in listed.describe()
    assert "not published" in listed.describe()
    # 84 FR 61538 is not a known document: its volume is of 2019, so listed by the year's end.
    earlier = listing_date(entry("84 FR 61538; 90 FR 14046"), RULES)
    assert earlier is not None and earlier.date == date(2019, 12, 31) and earlier.derived
    assert "volume 84 is of 2019" in earlier.basis


def test_the_earliest_cited_date_wins_and_a_printed_date_counts() -> None:
    listed = listing_date(entry("82 FR 48792 10/20/2017; 90 FR 14046"), RULES)
    assert listed is not None and listed.date == date(2017, 10, 20) and listed.derived


def test_a_published_start_date_is_not_derived() -> None:
    listed = listing_date(entry("90 FR 14046", start=date(2025, 3, 25)), RULES)
    assert listed is not None and not listed.derived
    assert listing_date(entry(""), RULES) is None


def test_rules_reflected_pending_and_uncited() -> None:
    both = read_page(EL_RULES, "a").documents + read_page(ON_INSPECTION, "b").documents
    rules = RuleIndex.of(both)
    status = rule_status(rules, [entry("90 FR 14046"), entry("90 FR 14046")], date(2026, 7, 31))
    assert status.cited == {"2025-05427": 2}
    assert [p.document.document_number for p in status.pending] == ["2026-99901"]
    assert "on public inspection" in status.pending[0].reason
    # Published before the list and cited by no entry: not pending, only uncited.
    assert [d.document_number for d in status.uncited] == ["2025-05426"]
    # With the list older than the rules, the uncited rule is pending.
    older = rule_status(rules, [entry("90 FR 14046")], date(2025, 3, 1))
    assert [p.document.document_number for p in older.pending] == ["2026-99901", "2025-05426"]
