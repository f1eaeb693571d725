"""Speed: single-query latency and batch throughput, against the brute-force baseline.

Both engines run in this process, one core, on the same queries: 2,000 drawn (seed 7)
from the yente negatives (persons in many scripts), the treated UN positives and the
organisation set, so that misses, hits, persons and companies are all represented.

- The index: `MatchIndex.search` (default threshold, review) per query for latency;
  `search_many` for throughput. Build time and the on-disk size of a saved index are
  reported too.
- The baseline (`common.BruteForce`): the best rapidfuzz WRatio over every listed name,
  names preprocessed once; rapidfuzz's `extractOne` per query (its own C++ loop, the
  fastest a full scan gets) for both latency and throughput, on a sample of the queries
  (`--baseline-sample`, the first N) since it is slow.

At two list sizes: the 2023 CSL alone, and all shared lists combined (CSL 2023, OFAC SDN
2021-07, OFAC non-SDN, DPL 2023, UN). Ratios are baseline time / index time.

Usage: python benchmarks/bench_speed.py [--queries N] [--baseline-sample N]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from common import (
    ALL_LISTS,
    DATA,
    BruteForce,
    percentile,
    read_csv,
    records,
    table,
    timed,
    write_results,
)
from entitylist.matching import MatchIndex, Query
from org_set import cases


def query_sample(n: int) -> list[str]:
    rng = random.Random(7)
    yente = DATA / "benchmarks" / "yente"
    pool = [r["full_name"] for r in read_csv(yente / "negatives_us.csv")[:5000]]
    pool += [r["full_name"] for r in read_csv(yente / "negatives_global.csv")[:5000]]
    pool += [r["full_name"] for r in read_csv(yente / "positives_un_treated.csv")]
    pool += [c.query for c in cases()]
    return rng.sample(pool, n)


def latencies(fn, items) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - start)
    return out


def measure(label: str, lists: tuple[str, ...], queries: list[str], baseline_n: int) -> dict:
    recs = records(lists)
    index, build_seconds = timed(lambda: MatchIndex.build(recs))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.bin"
        index.save(path)
        size = os.path.getsize(path)
        _, load_seconds = timed(lambda: MatchIndex.load(path))
    qs = [Query(q) for q in queries]
    index.search_many(qs[:200])  # warm the memoised token similarities, as a server would be
    lat = latencies(index.search, qs)
    _, batch_seconds = timed(lambda: index.search_many(qs))
    brute = BruteForce(recs)
    sample = queries[:baseline_n]
    brute.best(sample[0])
    base_lat = latencies(brute.best, sample)
    _, base_batch = timed(lambda: brute.batch(sample))
    idx_rate = len(qs) / batch_seconds
    base_rate = len(sample) / base_batch
    return {
        "lists": label,
        "records": len(index),
        "names": index.name_count,
        "build_seconds": build_seconds,
        "index_bytes": size,
        "load_seconds": load_seconds,
        "index_p50_ms": percentile(lat, 50) * 1000,
        "index_p99_ms": percentile(lat, 99) * 1000,
        "baseline_p50_ms": percentile(base_lat, 50) * 1000,
        "baseline_p99_ms": percentile(base_lat, 99) * 1000,
        "index_batch_names_per_s": idx_rate,
        "baseline_batch_names_per_s": base_rate,
        "batch_speedup": idx_rate / base_rate,
        "p50_speedup": percentile(base_lat, 50) / percentile(lat, 50),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--baseline-sample", type=int, default=300)
    args = parser.parse_args()
    queries = query_sample(args.queries)
    results = [
        measure("CSL 2023", ("csl",), queries, args.baseline_sample),
        measure("all shared lists", ALL_LISTS, queries, args.baseline_sample),
    ]
    rows = []
    for r in results:
        rows += [
            [r["lists"], "records / names", f"{r['records']:,} / {r['names']:,}", ""],
            [
                "",
                "build s / load s / MB",
                f"{r['build_seconds']:.1f} / {r['load_seconds']:.2f}"
                f" / {r['index_bytes'] / 1e6:.1f}",
                "",
            ],
            [
                "",
                "single query p50 ms (index / baseline)",
                f"{r['index_p50_ms']:.2f} / {r['baseline_p50_ms']:.2f}",
                f"x{r['p50_speedup']:.1f}",
            ],
            [
                "",
                "single query p99 ms (index / baseline)",
                f"{r['index_p99_ms']:.2f} / {r['baseline_p99_ms']:.2f}",
                "index p99 <= 5 ms (combined)",
            ],
            [
                "",
                "batch names/s (index / baseline)",
                f"{r['index_batch_names_per_s']:,.0f} / {r['baseline_batch_names_per_s']:,.0f}",
                f"x{r['batch_speedup']:.1f} (>= 20 combined)",
            ],
        ]
    table("speed (one core)", rows, ["lists", "measure", "value", "ratio / target"])
    write_results("speed", {"queries": len(queries), "results": results})


if __name__ == "__main__":
    main()
