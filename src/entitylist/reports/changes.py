"""The change report: what the lists gained, lost and changed over a period, counted by
list, by country and by Federal Register citation, with groups by name stem and a
headline a trade journalist would write.

Pipeline order: for each source, the snapshot in force at the start of the period (or the
one before the newest) and the newest one -> the store's diff -> `build_report` (pure)
counts, groups and words it -> `render` writes Markdown or HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from entitylist.errors import NotFound
from entitylist.federal_register.rules import RuleIndex
from entitylist.model import Citation
from entitylist.reports.by_rule import (
    RuleChanges,
    by_rule,
    country_label,
    listed_before,
    rule_words,
)
from entitylist.reports.stems import StemGroup, group_by_stem

if TYPE_CHECKING:
    from entitylist.reports.portfolio import PortfolioHit
from entitylist.reports.words import about, join, number, plural
from entitylist.store import Diff, SnapshotInfo, Store, StoredEntry
from entitylist.store.diff import ChangedEntry
from entitylist.store.stored import newest_of

KINDS = ("added", "removed", "changed")


@dataclass(frozen=True)
class SourceSpan:
    source: str
    before: SnapshotInfo
    after: SnapshotInfo
    added: int
    removed: int
    changed: int


@dataclass
class ChangeReport:
    since: datetime | None
    spans: list[SourceSpan]
    added: list[StoredEntry]
    removed: list[StoredEntry]
    changed: list[ChangedEntry]
    by_list: dict[str, dict[str, int]]
    by_country: dict[str, dict[str, int]]
    by_citation: dict[str, dict[str, Any]]
    groups: list[StemGroup]
    headline: str
    notes: list[str] = field(default_factory=list)
    by_rule: list[RuleChanges] = field(default_factory=list)
    not_in_earlier: list[StoredEntry] = field(default_factory=list)
    """Entries new to the later file but listed before the earlier one was published."""
    portfolio: list[PortfolioHit] = field(default_factory=list)
    """Monitored parties matching added or changed entries."""

    def to_dict(self) -> dict[str, Any]:
        def brief(s: StoredEntry) -> dict[str, Any]:
            return {
                "entry_id": s.id,
                "source": s.source,
                "key": s.key,
                "list": s.entry.list_code,
                "name": s.entry.name,
                "countries": list(s.entry.countries),
                "start_date": s.entry.start_date.isoformat() if s.entry.start_date else None,
                "citations": [c.text for c in s.entry.citations],
            }

        return {
            "since": self.since.isoformat() if self.since else None,
            "headline": self.headline,
            "sources": [
                {
                    "source": s.source,
                    "from": s.before.id,
                    "to": s.after.id,
                    "from_published": s.before.brief()["published_at"],
                    "to_published": s.after.brief()["published_at"],
                    "from_publication": s.before.publication,
                    "to_publication": s.after.publication,
                    "added": s.added,
                    "removed": s.removed,
                    "changed": s.changed,
                }
                for s in self.spans
            ],
            "by_list": self.by_list,
            "by_country": self.by_country,
            "by_citation": self.by_citation,
            "groups": [
                {
                    "stem": g.display,
                    "entries": [brief(m) for m in g.members],
                    "countries": dict(g.countries),
                    "already_listed": [brief(m) for m in g.already_listed],
                }
                for g in self.groups
            ],
            "added": [brief(s) for s in self.added],
            "removed": [brief(s) for s in self.removed],
            "changed": [
                {
                    **brief(c.after),
                    "fields": [
                        {"field": f.field, "label": f.label, "before": f.before, "after": f.after}
                        for f in c.fields
                    ],
                }
                for c in self.changed
            ],
            "notes": self.notes,
            "by_rule": [{**r.to_dict(), "summary": rule_words(r)} for r in self.by_rule],
            "not_in_earlier_file": len(self.not_in_earlier),
            "monitored_parties": [h.to_dict() for h in self.portfolio],
        }


def citation_key(c: Citation) -> str:
    """ "90 FR 13421" when parsed, else the text as published."""
    if c.volume and c.page:
        return f"{c.volume} FR {c.page}"
    return c.text.strip()


def _count(table: dict[str, Counter[str]], key: str, kind: str) -> None:
    table.setdefault(key, Counter())[kind] += 1


def _plain(table: dict[str, Counter[str]]) -> dict[str, dict[str, int]]:
    order = sorted(table, key=lambda k: (-sum(table[k].values()), k))
    return {k: {kind: table[k][kind] for kind in KINDS} for k in order}


def build_report(
    diffs: Sequence[Diff],
    in_force: Sequence[StoredEntry],
    before: Sequence[StoredEntry] = (),
    *,
    since: datetime | None = None,
    notes: Sequence[str] = (),
    rules: RuleIndex | None = None,
) -> ChangeReport:
    """Counts, groups and the headline from the diffs of one period (pure). `rules`: the
    known FR documents (the report by rule; listing dates for an incomplete earlier file)."""
    rules = rules if rules is not None else RuleIndex.of(())
    notes = list(notes)
    added: list[StoredEntry] = []
    lacked: list[StoredEntry] = []
    new_counts: list[int] = []
    for d in diffs:
        # Only a date the earlier file was surely published by: not its retrieval time.
        floor = d.from_snapshot.earliest_publication
        new, missing = listed_before(d.added, rules, floor.date()) if floor else (d.added, [])
        added += new
        lacked += missing
        new_counts.append(len(new))
        if missing:
            notes.append(incomplete_note(d, len(missing)))
    removed = [s for d in diffs for s in d.removed]
    changed = [c for d in diffs for c in d.changed]
    by_list, by_country, citations = _counts(added, removed, changed)
    groups = group_by_stem(added, in_force, before)
    report = ChangeReport(
        since=since,
        spans=[
            SourceSpan(
                d.source,
                d.from_snapshot,
                d.to_snapshot,
                new_count,
                len(d.removed),
                len(d.changed),
            )
            for d, new_count in zip(diffs, new_counts, strict=True)
        ],
        added=added,
        removed=removed,
        changed=changed,
        by_list=by_list,
        by_country=by_country,
        by_citation=citations,
        groups=groups,
        headline="",
        notes=notes,
        by_rule=by_rule(added, changed, rules, in_force, lacked),
        not_in_earlier=lacked,
    )
    report.headline = headline(report)
    return report


def _counts(
    added: Sequence[StoredEntry], removed: Sequence[StoredEntry], changed: Sequence[ChangedEntry]
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]], dict[str, dict[str, Any]]]:
    """Added, removed and changed by list, by first country, and by FR citation (with the
    date beside the citation)."""
    by_list: dict[str, Counter[str]] = {}
    by_country: dict[str, Counter[str]] = {}
    by_citation: dict[str, Counter[str]] = {}
    cite_dates: dict[str, date | None] = {}
    for kind, entries in (
        ("added", list(added)),
        ("removed", list(removed)),
        ("changed", [c.after for c in changed]),
    ):
        for s in entries:
            _count(by_list, s.entry.list_code, kind)
            for code in s.entry.countries[:1] or ("??",):
                _count(by_country, code, kind)
            for c in s.entry.citations:
                key = citation_key(c)
                _count(by_citation, key, kind)
                cite_dates.setdefault(key, c.date)
    citations: dict[str, dict[str, Any]] = {}
    for k, v in _plain(by_citation).items():
        when = cite_dates.get(k)
        citations[k] = {**v, "date": when.isoformat() if when else None}
    return _plain(by_list), _plain(by_country), citations


def incomplete_note(d: Diff, missing: int) -> str:
    earlier = d.from_snapshot
    return (
        f"{d.source}: {missing:,} entries of #{d.to_snapshot.id} are absent from #{earlier.id} "
        f"({earlier.publication}, {earlier.entry_count:,} entries) though "
        "listed before it was published (by their start dates or Federal Register "
        "citations): that file was incomplete, and they are not counted as added"
    )


def where_words(group: StemGroup) -> str:
    """ "five in China and one in Taiwan"; "all in Russia"."""
    places = group.countries.most_common()
    if len(places) == 1:
        return f"all in {country_label(places[0][0])}"
    return join([f"{number(c)} in {country_label(k)}" for k, c in places])


def headline(report: ChangeReport) -> str:
    """ "80 entries added, over 50 of them in China; six share the name Inspur (five in
    China, one in Taiwan). 3 removed, 12 changed." Numbers come from the counts above."""
    if not report.spans:
        return "Nothing was compared: " + (
            "; ".join(report.notes) if report.notes else "no source has two snapshots"
        )
    if not (report.added or report.removed or report.changed):
        compared = ", ".join(f"{s.source} #{s.before.id} -> #{s.after.id}" for s in report.spans)
        return f"Compared {compared}: the entries are the same."
    sentences = []
    n = len(report.added)
    if n:
        text = f"{n:,} {plural(n, 'entry', 'entries')} added"
        countries = Counter(s.entry.countries[0] for s in report.added if s.entry.countries)
        if countries:
            top, count = countries.most_common(1)[0]
            if count > 1 and count * 3 >= n:
                text += f", {about(count)} of them in {country_label(top)}"
        if report.groups:
            g = report.groups[0]
            text += f"; {number(len(g.members))} share the name {g.display} ({where_words(g)})"
            if g.already_listed:
                text += f", a name already on the list ({g.already_listed[0].entry.name})"
        sentences.append(text[0].upper() + text[1:] + ".")
    rest = []
    if report.removed:
        rest.append(f"{len(report.removed):,} removed")
    if report.changed:
        rest.append(f"{len(report.changed):,} changed")
    if rest:
        lead = join(rest)
        sentences.append(lead[0].upper() + lead[1:] + ".")
    return " ".join(sentences)


