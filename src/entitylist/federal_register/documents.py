"""Federal Register documents as the FR API publishes them, read into `FrDocument` records.

Two layouts are read, both `{"count", "results": [...], "next_page_url"}`:
- the documents search (`/api/v1/documents.json`): published documents with `citation`,
  `start_page`, `end_page`, `publication_date`, `effective_on`, ...;
- public inspection (`/api/v1/public-inspection-documents.json`): documents filed for
  publication, with `filed_at` and a scheduled `publication_date` but no citation or pages.

A record without a document number cannot be kept and is reported with its position; a
record with an unreadable date is kept with the date left empty and a note saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from entitylist.dates import leading_date
from entitylist.errors import results_list
from entitylist.model import json_fields

BIS_AGENCY = "industry-and-security-bureau"
_CITATION = re.compile(r"(\d{1,3})\s*FR\s*(\d+)")


@dataclass(frozen=True, slots=True)
class FrDocument:
    """One Federal Register document (a rule, notice, ...), published or on public inspection."""

    document_number: str
    title: str
    type: str = ""
    publication_date: date | None = None
    effective_on: date | None = None
    citation: str | None = None
    volume: int | None = None
    start_page: int | None = None
    end_page: int | None = None
    abstract: str | None = None
    html_url: str | None = None
    pdf_url: str | None = None
    agencies: tuple[str, ...] = ()
    cfr_references: tuple[str, ...] = ()
    public_inspection: bool = False
    """Filed for public inspection, not yet published: no citation or pages yet."""
    filed_at: str | None = None

    @property
    def link(self) -> str:
        return self.html_url or (
            f"https://www.federalregister.gov/d/{self.document_number}"
            if self.document_number
            else ""
        )

    @property
    def pages(self) -> str:
        if self.volume is None or self.start_page is None:
            return ""
        end = f"-{self.end_page}" if self.end_page and self.end_page != self.start_page else ""
        return f"{self.volume} FR {self.start_page}{end}"

    def amends_lists(self) -> bool:
        """A BIS document about the Entity List (its title or abstract says so, or it
        amends 15 CFR part 744, where the Entity List is Supplement No. 4)."""
        text = f"{self.title} {self.abstract or ''}".casefold()
        return "entity list" in text or "15 CFR 744" in self.cfr_references

    def describe(self) -> str:
        """One line: number, citation, title, publication and effective dates."""
        parts = [self.document_number]
        if self.citation:
            parts.append(self.citation)
        parts.append(self.title)
        if self.public_inspection:
            parts.append(f"on public inspection, to be published {_day(self.publication_date)}")
        else:
            parts.append(f"published {_day(self.publication_date)}")
        if self.effective_on:
            parts.append(f"effective {self.effective_on.isoformat()}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {**json_fields(self), "link": self.link}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FrDocument:
        return cls(
            document_number=data["document_number"],
            title=data.get("title") or "",
            type=data.get("type") or "",
            publication_date=_parse_day(data.get("publication_date")),
            effective_on=_parse_day(data.get("effective_on")),
            citation=data.get("citation"),
            volume=data.get("volume"),
            start_page=data.get("start_page"),
            end_page=data.get("end_page"),
            abstract=data.get("abstract"),
            html_url=data.get("html_url"),
            pdf_url=data.get("pdf_url"),
            agencies=tuple(data.get("agencies") or ()),
            cfr_references=tuple(data.get("cfr_references") or ()),
            public_inspection=bool(data.get("public_inspection")),
            filed_at=data.get("filed_at"),
        )


@dataclass(frozen=True)
class FrPage:
    """One API response page: its documents, the records it could not keep, and paging."""

    origin: str
    documents: list[FrDocument]
    notes: list[str] = field(default_factory=list)
    count: int | None = None
    total_pages: int | None = None
    next_page_url: str | None = None


def read_page(data: Any, origin: str) -> FrPage:
    """An FR API response (documents search or public inspection) as an `FrPage`."""
    results = results_list(
        data.get("results", []) if isinstance(data, dict) else None,
        "an FR API response: an object with a 'results' list",
        file=origin,
    )
    documents: list[FrDocument] = []
    notes: list[str] = []
    for index, record in enumerate(results):
        where = f"{origin}: results[{index}]"
        if not isinstance(record, dict) or not _text(record.get("document_number")):
            notes.append(f"{where}: no document_number: not kept")
            continue
        document, problems = read_document(record)
        documents.append(document)
        notes.extend(f"{where} ({document.document_number}): {p}" for p in problems)
    count = data.get("count")
    pages = data.get("total_pages")
    return FrPage(
        origin=origin,
        documents=documents,
        notes=notes,
        count=count if isinstance(count, int) else None,
        total_pages=pages if isinstance(pages, int) else None,
        next_page_url=_text(data.get("next_page_url")) or None,
    )


def read_document(record: dict[str, Any]) -> tuple[FrDocument, list[str]]:
    """One API record, and what in it could not be read (kept empty, said here)."""
    problems: list[str] = []

    def day(key: str) -> date | None:
        text = _text(record.get(key))
        parsed = _parse_day(text)
        if text and parsed is None:
            problems.append(f"{key} {text!r} is not a date: left empty")
        return parsed

    citation = _text(record.get("citation")) or None
    volume = _int(record.get("volume"))
    start = _int(record.get("start_page"))
    if citation and (match := _CITATION.search(citation)):
        volume = volume or int(match.group(1))
        start = start or int(match.group(2))
    # Public inspection records carry `filed_at` and no citation: not published yet.
    on_inspection = bool(_text(record.get("filed_at"))) and citation is None
    document = FrDocument(
        document_number=_text(record.get("document_number")),
        title=" ".join(_text(record.get("title")).split()),
        type=_text(record.get("type")),
        publication_date=day("publication_date"),
        effective_on=day("effective_on"),
        citation=citation,
        volume=volume,
        start_page=start,
        end_page=_int(record.get("end_page")) or start,
        abstract=_text(record.get("abstract")) or None,
        html_url=_text(record.get("html_url")) or None,
        pdf_url=_text(record.get("pdf_url")) or None,
        agencies=_agencies(record.get("agencies")),
        cfr_references=_cfr(record.get("cfr_references")),
        public_inspection=on_inspection,
        filed_at=_text(record.get("filed_at")) or None,
    )
    return document, problems


def _agencies(value: Any) -> tuple[str, ...]:
    """Agency slugs (`industry-and-security-bureau`), or names where a record has no slug."""
    if not isinstance(value, list):
        return ()
    names = (
        _text(a.get("slug") or a.get("name")) if isinstance(a, dict) else _text(a) for a in value
    )
    return tuple(n for n in names if n)


def _cfr(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    out = []
    for ref in value:
        if isinstance(ref, dict) and ref.get("title") and ref.get("part"):
            out.append(f"{ref['title']} CFR {ref['part']}")
    return tuple(out)


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _int(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    text = _text(value)
    return int(text) if text.isdigit() else None


def _parse_day(value: Any) -> date | None:
    return leading_date(_text(value))


def _day(value: date | None) -> str:
    return value.isoformat() if value else "(date not given)"
