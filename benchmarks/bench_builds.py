"""The compiled matching core against the pure-Python one, on the same index and queries.

The index of all shared lists and the 2026 CSL is built once and saved; then child
processes, alternating pure Python (ENTITYLIST_PURE_PYTHON=1) and the installed build,
each load that file and time, in CPU seconds of one core: every query once through
`search` (latency, each query met cold), then all of them through `search_many`
(throughput, as a rescreen meets them). The builds cannot share one process (a module is
either compiled or not), so each runs `--rounds` times, interleaved, and the ratio is of
the medians. The children also check that both builds found the same matches.

Queries: 2,000 drawn (seed 7) as in bench_speed.py (yente negatives, treated UN
positives, the organisation set).

Usage: python benchmarks/bench_builds.py [--queries N] [--rounds N]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_speed import WARM_UP, query_sample
from common import CURRENT_LISTS, percentile, records, table, timed, write_results
from entitylist.matching import MatchIndex, Query
from entitylist.matching_build import PURE_ENV, build_name


def child(index_file: Path, queries_file: Path) -> dict[str, object]:
    """One build's figures (run in a child process)."""
    index = MatchIndex.load(index_file)
    qs = [Query(q) for q in json.loads(queries_file.read_text())]
    gc.collect()
    gc.freeze()
    index.search_many([Query(n) for n in WARM_UP])
    cpu = []
    for q in qs:
        start = time.process_time()
        index.search(q)
        cpu.append(time.process_time() - start)
    start = time.process_time()
    found = index.search_many(qs)
    batch = time.process_time() - start
    digest = hashlib.sha256(repr(found).encode("utf-8")).hexdigest()
    return {
        "build": build_name(),
        "p50_ms": percentile(cpu, 50) * 1000,
        "p99_ms": percentile(cpu, 99) * 1000,
        "names_per_s": len(qs) / batch,
        "matches_sha256": digest,
    }


def run_child(index_file: Path, queries_file: Path, *, pure: bool) -> dict[str, object]:
    env = {**os.environ}
    env.pop(PURE_ENV, None)
    if pure:
        env[PURE_ENV] = "1"
    here = Path(__file__).resolve()
    done = subprocess.run(
        [sys.executable, str(here), "--child", str(index_file), str(queries_file)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        json.dump(child(*args.child), sys.stdout)
        return
    with tempfile.TemporaryDirectory() as tmp:
        index, build_seconds = timed(lambda: MatchIndex.build(records(CURRENT_LISTS)))
        index_file, queries_file = Path(tmp) / "index.bin", Path(tmp) / "queries.json"
        index.save(index_file)
        queries_file.write_text(json.dumps(query_sample(args.queries)))
        names = index.name_count
        del index
        runs: dict[str, list[dict[str, object]]] = {"pure": [], "installed": []}
        for _ in range(args.rounds):
            runs["pure"].append(run_child(index_file, queries_file, pure=True))
            runs["installed"].append(run_child(index_file, queries_file, pure=False))
    summary = {key: _medians(found) for key, found in runs.items()}
    digests = {str(r["matches_sha256"]) for found in runs.values() for r in found}
    pure, installed = summary["pure"], summary["installed"]
    rows = [
        [key, s["build"], s["p50_ms"], s["p99_ms"], s["names_per_s"]] for key, s in summary.items()
    ]
    rows.append(
        [
            "ratio",
            "installed / pure",
            pure["p50_ms"] / installed["p50_ms"],
            pure["p99_ms"] / installed["p99_ms"],
            installed["names_per_s"] / pure["names_per_s"],
        ]
    )
    title = (
        f"{names:,} names (all shared lists and the 2026 CSL), {args.queries:,} queries, "
        f"median of {args.rounds} rounds, CPU of one core; same matches: {len(digests) == 1}"
    )
    table(title, rows, ["run", "build", "p50 ms", "p99 ms", "batch names/s"])
    print(f"index built in {build_seconds:.1f} s; load average {os.getloadavg()}")
    write_results(
        "bench_builds",
        {"names": names, "summary": summary, "runs": runs, "same_matches": len(digests) == 1},
    )


def _medians(found: list[dict[str, object]]) -> dict[str, object]:
    keys = ("p50_ms", "p99_ms", "names_per_s")
    out: dict[str, object] = {k: statistics.median(float(str(r[k])) for r in found) for k in keys}
    out["build"] = found[0]["build"]
    return out


if __name__ == "__main__":
    main()
