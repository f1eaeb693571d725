"""One alert with everything its page shows: the party's versions, the entry behind each
row (with what the listing means), the history of decisions, approvals and comments, the
party's other alerts, and every run, job and screening that surfaced it."""

from __future__ import annotations

from typing import Any

from entitylist.audit import AuditLog
from entitylist.monitoring.decisions import Decision, decisions_of_parties
from entitylist.monitoring.parties import party_history
from entitylist.monitoring.reconcile import trusted_decisions
from entitylist.review.alerts import alert_row as read_alert
from entitylist.review.alerts import from_row, party_alerts, sightings
from entitylist.review.approvals import Trust, all_approvals, load_trust
from entitylist.review.sync import entry_brief
from entitylist.review.workflow import comments_of
from entitylist.sources.meanings import meaning_of
from entitylist.store import Store, StoredEntry


def alert_detail(store: Store, alert_id: int) -> dict[str, Any]:
    with store.engine.connect() as conn:
        alert = from_row(read_alert(conn, alert_id))
        keys = {(alert.party_ref, r["source"], r["entry_key"]) for r in alert.rows}
        made = decisions_of_parties(conn, [alert.party_ref])
        decisions = [d for d in made if d.hit_key in keys]
        approvals = all_approvals(conn, alert.id)
        comments = comments_of(conn, alert.id)
        seen = sightings(conn, alert.id)
        trust = load_trust(conn, AuditLog(store), parties=[alert.party_ref])
        trusted = trusted_decisions(conn, decisions)
    entries = {s.id: s for s in store.entries_by_ids(sorted({r["entry_id"] for r in alert.rows}))}
    others = [a.to_dict() for a in party_alerts(store, alert.party_ref) if a.id != alert.id]
    return {
        "alert": alert.to_dict(),
        "party_versions": [p.to_dict() for p in party_history(store, alert.party_id)],
        "entries": [_entry(entries[i]) for i in sorted(entries)],
        "meaning": _meaning(alert.list_code),
        "decisions": [_decision(d, trust, d.id in trusted) for d in decisions],
        "approvals": [a.to_dict() for a in approvals],
        "comments": [c.to_dict() for c in comments],
        "other_alerts": others,
        "sightings": seen,
    }


def _meaning(list_code: str) -> dict[str, Any] | None:
    meaning = meaning_of(list_code)
    return meaning.summary() if meaning is not None else None


def _entry(stored: StoredEntry) -> dict[str, Any]:
    e = stored.entry
    return {
        **entry_brief(stored),
        "aliases": list(e.aliases),
        "countries": list(e.countries),
        "addresses": [a.text for a in e.addresses],
        "programs": list(e.programs),
        "start_date": e.start_date.isoformat() if e.start_date else None,
        "end_date": e.end_date.isoformat() if e.end_date else None,
        "citations": [c.text for c in e.citations],
        "licence": e.licence.describe() if e.licence is not None else None,
        "content_hash": stored.content_hash,
    }


def _decision(decision: Decision, trust: Trust, trusted: bool) -> dict[str, Any]:
    """The decision, whether its row matches its audit event, and where its approval stands."""
    data = decision.to_dict()
    data["trusted"] = trusted
    data["approval"] = trust.approval_state(decision) if decision.needs_approval else None
    data["approver"] = trust.approver(decision)
    return data
