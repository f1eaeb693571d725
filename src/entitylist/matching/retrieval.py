"""Retrieval: which listed names are worth scoring for a query, without scanning them.

For each query token the index finds the listed tokens (its vocabulary) within reach,
through small hash maps:

- the token itself;
- its deletion neighbourhood (the token with any one letter removed): two tokens share a
  key when they differ by one substitution, insertion, deletion or swap, or by one
  deletion on each side (the SymSpell method, written here because no maintained library
  exposes its index for our own postings);
- its metaphone key (spelling variants that sound alike) and its English singular;
- its consonant skeleton (abjad transliterations: `mhmd` ~ `mohamed`);

plus the joins of neighbouring query tokens (`hua wei` -> `huawei`), the joins of
neighbouring listed tokens (`van der bilt` is also found as `vanderbilt`), and the listed
tokens that a long unknown query token starts or ends with (`vladimirputin` ->
`vladimir`). Each listed token found nominates the names that carry it (an inverted
index), scored by the query weight it accounts for. Posting lists are read shortest first
and stop nominating once the rest could not make a name worth scoring (MaxScore); lists
of tokens carried by more than `common_token_share` of all names (`mohammed`, `trading`)
nominate no one when the query has rarer tokens, they only add to names already met. The
best `candidates` distinct names, by found weight over total weight, are returned, each
with an upper bound of its score, so that the caller scores only those that can reach its
threshold; names that carry every query word as written are scored whatever their rank.
What retrieval links is also what scoring may pair (`rows`), so both agree.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from rigour.text.phonetics import metaphone

from entitylist.matching.bounds import WORD_KINDS, NameRun, name_runs, upper_bound
from entitylist.matching.reach import Reach, reach_of
from entitylist.matching.records import Query
from entitylist.matching.score import ABJAD_KEY, STRONG_PAIR, weigh
from entitylist.matching.similarity import (
    MIN_FUZZY_LENGTH,
    deletion_keys,
    singular,
    skeleton,
    token_similarity,
)
from entitylist.matching.state import ABJAD, LATIN, SILENT_KINDS, IndexState
from entitylist.matching.tokens import NameForm, NameKind, TokenKind
from entitylist.matching.weights import TokenStats

__all__ = ["Retrieval", "Retriever"]

_MIN_PART_LENGTH = 4
MATCH_MEMO = 200_000
"""Query tokens whose lookups a retriever keeps (queries repeat tokens)."""
_WHOLE_MOST = 200
"""Names carrying every query word up to which all are scored (see `_wholes`)."""
_LEAST_FOUND = 0.3
"""A name is nominated only when retrieval found at least this share of the query's
weight in it: with less, the query words it lacks outweigh anything it could match (a
listed token pairs with one query word, so a short find cannot be made up by the list)."""


_Reading = tuple[NameForm, set[NameKind], float, Reach]
"""A reading of the query that retrieval looked up: its form, the kinds of listed name it
is scored against, its weight, and what it can reach."""


@dataclass
class _Probes:
    """One reading's lookups: per query token (and pair of neighbouring tokens) its weight
    and the listed tokens within reach; the joined listed tokens it meets; the weight no
    lookup sees; the links of each query word; what legal forms and titles link."""

    probes: list[tuple[float, dict[int, float]]] = field(default_factory=list)
    joined_hits: list[tuple[float, tuple[int, ...]]] = field(default_factory=list)
    unprobed: float = 0.0
    word_links: list[tuple[int, frozenset[int]]] = field(default_factory=list)
    silent_links: set[int] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Retrieval:
    """What retrieval found for one query: the nominated names and how many were looked at."""

    candidates: tuple[int, ...]
    """Name ids to score, best estimate first (all names of each of the best
    `candidates` distinct names)."""
    bounds: tuple[float, ...]
    """For each candidate, an upper bound of its name score (see `retrieve`)."""
    postings_read: int
    """Name ids read from posting lists (the work done; compare with `name_count`)."""
    name_count: int


class Retriever:
    """Lookups over one index state; memoises token lookups (queries repeat tokens)."""

    def __init__(self, state: IndexState, stats: TokenStats) -> None:
        self._s = state
        self._stats = stats
        self._common = max(50, int(state.config.common_token_share * len(state.forms)))
        # Plain dicts, not lru_cache over bound methods: those would make the index a
        # reference cycle that only a full collection frees (a service that freezes its
        # heap, api.state, would keep every index it replaced), and compiled (mypyc) a
        # retriever cannot be weakly referenced.
        self._match_memo: dict[tuple[str, bool], tuple[tuple[int, float], ...]] = {}
        self._run_memo: dict[int, tuple[NameRun, ...]] = {}

    def _runs(self, n_id: int) -> tuple[NameRun, ...]:
        """A name's runs (`bounds.name_runs`), memoised: at most one entry per name."""
        found = self._run_memo.get(n_id)
        if found is None:
            found = self._run_memo[n_id] = name_runs(self._s.forms[n_id])
        return found

    def _matches(self, token: str, abjad: bool) -> tuple[tuple[int, float], ...]:
        """`_find`, memoised; the memo starts afresh when it holds `MATCH_MEMO` tokens."""
        key = (token, abjad)
        found = self._match_memo.get(key)
        if found is None:
            if len(self._match_memo) >= MATCH_MEMO:
                self._match_memo.clear()
            found = self._match_memo[key] = tuple(self._find(token, abjad).items())
        return found

    def _token_matches(self, token: str, abjad: bool) -> dict[int, float]:
        """Listed tokens within reach of a query token, with their similarity."""
        return dict(self._matches(token, abjad))

    def _find(self, token: str, abjad: bool) -> dict[int, float]:
        s = self._s
        found: dict[int, float] = {}
        exact = s.vocab.get(token)
        if exact is not None:
            found[exact] = 1.0
        if len(token) < MIN_FUZZY_LENGTH or not token.isalpha():
            return found
        nominees: set[int] = set()
        for key in deletion_keys(token):
            nominees.update(s.deletes.get(key, ()))
        if len(token) >= 4:
            nominees.update(s.phonetic.get(metaphone(token), ()))
            nominees.update(s.singulars.get(singular(token), ()))
        skel = skeleton(token)
        other = LATIN if abjad else ABJAD
        for t_id in s.skeletons.get(skel, ()):
            if s.token_abjad[t_id] & other:
                nominees.add(t_id)
        floor = s.config.token_floor
        for t_id in nominees:
            if t_id == exact:
                continue
            sim = max(self._similarities(token, abjad, t_id))
            if sim >= floor:
                found[t_id] = sim
        return found

    def _similarities(self, token: str, abjad: bool, t_id: int) -> tuple[float, float]:
        """Similarity of a query token to a listed token as it occurs in Latin and as
        transliterated from an abjad (0 for a way it does not occur)."""
        flags = self._s.token_abjad[t_id]
        listed = self._s.tokens[t_id]
        return (
            token_similarity(token, listed, abjad, False) if flags & LATIN else 0.0,
            token_similarity(token, listed, abjad, True) if flags & ABJAD else 0.0,
        )

    def _part_matches(self, token: str) -> dict[int, float]:
        """Listed tokens that a long query token starts or ends with (a joined name)."""
        vocab = self._s.vocab
        found: dict[int, float] = {}
        for cut in range(_MIN_PART_LENGTH, len(token) - _MIN_PART_LENGTH + 1):
            for part in (token[:cut], token[cut:]):
                t_id = vocab.get(part)
                if t_id is not None:
                    found[t_id] = 0.9
        return found

    def retrieve(
        self, query: Query, forms: dict[NameKind, NameForm], floor: float = float("inf")
    ) -> Retrieval:
        """Nominate the names worth scoring for a query (see the module docstring).

        The query may read differently against persons and organisations (`_query_forms`);
        each reading nominates only the names it will be scored against. Each candidate
        comes with an upper bound of its name score (see `_bound`), exact below `floor`.
        """
        s = self._s
        config = s.config
        readings: dict[int, tuple[NameForm, set[NameKind]]] = {}
        for kind, form in forms.items():
            readings.setdefault(id(form), (form, set()))[1].add(kind)
        beta = config.candidate_side_weight
        totals = s.name_totals
        name_record, records, record_kinds = s.name_record, s.records, s.record_kinds
        allowed = query.lists
        ranked: list[tuple[float, int, float, Reach]] = []
        read = 0
        name_group = s.name_group
        seen_groups: set[int] = set()
        probed: list[_Reading] = []
        for form, kinds in readings.values():
            scores, unprobed, query_weight, work, reach = self._accumulate(form)
            read += work
            if query_weight <= 0.0:
                continue
            probed.append((form, kinds, query_weight, reach))
            every_kind = len(kinds) == len(NameKind)
            least = _LEAST_FOUND * query_weight - unprobed
            for n_id, found in scores.items():
                if found < least:
                    continue
                group = name_group[n_id]
                if group in seen_groups:
                    continue
                r_index = name_record[n_id]
                if not every_kind and record_kinds[r_index] not in kinds:
                    continue
                if allowed is not None and records[r_index].list_code not in allowed:
                    continue
                seen_groups.add(group)
                # Rank by a pessimistic estimate (the found weight over both names'
                # weight), which prefers a short name found whole to a long one found in
                # part.
                estimate = min(found, query_weight) / (query_weight + beta * totals[n_id])
                ranked.append((estimate, group, min(query_weight, found + unprobed), reach))
        chosen = heapq.nlargest(config.candidates, ranked)
        chosen += self._wholes(probed, {c[1] for c in chosen}, allowed)
        candidates: list[int] = []
        bounds: list[float] = []
        for _, group, found, reach in chosen:
            n_first = s.group_names[group][0]
            bound = self._bound(n_first, found, reach, floor)
            for n_id in s.group_names[group]:
                if allowed is None or records[name_record[n_id]].list_code in allowed:
                    candidates.append(n_id)
                    bounds.append(bound)
        return Retrieval(tuple(candidates), tuple(bounds), read, len(s.forms))

    def _wholes(
        self,
        probed: list[_Reading],
        chosen: set[int],
        allowed: frozenset[str] | None,
    ) -> list[tuple[float, int, float, Reach]]:
        """Groups that the ranking left out although a name of theirs carries every word
        of a reading as it is written: a listed name screened as listed is always scored,
        however many names look alike to the estimate (which can count a listed word for
        two query words: `ousta rawa` ~ `STAR` by the skeleton of an abjad `star`). Each
        is bounded as if the reading were found whole."""
        s = self._s
        out: list[tuple[float, int, float, Reach]] = []
        for form, kinds, query_weight, reach in probed:
            every_kind = len(kinds) == len(NameKind)
            for n_id in self._carrying_every_word(form):
                group, r_index = s.name_group[n_id], s.name_record[n_id]
                if group in chosen or (not every_kind and s.record_kinds[r_index] not in kinds):
                    continue
                if allowed is not None and s.records[r_index].list_code not in allowed:
                    continue
                chosen.add(group)
                out.append((1.0, group, query_weight, reach))
        return out

    def _carrying_every_word(self, form: NameForm) -> list[int]:
        """Names holding every word (not legal form or title) of a reading exactly, when
        there are at most `_WHOLE_MOST` of them (a query of one common word is left to
        the ranking)."""
        s = self._s
        t_ids: set[int] = set()
        quiet = _unprobed_kinds(form)
        for token, kind in zip(form.tokens, form.kinds, strict=True):
            if kind in quiet:
                continue
            t_id = s.vocab.get(token)
            if t_id is None:
                return []
            t_ids.add(t_id)
        if not t_ids:
            return []
        first, *rest = sorted(t_ids, key=lambda t: len(s.postings[t]))
        holders = [n for n in s.postings[first] if all(t in s.name_tokens[n] for t in rest)]
        return holders if len(holders) <= _WHOLE_MOST else []

    def _bound(self, n_id: int, found: float, reach: Reach, floor: float) -> float:
        """An upper bound of a name's score (`bounds.upper_bound`), exact below `floor`."""
        return upper_bound(self._s, self._runs, n_id, found, reach, floor)

    def _accumulate(self, form: NameForm) -> tuple[dict[int, float], float, float, int, Reach]:
        """Names nominated by one reading of the query, with the weight found in each; the
        weight no lookup could see; the reading's total weight; postings read; and what
        the reading can reach (for the bounds)."""
        weights = weigh(form, self._stats, self._s.config).weights
        query_weight = sum(weights, 0.0)
        found = _Probes()
        self._probe_words(form, weights, found)
        self._probe_pairs(form, weights, found)
        least = _LEAST_FOUND * query_weight - found.unprobed
        scores, read = self._nominate(found, least)
        reach = reach_of(
            form,
            weights,
            tokens=frozenset(t_id for _, matches in found.probes for t_id in matches)
            | found.silent_links,
            word_links=found.word_links,
        )
        return scores, found.unprobed, query_weight, read, reach

    def _probe_words(self, form: NameForm, weights: tuple[float, ...], out: _Probes) -> None:
        """Look up each query token once."""
        s = self._s
        quiet = _unprobed_kinds(form)
        for k, token in enumerate(form.tokens):
            kind = form.kinds[k]
            if kind in quiet:
                # legal forms and titles nominate no one; they may still align, so they
                # count in every name's bound, and what they link (a legal word can pair
                # with a listed word by its spelling) counts as reachable
                out.unprobed += weights[k]
                out.silent_links.update(t_id for t_id, _ in self._matches(token, form.abjad[k]))
                continue
            if token in out.seen:
                continue
            out.seen.add(token)
            if kind is TokenKind.INITIAL:
                # an initial also aligns, by rule, with the words it begins: bound it
                out.unprobed += weights[k]
                exact = s.vocab.get(token)
                if exact is not None:
                    out.probes.append((weights[k], {exact: 1.0}))
                continue
            matches = self._token_matches(token, form.abjad[k])
            if len(token) >= 2 * _MIN_PART_LENGTH and not any(v >= 0.8 for v in matches.values()):
                for t_id, sim in self._part_matches(token).items():
                    matches.setdefault(t_id, sim)
            out.probes.append((weights[k], matches))
            if kind in WORD_KINDS:
                out.word_links.append((k, frozenset(matches)))
            hits = s.joined.get(token)
            if hits:
                out.joined_hits.append((weights[k], hits))

    def _probe_pairs(self, form: NameForm, weights: tuple[float, ...], out: _Probes) -> None:
        """Look up each pair of neighbouring query tokens written as one (`hua wei`)."""
        for k in range(len(form.tokens) - 1):
            if form.kinds[k] in SILENT_KINDS or form.kinds[k + 1] in SILENT_KINDS:
                continue
            joined = form.tokens[k] + form.tokens[k + 1]
            if joined in out.seen:
                continue
            out.seen.add(joined)
            pair_weight = weights[k] + weights[k + 1]
            matches = self._token_matches(joined, form.abjad[k])
            if matches:
                words = [(form.tokens[j], form.abjad[j]) for j in (k, k + 1)]
                links = [(w, a, self._token_matches(w, a)) for w, a in words]
                abjad = form.abjad[k]
                for t_id in [t for t in matches if not self._may_join(joined, abjad, links, t)]:
                    del matches[t_id]
            if matches:
                out.probes.append((pair_weight, matches))
            hits = self._split_otherwise(form.tokens[k], form.tokens[k + 1], joined)
            if hits:
                out.joined_hits.append((pair_weight, hits))

    def _may_join(
        self, joined: str, abjad: bool, links: list[tuple[str, bool, dict[int, float]]], t_id: int
    ) -> bool:
        """Whether scoring could pair two query words written as one with a listed token:
        in some way the token occurs (Latin, or from an abjad) the joined words are like
        it, and neither word alone is linked to it strongly enough (similarity >=
        `STRONG_PAIR`) for scoring's first, one-to-one pass to take it first. A pair probe
        that also counted such a token would count one listed word twice (`khine oo` ~
        `khan` by their skeleton, once `khine` has paired with it)."""
        flags = self._s.token_abjad[t_id]
        floor = self._s.config.token_floor
        pair = self._similarities(joined, abjad, t_id)
        strong = [False, False]
        for word, word_abjad, linked in links:
            if t_id in linked:  # what scoring's rows hold
                for k, sim in enumerate(self._similarities(word, word_abjad, t_id)):
                    strong[k] = strong[k] or sim >= STRONG_PAIR
        return any(
            flags & way and pair[k] >= floor and not strong[k]
            for k, way in enumerate((LATIN, ABJAD))
        )

    def _split_otherwise(self, first: str, second: str, joined: str) -> tuple[int, ...]:
        """Names whose neighbouring words join as the query pair does, less those that
        carry both query words (`gazprom dobycha` itself): their word probes already
        count the pair, and counting it twice would rank a name that holds two of three
        query words with one that holds all three."""
        s = self._s
        hits = s.joined.get(joined, ())
        a, b = s.vocab.get(first), s.vocab.get(second)
        if a is None or b is None:
            return hits
        tokens = s.name_tokens
        return tuple(n for n in hits if a not in tokens[n] or b not in tokens[n])

    def _nominate(self, found: _Probes, least: float) -> tuple[dict[int, float], int]:
        """The weight found in each name met in the posting lists, and the postings read.

        Read posting lists shortest first. A name first met in a list when the gains still
        to come (plus what no lookup sees) cannot reach the least share a candidate needs
        would never be nominated: from there on lists only add to the names already met
        (MaxScore). Lists of common tokens do the same when the query has rarer ones. A
        query token's variants (`mohammed`, `muhammad`, ...) seldom meet in one name: each
        probe promises at most its best gain, until its last list is read.
        """
        postings, common, probes = self._s.postings, self._common, found.probes
        has_rare = any(
            len(postings[t_id]) <= common for _, matches in probes for t_id in matches
        ) or any(len(hits) <= common for _, hits in found.joined_hits)
        entries = sorted(
            (len(postings[t_id]), t_id, weight * sim, group)
            for group, (weight, matches) in enumerate(probes)
            for t_id, sim in matches.items()
        )
        best_gain = [max((w * v for v in m.values()), default=0.0) for w, m in probes]
        left = [len(m) for _, m in probes]
        remaining = sum(best_gain, 0.0)
        scores: dict[int, float] = {}
        get = scores.get
        read = 0
        for gain, hits in found.joined_hits:
            read += len(hits)
            for n_id in hits:
                scores[n_id] = get(n_id, 0.0) + gain
        skipped: dict[int, float] = {}
        for size, t_id, gain, group in entries:
            left[group] -= 1
            if (has_rare and size > common) or remaining < least:
                skipped[t_id] = max(skipped.get(t_id, 0.0), gain)
            else:
                read += size
                for n_id in postings[t_id]:
                    scores[n_id] = get(n_id, 0.0) + gain
            if not left[group]:
                remaining -= best_gain[group]
        if skipped and scores:
            # Skipped lists still count for the names already nominated: look their tokens
            # up in those names instead of reading the long lists.
            name_tokens = self._s.name_tokens
            for n_id in scores:
                for t_id in name_tokens[n_id]:
                    boost = skipped.get(t_id)
                    if boost:
                        scores[n_id] += boost
        return scores, read

    def rows(self, form: NameForm) -> list[dict[str, float]]:
        """For each token of a query reading, the listed tokens retrieval links it to."""
        tokens, flags = self._s.tokens, self._s.token_abjad
        out: list[dict[str, float]] = []
        for token, abjad in zip(form.tokens, form.abjad, strict=True):
            row: dict[str, float] = {}
            for t_id, sim in self._matches(token, abjad):
                listed = tokens[t_id]
                if flags[t_id] == LATIN | ABJAD and sim < 1.0:
                    # written both ways in the lists: each occurrence pairs as it is
                    latin, from_abjad = self._similarities(token, abjad, t_id)
                    row[listed] = latin if latin >= self._s.config.token_floor else 0.0
                    row[ABJAD_KEY + listed] = from_abjad
                else:
                    row[listed] = sim
            out.append(row)
        return out


def _unprobed_kinds(form: NameForm) -> tuple[TokenKind, ...]:
    """The token kinds a reading does not look up: legal forms and titles, unless it has
    nothing else (the aircraft `EP-MMC`, the alias `ASBL`), when they are all it can be
    found by."""
    if any(kind not in SILENT_KINDS for kind in form.kinds):
        return SILENT_KINDS
    return ()
