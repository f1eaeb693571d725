"""Shipment determination benchmark: `check-file` against `screen-file` on the same parties.

10,000 shipments, each with one party (its ultimate consignee), against the Consolidated
Screening List of 2026-07-31 in a fresh SQLite store: about 2 % of the parties are listed
names as published (EL, DPL, SDN, MEU, UVL, CMIC ... in list order), the rest persons of
yente's negative sets. The baseline is `screen_file` on the same parties (one row each,
same index, same worker count), measured in the same process; the run alternates the two,
best of `--rounds`, on CPU time of the process (one worker) so that other processes on a
busy machine weigh less.

Target: check-file at >= 80 % of screen-file's speed (ratio screen/check >= 0.80).
Usage: python benchmarks/bench_check.py [--shipments N] [--rounds R]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path
from typing import Any

from common import DATA, table, write_results
from entitylist.countries import to_iso2
from entitylist.determination.batch import check_file
from entitylist.screening import Screener
from entitylist.screening.batch import screen_file
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.updates.lists import update_source

CSL_2026 = DATA / "csl" / "2026" / "consolidated_2026-07-31.json"
NEGATIVES = [DATA / "benchmarks" / "yente" / f"negatives_{s}.csv" for s in ("us", "global")]
ITEMS = ("EAR99", "4A994", "5A992.c", "3A090.a", "unclassified")


def parties(store: Store, n: int) -> list[dict[str, str]]:
    ordered = sorted(store.entries_in_force(), key=lambda s: (s.entry.list_code, s.key))
    step = max(1, len(ordered) // max(1, n // 50))
    rows = [
        {"name": s.entry.name, "country": s.entry.countries[0] if s.entry.countries else ""}
        for s in ordered[::step][: n // 50]
    ]
    for path in NEGATIVES:
        with path.open(encoding="utf-8", newline="") as handle:
            for r in csv.DictReader(handle):
                if len(rows) >= n:
                    return rows
                rows.append({"name": r["full_name"], "country": to_iso2(r["nationality"]) or ""})
    return rows


def write_inputs(rows: list[dict[str, str]], root: Path) -> tuple[Path, Path]:
    screen_in, check_in = root / "parties.csv", root / "shipments.csv"
    with screen_in.open("w", encoding="utf-8", newline="") as handle:
        w = csv.DictWriter(handle, ["id", "name", "country"])
        w.writeheader()
        w.writerows({"id": f"P{i}", **r} for i, r in enumerate(rows))
    columns = ["id", "item", "destination", "ultimate_consignee", "ultimate_consignee_country"]
    with check_in.open("w", encoding="utf-8", newline="") as handle:
        w = csv.DictWriter(handle, columns)
        w.writeheader()
        for i, r in enumerate(rows):
            w.writerow(
                {
                    "id": f"S{i}",
                    "item": ITEMS[i % len(ITEMS)],
                    "destination": r["country"] or "DE",
                    "ultimate_consignee": r["name"],
                    "ultimate_consignee_country": r["country"],
                }
            )
    return screen_in, check_in


def cpu(fn: Any) -> tuple[float, float, Any]:
    wall, proc = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - proc, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shipments", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = Settings(db_url=database_url(str(root / "lists.sqlite")), data_dir=root)
        store = Store.open(settings.db_url)
        update_source(store, settings, "csl", str(CSL_2026))
        rows = parties(store, args.shipments)
        screen_in, check_in = write_inputs(rows, root)
        screener = Screener(store, settings)
        screener.refresh()
        runs: dict[str, list[tuple[float, float]]] = {"screen-file": [], "check-file": []}
        report: Any = None
        for _ in range(args.rounds):
            wall, proc, _r = cpu(lambda: screen_file(screener, screen_in, root / "s.csv"))
            runs["screen-file"].append((wall, proc))
            wall, proc, report = cpu(lambda: check_file(screener, check_in, root / "c.csv"))
            runs["check-file"].append((wall, proc))
        store.close()
    best = {k: min(v, key=lambda t: t[1]) for k, v in runs.items()}
    ratio = best["screen-file"][1] / best["check-file"][1]
    rows_out = [[k, f"{w:.2f}", f"{p:.2f}", f"{len(rows) / p:,.0f}"] for k, (w, p) in best.items()]
    table(
        f"{len(rows):,} parties / shipments, CSL 2026-07-31, one worker (best of {args.rounds})",
        rows_out,
        ["run", "wall s", "cpu s", "per cpu s"],
    )
    verdict = "meets" if ratio >= 0.8 else "misses"
    print(f"check-file speed / screen-file speed = {ratio:.2f} ({verdict} the 0.80 target)")
    print(f"outcomes: {dict(report.outcomes)}")
    write_results(
        "check",
        {"runs": runs, "best": best, "ratio": ratio, "outcomes": dict(report.outcomes)},
    )


if __name__ == "__main__":
    main()
