"""Persons' names written with another spelling of one word (Arabic and Russian names).

Positives are built from real listed persons of OFAC's SDN set (2021), the UN list and
the 2023 CSL: each person whose name carries a word below gives one query per class, the
listed name with that one word written as a screener writes it:

- Arabic vowels: `Ali` -> `Aly`, `Aziz` -> `Azeez`, `Nur` -> `Noor`, `Yusuf` -> `Yousef`,
  `Mohammed` -> `Muhammad`, ... (`ARABIC` below);
- Russian given names: `Artem` -> `Artyom`, `Fedor` -> `Fyodor`, `Sergey` -> `Sergei`, ...
  (`RUSSIAN` below);
- Russian endings: `-iy` / `-y` written the other way (`Dmitriy` -> `Dmitry`,
  `Kolomoisky` -> `Kolomoiskiy`), in a name with a Russian-looking surname;
- `kh` written `h` (Cyrillic х, `TOKHTAKHOUNOV` -> `TOHTAHOUNOV`), likewise;
- `Abd al-X` written as the other forms (`Abd al-Kader`, `Abdel Kader`, `Abdul Kader`,
  `Abdulkader`, `Abdelkader`);
- `al-X` written joined (`AL-HOUTHI` -> `ALHOUTHI`).

A positive is found when an alert (or, in the second column, a review hit) names the
person's own entry, or an entry of another list with the same primary name (the CSL
repeats OFAC's rows). The tables are the benchmark's own, written apart from the
engine's `name_spellings.yml`.

Negatives: the yente benchmark's synthetic persons (`negatives_us.csv` +
`negatives_global.csv`) in Latin script, made the same way (each class applied to the
names it fits, up to `--negatives` a class); a false alert is any result >= alert. A
query that is a listed name as written is left out.

Baselines in the same run: rapidfuzz WRatio (best over every listed name, alert at 0.90)
and nomenklatura logic-v2 (on the entries our retrieval and the WRatio scan nominate,
alert at 0.70), skipped when not installed. Not part of the test suite.
Usage: python benchmarks/bench_spellings.py [--positives N] [--negatives N] [--no-logic-v2]
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from bench_vessels import CLASS_HEADER, LOGIC_V2_ALERT, RAPIDFUZZ_ALERT, Case, same_party
from common import ALL_LISTS, DATA, BruteForce, entries, read_csv, records, table, write_results
from entitylist.matching import DEFAULT_THRESHOLDS, ENGINE_VERSION, MatchIndex, Query
from logic_v2 import LogicV2Baseline

SEED = 20261204
SOURCES = ("ofac", "un", "csl")
ARABIC: dict[str, tuple[str, ...]] = {
    "ali": ("aly",), "aly": ("ali",), "aziz": ("azeez",), "azeez": ("aziz",),
    "nur": ("noor",), "noor": ("nur",), "yusuf": ("yousef", "youssef"),
    "yousef": ("yusuf", "youssef"), "youssef": ("yusuf",), "yousif": ("yusuf",),
    "mohammed": ("muhammad", "mohamed"), "muhammad": ("mohammed", "mohamed"),
    "mohammad": ("muhammad",), "mohamed": ("muhammad", "mohammed"),
    "hussein": ("husain", "hussain"), "hussain": ("hussein", "husayn"),
    "husayn": ("hussein",), "husain": ("hussein",), "omar": ("umar",), "umar": ("omar",),
    "osama": ("usama",), "usama": ("osama",), "othman": ("uthman",), "uthman": ("othman",),
    "karim": ("kareem",), "kareem": ("karim",), "rahim": ("raheem",), "rashid": ("rasheed",),
    "rasheed": ("rashid",), "hamid": ("hameed",), "majid": ("majeed",), "said": ("saeed",),
    "saeed": ("said",), "khalid": ("khaled",), "khaled": ("khalid",), "walid": ("waleed",),
    "mahmoud": ("mahmud",), "mahmud": ("mahmoud",), "mustafa": ("mostafa",),
    "mostafa": ("mustafa",), "amin": ("ameen",), "jamil": ("jameel",), "saleh": ("salih",),
    "salih": ("saleh",), "suleiman": ("sulayman",), "sulayman": ("suleiman",),
    "faisal": ("faysal",), "zubair": ("zubayr",), "bashir": ("basheer",), "nasir": ("naseer",),
}  # fmt: skip
RUSSIAN: dict[str, tuple[str, ...]] = {
    "artem": ("artyom",), "artyom": ("artem",), "fedor": ("fyodor",), "fyodor": ("fedor",),
    "semen": ("semyon",), "semyon": ("semen",), "petr": ("pyotr",), "pyotr": ("petr",),
    "alexey": ("aleksei",), "aleksey": ("alexei",), "alexei": ("aleksey",),
    "aleksandr": ("alexander",), "alexander": ("aleksandr",), "sergey": ("sergei",),
    "sergei": ("sergey",), "andrey": ("andrei",), "andrei": ("andrey",),
    "nikolay": ("nikolai",), "nikolai": ("nikolay",), "evgeny": ("yevgeniy",),
    "evgeniy": ("yevgeny",), "yevgeniy": ("evgeny",), "yevgeny": ("evgeniy",),
    "matvey": ("matvei",), "timofey": ("timofei",), "alexeyevich": ("alekseevich",),
    "tatiana": ("tatyana",), "tatyana": ("tatiana",), "natalia": ("natalya",),
    "natalya": ("natalia",), "yulia": ("yuliya",), "yuliya": ("yulia",), "ilya": ("ilia",),
    "mikhail": ("mihail",), "maksim": ("maxim",), "maxim": ("maksim",),
}  # fmt: skip
_SLAVIC = re.compile(r"(?:ov|ev|ova|eva|in|ina|sky|skiy|ich|vna|enko|uk|yuk)\b", re.I)
_WORD = re.compile(r"[A-Za-z]+")
_ABD = re.compile(
    r"\b(?:abd[ -]?(?:al|el|ul)[ -]?|abdel[ -]?|abdul[ -]?|abdoul[ -]?)(?P<x>[a-z]{3,})\b", re.I
)
_AL = re.compile(r"(?<!abd )(?<!abd-)\b(?P<al>al)[- ](?P<x>[a-z]{3,})\b", re.I)
ABD_FORMS = ("Abd al-{}", "Abdel {}", "Abdul {}", "Abdul{}", "Abdel{}")


def _cased(like: str, word: str) -> str:
    if like.isupper():
        return word.upper()
    return word.capitalize() if like[:1].isupper() else word


def _replace_word(name: str, table_: dict[str, tuple[str, ...]], rng: random.Random) -> str | None:
    words = [m for m in _WORD.finditer(name) if m[0].casefold() in table_]
    if not words:
        return None
    m = rng.choice(words)
    other = rng.choice(table_[m[0].casefold()])
    return name[: m.start()] + _cased(m[0], other) + name[m.end() :]


def _ending(name: str, rng: random.Random) -> str | None:
    if not _SLAVIC.search(name):
        return None
    options = []
    for m in _WORD.finditer(name):
        w = m[0]
        if len(w) >= 5 and w.casefold().endswith("iy"):
            options.append((m, w[:-2] + w[-1]))
        elif len(w) >= 5 and w.casefold().endswith(("sky", "ry", "ly", "dy")):
            options.append((m, w[:-1] + _cased(w[-1], "i") + w[-1]))
    if not options:
        return None
    m, other = rng.choice(options)
    return name[: m.start()] + other + name[m.end() :]


def _kh(name: str, rng: random.Random) -> str | None:
    words = [m for m in _WORD.finditer(name) if "kh" in m[0].casefold()]
    if not words or not _SLAVIC.search(name):
        return None
    m = rng.choice(words)
    other = re.sub("kh", lambda k: "H" if k[0][0].isupper() else "h", m[0], flags=re.I)
    return name[: m.start()] + other + name[m.end() :]


def _abd(name: str, rng: random.Random) -> str | None:
    m = _ABD.search(name)
    if m is None or m["x"].casefold().startswith(("lah", "llah")):
        return None  # Abd Allah (`Abdullah`) is a spelling of one word, not an Abd al-X
    written = re.sub(r"[\s-]+", " ", m[0].casefold()).strip()
    x = m["x"].casefold()
    forms = [
        f.format(x.capitalize() if " " in f else x)
        for f in ABD_FORMS
        if f.format(x).casefold() != written
    ]
    form = rng.choice(forms)
    return name[: m.start()] + (form.upper() if m[0].isupper() else form) + name[m.end() :]


def _al_joined(name: str, rng: random.Random) -> str | None:
    found = list(_AL.finditer(name))
    if not found:
        return None
    m = rng.choice(found)
    joined = m["al"] + (m["x"] if m["al"].isupper() else m["x"].casefold())
    return name[: m.start()] + joined + name[m.end() :]


CLASSES: dict[str, Callable[[str, random.Random], str | None]] = {
    "Arabic vowels": lambda n, r: _replace_word(n, ARABIC, r),
    "Russian given names": lambda n, r: _replace_word(n, RUSSIAN, r),
    "Russian -iy/-y endings": _ending,
    "kh written h": _kh,
    "Abd al-X forms": _abd,
    "al-X joined": _al_joined,
}


def positives(limit: int, parties: dict[tuple[str, str], set[str]]) -> list[Case]:
    rng = random.Random(SEED)
    by_class: dict[str, list[Case]] = defaultdict(list)
    for source in SOURCES:
        for e in entries(source):
            if str(e.entry_type) != "individual":
                continue
            refs = frozenset(parties[("individual", e.names[0].upper())] | {f"{source}|{e.key}"})
            for kind, make in CLASSES.items():
                for name in e.names:
                    query = make(name, rng)
                    if query and query.casefold() != name.casefold():
                        by_class[kind].append(Case(kind, query, "individual", refs))
                        break
    return [c for kind in CLASSES for c in _sample(by_class[kind], limit, rng)]


def negatives(limit: int, listed: set[str]) -> list[Case]:
    rng = random.Random(SEED + 1)
    rows = [
        row["full_name"]
        for f in ("negatives_us.csv", "negatives_global.csv")
        for row in read_csv(DATA / "benchmarks" / "yente" / f)
        if row["full_name"].isascii()
    ]
    out: list[Case] = []
    for kind, make in CLASSES.items():
        made = [(name, make(name, rng)) for name in rows]
        queries = [q for n, q in made if q and q.casefold() != n.casefold()]
        queries = [q for q in queries if q.upper() not in listed]
        not_listed = f"{kind}: not listed"
        out += _sample(
            [Case(not_listed, q, "individual", frozenset()) for q in queries], limit, rng
        )
    return out


def _sample(cases: Sequence[Case], limit: int, rng: random.Random) -> list[Case]:
    return list(cases) if len(cases) <= limit else rng.sample(list(cases), limit)


def evaluate(
    cases: Sequence[Case], index: MatchIndex, brute: BruteForce, logic: LogicV2Baseline | None
) -> tuple[list[list[object]], list[dict[str, object]]]:
    """Per class: cases, ours at alert and review, WRatio, logic-v2; and every miss and
    false alert of ours, with the best score of the expected entry."""
    alert = DEFAULT_THRESHOLDS.alert
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    wrong: list[dict[str, object]] = []
    for case in cases:
        found = index.search(Query(name=case.query, entity_type=case.entity_type), limit=10)
        ref, wr = brute.best(case.query)
        refs = [m.ref for m in found] + ([ref] if ref else [])
        wanted = [r for r in refs if r in case.expected] if case.expected else refs
        t = tally[case.kind]
        t[0] += 1
        ours = [m for m in found if (m.ref in case.expected or not case.expected)]
        t[1] += any(m.score >= alert for m in ours)
        t[2] += bool(ours)
        t[3] += wr >= RAPIDFUZZ_ALERT and (ref in case.expected or not case.expected)
        if logic is not None and wanted:
            t[4] += logic.best(case.query, case.entity_type, wanted) >= LOGIC_V2_ALERT
        if case.expected and not any(m.score >= alert for m in ours):
            wrong.append(
                {
                    "class": case.kind,
                    "query": case.query,
                    "score": max((m.score for m in ours), default=None),
                    "top": found[0].matched_name if found else None,
                }
            )
        elif not case.expected and ours and ours[0].score >= alert:
            wrong.append(
                {
                    "class": case.kind,
                    "query": case.query,
                    "hit": ours[0].matched_name,
                    "score": ours[0].score,
                    "summary": ours[0].explanation.summary,
                }
            )
    rows: list[list[object]] = []
    for kind, (n, hits, reviewed, fuzzy, logic_hits) in tally.items():
        rows.append(
            [
                kind,
                n,
                "false alerts" if kind.endswith("not listed") else "found",
                f"{hits / n:.1%}",
                f"{reviewed / n:.1%}",
                f"{fuzzy / n:.1%}",
                f"{logic_hits / n:.1%}" if logic else "-",
            ]
        )
    return rows, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--positives", type=int, default=300, help="at most N a class")
    parser.add_argument("--negatives", type=int, default=1000, help="at most N a class")
    parser.add_argument("--no-logic-v2", action="store_true")
    args = parser.parse_args()
    recs = records(ALL_LISTS)
    index = MatchIndex.build(recs)
    cases = positives(args.positives, same_party(recs))
    cases += negatives(args.negatives, {name.upper() for r in recs for name in r.names})
    logic = None if args.no_logic_v2 or not LogicV2Baseline.available() else LogicV2Baseline(recs)
    rows, wrong = evaluate(cases, index, BruteForce(recs), logic)
    table(
        f"persons' names with another spelling of one word (engine {ENGINE_VERSION})",
        rows,
        CLASS_HEADER,
    )
    write_results("spellings", {"engine": ENGINE_VERSION, "rows": rows, "wrong": wrong})


if __name__ == "__main__":
    main()
