"""Ownership hits: the party is owned 50 % or more by listed parties (the Affiliates rule).

Built once per screening plan from the lists and the ownership in force:
1. every owner named by the ownership data is matched to the list entries the rule applies
   to (EL, MEU, SDN) with the screening engine itself (name and country, at the alert
   threshold) or by a shared identifier such as an LEI;
2. the companies those listed owners reach are the only ones that can be affiliates; the
   50 percent test (`ownership.aggregate`) runs for each of them;
3. a screened party is matched, again with the engine, to those companies; a company at
   50 % or more (or with an undetermined chain) becomes an "ownership" hit carrying its
   aggregate percent, its paths and the rule's status on the day screened.
A hit is an alert only while the rule is in force and both matches are at the alert level;
while the rule is suspended it is shown for review, and says so. A company that reaches
50 % only with SDN owners (the rule data: only SDNs of the programs in 15 CFR 744.8(a)(1)
count, which the data does not encode) is shown for review as needing classification.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from entitylist.matching import (
    DEFAULT_NORMALIZER,
    IndexRecord,
    Match,
    MatchIndex,
    NameForm,
    NameKind,
    Query,
    Thresholds,
)
from entitylist.ownership.aggregate import Aggregate, OwnershipGraph, OwnershipPath, aggregate
from entitylist.ownership.model import OwnedParty
from entitylist.rules.status import RuleAnswer
from entitylist.screening.entries import EntriesInForce
from entitylist.screening.models import ScreeningHit
from entitylist.screening.party_cache import PartyMatches, fingerprint, query_key
from entitylist.store import StoredEntry

COMPANY_LIMIT = 5
"""Companies of the ownership data a party is matched to, at most."""
RARE = 0.55
"""Rarity (0..1, see matching.weights) from which a listed word makes an owner worth a search."""


@dataclass(frozen=True)
class ListedOwner:
    """An ownership-data party that is a list entry, and how that was established."""

    stored: StoredEntry
    how: str  # "name 0.97 'INSPUR GROUP CO., LTD.'" or "identifier LEI:..."


@dataclass(frozen=True)
class AffiliatePass:
    """The ownership side of one screening plan (see the module docstring)."""

    graph: OwnershipGraph
    listed: Mapping[str, ListedOwner]
    findings: Mapping[str, Aggregate]
    index: MatchIndex | None
    parties: Mapping[str, OwnedParty]
    rule: RuleAnswer
    ident: str
    unsettled: Mapping[str, str] = field(default_factory=dict)
    """Companies that reach 50 % only with owners of a list that needs classification
    (SDNs), with what must be classified: reported for review, never an alert."""
    companies: str = ""
    """Names the companies' index (`party_cache.fingerprint`)."""
    kept: PartyMatches | None = None
    """Parties' answers of earlier runs over the same companies (`party_cache`)."""

    def search(self, query: Query, thresholds: Thresholds) -> list[Match]:
        """The companies of the ownership data the party matches (step 3)."""
        if self.index is None:
            return []
        if self.kept is not None:
            known = self.kept.get(query_key(query, thresholds.alert))
            if known is not None:
                return known
        # The companies are not list entries: the query's list filter applies to the roots.
        return self.index.search(
            replace(query, lists=None), threshold=thresholds.alert, limit=COMPANY_LIMIT
        )

    def learn(
        self, queries: Sequence[Query], found: Sequence[Sequence[Match]], thresholds: Thresholds
    ) -> None:
        """Note `search`'s answers of a run's parties (kept by `keep`)."""
        if self.kept is not None and self.index is not None:
            for query, matches in zip(queries, found, strict=True):
                self.kept.learn(query_key(query, thresholds.alert), matches)

    def keep(self) -> None:
        """Write the answers `learn` noted, for later runs."""
        if self.kept is not None:
            self.kept.keep()

    def hits(
        self, query: Query, thresholds: Thresholds, found: Sequence[Match] | None = None
    ) -> list[ScreeningHit]:
        """The ownership hits of one party; `found`: `search`'s answer when already made
        (by a batch worker)."""
        if found is None:
            found = self.search(query, thresholds)
        hits = [self._hit(m, thresholds) for m in found if m.ref in self.findings]
        if query.lists:
            hits = [h for h in hits if h.stored.entry.list_code in query.lists]
        return hits

    def _hit(self, match: Match, thresholds: Thresholds) -> ScreeningHit:
        result = self.findings[match.ref]
        paths = sorted(result.paths, key=lambda p: -p.percent_low)
        top = self.listed[paths[0].root if paths else result.undetermined[0].root]
        alert = (
            self.rule.in_force
            and result.meets_threshold
            and match.ref not in self.unsettled
            and match.score >= thresholds.alert
        )
        return ScreeningHit(
            stored=top.stored,
            match=match,
            alert=alert,
            basis="ownership",
            affiliation=self._describe(match.ref, result, paths),
        )

    def _describe(
        self, company: str, result: Aggregate, paths: Sequence[OwnershipPath]
    ) -> dict[str, Any]:
        name = self.graph.label(company)
        roots = [self._root(p) for p in paths]
        if result.meets_threshold:
            owners = "; ".join(f"{r['root_name']} ({r['list']}, {r['citation']})" for r in roots)
            head = f"{name} is {result.percent_low:.4g} % owned by {owners}"
        else:
            head = (
                f"{name} is owned by listed parties through links whose share is not stated "
                f"({result.percent_low:.4g} % counted): the percentage cannot be determined"
            )
        unsettled = self.unsettled.get(company)
        if unsettled is not None:
            head += f"; needs classification: {unsettled}"
        return {
            "summary": f"{head}; {self.rule.text}",
            "needs_classification": unsettled,
            "percent": result.percent_low,
            "percent_high": result.percent_high,
            "ownership_company": {"key": company, "name": name},
            "paths": roots,
            "undetermined": [self._root(p) for p in result.undetermined],
            "rule_status": self.rule.to_dict(),
            "ownership_data": self.ident,
        }

    def _root(self, path: OwnershipPath) -> dict[str, Any]:
        owner = self.listed[path.root]
        e = owner.stored.entry
        return {
            "text": path.describe(self.graph),
            "percent": path.percent_low,
            "percent_high": path.percent_high,
            "root_entry_id": owner.stored.id,
            "root_name": e.name,
            "list": e.list_code,
            "citation": "; ".join(c.text for c in e.citations) or "no citation published",
            "root_matched_by": owner.how,
            "links": [
                {
                    "owner": self.graph.label(link.owner),
                    "owned": self.graph.label(link.owned),
                    "share": link.share_text,
                    "kind": str(link.kind),
                    "source": link.source,
                }
                for link in path.links
            ],
        }


