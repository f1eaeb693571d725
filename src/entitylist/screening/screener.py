"""The Screener: one shared, reloadable match index over the lists in force.

The index is built from the snapshots in force and cached on disk under a name derived from
their ids and the engine version (`index_cache.py`), so a process starts fast and a new
snapshot invalidates the cache by itself. `refresh()` swaps in a new index when the snapshots
change; a request in flight keeps the index it started with (the swap is one attribute
assignment). A service's screener (`serving`) never builds an index itself: a child
process does, and the service only loads the file, paced (`pacing.Pacer`) so that the
requests it answers meanwhile keep the CPU, and prepares the lead and ownership passes of
the new index before swapping it in, so that no request builds them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from entitylist.errors import EntitylistError, InputError, NoListLoaded
from entitylist.federal_register.rules import RuleIndex
from entitylist.list_titles import list_table
from entitylist.matching import (
    DEFAULT_NORMALIZER,
    DEFAULT_THRESHOLDS,
    ENGINE_VERSION,
    Match,
    MatchIndex,
    Query,
    Thresholds,
    name_kind_for,
    partial_screening_note,
)
from entitylist.screening import index_cache
from entitylist.screening.affiliates import AffiliatePass
from entitylist.screening.entries import EntriesInForce
from entitylist.screening.leads import LeadPass
from entitylist.screening.models import Party, ScreeningHit, ScreeningResult
from entitylist.screening.pacing import Pacer, no_pause
from entitylist.settings import Settings
from entitylist.store import SnapshotInfo, Store

T = TypeVar("T")


@dataclass(frozen=True)
class LoadedIndex:
    """An index and the entries and snapshots it was built from (swapped as one)."""

    index: MatchIndex
    entries: EntriesInForce
    snapshots: dict[str, SnapshotInfo]
    list_codes: frozenset[str]
    rules: RuleIndex | None = None
    """The FR documents kept when the index was loaded (hits show the rules they cite)."""


class Screener:
    """Screens parties against the lists in force (or as they stood at `as_of`)."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        as_of: datetime | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        serving: bool = False,
    ) -> None:
        """`serving`: for a process answering requests: it never builds an index (a child
        process does, `index_cache.build_in_child`), loads a new one in paced steps and
        prepares its passes before the swap, so that no request waits for any of it."""
        self.store = store
        self.settings = settings
        self.as_of = as_of
        self.thresholds = thresholds
        self.serving = serving
        self._loaded: LoadedIndex | None = None
        self._lock = threading.Lock()
        # The passes by index: the one in use and the one being swapped in (requests still
        # on the old index must not evict the new one's, nor the other way round).
        self._passes_lock = threading.Lock()
        self._affiliates: dict[str, tuple[str, AffiliatePass | None]] = {}
        self._leads: dict[str, LeadPass] = {}

    # -- index lifecycle -------------------------------------------------------------

    @property
    def loaded(self) -> LoadedIndex:
        loaded = self._loaded
        if loaded is None:
            self.refresh()
            loaded = self._loaded
            assert loaded is not None
        return loaded

    @property
    def snapshots(self) -> dict[str, SnapshotInfo]:
        return self.loaded.snapshots

    def refresh(self) -> bool:
        """Load the index for the snapshots in force; True when it changed."""
        snapshots = self.store.current(as_of=self.as_of)
        if not snapshots:
            when = f" on {self.as_of.date().isoformat()}" if self.as_of else ""
            raise NoListLoaded(
                f"no list was in force{when}: load one with `entitylist update` before "
                "screening (screening against no list is never a clean result)"
            )
        current = self._loaded
        if current is not None and _ids(current.snapshots) == _ids(snapshots):
            if self.serving:  # ownership imported since: taken in here, not by a request
                self._prepare(current, Pacer())
            return False
        with self._lock:
            current = self._loaded
            if current is not None and _ids(current.snapshots) == _ids(snapshots):
                return False
            # The first load has no requests to leave the CPU to: they wait for it.
            pause: Callable[[], None] = Pacer() if self.serving and current else no_pause
            loaded = self._load(snapshots, pause)
            if self.serving:
                self._prepare(loaded, pause)
            self._loaded = loaded
            return True

    def _prepare(self, loaded: LoadedIndex, pause: Callable[[], None]) -> None:
        """A serving screener's passes over `loaded`, built before any request needs them."""
        self.leads(loaded, pause=pause)
        self.affiliates(loaded, recheck=True)

    def cache_path(self, snapshots: dict[str, SnapshotInfo]) -> Path:
        return index_cache.cache_path(self.settings, snapshots)

    def _load(self, snapshots: dict[str, SnapshotInfo], pause: Callable[[], None]) -> LoadedIndex:
        # The entries are read when needed, a hit's by id (reading all 25,921 of the 2026 CSL
        # would take a serving process seconds of CPU at every update).
        entries = EntriesInForce(self.store, snapshots)
        if self.serving:
            index = self._index_built_elsewhere(snapshots, len(entries), pause)
        else:
            index = index_cache.build_cached(self.store, self.settings, snapshots)
        return LoadedIndex(
            index=index,
            entries=entries,
            snapshots=snapshots,
            list_codes=frozenset(code for snap in snapshots.values() for code in snap.counts),
            rules=RuleIndex.of(self.store.fr_documents()),
        )

    def _index_built_elsewhere(
        self, snapshots: dict[str, SnapshotInfo], size: int, pause: Callable[[], None]
    ) -> MatchIndex:
        path = self.cache_path(snapshots)
        index = index_cache.load_cached(path, size, pause)
        if index is None:
            index_cache.build_in_child(self.settings, snapshots)
            index = index_cache.load_cached(path, size, pause)
        if index is None:
            raise EntitylistError(f"the screening index built in {path} cannot be read")
        return index

    # -- screening -------------------------------------------------------------------

    def plan(
        self,
        *,
        lists: Sequence[str] | None = None,
        threshold: float | None = None,
        alert_threshold: float | None = None,
        limit: int = 10,
        workers: int = 1,
    ) -> ScreenPlan:
        """Fix the index, lists and thresholds of a screening run (checked: fail closed).
        `workers`: processes the ownership pass may use when it must be rebuilt."""
        loaded = self.loaded
        return ScreenPlan(
            loaded=loaded,
            lists=_check_lists(loaded, lists),
            thresholds=chosen_thresholds(self.thresholds, threshold, alert_threshold),
            limit=limit,
            as_of=self.as_of,
            affiliates=self.affiliates(loaded, workers=workers, recheck=not self.serving),
            leads=self.leads(loaded),
        )

    def leads(self, loaded: LoadedIndex, *, pause: Callable[[], None] = no_pause) -> LeadPass:
        """The affiliate-lead pass for these lists (built once per set of snapshots)."""
        from entitylist.rules.status import load_rule
        from entitylist.screening.leads import LEAD_LISTS, build_leads

        rule = load_rule(self.settings.data_dir).on((self.as_of or datetime.now(UTC)).date())
        key = f"{_ids(loaded.snapshots)}|{rule.text}"
        found = self._leads.get(key)
        if found is None:
            # Only the lists a lead can point to are read, so that a one-name screening does
            # not read every entry in force.
            stored = self.store.entries_in_force(snapshots=loaded.snapshots, lists=LEAD_LISTS)
            found = build_leads(stored, rule, pause, cache_dir=self.settings.cache_dir)
            with self._passes_lock:
                _keep_last_two(self._leads, key, found)
        return found

    def affiliates(
        self, loaded: LoadedIndex, *, workers: int = 1, recheck: bool = True
    ) -> AffiliatePass | None:
        """The ownership pass for these lists and the ownership in force (None without
        ownership data); rebuilt only when either changes. Without `recheck`, the pass
        already built for these lists (a service's, which `refresh` re-checks every
        interval: the ownership in force is a query, a millisecond of every request)."""
        from entitylist.screening.ownership_pass import ownership_pass

        slot = str(_ids(loaded.snapshots))
        cached = self._affiliates.get(slot)
        if cached is not None and not recheck:
            return cached[1]
        found = ownership_pass(
            self.store, self.settings, loaded, self.as_of, cached, workers=workers
        )
        if found is not cached:
            with self._passes_lock:
                _keep_last_two(self._affiliates, slot, found)
        return found[1]

    def screen(
        self,
        party: Party,
        *,
        lists: Sequence[str] | None = None,
        threshold: float | None = None,
        alert_threshold: float | None = None,
        limit: int = 10,
    ) -> ScreeningResult:
        return self.screen_many(
            [party],
            lists=lists,
            threshold=threshold,
            alert_threshold=alert_threshold,
            limit=limit,
        )[0]

    def screen_many(
        self,
        parties: Sequence[Party],
        *,
        lists: Sequence[str] | None = None,
        threshold: float | None = None,
        alert_threshold: float | None = None,
        limit: int = 10,
    ) -> list[ScreeningResult]:
        plan = self.plan(
            lists=lists, threshold=threshold, alert_threshold=alert_threshold, limit=limit
        )
        return plan.run(parties)


