"""The screening records: who is screened (`Party`) and what was found (`ScreeningResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from entitylist.federal_register.rules import RuleIndex
from entitylist.matching import Match, Thresholds
from entitylist.screening.grouping import HitGroup, group_hits
from entitylist.sources.licence_terms import terms_of
from entitylist.sources.meanings import meaning_of
from entitylist.store import SnapshotInfo, StoredEntry


@dataclass(frozen=True, slots=True)
class Party:
    """Someone being screened: a customer, consignee, end user."""

    name: str
    country: str | None = None
    address: str | None = None
    id: str | None = None
    entity_type: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class ScreeningHit:
    """A listed entry that matched the party, with the score and why.

    `basis` says why the entry is a hit: "name" (the party's name matched the entry),
    "ownership" (the party is owned 50 % or more by listed parties: `affiliation` holds the
    aggregate percent, the paths and the Affiliates rule's status; `match` is how the party
    matched the owned company in the ownership data) or "affiliate_lead" (no ownership data:
    the party shares the entry's distinctive name and its country; review, never an alert).
    """

    stored: StoredEntry
    match: Match
    alert: bool
    rules: RuleIndex | None = None
    """The Federal Register documents known when screening, to resolve the citations."""
    basis: str = "name"
    affiliation: dict[str, Any] | None = None

    @property
    def summary(self) -> str:
        if self.affiliation is not None:
            return str(self.affiliation["summary"])
        return self.match.explanation.summary

    def to_dict(self) -> dict[str, Any]:
        e = self.stored.entry
        data: dict[str, Any] = {
            "entry_id": self.stored.id,
            "source": self.stored.source,
            "list": e.list_code,
            "source_id": e.source_id,
            "key": e.key,
            "name": e.name,
            "entry_type": str(e.entry_type),
            "countries": list(e.countries),
            "programs": list(e.programs),
            "score": round(self.match.score, 4),
            "alert": self.alert,
            "matched_name": self.match.matched_name,
            "matched_alias": not self.match.is_primary_name,
            "explanation": self.match.explanation.to_dict(),
            "summary": self.match.explanation.summary,
            "start_date": e.start_date.isoformat() if e.start_date else None,
            "citations": [c.text for c in e.citations],
            "content_hash": self.stored.content_hash,
            "basis": self.basis,
        }
        if self.rules is not None and len(self.rules):
            data["federal_register"] = self.rules.citations(e)
        if self.affiliation is not None:
            data.update(self.affiliation)
        meaning = meaning_of(e.list_code)
        if meaning is not None:
            data["meaning"] = meaning.summary()
        if e.licence is not None:
            terms = terms_of(e.licence)
            data["licence"] = {
                "requirement": e.licence.requirement_text,
                "scope": str(e.licence.scope),
                "review_policy": e.licence.policy_text,
                "policy": str(e.licence.policy),
                "summary": e.licence.describe(),
                "footnotes": list(terms.footnotes),
                "foreign_direct_product_rules": list(terms.fdp_paragraphs),
                "terms": list(terms.terms),
            }
        return data


@dataclass(frozen=True)
class ScreeningResult:
    party: Party
    hits: list[ScreeningHit]
    snapshots: dict[str, SnapshotInfo]
    thresholds: Thresholds
    engine_version: str
    screened_at: datetime
    lists: frozenset[str] | None = None
    as_of: datetime | None = None
    notes: list[str] = field(default_factory=list)
    """What the result says beside its hits: a name screened only partly (a Chinese-script
    company name read partly as pinyin, `matching.partial_screening_note`)."""

    @property
    def alert(self) -> bool:
        return any(h.alert for h in self.hits)

    def groups(self) -> list[HitGroup[ScreeningHit]]:
        """The hits grouped by the real listed party behind them (one alert each)."""
        return group_hits(self.hits, lambda h: h.stored)

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": {
                k: v
                for k, v in {
                    "name": self.party.name,
                    "country": self.party.country,
                    "address": self.party.address,
                    "id": self.party.id,
                    "entity_type": self.party.entity_type,
                }.items()
                if v is not None
            },
            "alert": self.alert,
            "hits": [h.to_dict() for h in self.hits],
            "groups": [
                {**g.to_dict(), "alert": any(h.alert for h in g.items)} for g in self.groups()
            ],
            "thresholds": {"alert": self.thresholds.alert, "review": self.thresholds.review},
            "lists": sorted(self.lists) if self.lists else None,
            "snapshots": {
                s: {**snap.brief(), "retrieved_at": snap.retrieved_at.isoformat()}
                for s, snap in sorted(self.snapshots.items())
            },
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "notes": list(self.notes),
            "engine_version": self.engine_version,
            "screened_at": self.screened_at.isoformat(),
        }
