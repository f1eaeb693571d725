"""Grouping listed organisations by a shared, distinctive name stem (pure).

A heuristic, and reports say so: listings rarely publish ownership, but a group's members
usually carry its name near the start ("Inspur Electronic Information Industry", "Inspur
Taiwan Co Ltd", "Beijing Inspur Data Technology"), and a group has two distinct names at
least (one party listed at two addresses is not a group). The stem of a name is its first
name word that is not a legal form, a generic word (sector words and much-named places,
from the matching core's reference data), a country name or shorter than three letters.
People, vessels and aircraft are left out: first names and fleet prefixes are not groups.
A stem carried by many entries outside the group ("aero", "islamic") is not distinctive
and makes no group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from entitylist.countries import to_iso2
from entitylist.matching import DEFAULT_NORMALIZER, TokenKind
from entitylist.matching.resources import reference_data
from entitylist.model import Entry, EntryType
from entitylist.packaged import packaged_yaml
from entitylist.store import StoredEntry

MIN_GROUP = 2


@dataclass
class StemGroup:
    stem: str
    display: str
    """The stem as most members spell it ("Inspur")."""
    members: list[StoredEntry]
    already_listed: list[StoredEntry] = field(default_factory=list)
    """Entries with the same stem that were listed before (a parent, an earlier batch)."""

    @property
    def countries(self) -> Counter[str]:
        return Counter(m.entry.countries[0] if m.entry.countries else "??" for m in self.members)


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(reference_data().generic_words)


@lru_cache(maxsize=1)
def _not_stems() -> frozenset[str]:
    words = packaged_yaml("entitylist.reports", "data/stem_words.yml")["words"]
    return frozenset(str(w).casefold() for w in words)


@lru_cache(maxsize=1)
def _skipped() -> frozenset[str]:
    return _generic() | _not_stems()


def is_organisation(entry: Entry) -> bool:
    """Organisations, vessels and aircraft; of untyped entries, those whose name has a legal
    form or a generic business word (lists such as the Entity List leave the type empty)."""
    if entry.entry_type is EntryType.INDIVIDUAL:
        return False
    if entry.entry_type in (EntryType.ENTITY, EntryType.VESSEL, EntryType.AIRCRAFT):
        return True
    form = DEFAULT_NORMALIZER(entry.name)
    return any(
        k is TokenKind.LEGAL or t in _generic()
        for t, k in zip(form.tokens, form.kinds, strict=True)
    )


@lru_cache(maxsize=65536)
def name_stem(name: str) -> str | None:
    form = DEFAULT_NORMALIZER(name)
    for token, kind in zip(form.tokens, form.kinds, strict=True):
        if kind is not TokenKind.NAME or len(token) < 3 or token.isdigit():
            continue
        singular = token[:-1] if token.endswith("s") else token  # "electronics", "systems"
        if {token, singular} & _skipped() or to_iso2(token) is not None:
            continue
        return token
    return None


def entry_stem(entry: Entry) -> str | None:
    """The stem of an organisation's name. Vessels and aircraft are left out: a fleet
    shares a prefix ("FU YUAN YU 7876", "FU YUAN YU 7877"), not a parent's name."""
    if entry.entry_type in (EntryType.VESSEL, EntryType.AIRCRAFT):
        return None
    return name_stem(entry.name) if is_organisation(entry) else None


def leads(stem: str, name: str) -> bool:
    """The stem is among the first two words of the name ("Inspur Software", "Beijing Inspur
    Data"): a parent's name leads its subsidiaries' names; a sector word sits further in
    ("Joint Stock Company Research and Production Association ...")."""
    words = DEFAULT_NORMALIZER(name).tokens
    return stem in words[:2]


def _display(stem: str, members: Sequence[StoredEntry]) -> str:
    spellings: Counter[str] = Counter()
    for m in members:
        for word in m.entry.name.replace("-", " ").split():
            cleaned = word.strip("()[],.:;\"'")
            if cleaned.casefold() == stem:
                spellings[cleaned] += 1
    if not spellings:
        return stem.capitalize()
    best = spellings.most_common(1)[0][0]
    return best.capitalize() if best.isupper() and len(best) > 4 else best


def group_by_stem(
    added: Iterable[StoredEntry],
    in_force: Iterable[StoredEntry],
    before: Iterable[StoredEntry] = (),
) -> list[StemGroup]:
    """Groups of at least two added organisations sharing a distinctive stem, largest first.

    `in_force`: every entry in force after the change (to judge distinctiveness);
    `before`: the entries in force before it (to find the group's earlier listings).
    """
    by_stem: dict[str, list[StoredEntry]] = {}
    for s in added:
        stem = entry_stem(s.entry)
        if stem:
            by_stem.setdefault(stem, []).append(s)
    candidates = {
        stem: members
        for stem, members in by_stem.items()
        if len({m.entry.name.casefold() for m in members}) >= MIN_GROUP
        and 2 * sum(leads(stem, m.entry.name) for m in members) >= len(members)
    }
    if not candidates:
        return []
    frequency: Counter[str] = Counter()
    for s in in_force:
        stem = entry_stem(s.entry)
        if stem in candidates:
            frequency[stem] += 1
    earlier: dict[str, list[StoredEntry]] = {}
    for s in before:
        stem = entry_stem(s.entry)
        if stem in candidates:
            earlier.setdefault(stem, []).append(s)
    groups = []
    for stem, members in candidates.items():
        outside = frequency[stem] - len(members)
        if outside > max(3, len(members) // 2):
            continue  # common beyond this batch: a word, not a group
        groups.append(StemGroup(stem, _display(stem, members), members, earlier.get(stem, [])))
    return sorted(groups, key=lambda g: (-len(g.members), g.stem))
