"""False alerts on a customer master of real, unlisted companies.

The master is what an exporter's ERP holds: large companies and their subsidiaries.

- Forbes 2000 of 2004 (2,000 of the world's largest public companies with their countries,
  names as Forbes abbreviated them: `American Intl Group`, `Nippon Tel & Tel`), from the
  R package HSAUR's `Forbes2000` data set.
- The S&P 500 constituents (`Security` column), from the datasets/s-and-p-500-companies
  repository.
- Subsidiaries: each S&P 500 name once more with a country and the local legal form, as
  groups name their foreign companies (`Intel Nederland BV`, `Dell Technologies (HK)
  Ltd`); the template is drawn per company (seed 20260731).
- The household names of the engine's own issue (`HOUSEHOLD`), as written there.

Neither file may be copied into the repository: pass the folder holding
`Forbes2000.csv` (HSAUR, as published in the Rdatasets collection: columns `name`,
`country`) and `sp500.csv` (datasets/s-and-p-500-companies `data/constituents.csv`) with
`--customers`; by default `../shared/data/benchmarks/customers/`.

A row whose normalised tokens, legal forms aside, equal a listed name's (sorted, or in
order with the spaces between them dropped: `BlackRock`, `BLACK ROCK`) is taken out and
reported (it is that party, or shares its whole name: `Sberbank of Russia`, `ACE`), as
in the organisation set; so are the companies known to be listed under another form of
their name (`LISTED`).

Every query runs against all shared lists and the 2026 CSL; a false alert is a query
with any result >= alert. Baselines in the same run: rapidfuzz WRatio (best over every
listed name) at 0.90 and 0.95, and nomenklatura logic-v2 (>= 0.7, yente's threshold) on
the candidates our retrieval and the WRatio scan nominate (logic-v2 has no index of its
own; skipped when nomenklatura is not installed, see the `bench` extra).

Usage: python benchmarks/bench_customers.py [--customers DIR] [--no-logic-v2]
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from common import CURRENT_LISTS, DATA, BruteForce, read_csv, records, table, write_results
from entitylist.matching import DEFAULT_THRESHOLDS, IndexRecord, MatchIndex, Query
from logic_v2 import LogicV2Baseline
from org_set import name_words

SEED = 20260731
HOUSEHOLD = (
    "Intel Nederland BV",
    "Arm USA Inc",
    "Venture GmbH",
    "Dell Technologies (HK) Ltd",
    "Cemex GmbH",
    "Cisco",
    "Vistra Corp.",
    "Казахтелеком",
    "=1+1",
)
SUBSIDIARY_FORMS = (
    "{} Nederland B.V.",
    "{} (HK) Limited",
    "{} Deutschland GmbH",
    "{} UK Ltd",
    "{} Japan K.K.",
    "{} Singapore Pte. Ltd.",
    "{} France SAS",
    "{} USA Inc.",
    "{} International Ltd",
    "{} Technologies (HK) Ltd",
)
LISTED = {
    "Lukoil Holding": "SDN, SSI and EL: LUKOIL OAO (alias Lukoil)",
    "Surgutneftegas Oil": "SDN, SSI and EL: SURGUTNEFTEGAS",
    "CNOOC Hong": "CMIC: CNOOC Limited (Forbes: CNOOC, Hong Kong)",
}
"""Companies of the master that are listed parties: not negatives."""


@dataclass(frozen=True)
class Customer:
    name: str
    country: str | None
    family: str


def listed_keys(name: str) -> tuple[tuple[str, ...], str]:
    """What makes two names one: their words other than legal forms, sorted, or in order
    without the spaces between them (`BlackRock` and `BLACK ROCK`, `Northwest Airlines`
    and `North-West Airlines` are one name written two ways)."""
    words = name_words(name)
    return tuple(sorted(words)), "".join(words)


def customers(folder: Path, listed: Iterable[IndexRecord]) -> list[Customer]:
    """The master, without the rows that name a listed party (see the module docstring)."""
    rng = random.Random(SEED)
    out = [Customer(n, None, "household") for n in HOUSEHOLD]
    for row in read_csv(folder / "Forbes2000.csv"):
        out.append(Customer(row["name"], None, "forbes2000"))
    sp500 = [row["Security"] for row in read_csv(folder / "sp500.csv")]
    out += [Customer(n, None, "sp500") for n in sp500]
    out += [Customer(rng.choice(SUBSIDIARY_FORMS).format(n), None, "subsidiary") for n in sp500]
    keys = [listed_keys(name) for rec in listed for name in rec.names]
    cores = {sorted_words for sorted_words, _ in keys}
    compacts = {joined for _, joined in keys}
    seen: set[str] = set()
    unique = []
    for c in out:
        if c.name.casefold() in seen or c.name in LISTED:
            continue
        seen.add(c.name.casefold())
        sorted_words, joined = listed_keys(c.name)
        if sorted_words in cores or joined in compacts:
            print(f"  left out, a listed name: {c.name}")
        else:
            unique.append(c)
    return unique


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=Path, default=DATA / "benchmarks" / "customers")
    parser.add_argument("--alert", type=float, default=DEFAULT_THRESHOLDS.alert)
    parser.add_argument("--no-logic-v2", action="store_true")
    args = parser.parse_args()
    listed = records(CURRENT_LISTS)
    index = MatchIndex.build(listed)
    rows = customers(args.customers, listed)
    results = index.search_many([Query(c.name) for c in rows], threshold=0.3, limit=5)
    by_family: Counter[str] = Counter(c.family for c in rows)
    alerts: Counter[str] = Counter()
    false_alerts = []
    for c, found in zip(rows, results, strict=True):
        if found and found[0].score >= args.alert:
            alerts[c.family] += 1
            false_alerts.append(
                {"family": c.family, "query": c.name, "match": found[0].explanation.summary}
            )
    brute = BruteForce(listed)
    best = [brute.best(c.name) for c in rows]
    out_rows: list[list[object]] = [
        ["customers", len(rows), ""],
        ["false-alert rate", len(false_alerts) / len(rows), "<= 0.002"],
    ]
    out_rows += [
        [f"  {k}", alerts[k] / by_family[k], f"n={by_family[k]}"] for k in sorted(by_family)
    ]
    baseline: dict[str, float] = {}
    for cut in (0.90, 0.95):
        rate = sum(score >= cut for _, score in best) / len(rows)
        baseline[f"wratio_{cut:.2f}"] = rate
        out_rows.append([f"baseline WRatio >= {cut:.2f}", rate, ""])
    if not args.no_logic_v2 and LogicV2Baseline.available():
        lv2 = LogicV2Baseline(listed)
        hits = 0
        for c, found, (ref, _) in zip(rows, results, best, strict=True):
            refs = {m.ref for m in found} | {ref}
            hits += lv2.best(c.name, "entity", refs) >= 0.7
        baseline["logic_v2_0.70"] = hits / len(rows)
        out_rows.append(["baseline logic-v2 >= 0.70", hits / len(rows), "on nominated"])
    table(f"customer master (alert {args.alert})", out_rows, ["measure", "value", "target"])
    write_results(
        "customers",
        {
            "alert": args.alert,
            "customers": len(rows),
            "false_alert_rate": len(false_alerts) / len(rows),
            "by_family": {k: alerts[k] / by_family[k] for k in by_family},
            "false_alerts": false_alerts,
            "baseline": baseline,
        },
    )


if __name__ == "__main__":
    main()
