"""What swapping in a new index costs the queries a process is answering meanwhile.

One process, as the service runs: the main thread answers queries on a fixed schedule
(`--rate` per second, latency counted from the scheduled time, so a stall cannot hide its
queue) while a background thread replaces the index, three ways, each measured in the same
run:

- quiet: nothing in the background (the baseline);
- build here: the new index built in this process, then a full collection before freezing
  the heap (what the service did before issue 8 item 13);
- load cached: the index built elsewhere (`entitylist update` or a child process) and only
  loaded here, in short steps with the cyclic collector held off, then the heap frozen
  before it resumes, without a collection (what the service does now:
  `screening.index_cache`).

The index is over all shared lists (and the 2026 CSL with `--csl-2026`). The figure that
matters is p99 and max against the quiet phase: the end-to-end number over HTTP with a real
`entitylist update` landing is `load_api.py --update-mid`.

    python benchmarks/bench_refresh.py
    python benchmarks/bench_refresh.py --rate 200 --seconds 8 --csl-2026
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from common import ALL_LISTS, DATA, index_record, percentile, read_csv, records, write_results
from entitylist.matching import IndexRecord, MatchIndex, Query
from entitylist.screening.index_cache import load_cached
from entitylist.sources import get_source

CSL_2026 = DATA / "csl" / "2026" / "consolidated_2026-07-31.json"
NEGATIVES = DATA / "benchmarks" / "yente" / "negatives_global.csv"


def queries(count: int) -> list[Query]:
    rows = read_csv(NEGATIVES)[:count]
    return [Query(r["full_name"]) for r in rows]


def phase(
    index: MatchIndex,
    names: list[Query],
    rate: float,
    seconds: float,
    background: Callable[[], None] | None,
) -> dict[str, float]:
    """Answer queries at `rate` until `seconds` have passed and `background` has finished."""
    done = threading.Event()
    worker_s = 0.0

    def run() -> None:
        nonlocal worker_s
        t0 = time.perf_counter()
        if background is not None:
            background()
        worker_s = time.perf_counter() - t0
        done.set()

    thread = threading.Thread(target=run, daemon=True)
    latencies: list[float] = []
    start = time.perf_counter()
    thread.start()
    n = 0
    while (due := start + n / rate) < start + seconds or not done.is_set():
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        index.search(names[n % len(names)])
        latencies.append((time.perf_counter() - due) * 1000)
        n += 1
    thread.join()
    ms = sorted(latencies)
    return {
        "queries": len(ms),
        "background_s": round(worker_s, 2),
        "p50_ms": round(percentile(ms, 50), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(ms[-1], 2),
    }


def build_here(recs: list[IndexRecord]) -> Callable[[], None]:
    def swap() -> None:
        MatchIndex.build(recs)
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    return swap


def load_here(path: Path, size: int) -> Callable[[], None]:
    def swap() -> None:
        assert load_cached(path, size) is not None  # frozen before collections resume

    return swap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="queries/s (200)")
    parser.add_argument("--seconds", type=float, default=6.0, help="least seconds a phase (6)")
    parser.add_argument("--csl-2026", action="store_true", help="add the 2026 CSL")
    args = parser.parse_args()
    recs = records(ALL_LISTS)
    if args.csl_2026:
        source = get_source("csl")
        parsed = source.parse(source.fetch(str(CSL_2026)))
        recs += [index_record(e, "csl-2026") for e in parsed.entries]
    index = MatchIndex.build(recs)
    gc.freeze()
    names = queries(2000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.bin"
        index.save(path)
        for q in names[:200]:  # warm the memos, as a running service has
            index.search(q)
        results = {
            "quiet": phase(index, names, args.rate, args.seconds, None),
            "build here + full collection": phase(
                index, names, args.rate, args.seconds, build_here(recs)
            ),
            "load cached (index_cache)": phase(
                index, names, args.rate, args.seconds, load_here(path, len(recs))
            ),
        }
    base = results["quiet"]
    print(f"\n{len(recs):,} entries, {index.name_count:,} names; {args.rate:g} queries/s\n")
    print(
        f"{'phase':32} {'swap s':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'p99 x quiet':>12}"
    )
    for label, r in results.items():
        ratio = r["p99_ms"] / base["p99_ms"] if base["p99_ms"] else float("nan")
        print(
            f"{label:32} {r['background_s']:7.2f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
            f"{r['max_ms']:8.2f} {ratio:12.1f}"
        )
    write_results("refresh", {"args": vars(args), "entries": len(recs), "phases": results})


if __name__ == "__main__":
    main()
