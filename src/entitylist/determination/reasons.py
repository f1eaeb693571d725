"""What every rule builds a reason from: the finding (a listed entry found for a party), the
context (item, role, destination, declared facts) and one helper that attaches the entry,
its published licence text and its Federal Register citations to a reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from entitylist.determination.models import Item, Outcome, Reason, Role
from entitylist.model import Entry, ReviewPolicy


@dataclass(frozen=True, slots=True)
class Finding:
    """A listed entry found for a party: by name (screening) or, from the affiliates work,
    by ownership (`basis="ownership"`)."""

    entry: Entry
    entry_ref: dict[str, object]
    basis: str = "name"
    affiliation: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Context:
    item: Item
    role: Role
    destination: str
    ofac_authorised: bool = False


def reason_for(
    finding: Finding,
    outcome: Outcome,
    rule: str,
    text: str,
    citations: tuple[str, ...],
    *,
    policy: ReviewPolicy | None = None,
    conditions: tuple[str, ...] = (),
) -> Reason:
    entry = finding.entry
    published = None
    if entry.licence is not None:
        published = {
            "licence_requirement": entry.licence.requirement_text,
            "licence_review_policy": entry.licence.policy_text,
        }
    return Reason(
        outcome=outcome,
        rule=rule,
        text=text,
        citations=tuple(dict.fromkeys((*citations, *(c.text for c in entry.citations)))),
        list_code=entry.list_code,
        entry=finding.entry_ref,
        policy=policy,
        published=published,
        conditions=conditions,
    )
