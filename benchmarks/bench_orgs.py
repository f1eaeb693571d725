"""Recall and false alerts on the organisation set (see org_set.py for how it is built).

Every query runs against ALL shared lists combined (CSL 2023, OFAC SDN 2021-07, OFAC
non-SDN, DPL 2023, UN). A positive is found when its CSL entry is returned at score >=
alert (the same party may also be listed elsewhere; that does not count for it); a
negative is a false alert when any result scores >= alert. The brute-force baseline (best
rapidfuzz WRatio over every listed name) is scored on the same set at its best single
threshold for comparison.

Usage: python benchmarks/bench_orgs.py [--alert X]
"""

from __future__ import annotations

import argparse
from collections import Counter

from common import ALL_LISTS, BruteForce, records, table, write_results
from entitylist.matching import DEFAULT_THRESHOLDS, MatchIndex, Query
from org_set import cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--alert", type=float, default=DEFAULT_THRESHOLDS.alert)
    parser.add_argument("--review", type=float, default=DEFAULT_THRESHOLDS.review)
    parser.add_argument("--baseline", action="store_true", help="also score the WRatio baseline")
    args = parser.parse_args()
    combined = records(ALL_LISTS)
    index = MatchIndex.build(combined)
    rows = cases()
    pos = [c for c in rows if c.expected_ref]
    neg = [c for c in rows if not c.expected_ref]
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    results = index.search_many([Query(c.query) for c in rows], threshold=0.0, limit=20)
    by_query = dict(zip((id(c) for c in rows), results, strict=True))
    for c in pos:
        total[c.kind] += 1
        best = max((m.score for m in by_query[id(c)] if m.ref == c.expected_ref), default=0.0)
        if best >= args.alert:
            found[c.kind] += 1
        else:
            top = by_query[id(c)][0] if by_query[id(c)] else None
            misses.append(
                {
                    "kind": c.kind,
                    "query": c.query,
                    "listed": c.source_name,
                    "score": round(best, 4),
                    "top": top.explanation.summary if top else None,
                }
            )
    false_alerts = []
    neg_kinds: Counter[str] = Counter()
    neg_alerts: Counter[str] = Counter()
    for c in neg:
        neg_kinds[c.kind] += 1
        top = by_query[id(c)][0] if by_query[id(c)] else None
        if top and top.score >= args.alert:
            neg_alerts[c.kind] += 1
            false_alerts.append(
                {"kind": c.kind, "query": c.query, "match": top.explanation.summary}
            )
    recall = sum(found.values()) / len(pos)
    fa_rate = len(false_alerts) / len(neg)
    out_rows = [
        ["positives", len(pos), ""],
        ["recall @alert", recall, ">= 0.98"],
    ]
    out_rows += [[f"  {k}", found[k] / total[k], f"n={total[k]}"] for k in sorted(total)]
    out_rows += [["negatives", len(neg), ""], ["false-alert rate", fa_rate, "<= 0.01"]]
    out_rows += [
        [f"  {k}", neg_alerts[k] / neg_kinds[k], f"n={neg_kinds[k]}"] for k in sorted(neg_kinds)
    ]
    baseline = {}
    if args.baseline:
        brute = BruteForce(combined)
        pos_scores = brute.batch([c.query for c in pos])
        neg_scores = brute.batch([c.query for c in neg])
        best_t, best_err = 0.0, float("inf")
        for t in [x / 100 for x in range(70, 101)]:
            err = sum(s < t for s in pos_scores) + sum(s >= t for s in neg_scores)
            if err < best_err:
                best_t, best_err = t, err
        baseline = {
            "threshold": best_t,
            "recall": sum(s >= best_t for s in pos_scores) / len(pos),
            "false_alert_rate": sum(s >= best_t for s in neg_scores) / len(neg),
        }
        out_rows += [
            [f"baseline WRatio recall @{best_t}", baseline["recall"], "best single threshold"],
            ["baseline WRatio false-alert rate", baseline["false_alert_rate"], ""],
        ]
    table(f"organisation set (alert {args.alert})", out_rows, ["measure", "value", "target"])
    write_results(
        "orgs",
        {
            "alert": args.alert,
            "recall": recall,
            "recall_by_variation": {k: found[k] / total[k] for k in total},
            "false_alert_rate": fa_rate,
            "false_alerts_by_family": {k: neg_alerts[k] / neg_kinds[k] for k in neg_kinds},
            "misses": misses,
            "false_alerts": false_alerts,
            "baseline": baseline,
        },
    )


if __name__ == "__main__":
    main()
