"""A monitoring run: screen the portfolio against the lists in force, record, report deltas.

Pipeline order: the snapshots in force and the scoring choices -> a key naming them -> the
parties to screen: all of them when the key differs from the previous run's (a list
changed, or the engine or thresholds), else only parties imported or changed since ->
forked workers screen them on the shared index -> `delta.compute_delta` against the open
results and the decisions -> one transaction writes the run, supersedes and inserts result
rows, stores the events and appends the audit event.

Why every party is rescreened when any list changes: token weights depend on every name
indexed (rarity across the lists), and each party keeps its best `limit` matches, so a
party's scores against unchanged entries can move when another source's snapshot changes.
Screening only against the changed entries would give scores no fresh screening would
give. A run with no list change and no party change screens nobody.

A party keeps its `BEST_PARTIES` best real listed parties with every row each stands for
(the DPL's `AL NASER AIRLINES` is ten rows in the `csl` source and ten in `dpl`), not its
ten best rows: the search returns up to `CANDIDATES` rows, which are grouped as alerts
are (`screening.grouping`). The same transaction keeps the alert table in step
(`review.sync`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from entitylist.audit import AuditLog, kinds
from entitylist.audit.chain import canonical_json
from entitylist.errors import EntitylistError
from entitylist.federal_register.pending import PendingRule
from entitylist.matching import ENGINE_VERSION
from entitylist.monitoring import rule_events, run_tables
from entitylist.monitoring.decisions import decisions_by_ids
from entitylist.monitoring.delta import Delta, Hit, OpenResult, compute_delta
from entitylist.monitoring.outbox import enqueue
from entitylist.monitoring.parties import MonitoredParty, current_parties
from entitylist.monitoring.report import MonitorReport, count_events, event_dict
from entitylist.screening import Screener, ScreeningResult
from entitylist.screening.grouping import group_hits
from entitylist.screening.parallel import Engine, screen_parties
from entitylist.screening.screener import ScreenPlan
from entitylist.settings import Settings
from entitylist.store import SnapshotInfo, Store, StoredEntry
from entitylist.updates.federal_register import status as rule_status

Progress = Callable[[int, int], None]
"""Called with (parties screened so far, parties to screen)."""

BEST_PARTIES = 10
"""Each party keeps the rows of its ten best real listed parties."""
CANDIDATES = 100
"""Rows the search returns per party before they are grouped (every row of a group)."""


class RunConflict(EntitylistError):
    code = "monitor_run_conflict"
    status_code = 409


def snapshot_key(plan: ScreenPlan) -> str:
    """Names what a party's results depend on besides the party itself."""
    snaps = plan.loaded.snapshots
    depends: dict[str, Any] = {
        "snapshots": {s: [snap.id, snap.sha256] for s, snap in sorted(snaps.items())},
        "engine": ENGINE_VERSION,
        "thresholds": [plan.thresholds.alert, plan.thresholds.review],
        "limit": plan.limit,
        "lists": sorted(plan.lists) if plan.lists else None,
    }
    if plan.affiliates is not None:
        # New ownership data, or the Affiliates rule changing state, re-screens everyone.
        depends["ownership"] = plan.affiliates.ident
        depends["affiliates_rule"] = [plan.affiliates.rule.state, plan.affiliates.rule.text]
    blob = canonical_json(depends)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def snapshot_summary(snapshots: dict[str, SnapshotInfo]) -> dict[str, Any]:
    return {
        s: {
            "id": snap.id,
            "sha256": snap.sha256,
            "published_at": snap.brief()["published_at"],
            "publication": snap.publication,
            "entries": snap.entry_count,
        }
        for s, snap in sorted(snapshots.items())
    }


def best_groups(result: ScreeningResult, keep: int = BEST_PARTIES) -> list[Any]:
    """The hits of the `keep` best real listed parties, every row of each, best first."""
    groups = group_hits(result.hits, lambda h: h.stored)[:keep]
    return sorted((h for g in groups for h in g.items), key=lambda h: (-h.match.score, h.stored.id))