def build_pass(
    graph: OwnershipGraph,
    parties: Mapping[str, OwnedParty],
    listed: Mapping[str, ListedOwner],
    rule: RuleAnswer,
    ident: str,
) -> AffiliatePass:
    """Steps 2 and 3 of the module docstring, once the listed owners are known."""
    findings: dict[str, Aggregate] = {}
    unsettled: dict[str, str] = {}
    pending = rule.rule.needs_classification
    settled = {k: o for k, o in listed.items() if o.stored.entry.list_code not in pending}
    for company in reachable(graph, listed):
        result = aggregate(graph, company, listed)
        if not (result.meets_threshold or result.undetermined):
            continue
        findings[company] = result
        needs = _needs_classification(result, listed, pending)
        # Decided only if the owners that need no classification reach 50 % by themselves.
        if needs and not aggregate(graph, company, settled).meets_threshold:
            unsettled[company] = needs
    records = [
        IndexRecord(
            ref=key,
            list_code="OWNERSHIP",
            entity_type="entity",
            names=(graph.label(key),),
            countries=_countries(parties.get(key)),
        )
        for key in findings
        if graph.names.get(key)
    ]
    index = MatchIndex.build(records) if records else None
    return AffiliatePass(
        graph,
        listed,
        findings,
        index,
        parties,
        rule,
        ident,
        unsettled,
        companies=fingerprint(records, COMPANY_LIMIT),
    )