def period_diffs(
    store: Store, *, source: str | None = None, since: datetime | None = None
) -> tuple[list[Diff], list[str]]:
    """For each source (or one): the diff from the snapshot in force at `since` (default:
    the snapshot before the newest) to the newest snapshot."""
    current = store.current()
    if source is not None and source not in current:
        raise NotFound(
            f"no snapshot of source {source!r} (loaded: {', '.join(sorted(current)) or 'none'})"
        )
    at_start = store.current(as_of=since) if since is not None else {}
    diffs, notes = [], []
    for name in sorted([source] if source else current):
        newest = current[name]
        if since is not None:
            start = at_start.get(name)
            if start is None:
                notes.append(
                    f"{name}: no snapshot published on or before "
                    f"{since.date().isoformat()}; not compared"
                )
                continue
            if start.id == newest.id:
                notes.append(
                    f"{name}: no snapshot published since {since.date().isoformat()} "
                    f"(#{newest.id} was in force then and is now); not compared"
                )
                continue
            diffs.append(store.diff(name, start.id, newest.id))
            continue
        previous = newest_of(
            [
                s.dating
                for s in store.snapshots(name)
                if s.id != newest.id and not s.dating.surely_newer_than(newest.dating)
            ]
        )
        if previous is None:
            notes.append(f"{name}: only one snapshot; nothing to compare")
            continue
        diffs.append(store.diff(name, previous.id, newest.id))
    return diffs, notes


