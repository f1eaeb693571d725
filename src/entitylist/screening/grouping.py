"""Grouping hits by the real listed party behind them: one alert per party, not per row.

A list row is not a listed party: the CSL republishes each agency's rows (so a `csl` DPL
row and the `dpl` row are one entry), and the DPL publishes one denial order once per
address and per spelling of the name. The rules are data (`data/grouping.yml`): each hit
gets labels (the entry it is, the party a per-address list row belongs to), hits sharing
a label are joined, and each group says which rule joined it and why. Works on anything
that carries a `StoredEntry` (screening hits, monitoring results), through `entry_of`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from normality import normalize

from entitylist.packaged import packaged_yaml
from entitylist.store import StoredEntry

T = TypeVar("T")

FIELDS = ("compact_name", "start_date", "end_date", "first_citation")


@dataclass(frozen=True)
class ManyRowsRule:
    list_code: str
    same: tuple[str, ...]
    explain: str
    source: str


@dataclass(frozen=True)
class GroupingRules:
    same_entry_explain: str
    same_entry_source: str
    many_rows: dict[str, ManyRowsRule]


@cache
def load_rules() -> GroupingRules:
    return parse_rules(packaged_yaml("entitylist.screening", "data/grouping.yml"), "grouping.yml")


def parse_rules(data: Any, where: str) -> GroupingRules:
    """The rules from their YAML form; a rule naming an unknown field is refused."""
    many: dict[str, ManyRowsRule] = {}
    for code, rule in (data.get("one_party_many_rows") or {}).items():
        same = tuple(rule["same"])
        unknown = [f for f in same if f not in FIELDS]
        if unknown:
            raise ValueError(
                f"{where}: one_party_many_rows.{code}.same: unknown field(s) "
                f"{', '.join(unknown)}; known: {', '.join(FIELDS)}"
            )
        many[code] = ManyRowsRule(code, same, " ".join(rule["explain"].split()), rule["source"])
    entry = data["same_entry"]
    return GroupingRules(" ".join(entry["explain"].split()), entry["source"], many)


def compact_name(name: str) -> str:
    """The name without case, accents, spaces or punctuation: AL-NASER AIRLINES and
    ALNASER AIRLINES read the same."""
    return "".join(ch for ch in (normalize(name) or "") if ch.isalnum())


def _field(stored: StoredEntry, name: str) -> str:
    e = stored.entry
    if name == "compact_name":
        return compact_name(e.name)
    if name == "start_date":
        return e.start_date.isoformat() if e.start_date else ""
    if name == "end_date":
        return e.end_date.isoformat() if e.end_date else ""
    # The first citation is the order's own notice; later ones (renewals) are often typed
    # differently from row to row, so only volume and page are compared.
    if not e.citations:
        return ""
    first = e.citations[0]
    return f"{first.volume} FR {first.page}" if first.volume and first.page else first.text


def labels(stored: StoredEntry, rules: GroupingRules) -> list[str]:
    """What this row is: its entry, and (per-address lists) the party it is a row of."""
    e = stored.entry
    found = [f"entry:{e.list_code}:{e.key}"]
    rule = rules.many_rows.get(e.list_code)
    if rule is not None and compact_name(e.name):
        found.append(f"party:{e.list_code}:" + "~".join(_field(stored, f) for f in rule.same))
    return found


@dataclass(frozen=True)
class HitGroup(Generic[T]):
    """The hits that stand for one listed party, best first."""

    key: str
    """Stable id of the listed party (a digest of its party label, else its entry label)."""
    items: tuple[T, ...]
    entries: tuple[StoredEntry, ...]
    reasons: tuple[str, ...]
    """Why these rows are one party (empty for a single row)."""

    @property
    def best(self) -> T:
        return self.items[0]

    @property
    def rows(self) -> int:
        return len(self.items)

    def explanation(self) -> str:
        if not self.reasons:
            return "one row of one list"
        return "One listed party: " + "; ".join(self.reasons) + "."

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.key,
            "rows": self.rows,
            "entry_ids": [s.id for s in self.entries],
            "sources": sorted({s.source for s in self.entries}),
            "explanation": self.explanation(),
        }


def group_hits(
    items: Sequence[T],
    entry_of: Callable[[T], StoredEntry],
    rules: GroupingRules | None = None,
) -> list[HitGroup[T]]:
    """Group `items` (in their order: the best first) by listed party; groups in the order
    of their best item."""
    rules = rules or load_rules()
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    all_labels = [labels(entry_of(item), rules) for item in items]
    for i, found in enumerate(all_labels):
        for label in found:
            if label in owner:
                a, b = root(owner[label]), root(i)
                parent[max(a, b)] = min(a, b)
            else:
                owner[label] = i
    members: dict[int, list[int]] = {}
    for i in range(len(items)):
        members.setdefault(root(i), []).append(i)
    return [
        _group(items, entry_of, [all_labels[i] for i in idx], idx, rules)
        for _, idx in sorted(members.items())
    ]


def _group(
    items: Sequence[T],
    entry_of: Callable[[T], StoredEntry],
    found: list[list[str]],
    idx: list[int],
    rules: GroupingRules,
) -> HitGroup[T]:
    entries = tuple(entry_of(items[i]) for i in idx)
    flat = sorted({label for labels_ in found for label in labels_})
    party = [label for label in flat if label.startswith("party:")]
    key = hashlib.sha256((party or flat)[0].encode()).hexdigest()[:16]
    return HitGroup(key, tuple(items[i] for i in idx), entries, _reasons(entries, rules))


def _reasons(entries: tuple[StoredEntry, ...], rules: GroupingRules) -> tuple[str, ...]:
    if len(entries) < 2:
        return ()
    reasons: list[str] = []
    by_entry: dict[tuple[str, str], set[str]] = {}
    for s in entries:
        by_entry.setdefault((s.entry.list_code, s.key), set()).add(s.source)
    shared = sorted(
        (key, sources) for (_code, key), sources in by_entry.items() if len(sources) > 1
    )
    if shared:
        sources = sorted(set().union(*(s for _, s in shared)))
        reasons.append(
            rules.same_entry_explain.format(
                list=entries[0].entry.list_code,
                key=shared[0][0],
                count=len(shared),
                sources=" and ".join(sources),
            )
        )
    first = entries[0].entry
    rule = rules.many_rows.get(first.list_code)
    if rule is not None and len({k for _, k in by_entry}) > 1:
        reasons.append(
            rule.explain.format(
                rows=len(by_entry),
                name=first.name,
                start_date=_field(entries[0], "start_date") or "(none)",
                end_date=_field(entries[0], "end_date") or "(none)",
                first_citation=_field(entries[0], "first_citation") or "(none)",
            )
        )
    return tuple(reasons)
