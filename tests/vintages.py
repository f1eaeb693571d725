"""Helpers for tests over list vintages: stores with settings, real vintages loaded with their
publication dates, portfolios written as files, and the OFAC 2025 vintages made loadable.

The OFAC 2025 directories hold add.csv and alt.csv but no sdn.csv. `ofac_2025_vintage`
makes a loadable set of each: the primary rows of the complete 2021 set for the entries
that are still published in that 2025 vintage (an entry with no add.csv row was delisted),
with that vintage's addresses and aliases. Between the two sets, then, what changes is
exactly what OFAC changed in 2025 in the aliases and addresses of those entries, and which
of them were delisted; entries added after 2021 are absent from both (no primary row).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from entitylist.dates import parse_when
from entitylist.settings import Settings, database_url
from entitylist.store import Store, UpdateOutcome
from entitylist.updates.lists import update_source


@dataclass
class Env:
    store: Store
    settings: Settings

    def load(self, source: str, path: Path, published: str) -> UpdateOutcome:
        return update_source(
            self.store,
            self.settings,
            source,
            str(path),
            published_at=parse_when(published),
            accept_truncated=path.name == "consolidated_2023-11-30.csv",  # cut as published
        )


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> Iterator[Env]:
    """A fresh store on SQLite, then PostgreSQL, with settings pointing at it."""
    settings = Settings(db_url=database_url(db_url), data_dir=tmp_path / "data")
    store = Store.open(settings.db_url)
    try:
        yield Env(store, settings)
    finally:
        store.close()


@pytest.fixture
def sqlite_env(tmp_path: Path) -> Iterator[Env]:
    settings = Settings(db_url=database_url(str(tmp_path / "m.sqlite")), data_dir=tmp_path / "data")
    store = Store.open(settings.db_url)
    try:
        yield Env(store, settings)
    finally:
        store.close()


def write_portfolio(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def unlisted_names(shared_data: Path, n: int) -> list[str]:
    """Synthetic persons that match no listed party (yente's negatives set)."""
    path = shared_data / "benchmarks" / "yente" / "negatives_us.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return [r["full_name"] for _, r in zip(range(n), rows, strict=False)]


# -- OFAC 2025 ------------------------------------------------------------------------------


def _rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().rstrip(b"\x1a").decode("utf-8", errors="replace")
    return [r for r in csv.reader(io.StringIO(text, newline="")) if r]


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8") + b"\x1a")


def ofac_2025_vintage(shared_data: Path, vintage: str, into: Path) -> Path:
    """A loadable OFAC set for `vintage` ("2025-01" or "2025-12"); see the module docstring."""
    base = shared_data / "ofac_sdn" / "2021-07_complete"
    published = shared_data / "ofac_sdn" / f"{vintage}_no_sdn_csv"
    adds = _rows(published / "add.csv")
    still_listed = {r[0].strip() for r in adds}
    primary = [r for r in _rows(base / "sdn.csv") if r[0].strip() in still_listed]
    kept = {r[0].strip() for r in primary}
    into.mkdir(parents=True, exist_ok=True)
    _write_rows(into / "sdn.csv", primary)
    _write_rows(into / "add.csv", [r for r in adds if r[0].strip() in kept])
    _write_rows(into / "alt.csv", [r for r in _rows(published / "alt.csv") if r[0].strip() in kept])
    _write_rows(
        into / "sdn_comments.csv",
        [r for r in _rows(base / "sdn_comments.csv") if r[0].strip() in kept],
    )
    return into