@dataclass(frozen=True)
class ScreenPlan:
    """One screening run's fixed choices; `queries` and `results` let the matching itself
    run elsewhere (batch workers) and still give the same results as `run`."""

    loaded: LoadedIndex
    lists: frozenset[str] | None
    thresholds: Thresholds
    limit: int
    as_of: datetime | None
    affiliates: AffiliatePass | None = None
    leads: LeadPass | None = None

    def queries(self, parties: Sequence[Party]) -> list[Query]:
        for party in parties:
            if not party.name or not party.name.strip():
                raise InputError("a party to screen needs a name")
        return [
            Query(
                name=p.name,
                country=p.country.upper() if p.country else None,
                address=p.address,
                entity_type=p.entity_type,
                lists=self.lists,
            )
            for p in parties
        ]

    def results(
        self,
        parties: Sequence[Party],
        found: Sequence[Sequence[Match]],
        owned: Sequence[Sequence[Match]] | None = None,
    ) -> list[ScreeningResult]:
        """`owned`: the ownership pass's matches (`affiliate_search`) when a batch worker
        made them with the name matches."""
        now = datetime.now(UTC)
        entries = self.loaded.entries
        entries.prefetch(m.ref for matches in found for m in matches)
        rules = self.loaded.rules
        alert = self.thresholds.alert
        extra = self._affiliate_hits(parties, found, owned)
        return [
            ScreeningResult(
                party=party,
                hits=_one_per_entry(
                    [
                        ScreeningHit(
                            stored=entries[m.ref], match=m, alert=m.score >= alert, rules=rules
                        )
                        for m in matches
                    ],
                    more,
                ),
                snapshots=self.loaded.snapshots,
                thresholds=self.thresholds,
                engine_version=ENGINE_VERSION,
                screened_at=now,
                lists=self.lists,
                as_of=self.as_of,
                notes=screening_notes(party, matches, alert),
            )
            for party, matches, more in zip(parties, found, extra, strict=True)
        ]

    def affiliate_search(self, queries: Sequence[Query]) -> list[list[Match]] | None:
        """The ownership pass's matches of each query (None without ownership data)."""
        if self.affiliates is None:
            return None
        return [self.affiliates.search(q, self.thresholds) for q in queries]

    def _affiliate_hits(
        self,
        parties: Sequence[Party],
        found: Sequence[Sequence[Match]],
        matched: Sequence[Sequence[Match]] | None,
    ) -> list[list[ScreeningHit]]:
        """Ownership hits, else affiliate leads (only when no ownership is known)."""
        owned: list[list[ScreeningHit]] = [[] for _ in parties]
        if self.affiliates is not None:
            queries = self.queries(parties)
            if matched is None:
                matched = self.affiliate_search(queries)
            assert matched is not None
            owned = [
                self.affiliates.hits(q, self.thresholds, m)
                for q, m in zip(queries, matched, strict=True)
            ]
        if self.leads is None:
            return owned
        allowed = self.lists
        for party, matches, hits in zip(parties, found, owned, strict=True):
            if not hits:
                taken = [int(m.ref) for m in matches]
                leads = self.leads.hits(party, taken)
                hits.extend(h for h in leads if not allowed or h.stored.entry.list_code in allowed)
        return owned

    def run(self, parties: Sequence[Party]) -> list[ScreeningResult]:
        found = self.loaded.index.search_many(
            self.queries(parties), threshold=self.thresholds.review, limit=self.limit
        )
        return self.results(parties, found)