def hits_of(
    party: MonitoredParty, result: ScreeningResult, snapshots: dict[str, SnapshotInfo]
) -> list[Hit]:
    return [
        Hit(
            party_ref=party.ref,
            party_version_id=party.version_id,
            party_hash=party.content_hash,
            source=h.stored.source,
            entry_key=h.stored.key,
            entry_version_id=h.stored.id,
            entry_hash=h.stored.content_hash,
            snapshot_id=snapshots[h.stored.source].id,
            list_code=h.stored.entry.list_code,
            score=round(h.match.score, 6),
            alert=h.alert,
            matched_name=h.match.matched_name,
            summary=h.summary,
            basis=h.basis,
        )
        for h in best_groups(result)
    ]


@dataclass
class _Inputs:
    previous: run_tables.RunInfo | None
    parties: list[MonitoredParty]
    watermark: int
    unscreened: set[int]
    open_results: dict[int, list[OpenResult]]


def run_monitor(
    store: Store,
    settings: Settings,
    *,
    workers: int = 1,
    actor: str | None = None,
    screener: Screener | None = None,
    audit: AuditLog | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    webhooks: Sequence[str] = (),
    engine: Engine | None = None,
) -> MonitorReport:
    """Screen the monitored parties that need it (on `workers` or on `engine`, e.g. Spark's)
    and report what is new or changed. The report for each of `webhooks` is written to the
    outbox with the run (monitoring.outbox); delivering it is the caller's next step."""
    started = now or datetime.now(UTC)
    screener = screener or Screener(store, settings)
    screener.refresh()
    plan = screener.plan(limit=CANDIDATES, workers=workers)
    snapshots = plan.loaded.snapshots
    key = snapshot_key(plan)
    log = audit or AuditLog(store)
    inputs, decisions = _read_inputs(store, log)
    full = inputs.previous is None or inputs.previous.snapshot_key != key
    todo = (
        inputs.parties if full else [p for p in inputs.parties if p.version_id in inputs.unscreened]
    )
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, len(todo))

    found = screen_parties(
        plan, [p.party() for p in todo], workers=workers, progress=advance, engine=engine
    )
    fresh = {p.ref: hits_of(p, r, snapshots) for p, r in zip(todo, found, strict=True)}
    in_force = {(s.source, s.key) for s in plan.loaded.entries.values()}
    delta = compute_delta(
        inputs.open_results,
        fresh,
        {p.ref: (p.version_id, p.content_hash) for p in inputs.parties},
        lambda source, entry_key: (source, entry_key) in in_force,
        decisions,
        started,
    )
    screened = _Screened(
        started=started, plan=plan, key=key, inputs=inputs, todo=todo, full=full, delta=delta
    )
    return _record(
        store,
        log,
        screened,
        actor=actor,
        webhooks=webhooks,
        pending_rules=rule_status(store).pending,
    )


def _read_inputs(store: Store, log: AuditLog) -> tuple[_Inputs, Any]:
    """The previous run, the parties and their open results, and the decisions that count."""
    with store.engine.connect() as conn:
        inputs = _Inputs(
            run_tables.last_run(conn),
            current_parties(conn),
            run_tables.party_watermark(conn),
            run_tables.unscreened_versions(conn),
            run_tables.open_results(conn),
        )
        # Only decision and approval rows matching their audit events count, and a false
        # positive waiting for an approver does not (review.approvals).
        return inputs, _trust(conn, log).effective()


@dataclass(frozen=True)
class _Screened:
    """What a run found before it writes anything: the inputs, who was screened, the delta."""

    started: datetime
    plan: ScreenPlan
    key: str
    inputs: _Inputs
    todo: Sequence[MonitoredParty]
    full: bool
    delta: Delta