def _needs_classification(
    result: Aggregate, listed: Mapping[str, ListedOwner], pending: Mapping[str, str]
) -> str | None:
    """What must be classified before the owners on `pending` lists can count, if any."""
    codes = {listed[p.root].stored.entry.list_code for p in (*result.paths, *result.undetermined)}
    texts = [f"{code} owner: {pending[code]}" for code in sorted(codes & pending.keys())]
    return "; ".join(texts) or None


def reachable(graph: OwnershipGraph, listed: Mapping[str, object]) -> set[str]:
    """Every company below a listed owner (the only candidates for the 50 percent test)."""
    owned_by: dict[str, list[str]] = defaultdict(list)
    for owned, links in graph.owners_of.items():
        for link in links:
            owned_by[link.owner].append(owned)
    seen: set[str] = set()
    queue = deque(listed)
    while queue:
        for child in owned_by.get(queue.popleft(), ()):
            if child not in seen and child not in listed:
                seen.add(child)
                queue.append(child)
    return seen


@dataclass(frozen=True)
class OwnerMatch:
    """The best list entry an owner's search found: its ref, score and the name matched."""

    ref: str
    score: float
    matched_name: str


OwnerSearch = Callable[[Sequence[Query]], list[OwnerMatch | None]]
"""Searches the owners' queries (the best match each at the threshold); `match_owners`
defaults to the index's own search, a caller may spread them over processes and keep them
across runs (`owner_cache`)."""


def best_matches(found: Sequence[Sequence[Match]]) -> list[OwnerMatch | None]:
    return [OwnerMatch(m[0].ref, m[0].score, m[0].matched_name) if m else None for m in found]


@dataclass(frozen=True)
class ListedNames:
    """What owner matching reads of the entries of the rule's lists: entry ids by
    identifier and by engine-normalised name, the words rare among their names, and what
    each owner name seen so far came to (`classify`). All depend only on the index and the
    lists, so they are kept with the owner matches (`owner_cache`)."""

    by_ident: Mapping[str, str]
    by_name: Mapping[str, str]
    rare: frozenset[str]
    seen: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def of(cls, index: MatchIndex, scoped: Iterable[StoredEntry]) -> ListedNames:
        forms = _scoped_forms(scoped)
        by_ident, by_name = _identities(forms)
        return cls(
            {k: str(v.id) for k, v in by_ident.items()},
            {k: str(v.id) for k, v in by_name.items()},
            frozenset(_rare_tokens(index, forms)),
        )

    def classify(self, name: str) -> str | None:
        """The id of the entry whose name `name` normalises to; "" when it must be
        searched (it carries a rare listed word); None when it cannot match."""
        if name in self.seen:
            return self.seen[name]
        form = DEFAULT_NORMALIZER(name, NameKind.ORGANISATION)
        out = self.by_name.get(form.text)
        if out is None and not self.rare.isdisjoint(form.tokens):
            out = ""
        self.seen[name] = out
        return out