def screening_notes(party: Party, matches: Sequence[Match], alert: float) -> list[str]:
    """What a result must say beside its hits: a Chinese-script company name that reached
    no alert and was read partly as pinyin only (a list may write it by translation)."""
    if any(m.score >= alert for m in matches):
        return []
    kind = name_kind_for(party.entity_type)
    reading = DEFAULT_NORMALIZER.han_reading(party.name, kind)
    if reading is None or not reading.partly_screened:
        return []
    return [partial_screening_note(reading)]


def _one_per_entry(
    by_name: list[ScreeningHit], by_affiliation: list[ScreeningHit]
) -> list[ScreeningHit]:
    """Name hits, then ownership and lead hits on other entries (or that alert where the
    name hit does not): one hit per entry, so that reviews and monitoring key on it."""
    if not by_affiliation:
        return by_name
    out = {h.stored.id: h for h in by_name}
    for hit in by_affiliation:
        known = out.get(hit.stored.id)
        if known is None or (hit.alert and not known.alert):
            out[hit.stored.id] = hit
    return list(out.values())


def chosen_thresholds(
    default: Thresholds, threshold: float | None, alert_threshold: float | None
) -> Thresholds:
    """The thresholds of a run. A `threshold` (what to report) above the alert threshold
    raises the alert threshold to it: only matches at or above it are reported, and each is
    an alert, rather than a refusal of a value the options allow."""
    alert = alert_threshold if alert_threshold is not None else default.alert
    review = threshold if threshold is not None else default.review
    return Thresholds(alert=max(alert, review), review=review)


