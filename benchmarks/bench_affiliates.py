"""Affiliates benchmark: what ownership data adds to a monitoring run.

A portfolio of N parties (default 100,000, built as in bench_monitor.py) is monitored against
the combined shared lists; then an ownership data set of M links (default 200,000) is
imported and the portfolio is monitored again. The ownership is synthetic but shaped like a
registry: every party is owned by one to three owners (people from yente's negatives not in
the portfolio, or their first and last names recombined; holding companies named after
them; and now and then one of 500 Entity List entries, by its published name) with shares
of 5-100 %; holdings are owned the same way, so chains run two and three deep. Measured in
the same process:

- the first monitoring run, without ownership data (every party screened and recorded);
- the ownership pass alone: matching every owner to the lists, the 50 percent test on
  every company below a listed owner, and indexing those companies (`ownership_pass`),
  twice: cold (no owner searched before over these lists: every distinct owner searched,
  on the workers) and warm (the owner matches an earlier run kept for this index read
  back, as in every run until the lists change);
- screening every party with and without the ownership pass (same plan, same workers),
  and with it again once the parties' matches among the ownership companies are kept (as
  in every later run over the same companies: `screening/party_cache.py`);
- the monitoring run after the import (every party screened again, as ownership changed).

Each step is timed by the wall clock and by CPU (this process and its workers), since the
machine these run on is shared. Target: the ownership adds under 20 % to a monitoring run:
(pass + extra screening time) / first run < 0.20, printed cold (no owner searched and no
party matched before) and warm (owner and party matches kept by an earlier run).
Not part of the test suite.
Usage: python benchmarks/bench_affiliates.py [--parties N] [--links M] [--workers N]
       [--no-second-run]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bench_monitor import NEGATIVES, portfolio, write
from common import LISTS, table, timed, write_results
from entitylist.monitoring import import_parties, list_parties, run_monitor
from entitylist.ownership.formats import read_ownership
from entitylist.screening import Screener
from entitylist.screening.affiliates import AffiliatePass
from entitylist.screening.ownership_pass import ownership_pass
from entitylist.screening.parallel import screen_parties
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.store.ownership import OwnershipStore
from entitylist.updates.lists import update_source

T = TypeVar("T")
COLUMNS = ["owner_name", "owner_id", "owned_name", "owned_id", "percent", "as_of"]


def people(skip: int, n: int) -> list[str]:
    """Names from yente's negatives after the first `skip` (those are in the portfolio);
    past the last of them, a first name and another row's last name written in the same
    script recombined (real names that no portfolio party bears)."""
    rows: list[dict[str, str]] = []
    for path in NEGATIVES:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(r for r in csv.DictReader(handle) if r["first_name"] and r["last_name"])
    out = [r["full_name"] for r in rows][skip : skip + n]
    by_script: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_script.setdefault(unicodedata.name(r["full_name"][0], "?").split()[0], []).append(r)
    groups = sorted(by_script.values(), key=len, reverse=True)
    seen = {r["full_name"] for r in rows}  # every name of the file, in the portfolio or not
    k = 0
    while len(out) < n and k < 50 * n:
        group = groups[k % 3 if len(groups) >= 3 else 0]  # the three commonest scripts
        first, last = group[(k // 3) % len(group)], group[(k * 7919 + 13) % len(group)]
        name = f"{first['first_name']} {last['last_name']}"
        k += 1
        if name not in seen:  # each owner a different person
            seen.add(name)
            out.append(name)
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


@dataclass
class Clock:
    """Wall and CPU seconds of one step; CPU counts this process and its reaped workers
    (the pools end with each step), so a loaded machine changes it less than the wall."""

    wall: float = 0.0
    cpu: float = 0.0

    def __str__(self) -> str:
        return f"{self.wall:.1f} / {self.cpu:.1f}"


def clocked(fn: Callable[[], T]) -> tuple[T, Clock]:
    before = os.times()
    value, wall = timed(fn)
    after = os.times()
    cpu = sum(getattr(after, k) - getattr(before, k) for k in _CPU)
    return value, Clock(wall, cpu)


_CPU = ("user", "system", "children_user", "children_system")


def ratios(first: Clock, steps: Sequence[Clock], without: Clock, with_pass: Clock) -> Clock:
    """(pass + extra screening) / first run, by wall and by CPU."""
    return Clock(
        (sum(c.wall for c in steps) + max(0.0, with_pass.wall - without.wall)) / first.wall,
        (sum(c.cpu for c in steps) + max(0.0, with_pass.cpu - without.cpu)) / first.cpu,
    )


def setup(args: argparse.Namespace) -> tuple[Store, Settings, list[dict[str, str]], Path]:
    root = Path(tempfile.mkdtemp(prefix="bench-affiliates-"))
    settings = Settings(db_url=database_url(str(root / "a.sqlite")), data_dir=root / "data")
    store = Store.open(settings.db_url)
    for name, (source, location) in LISTS.items():
        update_source(store, settings, source, str(location), accept_truncated=source == "csl")
        print(f"loaded {name}", flush=True)
    rows = portfolio(store, args.parties)
    import_parties(store, write(root / "p.csv", rows))
    return store, settings, rows, root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--links", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-second-run", action="store_true", help="skip the last run")
    args = parser.parse_args()
    store, settings, rows, root = setup(args)
    screener = Screener(store, settings)
    screener.refresh()
    run = partial(run_monitor, store, settings, workers=args.workers, screener=screener)
    first, c_first = clocked(run)
    print(f"first monitoring run (wall / CPU s) {c_first}", flush=True)
    plan = screener.plan()
    parties = [p.party() for p in list_parties(store)]
    data = read_ownership(ownership(store, rows, args.links, root / "own.csv"))
    _, c_import = clocked(lambda: OwnershipStore(store.engine).add("bench", "own.csv", data))
    build = partial(ownership_pass, store, settings, plan.loaded, None, None, workers=args.workers)
    (_, found), c_cold = clocked(build)  # no owner searched before: every owner searched
    assert found is not None
    with_pass = replace(plan, affiliates=found)
    _, c_without = clocked(lambda: screen_parties(plan, parties, workers=args.workers))
    results, c_with = clocked(lambda: screen_parties(with_pass, parties, workers=args.workers))
    # A later run: the owners the cold build searched, and the parties' matches among the
    # companies that the screening just made, are read back.
    (_, found_again), c_warm = clocked(build)
    print(f"ownership pass cold {c_cold}, warm {c_warm}", flush=True)
    assert found_again is not None
    with_kept = replace(plan, affiliates=found_again)
    kept, c_kept = clocked(lambda: screen_parties(with_kept, parties, workers=args.workers))
    second, c_second = (None, Clock()) if args.no_second_run else clocked(run)
    cold = ratios(c_first, [c_cold], c_without, c_with)
    warm = ratios(c_first, [c_warm], c_without, c_kept)
    hits = sum(1 for r in results for h in r.hits if h.basis == "ownership")
    assert found_again.listed.keys() == found.listed.keys()  # the kept matches are the same
    assert [[h.to_dict() for h in r.hits] for r in kept] == [  # and so are the hits
        [h.to_dict() for h in r.hits] for r in results
    ]
    report(
        args,
        found,
        hits,
        len(data.links),
        len(parties),
        [
            ["import of the ownership", c_import],
            ["monitoring run without ownership", c_first],
            ["ownership pass, owners searched (cold)", c_cold],
            ["ownership pass, owners kept from an earlier run (warm)", c_warm],
            ["screen all without the pass", c_without],
            ["screen all with the pass", c_with],
            ["screen all with the pass, parties' ownership matches kept", c_kept],
            ["monitoring run after the import", c_second],
        ],
        cold,
        warm,
    )
    write_results(
        "affiliates",
        {
            "parties": len(parties),
            "links": len(data.links),
            "workers": args.workers,
            "first_run": vars(c_first),
            "first_run_screened": first.run.screened,
            "pass_cold": vars(c_cold),
            "pass_warm": vars(c_warm),
            "screen_without": vars(c_without),
            "screen_with": vars(c_with),
            "screen_with_kept": vars(c_kept),
            "second_run": vars(c_second),
            "second_run_screened": second.run.screened if second else None,
            "added_ratio_cold": vars(cold),
            "added_ratio_warm": vars(warm),
        },
    )
    store.close()


def report(
    args: argparse.Namespace,
    found: AffiliatePass,
    hits: int,
    links: int,
    parties: int,
    steps: list[list[Any]],
    cold: Clock,
    warm: Clock,
) -> None:
    table(
        "affiliates (seconds: wall / CPU)",
        [
            ["parties", parties],
            ["ownership links", links],
            ["workers", args.workers],
            ["listed owners found", len(found.listed)],
            ["companies at 50 % or more / undetermined", len(found.findings)],
            ["ownership hits in the portfolio", hits],
            *[[name, str(clock)] for name, clock in steps],
        ],
        ["", "value"],
    )
    for label, ratio in (("cold", cold), ("warm", warm)):
        verdict = ", ".join(
            f"{by} {100 * value:.1f} % ({'meets' if value < 0.20 else 'MISSES'} < 20 %)"
            for by, value in (("wall", ratio.wall), ("CPU", ratio.cpu))
        )
        print(f"ownership pass {label}: adds to a monitoring run: {verdict}")


if __name__ == "__main__":
    main()
