"""A monitoring run's report: the run, its counts and its events as plain data.

Events are flattened to JSON-ready dicts here, once, so that the JSON output, the digest
files, the webhook and the stored `monitor_events` all say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from entitylist.monitoring.decisions import Decision
from entitylist.monitoring.delta import KIND_ORDER, Event, Hit
from entitylist.monitoring.parties import MonitoredParty
from entitylist.monitoring.run_tables import RunInfo
from entitylist.sources.meanings import meaning_of
from entitylist.store import StoredEntry

KIND_TITLES = {
    "new": "New hits",
    "entry_changed": "Matched entries that changed",
    "party_changed": "Parties whose record changed and still match",
    "alert_raised": "Scores that rose to the alert threshold",
    "alert_lowered": "Scores that fell below the alert threshold",
    "decision_lapsed": "Decisions that no longer apply",
    "removed": "Entries removed from the lists",
    "cleared": "Hits that no longer match",
}


@dataclass
class MonitorReport:
    run: RunInfo
    full_rescreen: bool
    events: list[dict[str, Any]]
    open_hits: int
    open_alerts: int
    delivery: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    outbox: list[str] = field(default_factory=list)
    """The event ids of the webhook notifications written with the run."""
    pending_rules: list[dict[str, Any]] = field(default_factory=list)
    """Federal Register rules about the lists that no list in force reflects yet, first
    seen by this run (`monitoring.rule_events`)."""

    @property
    def counts(self) -> dict[str, int]:
        return self.run.counts

    @property
    def reported(self) -> int:
        return len(self.events)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run.to_dict(),
            "full_rescreen": self.full_rescreen,
            "open_hits": self.open_hits,
            "open_alerts": self.open_alerts,
            "events": self.events,
            "delivery": self.delivery,
            "notes": self.notes,
            "outbox": self.outbox,
            "pending_rules": self.pending_rules,
        }


def count_events(events: list[Event]) -> dict[str, int]:
    counts = dict.fromkeys(KIND_ORDER, 0)
    for e in events:
        counts[e.kind] += 1
    return counts


def entry_brief(stored: StoredEntry | None, hit: Hit) -> dict[str, Any]:
    data: dict[str, Any] = {
        "entry_id": hit.entry_version_id,
        "source": hit.source,
        "key": hit.entry_key,
        "list": hit.list_code,
        "content_hash": hit.entry_hash,
    }
    meaning = meaning_of(hit.list_code)
    if meaning is not None:
        data["meaning"] = meaning.summary()
    if stored is not None:
        e = stored.entry
        data.update(
            {
                "source_id": e.source_id,
                "name": e.name,
                "countries": list(e.countries),
                "programs": list(e.programs),
                "start_date": e.start_date.isoformat() if e.start_date else None,
                "citations": [c.text for c in e.citations],
            }
        )
        if e.licence is not None:
            data["licence"] = e.licence.describe()
    return data


def party_brief(party: MonitoredParty | None, hit: Hit, party_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": party_id,
        "version_id": hit.party_version_id,
        "content_hash": hit.party_hash,
    }
    if party is not None:
        data.update({"name": party.name, "country": party.country, "version": party.version})
    return data


def decision_brief(decision: Decision | None) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {
        "id": decision.id,
        "verdict": str(decision.verdict),
        "reason": decision.reason,
        "by": decision.actor,
        "decided_at": decision.decided_at.isoformat(),
        "expires_at": decision.expires_at.isoformat() if decision.expires_at else None,
    }


def event_dict(
    event: Event,
    *,
    party_id: str,
    party: MonitoredParty | None,
    entry: StoredEntry | None,
    decision: Decision | None,
    now: datetime,
) -> dict[str, Any]:
    hit = event.hit
    after, before = event.after, event.before
    data: dict[str, Any] = {
        "kind": event.kind,
        "reasons": list(event.reasons),
        "party": party_brief(party, hit, party_id),
        "entry": entry_brief(entry, hit),
        "score": round(hit.score, 4),
        "alert": hit.alert,
        "level": "alert" if hit.alert else "review",
        "matched_name": hit.matched_name,
        "summary": hit.summary,
        "basis": hit.basis,
        "present": after is not None,
        "decision": decision_brief(decision),
        "previous": None,
        "lapsed_decision": None,
    }
    if before is not None and after is not None:
        data["previous"] = {
            "score": round(before.score, 4),
            "alert": before.alert,
            "entry_id": before.entry_version_id,
            "entry_hash": before.entry_hash,
            "party_version_id": before.party_version_id,
        }
    lapsed = event.lapsed
    if lapsed is not None and after is not None:
        why = lapsed.lapse_reason(after.party_hash, after.entry_hash, now)
        data["lapsed_decision"] = {
            **(decision_brief(lapsed) or {}),
            "why": why or "superseded or expired",
        }
    return data
