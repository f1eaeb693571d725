"""The change report by Federal Register rule (pure), and the split of "added" entries
that an incomplete earlier file merely lacked.

By rule: every added or changed entry citing a known document is counted under it, with
its countries and the name groups among its entries; the rule's own count of entities
(from its summary, "adding 12 entities") is set beside the rows that cite it, because the
two differ: a row can cite several rules, and a rule also revises entries listed before.

Earlier file incomplete: an entry "added" whose listing date (published, or derived from
its citations) is before the earlier snapshot was published was already listed then; the
earlier file lacked it (the 2023 CSL export held 4,227 of the list's entries). Such entries
are reported apart, never counted as additions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from entitylist.countries import country_name
from entitylist.federal_register.documents import FrDocument
from entitylist.federal_register.listing import listing_date
from entitylist.federal_register.rules import RuleIndex
from entitylist.reports.stems import StemGroup, group_by_stem
from entitylist.reports.words import number, plural
from entitylist.store import StoredEntry
from entitylist.store.diff import ChangedEntry

_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve"
_WORDS = {w: n for n, w in enumerate(_NUMBER_WORDS.split())}
_ADDING = re.compile(
    r"\badding\s+(\d+|[a-z]+)\s+(?:new\s+)?(?:entities|entity|persons|entries)", re.I
)


@dataclass
class RuleChanges:
    """What one rule accounts for in a change: its rows added and changed."""

    document: FrDocument
    added: list[StoredEntry] = field(default_factory=list)
    changed: list[StoredEntry] = field(default_factory=list)
    groups: list[StemGroup] = field(default_factory=list)
    lacked: list[StoredEntry] = field(default_factory=list)
    """Rows citing the rule that the earlier file lacked though they were listed before it
    (not counted as added)."""

    @property
    def rows(self) -> list[StoredEntry]:
        return self.added + self.changed

    @property
    def countries(self) -> Counter[str]:
        return Counter(s.entry.countries[0] if s.entry.countries else "??" for s in self.rows)

    @property
    def also_citing_earlier(self) -> list[StoredEntry]:
        """Rows that also cite an earlier rule: entries listed before that this rule revised."""
        volume, page = self.document.volume or 0, self.document.start_page or 0
        return [
            s
            for s in self.rows
            if any(
                (c.volume or 0, c.page or 0) < (volume, page) for c in s.entry.citations if c.volume
            )
        ]

    @property
    def entities_said(self) -> int | None:
        """The number of entities the rule's summary says it adds, if it says."""
        match = _ADDING.search(self.document.abstract or "")
        if match is None:
            return None
        word = match.group(1).lower()
        return int(word) if word.isdigit() else _WORDS.get(word)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_number": self.document.document_number,
            "citation": self.document.citation,
            "title": self.document.title,
            "publication_date": _iso(self.document.publication_date),
            "effective_on": _iso(self.document.effective_on),
            "link": self.document.link,
            "added": len(self.added),
            "changed": len(self.changed),
            "countries": dict(self.countries.most_common()),
            "entities_in_summary": self.entities_said,
            "also_citing_earlier_rules": [s.entry.name for s in self.also_citing_earlier],
            "absent_from_earlier_file": len(self.lacked),
            "groups": [
                {"stem": g.display, "entries": [m.entry.name for m in g.members]}
                for g in self.groups
            ],
        }


def by_rule(
    added: Sequence[StoredEntry],
    changed: Sequence[ChangedEntry],
    rules: RuleIndex,
    in_force: Sequence[StoredEntry],
    lacked: Sequence[StoredEntry] = (),
) -> list[RuleChanges]:
    """The known rules cited by added or changed entries, the most rows first; `lacked`
    (entries an incomplete earlier file lacked) are noted under the rules they cite."""
    found: dict[str, RuleChanges] = {}
    kinds = (
        ("added", list(added)),
        ("changed", [c.after for c in changed]),
        ("lacked", list(lacked)),
    )
    for kind, entries in kinds:
        for s in entries:
            cited = dict.fromkeys(d.document_number for _, d in rules.cited_by(s.entry) if d)
            for doc in cited:
                if kind == "lacked" and doc not in found:
                    continue  # a rule only such rows cite changed nothing between the files
                item = found.setdefault(doc, RuleChanges(rules.by_number[doc]))
                getattr(item, kind).append(s)
    for item in found.values():
        item.groups = group_by_stem(item.rows, in_force)
    return sorted(found.values(), key=lambda r: (-len(r.rows), r.document.document_number))


def country_label(code: str) -> str:
    return "an unstated country" if code == "??" else (country_name(code) or code)


def listed_before(
    added: Sequence[StoredEntry], rules: RuleIndex, earlier: date
) -> tuple[list[StoredEntry], list[StoredEntry]]:
    """(added, already listed before `earlier`): the second, an incomplete file lacked."""
    new: list[StoredEntry] = []
    lacked: list[StoredEntry] = []
    for s in added:
        listed = listing_date(s.entry, rules)
        (lacked if listed is not None and listed.date < earlier else new).append(s)
    return new, lacked


def rule_words(item: RuleChanges) -> str:
    """ "90 FR 14046 (2025-05427), Additions to the Entity List: 17 entries (14 added, 3
    changed), China 13, Taiwan 1; six Inspur entries (...). Its summary counts 12 ..." """
    d = item.document
    where = ", ".join(f"{country_label(c)} {n}" for c, n in item.countries.most_common())
    counts = f"{len(item.added)} added, {len(item.changed)} changed"
    text = f"{d.citation or d.pages} ({d.document_number}), {d.title}"
    if d.publication_date:
        text += f", published {d.publication_date.isoformat()}"
    if d.effective_on:
        text += f", effective {d.effective_on.isoformat()}"
    rows = len(item.rows)
    text += f": {number(rows)} {plural(rows, 'entry', 'entries')} ({counts}), {where}"
    for g in item.groups:
        names = "; ".join(m.entry.name for m in g.members)
        text += f"; {number(len(g.members))} {g.display} entries ({names})"
    said = item.entities_said
    revised = item.also_citing_earlier
    if said is not None:
        text += f". Its summary counts {said} entities added"
        if revised:
            shown = ", ".join(sorted({s.entry.name for s in revised}))
            text += (
                f"; {len(revised)} of the rows also cite earlier rules ({shown}): entries "
                "listed before that it revised"
            )
        rest = rows - len(revised) - said
        if rest:
            text += (
                f"; {abs(rest)} {'more' if rest > 0 else 'fewer'} rows than that cite only it "
                "(the list keeps one row per entry, and an entry can be one of several the "
                "rule names or revises)"
            )
    if item.lacked:
        n = len(item.lacked)
        text += (
            f"; {n} more {plural(n, 'row', 'rows')} citing it {plural(n, 'was', 'were')} "
            "listed before the earlier file but absent from it (not counted here)"
        )
    return text + "."


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
