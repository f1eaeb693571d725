"""Citations resolved to the Federal Register documents they cite (pure functions).

The lists cite a rule by its first page (`90 FR 14046`, the CSL) or by the page carrying
the entry (`90 FR 14048, 3/28/25`, the eCFR): a citation resolves to the published document
of that volume whose page range holds the page, a document starting on the page first.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from entitylist.federal_register.documents import FrDocument
from entitylist.model import Citation, Entry


@dataclass(frozen=True)
class RuleIndex:
    """The known documents, by volume and first page, for resolving citations."""

    by_number: dict[str, FrDocument]
    _starts: dict[int, list[int]]
    _docs: dict[int, list[FrDocument]]

    @classmethod
    def of(cls, documents: Iterable[FrDocument]) -> RuleIndex:
        by_number = {d.document_number: d for d in documents}
        printed = sorted(
            (d for d in by_number.values() if _printed(d)),
            key=lambda d: (d.volume, d.start_page, d.document_number),
        )
        starts: dict[int, list[int]] = {}
        docs: dict[int, list[FrDocument]] = {}
        for d in printed:
            assert d.volume is not None and d.start_page is not None
            starts.setdefault(d.volume, []).append(d.start_page)
            docs.setdefault(d.volume, []).append(d)
        return cls(by_number, starts, docs)

    def __len__(self) -> int:
        return len(self.by_number)

    def resolve(self, citation: Citation) -> FrDocument | None:
        """The document printed at the cited volume and page, if known."""
        if citation.volume is None or citation.page is None:
            return None
        starts = self._starts.get(citation.volume)
        if not starts:
            return None
        # The last document starting on or before the page; it holds the page if its range
        # reaches it (a document starting on the page wins over one ending on it).
        at = bisect.bisect_right(starts, citation.page) - 1
        if at < 0:
            return None
        document = self._docs[citation.volume][at]
        end = document.end_page or document.start_page or 0
        return document if citation.page <= end else None

    def cited_by(self, entry: Entry) -> list[tuple[Citation, FrDocument | None]]:
        """Each citation of an entry with its document (None where not known)."""
        return [(c, self.resolve(c)) for c in entry.citations]

    def citations(self, entry: Entry) -> list[dict[str, Any]]:
        """An entry's citations, each with its document when known (entries, hits, reports)."""
        return [
            {"text": c.text, "document": document_brief(d) if d is not None else None}
            for c, d in self.cited_by(entry)
        ]

    def describe(self, entry: Entry) -> list[str]:
        """One line per citation: the citation, and its document's number, title and dates."""
        return [
            c.text + (f" = {d.describe()}" if d is not None else " (document not known)")
            for c, d in self.cited_by(entry)
        ]


def document_brief(document: FrDocument) -> dict[str, Any]:
    return {
        "document_number": document.document_number,
        "citation": document.citation,
        "pages": document.pages,
        "title": document.title,
        "publication_date": _iso(document.publication_date),
        "effective_on": _iso(document.effective_on),
        "link": document.link,
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _printed(document: FrDocument) -> bool:
    return (
        not document.public_inspection
        and document.volume is not None
        and document.start_page is not None
    )
