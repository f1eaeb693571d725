"""Shared pieces of the benchmarks: where the data is, the lists as index records, the
brute-force baseline, timing, and result output (a table on stdout, JSON in results/)."""

from __future__ import annotations

import csv
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rapidfuzz import fuzz, process, utils

from entitylist.matching import IndexRecord
from entitylist.model import Entry
from entitylist.screening.index_cache import entry_record
from entitylist.settings import database_url
from entitylist.sources import get_source

ROOT = Path(__file__).resolve().parent
DATA = ROOT.parent.parent / "shared" / "data"
RESULTS = ROOT / "results"

# The shared list files standing in for downloads: (source name, location).
LISTS: dict[str, tuple[str, Path]] = {
    "csl": ("csl", DATA / "csl" / "consolidated_2023-11-30.csv"),
    "ofac": ("ofac", DATA / "ofac_sdn" / "2021-07_complete"),
    "ofac-cons": ("ofac-cons", DATA / "ofac_cons"),
    "dpl": ("dpl", DATA / "bis_dpl" / "dpl_2023-11-30.txt"),
    "un": ("un", DATA / "un" / "UN_consolidated_2026-02-27.xml"),
    "csl2026": ("csl", DATA / "csl" / "2026" / "consolidated_2026-07-31.json"),
}
ALL_LISTS = ("csl", "ofac", "ofac-cons", "dpl", "un")
"""The lists of the older benchmarks (their targets were set on these)."""
CURRENT_LISTS = (*ALL_LISTS, "csl2026")
"""All shared lists and the full, current 2026 CSL (25,921 entries)."""
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def scratch_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database for one run: a SQLite file in `folder`, or a fresh
    database on the local PostgreSQL server, dropped afterwards."""
    if backend == "sqlite":
        yield database_url(str(folder / "bench.sqlite"))
        return
    name = f"entitylist_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield database_url(f"postgresql://postgres@127.0.0.1:5432/{name}")
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def index_record(entry: Entry, source: str) -> IndexRecord:
    """An Entry as the index sees it (the screening layer's own mapping)."""
    return entry_record(entry, f"{source}|{entry.key}")


@cache
def entries(name: str) -> tuple[Entry, ...]:
    """The entries of one shared list file, parsed by the project's own source parser."""
    source_name, location = LISTS[name]
    source = get_source(source_name)
    result = source.parse(source.fetch(str(location)))
    return tuple(result.entries)


def records(names: Iterable[str]) -> list[IndexRecord]:
    out: list[IndexRecord] = []
    for name in names:
        out.extend(index_record(e, name) for e in entries(name))
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


class BruteForce:
    """The baseline: the best rapidfuzz WRatio over every listed name, no index.

    Names are preprocessed once (rapidfuzz's default_process: lower case, non-alphanumerics
    to spaces, trimmed), and each query runs rapidfuzz's C++ scan (`extractOne` with a
    cutoff that rises as better names are found), so the baseline is as fast as a full
    scan gets. (rapidfuzz's `cdist` would need numpy, which the project does not use.)
    """

    def __init__(self, recs: Sequence[IndexRecord]) -> None:
        self.names: list[str] = []
        self.refs: list[str] = []
        for rec in recs:
            for name in rec.names:
                self.names.append(utils.default_process(name))
                self.refs.append(rec.ref)

    def best(self, query: str) -> tuple[str, float]:
        found = process.extractOne(
            utils.default_process(query), self.names, scorer=fuzz.WRatio, processor=None
        )
        if found is None:
            return "", 0.0
        _, score, position = found
        return self.refs[position], score / 100.0

    def batch(self, queries: Sequence[str]) -> list[float]:
        return [self.best(q)[1] for q in queries]


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def mean(values: Sequence[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def table(title: str, rows: Sequence[Sequence[Any]], header: Sequence[str]) -> None:
    cells = [[str(h) for h in header]] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n{title}")
    for n, row in enumerate(cells):
        print("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))
    sys.stdout.flush()


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def write_results(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str), "utf-8")
    print(f"\nwrote {path.relative_to(ROOT.parent)}")
    return path