def change_report(
    store: Store, *, source: str | None = None, since: datetime | None = None
) -> ChangeReport:
    diffs, notes = period_diffs(store, source=source, since=since)
    return report_of(store, diffs, notes=notes, since=since)


def report_of(
    store: Store,
    diffs: Sequence[Diff],
    *,
    notes: Sequence[str] = (),
    since: datetime | None = None,
) -> ChangeReport:
    """The change report of these diffs (one, for the web UI's changes page, or a period's),
    with the known FR rules and the monitored parties that match what changed."""
    in_force = [s for d in diffs for s in store.entries(d.to_snapshot.id)]
    before = [s for d in diffs for s in store.entries(d.from_snapshot.id)]
    rules = RuleIndex.of(store.fr_documents())
    report = build_report(diffs, in_force, before, since=since, notes=notes, rules=rules)
    from entitylist.monitoring.parties import list_parties  # the portfolio, when there is one
    from entitylist.reports.portfolio import portfolio_hits

    report.portfolio = portfolio_hits(list_parties(store), report.added, report.changed)
    if report.portfolio:
        parties = len({h.party_id for h in report.portfolio})
        report.headline += (
            f" {number(parties).capitalize()} monitored {plural(parties, 'party', 'parties')} "
            "match added or changed entries."
        )
    return report
