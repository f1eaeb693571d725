"""Rules the lists in force do not reflect yet (pure): the CSL lags the Federal Register by
days, and a rule on public inspection is known before it is published at all.

A document about the Entity List is pending when
- it is on public inspection (filed, not yet published), or
- it is published, no entry in force cites a page of it, and it was published on or after
  the day the list in force was published (so the list could not have reflected it).
A published rule that no entry cites but that is older than the list is not pending (a rule
that only removes entries leaves no citation behind); it is counted as `uncited`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from entitylist.federal_register.documents import FrDocument
from entitylist.federal_register.rules import RuleIndex
from entitylist.model import Entry


@dataclass(frozen=True, slots=True)
class PendingRule:
    document: FrDocument
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.document.to_dict(), "reason": self.reason}


@dataclass(frozen=True)
class RuleStatus:
    """The rules about the lists, each as reflected (cited by entries in force) or not."""

    lists_published: date | None
    cited: dict[str, int] = field(default_factory=dict)
    """Document number -> entries in force citing it."""
    pending: list[PendingRule] = field(default_factory=list)
    uncited: list[FrDocument] = field(default_factory=list)


def rule_status(
    rules: RuleIndex, entries: Iterable[Entry], lists_published: date | None
) -> RuleStatus:
    """Which known rules about the lists the entries in force reflect, and which are pending."""
    cited: dict[str, int] = {}
    for entry in entries:
        for number in {d.document_number for _, d in rules.cited_by(entry) if d is not None}:
            cited[number] = cited.get(number, 0) + 1
    pending: list[PendingRule] = []
    uncited: list[FrDocument] = []
    for document in sorted(rules.by_number.values(), key=_newest_first):
        if not document.amends_lists() or document.document_number in cited:
            continue
        reason = _pending_reason(document, lists_published)
        if reason is not None:
            pending.append(PendingRule(document, reason))
        else:
            uncited.append(document)
    return RuleStatus(lists_published, cited, pending, uncited)


def _pending_reason(document: FrDocument, lists_published: date | None) -> str | None:
    if document.public_inspection:
        when = document.filed_at or "(filing time not given)"
        return f"on public inspection since {when}: not yet published, no list reflects it"
    if lists_published is None:
        return "no list carrying the Entity List is in force"
    published = document.publication_date
    if published is not None and published >= lists_published:
        return (
            f"published {published.isoformat()}, on or after the list in force "
            f"({lists_published.isoformat()}); no entry in force cites it"
        )
    return None


def _newest_first(document: FrDocument) -> tuple[int, str]:
    published = document.publication_date
    return (-(published.toordinal() if published else 10**7), document.document_number)
