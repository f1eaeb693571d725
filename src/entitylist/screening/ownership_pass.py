"""Building the ownership pass of a screening plan from the store (cached per Screener)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial

from entitylist.matching import MatchIndex, Query
from entitylist.ownership.aggregate import OwnershipGraph
from entitylist.ownership.model import OwnedParty
from entitylist.rules.status import load_rule
from entitylist.screening.affiliates import (
    AffiliatePass,
    ListedNames,
    OwnerMatch,
    best_matches,
    build_pass,
    match_owners,
)
from entitylist.screening.index_cache import cache_path, db_tag
from entitylist.screening.owner_cache import OwnerCache, cache_file
from entitylist.screening.parallel import search_many
from entitylist.screening.party_cache import PartyMatches
from entitylist.screening.party_cache import cache_file as party_file
from entitylist.screening.screener import LoadedIndex
from entitylist.settings import Settings
from entitylist.store import Store
from entitylist.store.ownership import OwnershipStore


def ownership_pass(
    store: Store,
    settings: Settings,
    loaded: LoadedIndex,
    as_of: datetime | None,
    cached: tuple[str, AffiliatePass | None] | None,
    *,
    workers: int = 1,
) -> tuple[str, AffiliatePass | None]:
    """(cache key, pass) for the ownership known now, as it held on the screening day.

    Ownership is evaluated as known today (the newest snapshot of each data set) and as it
    held on the day screened (each link's valid-from and valid-to); the lists are those in
    force on that day.
    """
    owners_store = OwnershipStore(store.engine)
    snapshots = owners_store.current()
    day = (as_of or datetime.now(UTC)).date()
    rule = load_rule(settings.data_dir)
    lists_ident = ",".join(f"{s}:{x.id}" for s, x in sorted(loaded.snapshots.items()))
    owner_ident = ",".join(f"{d}:{x.id}" for d, x in sorted(snapshots.items()))
    key = f"{lists_ident}|{owner_ident}|{day}|{rule.origin}|{rule.newest_notice}"
    if cached is not None and cached[0] == key:
        return cached
    if not snapshots:
        return key, None
    data = owners_store.in_force()
    names = {k: p.name for k, p in data.parties.items() if p.name}
    graph = OwnershipGraph.build(data.links, on=day, names=names)
    owner_keys = {link.owner for links in graph.owners_of.values() for link in links}
    owners = [data.parties.get(k) or _unnamed(k) for k in sorted(owner_keys)]
    threshold = loaded.index.thresholds.alert
    lists = frozenset(rule.applies_to) & loaded.list_codes
    # Owners searched by an earlier run over the same index are not searched again, and
    # the listed names and owner names it normalised are not normalised again.
    cache = OwnerCache(cache_file(cache_path(settings, loaded.snapshots), lists, threshold))
    if cache.listed is None:
        # Only the entries an owner can be matched to, filtered in SQL (not every entry).
        scoped = store.entries_in_force(snapshots=loaded.snapshots, lists=lists)
        cache.keep_listed(ListedNames.of(loaded.index, scoped))
    assert cache.listed is not None
    listed = match_owners(
        loaded.index,
        loaded.entries,
        owners,
        lists=lists,
        threshold=threshold,
        search=partial(cache.search, search=partial(_search, loaded.index, threshold, workers)),
        names=cache.listed,
    )
    cache.flush()
    found = build_pass(graph, data.parties, listed, rule.on(day), data.ident)
    if found.index is not None:
        # Parties matched to these companies by earlier runs are not searched again.
        kept = PartyMatches(party_file(settings.cache_dir, db_tag(settings), found.companies))
        found = replace(found, kept=kept)
    return key, found


def _search(
    index: MatchIndex, threshold: float, workers: int, queries: Sequence[Query]
) -> list[OwnerMatch | None]:
    return best_matches(search_many(index, queries, threshold=threshold, limit=1, workers=workers))


def _unnamed(key: str) -> OwnedParty:
    return OwnedParty(key=key, identifiers=(key,))