def known_list_codes() -> frozenset[str]:
    """Every list code the sources can produce (declared in the CSL table, plus UN's)."""
    from entitylist.sources.un import LIST_CODE as UN

    return frozenset({info.code for info in list_table().by_code.values()} | {UN})


def _check_lists(loaded: LoadedIndex, lists: Sequence[str] | None) -> frozenset[str] | None:
    if not lists:
        return None
    wanted = frozenset(code.strip().upper() for code in lists if code.strip())
    unknown = sorted(wanted - loaded.list_codes - known_list_codes())
    if unknown:
        raise InputError(
            f"unknown list code(s) {', '.join(unknown)}; the lists in force are "
            f"{', '.join(sorted(loaded.list_codes))}",
            details={"unknown": unknown, "loaded": sorted(loaded.list_codes)},
        )
    missing = sorted(wanted - loaded.list_codes)
    if missing:
        raise NoListLoaded(
            f"list(s) {', '.join(missing)} not loaded (loaded: "
            f"{', '.join(sorted(loaded.list_codes))}); screening against a missing list "
            "is never a clean result"
        )
    return wanted


def _keep_last_two(cache: dict[str, T], key: str, value: T) -> None:
    cache.pop(key, None)
    cache[key] = value
    while len(cache) > 2:
        del cache[next(iter(cache))]


def _ids(snapshots: dict[str, SnapshotInfo]) -> dict[str, int]:
    return {s: snap.id for s, snap in snapshots.items()}
