"""Review actions against the size of the audit log: does deciding on an alert, approving
its false positive or commenting on it cost more when the log (and the decisions table)
is large? SQLite and PostgreSQL, through the library.

The store holds the real 2023 DPL and two monitored parties named AL NASER AIRLINES (each
with one alert of the DPL's rows for it). Each action is timed `--repeat` times on the
first party's alert with a small log (the baseline, in the same process), then on the
second's (so that its own history is as short as the first's was) after the log is
grown by `--decisions` decision rows on a third party, each recorded by its own audit
event as the library records them, and `--events` screening events. The ratio large /
small is the figure: it should stay near 1. Beside it, the whole-log read that every
action made before actions read only their party's rows (`load_trust` over every
decision and approval and their events), timed at both sizes.

Not part of the test suite.
Usage: python benchmarks/bench_actions.py [--decisions N] [--events N] [--repeat N]
       [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from common import DATA, scratch_database, table, write_results
from entitylist.audit import AuditLog, kinds
from entitylist.audit.actors import Actor
from entitylist.auth import Role
from entitylist.dates import parse_when
from entitylist.monitoring import import_parties, run_monitor
from entitylist.monitoring.decisions import decisions_by_ids
from entitylist.monitoring.parties import get_party
from entitylist.monitoring.schema import decisions
from entitylist.review.alerts import list_alerts
from entitylist.review.approvals import load_trust
from entitylist.review.workflow import approve, comment, decide_alert
from entitylist.settings import Settings
from entitylist.store import Store
from entitylist.updates.lists import update_source

DPL = DATA / "bis_dpl" / "dpl_2023-11-30.txt"
REVIEWER = Actor.user("bench-reviewer", 2)
APPROVER = Actor.user("bench-approver", 3)


def prepare(db_url: str, folder: Path) -> tuple[Store, list[int]]:
    settings = Settings(db_url=db_url, data_dir=folder / "data")
    store = Store.open(db_url)
    update_source(store, settings, "dpl", str(DPL), published_at=parse_when("2023-11-30"))
    portfolio = folder / "p.csv"
    portfolio.write_text(
        "id,name\nAIR1,AL NASER AIRLINES\nAIR2,AL NASER AIRLINES\nFILL,Filler Trading\n",
        encoding="utf-8",
    )
    import_parties(store, portfolio)
    run_monitor(store, settings)
    return store, [list_alerts(store, party_id=p).alerts[0].id for p in ("AIR1", "AIR2")]


def grow_log(store: Store, n_decisions: int, n_events: int) -> None:
    """Decision rows on FILL, each with its own `decision` event (as `decide` writes them),
    and screening events, in batches."""
    party = get_party(store, "FILL")
    entry = next(iter(store.entries_in_force()))
    log = AuditLog(store)
    now = datetime.now(UTC)
    for start in range(0, n_decisions, 1000):
        with store.engine.begin() as conn:
            values = [
                {
                    "party_ref": party.ref,
                    "party_version_id": party.version_id,
                    "party_hash": party.content_hash,
                    "source": entry.source,
                    "entry_key": f"{entry.key}#{i}",
                    "entry_version_id": entry.id,
                    "entry_hash": entry.content_hash,
                    "verdict": "false_positive",
                    "reason": "bench",
                    "actor": REVIEWER.text,
                    "decided_at": now,
                    "needs_approval": False,
                }
                for i in range(start, min(start + 1000, n_decisions))
            ]
            ids = conn.execute(sa.insert(decisions).returning(decisions.c.id), values).scalars()
            made = decisions_by_ids(conn, list(ids))
            events = log.record_many(
                conn, [(kinds.DECISION, d.to_dict(), REVIEWER.text) for d in made.values()]
            )
            for d, event in zip(made.values(), events, strict=True):
                conn.execute(
                    sa.update(decisions).where(decisions.c.id == d.id).values(audit_seq=event.seq)
                )
    for start in range(0, n_events, 5000):
        with store.engine.begin() as conn:
            count = min(5000, n_events - start)
            log.record_many(conn, [(kinds.SCREENING, {"n": start + i}, None) for i in range(count)])


def ms(fn: Callable[[], Any], repeat: int) -> float:
    """Median milliseconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(store: Store, alert_id: int, repeat: int) -> dict[str, float]:
    def decide_and_approve() -> None:
        decide_alert(store, alert_id, "false_positive", "r", actor=REVIEWER, role=Role.REVIEWER)
        approve(store, alert_id, "ok", actor=APPROVER, role=Role.APPROVER)

    def whole_log_trust() -> None:
        with store.engine.connect() as conn:
            load_trust(conn, AuditLog(store))

    return {
        "decide (true match)": ms(
            lambda: decide_alert(
                store, alert_id, "true_match", "r", actor=REVIEWER, role=Role.REVIEWER
            ),
            repeat,
        ),
        "decide false positive + approve": ms(decide_and_approve, repeat),
        "comment": ms(
            lambda: comment(store, alert_id, "note", actor=REVIEWER, role=Role.REVIEWER), repeat
        ),
        "whole-log trust read (before)": ms(whole_log_trust, max(3, repeat // 4)),
    }


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-actions-") as tmp:
        folder = Path(tmp)
        with scratch_database(backend, folder) as db_url:
            store, (first, second) = prepare(db_url, folder)
            small = measure(store, first, args.repeat)
            small_seq = AuditLog(store).head()[0]
            grow_log(store, args.decisions, args.events)
            large = measure(store, second, args.repeat)
            large_seq = AuditLog(store).head()[0]
            store.engine.dispose()
    return {"small_log": small_seq, "large_log": large_seq, "small": small, "large": large}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results: dict[str, Any] = {"decisions": args.decisions, "events": args.events}
    for backend in backends:
        found = run_backend(backend, args)
        results[backend] = found
        rows = [
            [
                label,
                found["small"][label],
                found["large"][label],
                found["large"][label] / found["small"][label],
            ]
            for label in found["small"]
        ]
        table(
            f"{backend}: audit log of {found['small_log']:,} events, then "
            f"{found['large_log']:,} (median ms of {args.repeat})",
            rows,
            ["action", "small log ms", "large log ms", "large / small"],
        )
    write_results("actions", results)


if __name__ == "__main__":
    main()