def _record(
    store: Store,
    log: AuditLog,
    run: _Screened,
    *,
    actor: str | None,
    webhooks: Sequence[str],
    pending_rules: Sequence[PendingRule] = (),
) -> MonitorReport:
    """Write the run in one transaction: the run row, results, events, rule events, alerts,
    the audit event and the outbox; refused if another run finished meanwhile."""
    inputs, delta = run.inputs, run.delta
    party_ids = {p.ref: p.party_id for p in inputs.parties}
    for rows in inputs.open_results.values():
        for row in rows:
            party_ids.setdefault(row.hit.party_ref, "")
    entries = _entries_for(store, run.plan, delta)
    counts: dict[str, int] = {
        **count_events(delta.events),
        "already_decided": delta.already_decided,
        "parties": len(inputs.parties),
        "screened": len(run.todo),
    }
    with store.engine.begin() as conn:
        log.lock(conn)  # one writer: the run's reads below and its writes do not interleave
        latest = run_tables.last_run(conn)
        if (latest.id if latest else None) != (inputs.previous.id if inputs.previous else None):
            raise RunConflict("another monitoring run finished while this one ran; run again")
        if any(not pid for pid in party_ids.values()):
            party_ids.update(_party_ids(conn, [r for r, pid in party_ids.items() if not pid]))
        fresh_rules = rule_events.unreported(conn, pending_rules)  # each rule reported once
        counts["pending_rules"] = len(fresh_rules)
        finished = datetime.now(UTC)
        run_id = _insert_run(conn, run, finished=finished, counts=counts, actor=actor)
        events = _write_results(conn, run, run_id=run_id, party_ids=party_ids, entries=entries)
        rules = rule_events.record(conn, run_id, fresh_rules)
        _sync_alerts(
            conn, log, inputs=inputs, delta=delta, run_id=run_id, now=run.started, plan=run.plan
        )
        info = run_tables.get_run(conn, run_id)
        assert info is not None
        audit_data = _audit_data(info, run.full, events)
        audit_data["pending_rules"] = [r["document_number"] for r in rules]
        log.record(kinds.MONITOR_RUN, audit_data, actor, conn=conn)
        open_hits, open_alerts = _open_counts(inputs, delta)
        report = MonitorReport(
            run=info,
            full_rescreen=run.full,
            events=events,
            open_hits=open_hits,
            open_alerts=open_alerts,
        )
        report.pending_rules = rules
        # In the run's transaction: committed with it, or not at all.
        report.outbox = enqueue(conn, run_id, webhooks, report.to_dict(), finished)
    return report


def _insert_run(
    conn: Any, run: _Screened, *, finished: datetime, counts: dict[str, int], actor: str | None
) -> int:
    """The run's row, and the party versions it screened marked as screened by it."""
    plan, inputs = run.plan, run.inputs
    run_id = run_tables.insert_run(
        conn,
        {
            "started_at": run.started,
            "finished_at": finished,
            "snapshots": snapshot_summary(plan.loaded.snapshots),
            "snapshot_key": run.key,
            "engine_version": _engine_version(),
            "thresholds": {"alert": plan.thresholds.alert, "review": plan.thresholds.review},
            "party_watermark": inputs.watermark,
            "parties": len(inputs.parties),
            "screened": len(run.todo),
            "counts": counts,
            "actor": actor,
        },
    )
    run_tables.mark_screened(
        conn, [p.version_id for p in run.todo if p.version_id in inputs.unscreened], run_id
    )
    return run_id


def _write_results(
    conn: Any,
    run: _Screened,
    *,
    run_id: int,
    party_ids: dict[int, str],
    entries: dict[int, StoredEntry],
) -> list[dict[str, Any]]:
    """Supersede and insert the result rows, and store the run's events; the events as
    reported."""
    delta = run.delta
    run_tables.supersede(conn, delta.supersede, run_id)
    new_ids = dict(
        zip(
            map(id, delta.insert),
            run_tables.insert_results(conn, delta.insert, run_id),
            strict=True,
        )
    )
    decision_map = decisions_by_ids(
        conn, [h.decision_id for h in delta.insert if h.decision_id is not None]
    )
    parties = {p.ref: p for p in run.inputs.parties}
    events = [
        event_dict(
            e,
            party_id=party_ids.get(e.hit.party_ref, ""),
            party=parties.get(e.hit.party_ref),
            entry=entries.get(e.hit.entry_version_id),
            decision=decision_map.get(e.after.decision_id)
            if e.after and e.after.decision_id
            else None,
            now=run.started,
        )
        for e in delta.events
    ]
    run_tables.insert_events(
        conn,
        [
            {
                "run_id": run_id,
                "kind": e.kind,
                "party_ref": e.hit.party_ref,
                "source": e.hit.source,
                "entry_key": e.hit.entry_key,
                "result_id": new_ids.get(id(e.after)) if e.after else None,
                "details": d,
            }
            for e, d in zip(delta.events, events, strict=True)
        ],
    )
    return events


