"""Vessels, aircraft and identifiers: how a screener writes them, against the shared lists.

Positives are built from real listed rows of the lists loaded (OFAC's SDN set of 2021,
the 2023 CSL, OFAC's consolidated set, the DPL and the UN list): every vessel with a
published IMO number, every aircraft with a model or a serial number in its remarks, and
persons and companies with a passport or registration number, written as an ERP or a
booking system holds them:

- `name (IMO n)`, `M/V name` or `M/T name`, the IMO number alone (`IMO n`, `n`);
- a closing number written the other way (`HAO FAN 6` for `HAO FAN VI`, and back);
- an aircraft's registration with its model in brackets (`EP-GOM (IL76-TD)`), its
  manufacturer's serial number alone;
- a passport or registration number alone.

A positive is found when an alert (or, in the second column, a review hit) names the row's
own entry, or an entry of another list with the same name and type (the CSL repeats OFAC's
rows). Negatives are real vessel and aircraft names that these lists do not hold: those
the 2026 CSL added later, written the same ways, and the listed IMO numbers with their
check digit changed (numbers of no ship).

Baselines in the same run: rapidfuzz WRatio (best over every listed name, alert at 0.90)
and nomenklatura logic-v2 (on the entries our retrieval and the WRatio scan nominate,
alert at 0.70, its default), both given the same query text. `--no-identifiers` builds
the index without identifiers, to show what the identifier feature itself adds.
Not part of the test suite. Usage: python benchmarks/bench_vessels.py [--no-identifiers]
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

from common import ALL_LISTS, BruteForce, entries, records, table, write_results
from entitylist.matching import DEFAULT_THRESHOLDS, IndexRecord, MatchIndex, Query
from entitylist.model import Entry
from logic_v2 import LogicV2Baseline

_MODEL = re.compile(r"Aircraft Model ([^;]+)")
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6", "VII": "7"}
_ROMAN.update({"VIII": "8", "IX": "9", "X": "10", "XI": "11", "XII": "12"})
_ARABIC = {v: k for k, v in _ROMAN.items()}
RAPIDFUZZ_ALERT = 0.90
LOGIC_V2_ALERT = 0.70
CLASS_HEADER = (
    "class",
    "cases",
    "measure",
    "entitylist alert",
    "entitylist review",
    f"WRatio >= {RAPIDFUZZ_ALERT}",
    f"logic-v2 >= {LOGIC_V2_ALERT}",
)
"""The columns of a per-class table (this script's and bench_spellings.py's)."""


@dataclass(frozen=True)
class Case:
    kind: str
    query: str
    entity_type: str | None
    expected: frozenset[str]
    """Refs an alert may name; empty for a negative."""


def same_party(recs: Sequence[IndexRecord]) -> dict[tuple[str, str], set[str]]:
    """(type, primary name upper case) -> the refs of every list that names it so."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in recs:
        for name in r.names:
            out[(r.entity_type, name.upper())].add(r.ref)
    return out


def _ids(entry: Entry, *kinds: str) -> list[str]:
    return [i.value for i in entry.identifiers if i.kind in kinds]


def _imo(value: str) -> str:
    return value.upper().removeprefix("IMO").strip()


def _add(
    out: list[Case], kind: str, query: str, entity_type: str | None = None, *, refs: frozenset[str]
) -> None:
    out.append(Case(kind, query, entity_type, refs))


def positives(lists: Sequence[str], parties: dict[tuple[str, str], set[str]]) -> list[Case]:
    out: list[Case] = []
    for source in lists:
        for e in entries(source):
            t, name = str(e.entry_type), e.names[0]
            refs = frozenset(parties[(t, name.upper())] | {f"{source}|{e.key}"})
            add = partial(_add, out, refs=refs, entity_type=t)
            if t == "vessel":
                for imo in map(_imo, _ids(e, "imo", "Vessel Registration Identification")):
                    add("vessel: name (IMO n)", f"{name} (IMO {imo})")
                    add("vessel: IMO n alone", f"IMO {imo}", entity_type=None)
                    add("vessel: number alone", imo, entity_type=None)
                prefix = "M/T" if len(out) % 2 else "M/V"
                add("vessel: M/V or M/T prefix", f"{prefix} {name}")
                last = name.split()[-1]
                if len(name.split()) > 1 and (last in _ROMAN or last in _ARABIC):
                    other = _ROMAN.get(last) or _ARABIC[last]
                    add("vessel: closing number the other way", f"{name[: -len(last)]}{other}")
            elif t == "aircraft":
                model = _MODEL.search(e.remarks or "")
                if model:
                    add("aircraft: registration (model)", f"{name} ({model[1].strip()})")
                for msn in _ids(e, "aircraft_msn"):
                    add("aircraft: serial number alone", msn, entity_type=None)
            elif t in ("individual", "entity"):
                kinds = ("passport",) if t == "individual" else ("registration_number",)
                for value in _ids(e, *kinds)[:1]:
                    add(f"{t}: {kinds[0]} alone", value, entity_type=None)
    return out


