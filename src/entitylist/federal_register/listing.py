"""When an entry was listed, where the list gives no start date (the 2026 CSL JSON, the
eCFR text): derived from its Federal Register citations, and always marked as derived.

The derived date is the earliest cited rule's effective date (when the restriction took
hold; 2025-05427 took effect on 25 March 2025, three days before it was published), else
its publication date, else the date printed beside the citation, else the last day of
the citation's volume year (volume N of the Federal Register is the year 1935 + N: "85 FR
51603" was printed in 2020). A later citation may only revise an entry, so the earliest
is taken: "listed by" that date at the latest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from entitylist.federal_register.rules import RuleIndex
from entitylist.model import Entry

FIRST_VOLUME_YEAR = 1935  # volume 1 of the Federal Register is of 1936


@dataclass(frozen=True, slots=True)
class ListingDate:
    """A listing date and how it is known: `derived` dates were never published as such."""

    date: date
    derived: bool
    basis: str

    def describe(self) -> str:
        if not self.derived:
            return f"{self.date.isoformat()} (start date as published)"
        return f"listed by {self.date.isoformat()} (derived from {self.basis}; not published)"

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "derived": self.derived, "basis": self.basis}


def listing_date(entry: Entry, rules: RuleIndex) -> ListingDate | None:
    """The published start date, else the date derived from the citations, else None."""
    if entry.start_date is not None:
        return ListingDate(entry.start_date, derived=False, basis="start_date")
    found: list[tuple[date, str]] = []
    for citation, document in rules.cited_by(entry):
        if document is not None:
            if document.effective_on is not None:
                when, what = document.effective_on, "effective"
            elif document.publication_date is not None:
                when, what = document.publication_date, "published"
            else:
                continue
            found.append(
                (when, f"{citation.text} ({document.document_number}, {what} {when.isoformat()})")
            )
        elif citation.date is not None:
            found.append((citation.date, f"{citation.text}, the date printed with the citation"))
        elif citation.volume is not None and citation.volume >= 1:
            year = FIRST_VOLUME_YEAR + citation.volume
            found.append(
                (date(year, 12, 31), f"{citation.text}: volume {citation.volume} is of {year}")
            )
    if not found:
        return None
    when, basis = min(found)
    return ListingDate(when, derived=True, basis=basis)
