"""Alert queue benchmark: `GET /v1/alerts` on a portfolio of 100,000 parties with 5,000 open
alerts (and as many closed), SQLite and PostgreSQL, over HTTP from a real `entitylist
serve`.

The store holds the real 2023 DPL; the parties are imported through the library
(`import_parties`); the alerts are written by bulk SQL in the shape the monitoring run's
`review.sync` writes (each with the rows of a real DPL entry, its grouping explanation and
its fingerprint), because running monitoring on 100,000 parties would take minutes and is
`bench_monitor.py`'s business. Each request shape is timed 200 times, one after the other;
the baseline, measured in the same run against the same server, is `GET /v1/health`, the
floor of an HTTP round trip.

The web queue page (`GET /queue`, server-rendered, a logged-in viewer's session) is timed
the same way for three shapes.

Target: p95 under 300 ms for every shape, on both backends. Not part of the test suite.
Usage: python benchmarks/bench_queue.py [--parties N] [--alerts N] [--requests N]
       [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from common import DATA, scratch_database, table, write_results
from entitylist.audit.actors import Actor
from entitylist.auth import KeyStore, Role, UserStore
from entitylist.dates import parse_when
from entitylist.monitoring import import_parties
from entitylist.monitoring.schema import monitored_parties, party_versions
from entitylist.review.policy import load_policy
from entitylist.review.schema import alerts
from entitylist.screening.grouping import group_hits
from entitylist.settings import Settings
from entitylist.store import Store, StoredEntry
from entitylist.updates.lists import update_source

DPL = DATA / "bis_dpl" / "dpl_2023-11-30.txt"
SHAPES: dict[str, dict[str, Any]] = {
    "open, by score (first page)": {},
    "open, list DPL": {"list": "DPL"},
    "open, country IQ": {"country": "IQ"},
    "open, by age, offset 4,000": {"sort": "age", "offset": 4000},
    "pending_approval": {"status": "pending_approval"},
    "all statuses, limit 200": {"status": "all", "limit": 200},
    "unassigned": {"assignee": "-"},
}
WEB_SHAPES: dict[str, dict[str, Any]] = {
    "web /queue, open (first page)": {},
    "web /queue, list DPL": {"list": "DPL"},
    "web /queue, page 80": {"page": 80},
}
WEB_USER, WEB_PASSWORD = "bench-viewer", "a long enough benchmark password"


def write_portfolio(folder: Path, n: int) -> Path:
    path = folder / "portfolio.csv"
    rng = random.Random(20261201)
    countries = ["US", "DE", "IQ", "CN", "AE", "FR", "JO", "IN"]
    with path.open("w", encoding="utf-8") as out:
        out.write("id,name,country\n")
        for i in range(n):
            out.write(f"P{i:06d},Party {i:06d} Trading {rng.randrange(10**6)},{countries[i % 8]}\n")
    return path


def groups(store: Store) -> list[list[StoredEntry]]:
    """The DPL's real listed parties (its rows grouped as alerts group them)."""
    entries = sorted(store.entries_in_force(), key=lambda s: s.id)
    return [list(g.items) for g in group_hits(entries, lambda s: s)]