def _sync_alerts(
    conn: Any,
    log: AuditLog,
    *,
    inputs: _Inputs,
    delta: Delta,
    run_id: int,
    now: datetime,
    plan: ScreenPlan,
) -> None:
    """The alerts of every party whose results this run changed (and of any party with
    results but no alert yet, as after an upgrade), in the run's transaction."""
    from entitylist.review.sync import sync_alerts, unsynced_parties  # see _trust

    gone = set(delta.supersede)
    refs = {h.party_ref for h in delta.insert}
    refs |= {r.hit.party_ref for rows in inputs.open_results.values() for r in rows if r.id in gone}
    refs |= unsynced_parties(conn)
    if not refs:
        return
    entries = {s.id: s for s in plan.loaded.entries.values()}
    sync_alerts(conn, refs, trust=_trust(conn, log), now=now, run_id=run_id, entries=entries)


def _trust(conn: Any, log: AuditLog) -> Any:
    """The decision and approval rows that may count (`review.approvals.Trust`). Imported
    here: review builds on monitoring's tables, and monitoring's package imports this module."""
    from entitylist.review.approvals import load_trust

    return load_trust(conn, log)


def _engine_version() -> str:
    return ENGINE_VERSION


def _entries_for(store: Store, plan: ScreenPlan, delta: Delta) -> dict[int, StoredEntry]:
    loaded = {s.id: s for s in plan.loaded.entries.values()}
    wanted = {e.hit.entry_version_id for e in delta.events}
    missing = sorted(wanted - loaded.keys())
    out = {i: loaded[i] for i in wanted if i in loaded}
    out.update({s.id: s for s in store.entries_by_ids(missing)})
    return out


def _party_ids(conn: Any, refs: list[int]) -> dict[int, str]:
    import sqlalchemy as sa

    from entitylist.monitoring.schema import monitored_parties

    rows = conn.execute(
        sa.select(monitored_parties.c.id, monitored_parties.c.party_id).where(
            monitored_parties.c.id.in_(refs)
        )
    )
    return {r.id: r.party_id for r in rows}


def _open_counts(inputs: _Inputs, delta: Delta) -> tuple[int, int]:
    superseded = set(delta.supersede)
    kept = [r.hit for rows in inputs.open_results.values() for r in rows if r.id not in superseded]
    now_open = kept + delta.insert
    return len(now_open), sum(1 for h in now_open if h.alert and not h.suppressed)


# Events inline in the audit record up to this many; beyond, their sha256 binds them (the
# events themselves are in monitor_events; recompute the hash from there to check).
AUDIT_INLINE_EVENTS = 2000


def _audit_data(
    run: run_tables.RunInfo, full: bool, events: list[dict[str, Any]]
) -> dict[str, Any]:
    compact = [
        {
            "kind": e["kind"],
            "party": e["party"]["id"],
            "source": e["entry"]["source"],
            "key": e["entry"]["key"],
            "entry_id": e["entry"]["entry_id"],
            "entry_hash": e["entry"]["content_hash"],
            "score": e["score"],
            "alert": e["alert"],
            "decision": e["decision"]["id"] if e["decision"] else None,
        }
        for e in events
    ]
    digest = hashlib.sha256(canonical_json(compact).encode("utf-8")).hexdigest()
    return {
        **run.to_dict(),
        "full_rescreen": full,
        "events_sha256": digest,
        "events": compact if len(compact) <= AUDIT_INLINE_EVENTS else None,
    }
