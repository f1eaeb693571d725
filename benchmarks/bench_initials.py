"""Persons written with initials, as screeners and paper forms write them.

Positives: up to 300 OFAC SDN persons (the 2021 list, one of all shared lists) whose
listed name is `SURNAME, Given Second` (seeded sample), written `SURNAME, G.S.`,
`SURNAME, G. S.` and `G.S. SURNAME`; found when their entry scores >= alert (and >=
review) against all shared lists. Negatives: the same surnames with two other initials,
where no listed person of that surname has given names starting with them; a false alert
is that surname's entry at >= alert. Not part of the test suite.
Usage: python benchmarks/bench_initials.py [--count N]
"""

from __future__ import annotations

import argparse
import random
import re
import string
from collections import defaultdict
from collections.abc import Callable

from common import ALL_LISTS, records, table, write_results
from entitylist.matching import DEFAULT_THRESHOLDS, IndexRecord, MatchIndex, Query

SEED = 20261202
LISTED = re.compile(r"([A-Z][A-Z\-]+), ([A-Z][a-z]+) ([A-Z][a-z]+)")
STYLES: dict[str, Callable[[str, str, str], str]] = {
    "SURNAME, G.S.": lambda s, g, o: f"{s}, {g}.{o}.",
    "SURNAME, G. S.": lambda s, g, o: f"{s}, {g}. {o}.",
    "G.S. SURNAME": lambda s, g, o: f"{g}.{o}. {s}",
}


def sample(recs: list[IndexRecord], count: int) -> list[tuple[IndexRecord, str, str, str]]:
    people = []
    for rec in recs:
        match = LISTED.fullmatch(rec.names[0])
        if rec.entity_type == "individual" and rec.ref.startswith("ofac|") and match:
            people.append((rec, match[1], match[2][0], match[3][0]))
    random.Random(SEED).shuffle(people)
    return people[:count]


def other_initials(
    surname: str, taken: dict[str, set[str]], rng: random.Random
) -> tuple[str, str] | None:
    """Two initials that no listed person of this surname has as first letters."""
    for _ in range(50):
        g, o = rng.sample(string.ascii_uppercase, 2)
        if not {g, o} & taken[surname]:
            return g, o
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    recs = records(ALL_LISTS)
    index = MatchIndex.build(recs)
    people = sample(recs, args.count)
    taken: dict[str, set[str]] = defaultdict(set)
    for rec in recs:
        for name in rec.names:
            surname, _, given = name.partition(", ")
            taken[surname.upper()].update(w[0].upper() for w in given.split() if w)
    alert, review = DEFAULT_THRESHOLDS.alert, DEFAULT_THRESHOLDS.review
    rows, misses, false_alerts = [], [], []
    for style, write in STYLES.items():
        found_alert = found_review = 0
        for rec, surname, g, o in people:
            query = write(surname, g, o)
            score = {m.ref: m.score for m in index.search(Query(query), limit=50)}.get(rec.ref, 0.0)
            found_alert += score >= alert
            found_review += score >= review
            if score < alert:
                misses.append(
                    {"style": style, "query": query, "listed": rec.names[0], "score": score}
                )
        rows.append((style, len(people), found_alert / len(people), found_review / len(people)))
    rng = random.Random(SEED)
    negatives = alerted = 0
    for _, surname, _, _ in people:
        initials = other_initials(surname, taken, rng)
        if initials is None:
            continue
        query = STYLES["SURNAME, G.S."](surname, *initials)
        negatives += 1
        hits = [m for m in index.search(Query(query), limit=50) if m.score >= alert]
        if hits:
            alerted += 1
            false_alerts.append(
                {"query": query, "hit": hits[0].matched_name, "score": hits[0].score}
            )
    table(
        "persons written with initials (alert 0.8, review 0.7)",
        [*rows, ("other initials: false alerts", negatives, alerted / max(negatives, 1), "")],
        ("style", "n", "found @alert", "found @review"),
    )
    write_results("initials", {"rows": rows, "misses": misses, "false_alerts": false_alerts})


if __name__ == "__main__":
    main()
