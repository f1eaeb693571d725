"""The ownership pass matches owners the fast way (each distinct name and country searched
once, the searches spread over worker processes and kept for later runs over the same index,
only the entries of the rule's lists read, the listed names and owner names normalised once
per index) and finds exactly what matching every owner on its own finds: the same listed
owners, the same ownership hits; parties' matches among the ownership companies, kept from
an earlier run, give the hits that searching the companies gives. Real names: Entity List,
MEU and SDN entries of the 2023 CSL (as published, upper-cased, with a typo, by identifier)
and large unlisted companies (Forbes Global 2000, 2025); each owner twice under two keys,
as registries repeat their owners. The links (each owner holds 60 % of one company) are the
test's own."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from entitylist.matching import DEFAULT_NORMALIZER, MatchIndex, NameKind, Query
from entitylist.ownership.aggregate import OwnershipGraph
from entitylist.ownership.model import OwnedParty, OwnershipLink, ShareKind
from entitylist.rules import affiliates_rule
from entitylist.screening import Screener
from entitylist.screening.affiliates import (
    AffiliatePass,
    ListedNames,
    ListedOwner,
    _rare_tokens,
    _scoped_forms,
    best_matches,
    build_pass,
    match_owners,
)
from entitylist.screening.owner_cache import OwnerCache
from entitylist.screening.parallel import search_many
from entitylist.screening.party_cache import PartyMatches, query_key
from entitylist.settings import Settings
from entitylist.store import Store, StoredEntry

LARGE_COMPANIES = (
    Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "large_companies_forbes_2025.csv"
)
LISTS = frozenset({"EL", "MEU", "SDN"})


@pytest.fixture(scope="module")
def screener(csl_settings: Settings) -> Iterator[Screener]:
    store = Store.open(csl_settings.db_url)
    yield Screener(store, csl_settings)
    store.close()


@dataclass(frozen=True)
class Owners:
    """The index in force, the entries of the rule's lists, the owners, and what matching
    every owner on its own finds (the slow way, done once for the module)."""

    index: MatchIndex
    scoped: Sequence[StoredEntry]
    owners: Sequence[OwnedParty]
    plain: Mapping[str, ListedOwner]


@pytest.fixture(scope="module")
def case(screener: Screener) -> Owners:
    loaded = screener.loaded
    scoped = screener.store.entries_in_force(snapshots=loaded.snapshots, lists=LISTS)
    owners = real_owners(scoped)
    return Owners(loaded.index, scoped, owners, one_by_one(loaded.index, scoped, owners))


def outcomes(found: Mapping[str, ListedOwner]) -> dict[str, tuple[int, str]]:
    return {k: (v.stored.id, v.how) for k, v in found.items()}


def _typo(name: str) -> str:
    longest = max(name.split(), key=len)
    return name.replace(longest, longest[:2] + longest[3:], 1)


def real_owners(scoped: Sequence[StoredEntry]) -> list[OwnedParty]:
    names: list[tuple[str, str | None, tuple[str, ...]]] = []
    for stored in scoped[::25]:
        e = stored.entry
        country = e.countries[0] if e.countries else None
        names += [(e.name, country, ()), (e.name.upper(), None, ()), (_typo(e.name), country, ())]
        if e.identifiers:
            names.append((f"Holder of {e.identifiers[0].value}", None, (e.identifiers[0].value,)))
    with LARGE_COMPANIES.open(encoding="utf-8", newline="") as handle:
        names += [(r["name"], r["country"], ()) for r in list(csv.DictReader(handle))[::5]]
    return [
        OwnedParty(key=f"O{i}-{copy}", name=name, country=country, identifiers=idents)
        for i, (name, country, idents) in enumerate(names)
        for copy in (1, 2)
    ]


def one_by_one(
    index: MatchIndex, scoped: Sequence[StoredEntry], owners: Sequence[OwnedParty]
) -> dict[str, ListedOwner]:
    """The plain way: every owner on its own, by identifier, by normalised name, else (when
    it carries a rare listed word) by its own search of the index."""
    by_ident: dict[str, StoredEntry] = {}
    by_name: dict[str, StoredEntry] = {}
    for stored in scoped:
        for ident in stored.entry.identifiers:
            by_ident[f"{ident.kind}:{ident.value}".upper()] = stored
            by_ident[ident.value.upper()] = stored
        for name in stored.entry.names:
            by_name.setdefault(DEFAULT_NORMALIZER(name, NameKind.ORGANISATION).text, stored)
    rare = _rare_tokens(index, _scoped_forms(scoped))
    entries = {str(s.id): s for s in scoped}
    found: dict[str, ListedOwner] = {}
    for owner in owners:
        hit = next((by_ident[i.upper()] for i in owner.identifiers if i.upper() in by_ident), None)
        if hit is not None:
            found[owner.key] = ListedOwner(hit, f"identifier {owner.identifiers[0]}")
            continue
        assert owner.name
        form = DEFAULT_NORMALIZER(owner.name, NameKind.ORGANISATION)
        if form.text in by_name:
            same = by_name[form.text]
            found[owner.key] = ListedOwner(same, f"name {owner.name!r} = {same.entry.name!r}")
        elif rare & set(form.tokens):
            query = Query(name=owner.name, country=owner.country, lists=LISTS, entity_type="entity")
            matches = index.search(query, threshold=index.thresholds.alert, limit=1)
            if matches:
                m = matches[0]
                how = f"name {m.score:.2f} {m.matched_name!r}"
                found[owner.key] = ListedOwner(entries[m.ref], how)
    return found


def a_pass(owners: Sequence[OwnedParty], listed: Mapping[str, ListedOwner]) -> AffiliatePass:
    links = [
        OwnershipLink(o.key, f"C-{o.key}", 60.0, 60.0, ShareKind.SHARES, "test") for o in owners
    ]
    names = {f"C-{o.key}": f"{o.name} Subsidiary Number {n}" for n, o in enumerate(owners)}
    graph = OwnershipGraph.build(links, names=names)
    rule = affiliates_rule().on(date(2026, 11, 20))
    return build_pass(graph, {o.key: o for o in owners}, listed, rule, "test")


def test_the_fast_owner_matching_finds_what_matching_each_owner_finds(
    case: Owners, tmp_path: Path
) -> None:
    index, owners = case.index, case.owners
    threshold = index.thresholds.alert
    searched = partial(search_many, index, threshold=threshold, limit=1, workers=2)
    cache = OwnerCache(tmp_path / "owners.json")

    def fast_way() -> dict[str, ListedOwner]:
        return match_owners(
            index,
            {str(s.id): s for s in case.scoped},
            owners,
            lists=LISTS,
            threshold=threshold,
            search=partial(cache.search, search=lambda qs: best_matches(searched(qs))),
        )

    fast = fast_way()
    assert cache.searched > 100 and cache.reused == 0
    assert outcomes(fast) == outcomes(case.plain)
    # A later run over the same index reads the matches kept, and searches nothing.
    cache = OwnerCache(tmp_path / "owners.json")
    assert fast_way() == fast and cache.searched == 0 and cache.reused > 100
    # Every way of matching is exercised, and unlisted companies are not taken as listed.
    ways = {v.how.split()[0] for v in fast.values()}
    by_search = [v for v in fast.values() if v.how.startswith("name ") and " = " not in v.how]
    assert ways == {"identifier", "name"} and len(by_search) > 20
    assert len(fast) > 200 and len(fast) < len(owners) / 2

    # The same listed owners give the same ownership hits, party by party.
    fast_pass, plain_pass = a_pass(owners, fast), a_pass(owners, case.plain)
    thresholds = index.thresholds
    for company, name in fast_pass.graph.names.items():
        query = Query(name=name)
        assert [h.to_dict() for h in fast_pass.hits(query, thresholds)] == [
            h.to_dict() for h in plain_pass.hits(query, thresholds)
        ], company


def test_kept_listed_names_and_owner_names_match_what_normalising_them_again_matches(
    screener: Screener, case: Owners, tmp_path: Path
) -> None:
    index = case.index
    threshold = index.thresholds.alert
    cache = OwnerCache(tmp_path / "owners.json")
    assert cache.listed is None  # nothing kept yet: built from the entries
    cache.keep_listed(ListedNames.of(index, case.scoped))
    search = partial(
        cache.search,
        search=lambda qs: best_matches(index.search_many(qs, threshold=threshold, limit=1)),
    )

    def matched(names: ListedNames) -> dict[str, tuple[int, str]]:
        found = match_owners(
            index,
            screener.loaded.entries,
            case.owners,
            lists=LISTS,
            threshold=threshold,
            search=search,
            names=names,
        )
        return outcomes(found)

    assert cache.listed is not None
    assert matched(cache.listed) == outcomes(case.plain)
    cache.flush()
    # A later run reads the listed names and every owner name's outcome back from the file.
    later = OwnerCache(tmp_path / "owners.json")
    assert later.listed is not None and later.listed == cache.listed
    assert len(later.listed.seen) > 100  # each owner name not matched by identifier
    assert matched(later.listed) == outcomes(case.plain)


def test_kept_party_matches_give_the_hits_that_searching_the_companies_gives(
    case: Owners, tmp_path: Path
) -> None:
    index, scoped, owners = case.index, case.scoped, case.owners
    searched = a_pass(owners, case.plain)  # nothing kept: searches
    # Parties: the companies' own names, their owners' names and large unlisted companies.
    queries = [Query(name=n, country="CN") for n in searched.graph.names.values()]
    queries += [Query(name=o.name, country=o.country) for o in owners if o.name]
    thresholds = index.thresholds
    path = tmp_path / "matches.pkl"
    first = replace(searched, kept=PartyMatches(path))
    first.learn(queries, [first.search(q, thresholds) for q in queries], thresholds)
    first.keep()
    later = replace(searched, kept=PartyMatches(path))
    assert later.kept is not None
    assert all(later.kept.get(query_key(q, thresholds.alert)) is not None for q in queries)
    expected = [[h.to_dict() for h in searched.hits(q, thresholds)] for q in queries]
    assert [[h.to_dict() for h in later.hits(q, thresholds)] for q in queries] == expected
    assert sum(map(len, expected)) > 100  # real ownership hits among them
    # Another set of companies is another index: its answers are not taken from this file.
    other = a_pass(owners[1:], one_by_one(index, scoped, owners[1:]))
    assert other.companies != searched.companies