def match_owners(
    index: MatchIndex,
    entries: Mapping[str, StoredEntry],
    owners: Sequence[OwnedParty],
    *,
    lists: frozenset[str],
    threshold: float,
    search: OwnerSearch | None = None,
    names: ListedNames | None = None,
) -> dict[str, ListedOwner]:
    """Step 1: the owners that are entries of `lists`: by a shared identifier, by the same
    name once normalised by the engine, else by the engine's search. The search runs only
    for owners that carry a word rare among the listed names (an owner with none cannot
    reach the alert threshold on a listed name), and once for each distinct name and
    country (registries repeat their owners), which keeps large registries affordable.
    `names`: `ListedNames` of these entries, when kept; `entries` is then read only for
    the owners found."""
    if names is None:
        names = ListedNames.of(index, (s for s in entries.values() if s.entry.list_code in lists))
    chosen: dict[str, tuple[str, str | None]] = {}  # owner -> entry id, how (None: by name)
    searched: dict[tuple[str, str | None], list[str]] = {}
    by_ident = names.by_ident
    for owner in owners:
        hit = next((by_ident[i.upper()] for i in owner.identifiers if i.upper() in by_ident), None)
        if hit is not None:
            chosen[owner.key] = (hit, f"identifier {owner.identifiers[0]}")
        elif owner.name:
            same = names.classify(owner.name)
            if same:
                chosen[owner.key] = (same, None)
            elif same == "":
                searched.setdefault((owner.name, owner.country), []).append(owner.key)
    queries = [
        Query(name=name, country=country, lists=lists, entity_type="entity")
        for name, country in searched
    ]
    if search is None:
        results = best_matches(index.search_many(queries, threshold=threshold, limit=1))
    else:
        results = search(queries)
    for keys, m in zip(searched.values(), results, strict=True):
        if m is not None:
            chosen.update(dict.fromkeys(keys, (m.ref, f"name {m.score:.2f} {m.matched_name!r}")))
    return _listed_owners(entries, owners, chosen)


def _listed_owners(
    entries: Mapping[str, StoredEntry],
    owners: Sequence[OwnedParty],
    chosen: Mapping[str, tuple[str, str | None]],
) -> dict[str, ListedOwner]:
    """The entries chosen, read in one go when `entries` reads from the store."""
    if isinstance(entries, EntriesInForce):
        entries.prefetch(ref for ref, _ in chosen.values())
    names = {o.key: o.name for o in owners}
    out: dict[str, ListedOwner] = {}
    made: dict[tuple[str, str], ListedOwner] = {}
    for key, (ref, how) in chosen.items():
        stored = entries[ref]
        text = how if how is not None else f"name {names[key]!r} = {stored.entry.name!r}"
        owner = made.get((ref, text))
        if owner is None:
            owner = made[(ref, text)] = ListedOwner(stored, text)
        out[key] = owner
    return out


def _scoped_forms(scoped: Iterable[StoredEntry]) -> list[tuple[StoredEntry, list[NameForm]]]:
    """Each listed entry with its names as the engine normalises an organisation's, once
    (both the identities and the rare words read them)."""
    return [
        (s, [DEFAULT_NORMALIZER(name, NameKind.ORGANISATION) for name in s.entry.names])
        for s in scoped
    ]


def _identities(
    scoped: Sequence[tuple[StoredEntry, list[NameForm]]],
) -> tuple[dict[str, StoredEntry], dict[str, StoredEntry]]:
    by_ident: dict[str, StoredEntry] = {}
    by_name: dict[str, StoredEntry] = {}
    for stored, forms in scoped:
        for ident in stored.entry.identifiers:
            by_ident[f"{ident.kind}:{ident.value}".upper()] = stored
            by_ident[ident.value.upper()] = stored
        for form in forms:
            by_name.setdefault(form.text, stored)
    return by_ident, by_name


def _rare_tokens(
    index: MatchIndex, scoped: Sequence[tuple[StoredEntry, list[NameForm]]]
) -> set[str]:
    """Name words of the listed names that few indexed names carry (see `match_owners`)."""
    stats = index.stats
    out: set[str] = set()
    for _, forms in scoped:
        for form in forms:
            for token, kind in zip(form.tokens, form.kinds, strict=True):
                if stats.is_distinctive(token, kind, RARE):
                    out.add(token)
    return out


def _countries(party: OwnedParty | None) -> tuple[str, ...]:
    return (party.country,) if party is not None and party.country else ()
