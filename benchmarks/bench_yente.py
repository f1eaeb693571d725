"""Recall of listed persons with typos and reordering, and false alerts on unlisted persons.

Data: opensanctions/yente's candidate-generation benchmark (shared/data/benchmarks/yente).

- Recall: each of the 683 treated UN names (typos, swapped letters, surname-first with a
  comma, dropped spaces) is queried against an index of the UN list alone
  (shared/data/un, parsed by `entitylist.sources.un`). The expected entry is the UN entry
  that carries the untreated name (the row-aligned `positives_un_untreated.csv`), found by
  normalised-token equality; names no UN entry carries are reported and left out. A
  positive counts as found when the expected entry is returned at score >= alert (and, in
  a second column, >= review).
- False alerts: the 100,000 synthetic persons of negatives_us.csv + negatives_global.csv
  (names in many scripts) are queried against ALL shared lists combined (CSL 2023, OFAC
  SDN 2021-07, OFAC non-SDN, DPL 2023, UN); a query with any result >= alert is a false
  alert.

Usage: python benchmarks/bench_yente.py [--negatives N] [--alert X]
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from common import ALL_LISTS, DATA, read_csv, records, table, timed, write_results
from entitylist.matching import DEFAULT_THRESHOLDS, MatchIndex, NameKind, Query, normalise_name

YENTE = DATA / "benchmarks" / "yente"


def expected_refs(index_records: list, untreated: list[str]) -> list[set[str]]:
    by_tokens: dict[frozenset[str], set[str]] = defaultdict(set)
    for rec in index_records:
        for name in rec.names:
            by_tokens[frozenset(normalise_name(name, NameKind.PERSON).split())].add(rec.ref)
    return [
        by_tokens.get(frozenset(normalise_name(n, NameKind.PERSON).split()), set())
        for n in untreated
    ]


def run_recall(alert: float, review: float) -> dict:
    un = records(["un"])
    index = MatchIndex.build(un)
    treated = read_csv(YENTE / "positives_un_treated.csv")
    untreated = read_csv(YENTE / "positives_un_untreated.csv")
    expected = expected_refs(un, [r["full_name"] for r in untreated])
    found_alert = found_review = scored = 0
    misses = []
    for row, want, orig in zip(treated, expected, untreated, strict=True):
        if not want:
            continue
        scored += 1
        country = (row.get("nationality") or "").upper() or None
        results = index.search(Query(row["full_name"], country=country), threshold=0.0, limit=20)
        best = max((m.score for m in results if m.ref in want), default=0.0)
        found_alert += best >= alert
        found_review += best >= review
        if best < alert:
            misses.append(
                {
                    "query": row["full_name"],
                    "expected": orig["full_name"],
                    "score": round(best, 4),
                    "summary": next(
                        (m.explanation.summary for m in results if m.ref in want), None
                    ),
                }
            )
    return {
        "positives": len(treated),
        "positives_with_expected_entry": scored,
        "recall_at_alert": found_alert / scored,
        "recall_at_review": found_review / scored,
        "misses": misses,
    }


def run_negatives(alert: float, review: float, limit: int | None) -> dict:
    combined = records(ALL_LISTS)
    index, build_seconds = timed(lambda: MatchIndex.build(combined))
    rows = read_csv(YENTE / "negatives_us.csv") + read_csv(YENTE / "negatives_global.csv")
    if limit:
        rows = rows[:limit]
    queries = [Query(r["full_name"]) for r in rows]
    results, seconds = timed(lambda: index.search_many(queries, threshold=review, limit=3))
    alerts = [
        (q.name, r[0]) for q, r in zip(queries, results, strict=True) if r and r[0].score >= alert
    ]
    reviews = sum(1 for r in results if r)
    return {
        "negatives": len(queries),
        "index_records": len(index),
        "index_names": index.name_count,
        "build_seconds": build_seconds,
        "search_seconds": seconds,
        "false_alert_rate": len(alerts) / len(queries),
        "review_rate": reviews / len(queries),
        "false_alerts_sample": [
            {
                "query": q,
                "matched": m.matched_name,
                "score": round(m.score, 4),
                "summary": m.explanation.summary,
            }
            for q, m in alerts[:200]
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--negatives", type=int, default=None, help="only the first N negatives")
    parser.add_argument("--alert", type=float, default=DEFAULT_THRESHOLDS.alert)
    parser.add_argument("--review", type=float, default=DEFAULT_THRESHOLDS.review)
    parser.add_argument("--skip-negatives", action="store_true")
    args = parser.parse_args()
    recall = run_recall(args.alert, args.review)
    out = {"alert": args.alert, "review": args.review, "recall": recall}
    rows = [
        ["UN positives recall @alert", recall["recall_at_alert"], ">= 0.98"],
        ["UN positives recall @review", recall["recall_at_review"], ""],
    ]
    if not args.skip_negatives:
        neg = run_negatives(args.alert, args.review, args.negatives)
        out["negatives"] = neg
        rows += [
            ["negatives false-alert rate", neg["false_alert_rate"], "<= 0.01"],
            ["negatives at review or above", neg["review_rate"], ""],
            ["negatives queries/second", neg["negatives"] / neg["search_seconds"], ""],
        ]
    table(
        f"yente benchmark (alert {args.alert}, review {args.review})",
        rows,
        ["measure", "value", "target"],
    )
    write_results("yente", out)


if __name__ == "__main__":
    main()
