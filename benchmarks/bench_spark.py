"""The Spark engine in local mode against the local engine, on the same customer master.

20,000 parties (one in ten a listed name as published in the Consolidated Screening List of
2026-07-31, in list order; the rest persons of yente's negative sets) screened against that
list in a fresh SQLite store: `screen_file` with the local engine on one worker and on
`--workers` (default all cores), then `screen_file` with `SparkEngine` on `--master`
(default `local[N]` over the same cores). Prints names/s of each, the ratios against the
one-worker run in the same process, and whether the Spark output and errors files are
byte-identical to the local engine's (the Done-when of the Spark engine).

Spark's wall time includes starting the session (the JVM) and shipping the index, as a user
pays them; the time to the first result is printed apart. The load average is printed
before and after, since the machine's other work moves every figure.

Usage: python benchmarks/bench_spark.py [--rows N] [--workers N] [--master URL]
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from common import DATA, table, write_results
from entitylist.countries import to_iso2
from entitylist.screening import Screener
from entitylist.screening.batch import screen_file
from entitylist.screening.spark import SparkEngine
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.updates.lists import update_source

CSL_2026 = DATA / "csl" / "2026" / "consolidated_2026-07-31.json"
NEGATIVES = [DATA / "benchmarks" / "yente" / f"negatives_{s}.csv" for s in ("us", "global")]


def customers(store: Store, rows: int, path: Path) -> Path:
    listed = sorted(store.entries_in_force(), key=lambda s: (s.entry.list_code, s.key))
    wanted = rows // 10
    step = max(1, len(listed) // wanted)
    named = [(s.entry.name, s.entry.countries[0] if s.entry.countries else "") for s in listed]
    named = named[::step][:wanted]
    unlisted: list[tuple[str, str]] = []
    for negatives in NEGATIVES:
        with negatives.open(encoding="utf-8", newline="") as handle:
            unlisted += [
                (r["full_name"], to_iso2(r["nationality"]) or "") for r in csv.DictReader(handle)
            ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["id", "name", "country"])
        for i in range(rows - 1):
            name, country = named[(i // 10) % len(named)] if i % 10 == 0 else unlisted[i]
            w.writerow([f"C{i}", name, country])
        w.writerow(["E1", "", "US"])  # one bad row: both engines must report it alike
    return path


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def timed_run(
    screener: Screener, source: Path, out: Path, options: dict[str, Any]
) -> dict[str, float]:
    """One screen_file run: wall seconds, seconds to the first result, names/s."""
    first: list[float] = []

    def progress(_n: int) -> None:
        if not first:
            first.append(time.perf_counter())

    start = time.perf_counter()
    report = screen_file(screener, source, out, progress=progress, **options)
    wall = time.perf_counter() - start
    return {
        "wall_s": wall,
        "first_result_s": first[0] - start,
        "names_per_s": report.screened / wall,
    }


def same_files(one: Path, two: Path) -> bool:
    errors = Path(f"{one}.errors.csv").read_bytes() == Path(f"{two}.errors.csv").read_bytes()
    return errors and one.read_bytes() == two.read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--master", default=None)
    args = parser.parse_args()
    master = args.master or f"local[{args.workers}]"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = Settings(db_url=database_url(str(root / "el.sqlite")), data_dir=root)
        store = Store.open(settings.db_url)
        update_source(store, settings, "csl", str(CSL_2026))
        source = customers(store, args.rows, root / "customers.csv")
        screener = Screener(store, settings)
        spark = SparkEngine(master=master, index_file=screener.cache_path(screener.snapshots))
        print(f"load average before: {load_average()}")
        runs: dict[str, dict[str, float]] = {}
        outputs: list[Path] = []
        for label, options in (
            ("local, 1 worker", {"workers": 1}),
            (f"local, {args.workers} workers", {"workers": args.workers}),
            (f"spark {master}", {"engine": spark}),
        ):
            outputs.append(root / f"out-{len(runs)}.csv")
            runs[label] = timed_run(screener, source, outputs[-1], options)
        print(f"load average after: {load_average()}")
        store.close()
        same = same_files(outputs[0], outputs[-1])
    base = runs["local, 1 worker"]["names_per_s"]
    rows = [
        [k, f"{v['wall_s']:.1f}", f"{v['first_result_s']:.1f}", f"{v['names_per_s']:,.0f}"]
        for k, v in runs.items()
    ]
    for row, v in zip(rows, runs.values(), strict=True):
        row.append(f"{v['names_per_s'] / base:.2f}")
    header = ["engine", "wall s", "first result s", "names/s", "x 1 worker"]
    table(f"{args.rows:,} rows against the CSL of 2026-07-31", rows, header)
    print(f"Spark output byte-identical to the local engine's: {'yes' if same else 'NO'}")
    write_results("spark", {"rows": args.rows, "master": master, "runs": runs, "identical": same})


if __name__ == "__main__":
    main()
