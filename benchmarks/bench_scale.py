"""Speed and scale in one run, on the 2026 CSL and every other shared list.

The lists: the Consolidated Screening List of 2026-07-31 (25,921 entries) with OFAC SDN
2021-07, OFAC non-SDN, DPL 2023-11-30 and the UN list of 2026-02-27, as a store holds them
(one snapshot a source: the 2026 CSL in place of the 2023 one). Printed, in one process:

1. the index: build (CPU s), save and load (s), file size, and the memory a loaded copy
   takes (resident set growth);
2. single-query latency p50 / p95 / p99 (CPU ms) of `MatchIndex.search`, each query met
   cold, on the queries of `bench_speed.py` (yente negatives, treated UN positives, the
   organisation set);
3. in-process batch throughput (`search_many`, names/s of one core) on distinct names of
   a customer master, against the brute-force baselines on a sample of the same names:
   rapidfuzz `process.cdist` with `token_sort_ratio` (vectorised, no index, one worker:
   the honest brute force) and `extractOne` with `WRatio` (`common.BruteForce`);
4. how cost per query grows with the size of the lists: the index built on 25 %, 50 %,
   100 %, 200 % and 400 % of the names (a seeded sample below 100 %; above it, each
   record again with its first name word taken from another record of the same list, so
   the vocabulary and the posting lists grow as a longer list's would), mean / p50 / p99
   CPU per query, and the slope of log cost over log size from 25 % to 400 %;
5. end to end, `screen_file` on a customer master of `--rows` parties (one in ten a listed
   name, the rest yente negatives; CSV in, CSV out, a fresh SQLite store) with one worker
   and with `--workers`: names/s wall, and per core (the index already cached, as a
   service or a second run has it; each worker process loads it);
6. `entitylist screen NAME` start-up: wall time of the CLI in a fresh process with the
   index cached (median of five, after one run that writes the cache);
7. the Spark engine in local mode on the first `--spark-rows` rows of the same master
   (needs the `spark` extra and Java 17+, else skipped): names/s wall including the JVM
   start, and whether its output is byte-identical to the local engine's.

Ratios are taken within this run; the load average is printed before and after, since
other work on the machine moves every absolute figure.

Usage: python benchmarks/bench_scale.py [--rows N] [--queries N] [--baseline-sample N]
       [--workers N] [--spark-rows N] [--no-growth]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from bench_spark import customers
from bench_speed import WARM_UP, query_sample
from common import LISTS, BruteForce, percentile, read_csv, records, table, write_results
from entitylist.matching import IndexRecord, MatchIndex, Query
from entitylist.screening import Screener
from entitylist.screening.batch import screen_file
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.updates.lists import update_source

SCALE_LISTS = ("csl2026", "ofac", "ofac-cons", "dpl", "un")
GROWTH = (0.25, 0.5, 1.0, 2.0, 4.0)
CLI_NAME = "Inspur Group Co Ltd"


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def rss_mb() -> float:
    """Resident set size of this process (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_each(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[float]:
    """CPU seconds of each call."""
    out = []
    for item in items:
        start = time.process_time()
        fn(item)
        out.append(time.process_time() - start)
    return out


def cpu_of(fn: Callable[[], Any]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def frozen(fn: Callable[[], Any]) -> Any:
    """Run `fn` with the heap frozen, as long runs are (gc.freeze after loading)."""
    gc.collect()
    gc.freeze()
    try:
        return fn()
    finally:
        gc.unfreeze()


# -- 1-3: the index, latency, in-process batch ---------------------------------------------


def index_figures(recs: list[IndexRecord], root: Path) -> tuple[MatchIndex, dict[str, float]]:
    start = time.process_time()
    built = MatchIndex.build(recs)
    build_cpu = time.process_time() - start
    path = root / "index.bin"
    save_s = cpu_of(lambda: built.save(path))
    built = None  # only the loaded copy stays
    gc.collect()
    before = rss_mb()
    wall = time.perf_counter()
    index = MatchIndex.load(path)
    load_s = time.perf_counter() - wall
    return index, {
        "records": len(index),
        "names": index.name_count,
        "build_cpu_s": build_cpu,
        "save_cpu_s": save_s,
        "load_wall_s": load_s,
        "file_mb": path.stat().st_size / 1e6,
        "loaded_mb": rss_mb() - before,
    }


def latency(index: MatchIndex, queries: list[str]) -> dict[str, float]:
    index.search_many([Query(n) for n in WARM_UP])
    cpu = frozen(lambda: cpu_each(index.search, [Query(q) for q in queries]))
    return {f"p{q}_ms": percentile(cpu, q) * 1000 for q in (50, 95, 99)} | {
        "mean_ms": statistics.fmean(cpu) * 1000
    }


def batch_rates(
    index: MatchIndex, recs: list[IndexRecord], names: list[str], sample: int
) -> dict[str, float]:
    """names/s of one core: the index on `names`, the baselines on the first `sample`."""
    engine = len(names) / frozen(
        lambda: cpu_of(lambda: index.search_many([Query(n) for n in names]))
    )
    listed = [utils.default_process(n) for r in recs for n in r.names]
    few = [utils.default_process(n) for n in names[:sample]]
    cdist = len(few) / cpu_of(
        lambda: process.cdist(
            few, listed, scorer=fuzz.token_sort_ratio, processor=None, dtype="uint8", workers=1
        ).argmax(axis=1)
    )
    brute = BruteForce(recs)
    wratio = len(few) / cpu_of(lambda: brute.batch(names[:sample]))
    return {"engine": engine, "cdist_token_sort": cdist, "extractone_wratio": wratio}


# -- 4: growth -------------------------------------------------------------------------------


def grown(recs: list[IndexRecord], share: float, seed: int = 11) -> list[IndexRecord]:
    """`share` of the records: a seeded sample below 1, and above it each record again
    (share - 1 times) with its names' first word from another record of the same list."""
    rng = random.Random(seed)
    if share <= 1:
        return rng.sample(recs, round(len(recs) * share))
    out = list(recs)
    by_list: dict[str, list[IndexRecord]] = {}
    for r in recs:
        by_list.setdefault(r.list_code, []).append(r)
    for copy in range(1, round(share)):
        for r in recs:
            donor = rng.choice(by_list[r.list_code])
            word = (donor.names[0].split() or ["X"])[0]
            names = tuple(" ".join([word, *n.split()[1:]]) for n in r.names)
            out.append(replace(r, ref=f"{r.ref}#{copy}", names=names, identifiers=()))
    return out


def growth(recs: list[IndexRecord], queries: list[str]) -> list[dict[str, float]]:
    rows = []
    for share in GROWTH:
        index = MatchIndex.build(grown(recs, share))
        index.search_many([Query(n) for n in WARM_UP])
        cpu = frozen(lambda index=index: cpu_each(index.search, [Query(q) for q in queries]))
        rows.append(
            {
                "share": share,
                "names": index.name_count,
                "mean_ms": statistics.fmean(cpu) * 1000,
                "p50_ms": percentile(cpu, 50) * 1000,
                "p99_ms": percentile(cpu, 99) * 1000,
            }
        )
        del index
        gc.collect()
    return rows


def slope(rows: list[dict[str, float]], key: str) -> float:
    first, last = rows[0], rows[-1]
    return math.log(last[key] / first[key]) / math.log(last["names"] / first["names"])


# -- 5-7: end to end -------------------------------------------------------------------------


def load_store(root: Path) -> tuple[Store, Settings]:
    settings = Settings(db_url=database_url(str(root / "el.sqlite")), data_dir=root / "data")
    store = Store.open(settings.db_url)
    for name in SCALE_LISTS:
        source, location = LISTS[name]
        update_source(store, settings, source, str(location))
    return store, settings


def end_to_end(screener: Screener, source: Path, root: Path, workers: int) -> dict[str, Any]:
    runs: dict[str, Any] = {}
    for n in sorted({1, workers}):
        out = root / f"local-{n}.csv"
        wall = time.perf_counter()
        report = screen_file(screener, source, out, workers=n)
        seconds = time.perf_counter() - wall
        runs[f"local, {n} worker{'s' if n > 1 else ''}"] = {
            "workers": n,
            "wall_s": seconds,
            "names_per_s": report.screened / seconds,
            "names_per_s_per_core": report.screened / seconds / n,
        }
    return runs


def cli_startup(settings: Settings, repeat: int = 5) -> dict[str, Any]:
    exe = shutil.which("entitylist") or str(Path(sys.executable).with_name("entitylist"))
    env = dict(
        os.environ, ENTITYLIST_DB=settings.db_url, ENTITYLIST_DATA_DIR=str(settings.data_dir)
    )
    command = [exe, "screen", CLI_NAME, "--json"]
    walls = []
    for _ in range(repeat + 1):  # the first run writes the cache if it is missing
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        if done.returncode != 0:
            return {"failed": f"exit {done.returncode}: {done.stderr.strip()[-300:]}"}
    return {"median_s": statistics.median(walls[1:]), "max_s": max(walls[1:])}


def identical(one: Path, two: Path) -> bool:
    """The same output, and the same errors file or none on both sides."""

    def errors(p: Path) -> bytes | None:
        path = Path(f"{p}.errors.csv")
        return path.read_bytes() if path.exists() else None

    return one.read_bytes() == two.read_bytes() and errors(one) == errors(two)


def spark_run(screener: Screener, source: Path, root: Path, rows: int, workers: int) -> dict:
    try:
        from entitylist.screening.spark import SparkEngine
    except ImportError as exc:
        return {"skipped": f"pyspark not installed ({exc})"}
    if shutil.which("java") is None:
        return {"skipped": "no Java runtime"}
    head = root / "spark-in.csv"
    with source.open(encoding="utf-8") as fh, head.open("w", encoding="utf-8") as out:
        for i, line in enumerate(fh):
            if i > rows:
                break
            out.write(line)
    local, spark_out = root / "spark-local.csv", root / "spark-out.csv"
    screen_file(screener, head, local, workers=workers)
    engine = SparkEngine(
        master=f"local[{workers}]", index_file=screener.cache_path(screener.snapshots)
    )
    wall = time.perf_counter()
    report = screen_file(screener, head, spark_out, engine=engine)
    seconds = time.perf_counter() - wall
    return {
        "rows": report.screened,
        "wall_s": seconds,
        "names_per_s": report.screened / seconds,
        "identical": identical(local, spark_out),
    }


# -- output ----------------------------------------------------------------------------------


def report(results: dict[str, Any]) -> None:
    ix, lat, rates = results["index"], results["latency"], results["batch"]
    table(
        "the index (2026 CSL and all other shared lists)",
        [
            ["records / names", f"{ix['records']:,} / {ix['names']:,}"],
            [
                "build CPU s / save CPU s / load wall s",
                f"{ix['build_cpu_s']:.1f} / {ix['save_cpu_s']:.1f} / {ix['load_wall_s']:.2f}",
            ],
            ["file MB / loaded MB (RSS growth)", f"{ix['file_mb']:.0f} / {ix['loaded_mb']:.0f}"],
            [
                "single query p50 / p95 / p99 / mean ms CPU",
                f"{lat['p50_ms']:.2f} / {lat['p95_ms']:.2f} / {lat['p99_ms']:.2f} / "
                f"{lat['mean_ms']:.2f}",
            ],
        ],
        ["measure", "value"],
    )
    base = rates["engine"]
    table(
        "batch, one core, in process (names/s CPU)",
        [[k, f"{v:,.0f}", f"x{base / v:.1f}" if k != "engine" else ""] for k, v in rates.items()],
        ["engine", "names/s", "engine / this"],
    )
    if results.get("growth"):
        rows = [
            [
                f"{r['share']:.0%}",
                f"{r['names']:,}",
                f"{r['mean_ms']:.2f}",
                f"{r['p50_ms']:.2f}",
                f"{r['p99_ms']:.2f}",
            ]
            for r in results["growth"]
        ]
        rows.append(
            ["slope", "", *(f"{results['slopes'][k]:.2f}" for k in ("mean_ms", "p50_ms", "p99_ms"))]
        )
        table(
            "cost per query as the lists grow (CPU ms)",
            rows,
            ["share", "names", "mean", "p50", "p99"],
        )
    e2e = results["end_to_end"]
    table(
        f"end to end, screen_file, {results['rows']:,} rows (wall)",
        [
            [
                k,
                f"{v['wall_s']:.1f}",
                f"{v['names_per_s']:,.0f}",
                f"{v['names_per_s_per_core']:,.0f}",
            ]
            for k, v in e2e.items()
        ],
        ["engine", "wall s", "names/s", "names/s per core"],
    )
    cli, spark = results["cli"], results["spark"]
    if "failed" in cli:
        print(f"\nentitylist screen failed: {cli['failed']}")
    else:
        print(
            f"\nentitylist screen start-up, index cached: median {cli['median_s']:.2f} s wall"
            f" (max {cli['max_s']:.2f} s)"
        )
    if "skipped" in spark:
        print(f"spark: skipped, {spark['skipped']}")
    else:
        print(
            f"spark local: {spark['rows']:,} rows in {spark['wall_s']:.1f} s wall, "
            f"{spark['names_per_s']:,.0f} names/s; byte-identical to the local engine: "
            f"{'yes' if spark['identical'] else 'NO'}"
        )
    print(f"load average before / after: {results['load_before']} / {results['load_after']}")


def step(results: dict[str, Any], key: str, value: Any) -> None:
    """Keep a figure and print it at once (a long run shows what it has so far)."""
    results[key] = value
    print(f"{key}: {json.dumps(value, default=str)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--baseline-sample", type=int, default=300)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--spark-rows", type=int, default=20_000)
    parser.add_argument("--no-growth", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {"rows": args.rows, "load_before": load_average()}
    queries = query_sample(args.queries)
    recs = records(SCALE_LISTS)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store, settings = load_store(root)
        source = customers(store, args.rows, root / "customers.csv")
        master = [r["name"] for r in read_csv(source) if r["name"]]
        distinct = list(dict.fromkeys(master))[: max(args.queries * 5, 10_000)]
        index, figures = index_figures(recs, root)
        step(results, "index", figures)
        step(results, "latency", latency(index, queries))
        step(results, "batch", batch_rates(index, recs, distinct, args.baseline_sample))
        del index
        gc.collect()
        if not args.no_growth:
            step(results, "growth", growth(recs, queries[:1000]))
            results["slopes"] = {
                k: slope(results["growth"], k) for k in ("mean_ms", "p50_ms", "p99_ms")
            }
        screener = Screener(store, settings)
        screener.refresh()  # the index built and cached once, as a long-running face has it
        step(results, "end_to_end", end_to_end(screener, source, root, args.workers))
        step(results, "cli", cli_startup(settings))
        step(results, "spark", spark_run(screener, source, root, args.spark_rows, args.workers))
        store.close()
    results["load_after"] = load_average()
    report(results)
    write_results("scale", results)


if __name__ == "__main__":
    main()