def negatives(listed: set[str], imos: list[str]) -> list[Case]:
    """Vessel and aircraft names the 2026 CSL added (no list loaded here holds them), and
    listed IMO numbers with another check digit."""
    out: list[Case] = []
    seen: set[str] = set()
    for e in entries("csl2026"):
        t, name = str(e.entry_type), e.names[0]
        if t not in ("vessel", "aircraft") or name.upper() in listed or name in seen:
            continue
        seen.add(name)
        out.append(Case(f"{t} not listed: name", name, t, frozenset()))
        if t == "vessel":
            out.append(Case("vessel not listed: M/V name", f"M/V {name}", t, frozenset()))
    for imo in imos:
        if len(imo) == 7 and imo.isdigit():
            other = imo[:6] + str((int(imo[6]) + 5) % 10)
            if other not in imos:
                out.append(Case("IMO number of no listed ship", f"IMO {other}", None, frozenset()))
    return out


def evaluate(
    cases: Sequence[Case], index: MatchIndex, brute: BruteForce, logic: LogicV2Baseline | None
) -> list[list[object]]:
    alert = DEFAULT_THRESHOLDS.alert
    # cases, ours at alert, ours at review, rapidfuzz, logic-v2
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for case in cases:
        found = index.search(Query(name=case.query, entity_type=case.entity_type), limit=5)
        ours = [m.ref for m in found if m.score >= alert]
        ref, wr = brute.best(case.query)
        fuzzy = [ref] if wr >= RAPIDFUZZ_ALERT else []
        t = tally[case.kind]
        t[0] += 1
        reviewed = [m.ref for m in found]
        if case.expected:
            t[1] += any(r in case.expected for r in ours)
            t[2] += any(r in case.expected for r in reviewed)
            t[3] += any(r in case.expected for r in fuzzy)
        else:
            t[1] += bool(ours)
            t[2] += bool(reviewed)
            t[3] += bool(fuzzy)
        if logic is not None:
            refs = [m.ref for m in found] + ([ref] if ref else [])
            score = logic.best(case.query, case.entity_type, refs)
            if case.expected:
                best = [r for r in refs if r in case.expected]
                t[4] += (
                    bool(best) and logic.best(case.query, case.entity_type, best) >= LOGIC_V2_ALERT
                )
            else:
                t[4] += score >= LOGIC_V2_ALERT
    rows: list[list[object]] = []
    for kind in sorted(tally, key=lambda k: (k.count("not") + k.count("no "), k)):
        n, ours, reviewed, fuzzy, logic_hits = tally[kind]
        what = "false alerts" if "not" in kind or "no listed" in kind else "found"
        rows.append(
            [
                kind,
                n,
                what,
                f"{ours / n:.1%}",
                f"{reviewed / n:.1%}",
                f"{fuzzy / n:.1%}",
                f"{logic_hits / n:.1%}" if logic else "-",
            ]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-identifiers", action="store_true")
    parser.add_argument("--no-logic-v2", action="store_true")
    args = parser.parse_args()
    recs = records(ALL_LISTS)
    if args.no_identifiers:
        recs = [replace(r, identifiers=()) for r in recs]
    index = MatchIndex.build(recs)
    parties = same_party(recs)
    cases = positives(ALL_LISTS, parties)
    listed = {name.upper() for r in recs for name in r.names}
    imos = sorted({_imo(v) for s in ALL_LISTS for e in entries(s) for v in _ids(e, "imo")})
    cases += negatives(listed, imos)
    logic = None if args.no_logic_v2 or not LogicV2Baseline.available() else LogicV2Baseline(recs)
    rows = evaluate(cases, index, BruteForce(recs), logic)
    table(
        f"vessels, aircraft and identifiers (identifiers indexed: {not args.no_identifiers})",
        rows,
        CLASS_HEADER,
    )
    write_results("vessels" + ("_no_identifiers" if args.no_identifiers else ""), {"rows": rows})


if __name__ == "__main__":
    main()
