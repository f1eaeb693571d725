"""Affiliates benchmark: what ownership data adds to a monitoring run.

A portfolio of N parties (default 100,000, built as in bench_monitor.py) is monitored against
the combined shared lists; then an ownership data set of M links (default 200,000) is
imported and the portfolio is monitored again. The ownership is synthetic but shaped like a
registry: every party is owned by one to three owners (people from yente's negatives,
holding companies named after them, and now and then one of 500 Entity List entries, by
its published name) with shares of 5-100 %; holdings are owned the same way, so chains run
two and three deep. Measured in the same process:

- the first monitoring run, without ownership data (every party screened and recorded);
- the ownership pass alone: matching every owner to the lists, the 50 percent test on
  every company below a listed owner, and indexing those companies (`ownership_pass`);
- screening every party with and without the ownership pass (same plan, same workers);
- the monitoring run after the import (every party screened again, as ownership changed).

Target: the ownership adds under 20 % to a monitoring run: (pass + extra screening time) /
first run < 0.20. Not part of the test suite.
Usage: python benchmarks/bench_affiliates.py [--parties N] [--links M] [--workers N]
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
from dataclasses import replace
from functools import partial
from pathlib import Path

from bench_monitor import NEGATIVES, portfolio, write
from common import LISTS, table, timed, write_results
from entitylist.monitoring import import_parties, list_parties, run_monitor
from entitylist.ownership.formats import read_ownership
from entitylist.screening import Screener
from entitylist.screening.ownership_pass import ownership_pass
from entitylist.screening.parallel import screen_parties
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.store.ownership import OwnershipStore
from entitylist.updating import update_source

COLUMNS = ["owner_name", "owner_id", "owned_name", "owned_id", "percent", "as_of"]


def people(skip: int, n: int) -> list[str]:
    """Names from yente's negatives after the first `skip` (those are in the portfolio)."""
    out: list[str] = []
    seen = 0
    for path in NEGATIVES:
        with path.open(encoding="utf-8", newline="") as handle:
            for r in csv.DictReader(handle):
                seen += 1
                if seen > skip:
                    out.append(r["full_name"])
                if len(out) >= n:
                    return out
    return out


def ownership(store: Store, rows: list[dict[str, str]], links: int, path: Path) -> Path:
    rng = random.Random(20251110)
    el = sorted(
        (s.entry.name for s in store.entries_in_force() if s.entry.list_code == "EL"),
    )[:500]
    persons = people(len(rows), 40_000)
    holdings = [f"{name} Holdings Ltd" for name in persons[:20_000]]
    companies = [(r["id"], r["name"]) for r in rows] + [
        (f"H{i}", h) for i, h in enumerate(holdings)
    ]
    owners = [(f"P{i}", p) for i, p in enumerate(persons)] + [
        (f"H{i}", h) for i, h in enumerate(holdings)
    ]
    listed = [(f"E{i}", n) for i, n in enumerate(el)]
    out: list[list[str]] = []
    while len(out) < links:
        for cid, cname in companies:
            for _ in range(rng.randint(1, 3)):
                oid, oname = rng.choice(listed) if rng.random() < 0.01 else rng.choice(owners)
                if oid != cid:
                    out.append([oname, oid, cname, cid, str(rng.randint(5, 100)), "2024-01-01"])
            if len(out) >= links:
                break
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(out)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--links", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-affiliates-"))
    settings = Settings(db_url=database_url(str(root / "a.sqlite")), data_dir=root / "data")
    store = Store.open(settings.db_url)
    for name, (source, location) in LISTS.items():
        update_source(store, settings, source, str(location))
        print(f"loaded {name}", flush=True)
    rows = portfolio(store, args.parties)
    import_parties(store, write(root / "p.csv", rows))
    screener = Screener(store, settings)
    screener.refresh()
    first, t_first = timed(
        partial(run_monitor, store, settings, workers=args.workers, screener=screener)
    )
    plan = screener.plan()
    parties = [p.party() for p in list_parties(store)]
    data = read_ownership(ownership(store, rows, args.links, root / "own.csv"))
    _, t_import = timed(lambda: OwnershipStore(store.engine).add("bench", "own.csv", data))
    (_, found), t_pass = timed(lambda: ownership_pass(store, settings, plan.loaded, None, None))
    with_pass = replace(plan, affiliates=found)
    _, t_without = timed(lambda: screen_parties(plan, parties, workers=args.workers))
    results, t_with = timed(lambda: screen_parties(with_pass, parties, workers=args.workers))
    second, t_second = timed(
        partial(run_monitor, store, settings, workers=args.workers, screener=screener)
    )
    added = t_pass + max(0.0, t_with - t_without)
    hits = sum(1 for r in results for h in r.hits if h.basis == "ownership")
    table(
        "affiliates",
        [
            ["parties", len(parties)],
            ["ownership links", len(data.links)],
            ["listed owners found", len(found.listed) if found else 0],
            ["companies at 50 % or more / undetermined", len(found.findings) if found else 0],
            ["ownership hits in the portfolio", hits],
            ["import of the ownership s", t_import],
            ["monitoring run without ownership s", t_first],
            ["ownership pass (build) s", t_pass],
            ["screen all without / with the pass s", f"{t_without:.1f} / {t_with:.1f}"],
            ["monitoring run after the import s", t_second],
            ["added / first run", added / t_first],
        ],
        ["", "value"],
    )
    verdict = "meets" if added / t_first < 0.20 else "MISSES"
    print(f"\nownership adds {100 * added / t_first:.1f} % to a monitoring run ({verdict} < 20 %)")
    write_results(
        "affiliates",
        {
            "parties": len(parties),
            "links": len(data.links),
            "workers": args.workers,
            "first_run_s": t_first,
            "first_run_screened": first.run.screened,
            "pass_s": t_pass,
            "screen_without_s": t_without,
            "screen_with_s": t_with,
            "second_run_s": t_second,
            "second_run_screened": second.run.screened,
            "added_ratio": added / t_first,
        },
    )
    store.close()


if __name__ == "__main__":
    main()