def alert_rows(store: Store, n_open: int, n_closed: int) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        parties = conn.execute(
            sa.select(
                monitored_parties.c.id,
                party_versions.c.id.label("version_id"),
                party_versions.c.content_hash,
                party_versions.c.name,
                party_versions.c.country,
            )
            .join(party_versions, party_versions.c.id == monitored_parties.c.current_version_id)
            .order_by(monitored_parties.c.id)
        ).all()
    found = groups(store)
    rng = random.Random(7)
    now = datetime.now(UTC)
    policy = load_policy()
    out = []
    n_pending = n_open // 10
    for i, party in enumerate(parties[: n_open + n_pending + n_closed]):
        group = found[i % len(found)]
        best = group[0].entry
        rows = [
            {
                "result_id": i * 100 + k,
                "source": s.source,
                "entry_key": s.key,
                "entry_id": s.id,
                "entry_hash": s.content_hash,
                "list": s.entry.list_code,
                "name": s.entry.name,
                "source_id": s.entry.source_id,
                "score": 0.9,
                "alert": True,
                "matched_name": s.entry.name,
                "party_version_id": party.version_id,
                "party_hash": party.content_hash,
            }
            for k, s in enumerate(group)
        ]
        status = "open" if i < n_open else "pending_approval"
        if i >= n_open + n_pending:
            status = "closed"
        when = now - timedelta(minutes=rng.randrange(60 * 24 * 30))
        out.append(
            {
                "party_ref": party.id,
                "group_key": hashlib.sha256(f"{best.key}".encode()).hexdigest()[:16],
                "origin": "monitoring",
                "status": status,
                "escalated": i % 97 == 0,
                "resolution": "false_positive" if status == "closed" else None,
                "party_name": party.name,
                "country": party.country,
                "list_code": best.list_code,
                "source": group[0].source,
                "entry_key": group[0].key,
                "entry_name": best.name,
                "matched_name": best.name,
                "score": round(rng.uniform(0.7, 1.0), 4),
                "alert_level": rng.random() < 0.7,
                "severity": policy.of(best.list_code).severity,
                "row_count": len(rows),
                "rows": rows,
                "explanation": "one row of one list",
                "fingerprint": hashlib.sha256(str(i).encode()).hexdigest(),
                "run_id": None,
                "assignee": None,
                "created_at": when,
                "opened_at": when,
                "updated_at": when,
                "closed_at": when if status == "closed" else None,
            }
        )
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db_url: str, data_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "ENTITYLIST_DATA_DIR": str(data_dir),
        # No index refresher: the queue needs no screening index, and building one would
        # take the CPU the measurement needs. No rate limit: 200 requests in a row.
        "ENTITYLIST_API_REFRESH_SECONDS": "0",
        "ENTITYLIST_API_RATE_PER_SECOND": "0",
    }
    command = [
        sys.executable,
        "-c",
        "from entitylist.cli import main; main()",
        "--db",
        db_url,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/v1/health", timeout=1)
            return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the server did not start: {log.read_text()}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timings(client: httpx.Client, path: str, params: dict[str, Any], n: int) -> dict[str, float]:
    client.get(path, params=params).raise_for_status()  # warm: the first query plans
    times = []
    for _ in range(n):
        start = time.perf_counter()
        answer = client.get(path, params=params)
        times.append((time.perf_counter() - start) * 1000)
        answer.raise_for_status()
    return {"p50": percentile(times, 50), "p95": percentile(times, 95), "max": max(times)}


def web_log_in(client: httpx.Client) -> None:
    """Log in through the web login form, as a browser does (the cookie stays on `client`)."""
    form = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    assert csrf, "the login form carries its CSRF token"
    done = client.post(
        "/login",
        data={"username": WEB_USER, "password": WEB_PASSWORD, "csrf": csrf[1], "next": "/queue"},
    )
    assert done.status_code == 303, done.text


def prepare(db_url: str, folder: Path, args: argparse.Namespace) -> tuple[str, dict[str, float]]:
    settings = Settings(db_url=db_url, data_dir=folder / "data")
    store = Store.open(db_url)
    steps: dict[str, float] = {}
    try:
        start = time.perf_counter()
        update_source(store, settings, "dpl", str(DPL), published_at=parse_when("2023-11-30"))
        import_parties(store, write_portfolio(folder, args.parties))
        steps["load DPL + import parties (s)"] = time.perf_counter() - start
        start = time.perf_counter()
        rows = alert_rows(store, args.alerts, args.alerts)
        with store.engine.begin() as conn:
            for i in range(0, len(rows), 1000):
                conn.execute(sa.insert(alerts), rows[i : i + 1000])
        steps[f"write {len(rows):,} alerts (s)"] = time.perf_counter() - start
        key = KeyStore(store.engine).create(Role.VIEWER, "bench")[1]
        UserStore(store).create(WEB_USER, Role.VIEWER, Actor("os", "bench"), WEB_PASSWORD)
    finally:
        store.close()
    return key, steps


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        folder = Path(tmp)
        with scratch_database(backend, folder) as db_url:
            key, steps = prepare(db_url, folder, args)
            process, url = serve(db_url, folder / "data", folder / "server.log")
            try:
                headers = {"Authorization": f"Bearer {key}"}
                with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
                    base = timings(client, "/v1/health", {}, args.requests)
                    shapes = {
                        label: timings(client, "/v1/alerts", params, args.requests)
                        for label, params in SHAPES.items()
                    }
                    total = client.get("/v1/alerts").json()["total"]
                with httpx.Client(base_url=url, timeout=60) as browser:
                    web_log_in(browser)
                    shapes |= {
                        label: timings(browser, "/queue", params, args.requests)
                        for label, params in WEB_SHAPES.items()
                    }
            finally:
                process.terminate()
                process.wait(timeout=20)
    return {"steps": steps, "health": base, "shapes": shapes, "open_total": total}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--alerts", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results: dict[str, Any] = {"parties": args.parties, "open_alerts": args.alerts}
    for backend in backends:
        found = run_backend(backend, args)
        results[backend] = found
        for step, seconds in found["steps"].items():
            print(f"{backend}: {step}: {seconds:.1f}")
        floor = found["health"]["p95"]
        rows = [
            ["GET /v1/health (baseline)", found["health"]["p50"], floor, 1.0],
            *[
                [label, t["p50"], t["p95"], t["p95"] / floor if floor else 0.0]
                for label, t in found["shapes"].items()
            ],
        ]
        table(
            f"{backend}: {args.parties:,} parties, {found['open_total']:,} open alerts, "
            f"{args.requests} requests each (ms)",
            rows,
            ["request", "p50 ms", "p95 ms", "p95 / baseline"],
        )
        worst = max(t["p95"] for t in found["shapes"].values())
        print(
            f"{backend}: worst p95 {worst:.1f} ms (target < 300 ms): "
            f"{'met' if worst < 300 else 'MISSED'}"
        )
    write_results("bench_queue", results)


if __name__ == "__main__":
    main()
