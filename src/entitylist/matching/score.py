"""Scoring one query name against one listed name, and the features around it.

Name similarity (the `name` feature). Each side is a bag of weighted tokens (`weights.py`):
query tokens weigh `a_i`, listed tokens `b_j`, and the listed side counts
`beta = candidate_side_weight` as much as the query. Tokens are aligned greedily by the
weight they would carry, one to one, ignoring order (surname-first and reordered names
align alike); then tokens still unpaired may pair one-to-several or two-to-two when a word
was split or joined (`VladimirPutin` ~ `Vladimir Putin`, `hua wei` ~ `Huawei`,
`AREFULLAHA REF` ~ `AREFULLAH AREF`). The name score is

    S = sum over alignments of  s * (sum of a_i in it + beta * sum of b_j in it)
        / (sum of all a_i + beta * sum of paired b_j + gamma * sum of unpaired b_j)

so a token without a partner costs its share of the weight, a rare token much and a legal
form or particle almost nothing. An extra listed token (a patronymic the query left out)
costs `gamma = beta` when every query word found a partner, but `gamma =
conflict_weight` when the query has a word without partner too: two names that each have
a word the other lacks disagree, and that costs more than a shorter name; in such a
disagreement the unpaired words also lose their generic-word discount (`Saudi Arabian
Gas Company` is not `Saudi Arabian Oil Company`). For an organisation, a distinctive
listed word the query lacks costs `orphan_weight` even when the query is fully explained
(`Target` is not `Target Electronics`; a generic one, `Huawei` for `Huawei Technologies`,
still costs `beta`). Legal forms align with each other as equals.

The other features (country, address, type) add small signed amounts; see
`explain.FEATURE_DESCRIPTIONS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from entitylist.matching.explain import FeatureContribution, TokenAlignment
from entitylist.matching.merges import MERGE_SHAPES, Found, merges
from entitylist.matching.records import ScoringConfig
from entitylist.matching.similarity import linked_similarity
from entitylist.matching.tokens import NameForm, NameKind, TokenKind
from entitylist.matching.weights import TokenStats

__all__ = [
    "MERGE_SHAPES",
    "NameScore",
    "WeightedName",
    "address_feature",
    "align_names",
    "contained_feature",
    "country_feature",
    "lone_word_feature",
    "name_penalties",
    "rarity_feature",
    "type_feature",
    "weigh",
]

STRONG_PAIR = 0.8
"""One-to-one pairs at least this similar are taken before split/joined words are sought."""
_WORD_KINDS = (TokenKind.NAME, TokenKind.NUMBER, TokenKind.PATRONYMIC)
_SHORT_WORD = 5
"""Letters up to which one differing letter makes another word, for a lone word."""
_COMPLETE_KINDS = (*_WORD_KINDS, TokenKind.INITIAL)
"""What an organisation's name must pair for a complete match: a letter in a company's
name (`1-P`, `C & I`) is part of it, not a person's abbreviated given name."""
CRAFT_TYPES = frozenset({"vessel", "aircraft"})


@dataclass(frozen=True, slots=True)
class WeightedName:
    form: NameForm
    weights: tuple[float, ...]
    distinctive: tuple[bool, ...]
    """Per token: can it carry a match (see `TokenStats.is_distinctive`)."""
    plain: tuple[float, ...]
    """Per token: the weight without the generic-word factor (used for disagreements)."""


@dataclass(frozen=True, slots=True)
class NameScore:
    score: float
    distinctive: bool
    """Whether a distinctive query token found a partner."""
    complete: bool
    """Whether every name word and number on both sides found a partner (and, for
    organisations, every initial)."""
    loose: bool = False
    """Whether a generic query word (`Energy`, `Holding`, `Bank`) found no partner: the
    query names a kind of business the listed name does not."""
    lone: bool = False
    """Whether the query has one distinctive word only and it found a partner by spelling
    that tells nothing apart from another company (see `_is_lone`)."""
    contained: bool = False
    """Whether an organisation's listed name of one word is wholly inside a query that
    says more (`SEI Investments` for `SEI`; see `_is_contained`)."""
    _parts: tuple[Any, ...] = ()
    """What `alignments` is made from (built only for the scores that are shown)."""

    @property
    def alignments(self) -> tuple[TokenAlignment, ...]:
        """The token alignments, unmatched tokens last; their contributions sum to `score`."""
        if not self._parts:
            return ()
        q, c, found, q_used, c_used, qw, cw, beta, cost, total = self._parts
        out: list[TokenAlignment] = []
        for qi, cj, sim, method in found:
            weight = (sum(qw[i] for i in qi) + beta * sum(cw[j] for j in cj)) / total
            out.append(
                TokenAlignment(
                    tuple(q.tokens[i] for i in qi),
                    tuple(c.tokens[j] for j in cj),
                    sim,
                    weight,
                    method,
                )
            )
        for i, used in enumerate(q_used):
            if not used:
                out.append(TokenAlignment((q.tokens[i],), (), 0.0, qw[i] / total, "unmatched"))
        for j, used in enumerate(c_used):
            if not used:
                out.append(
                    TokenAlignment((), (c.tokens[j],), 0.0, cost[j] * cw[j] / total, "unmatched")
                )
        return tuple(out)


def weigh(form: NameForm, stats: TokenStats, config: ScoringConfig) -> WeightedName:
    pairs = list(zip(form.tokens, form.kinds, strict=True))
    return WeightedName(
        form,
        tuple(stats.weight(t, k) for t, k in pairs),
        tuple(stats.is_distinctive(t, k, config.distinctive_rarity) for t, k in pairs),
        tuple(stats.weight(t, k, generic=False) for t, k in pairs),
    )


TokenRows = Sequence[Mapping[str, float]]
"""For each query token, the listed tokens retrieval linked it to, with their similarity
(`MatchIndex` passes what its lookups found; without it, `linked_similarity` decides). A
listed token written both in Latin and from an abjad has its abjad similarity under
`ABJAD_KEY + token` too."""
ABJAD_KEY = "\x00"


def _pair(
    q: NameForm,
    i: int,
    c: NameForm,
    j: int,
    *,
    person: bool,
    config: ScoringConfig,
    rows: TokenRows | None,
) -> tuple[float, str]:
    """Similarity of query token i and listed token j, with the method that found it."""
    qt, ct = q.tokens[i], c.tokens[j]
    qk, ck = q.kinds[i], c.kinds[j]
    if qk is TokenKind.LEGAL and ck is TokenKind.LEGAL:
        return 1.0, "legal form"
    if qt == ct:
        return 1.0, "exact"
    if qk is TokenKind.LEGAL or ck is TokenKind.LEGAL:
        # one side took the word for a legal form (`society` ~ `societe`), the other did
        # not (`sochety`): their spellings still decide
        sim = rows[i].get(ct, 0.0) if rows is not None else linked_similarity(qt, ct)
        return (sim, "fuzzy") if sim >= config.token_floor else (0.0, "")
    if qk is TokenKind.INITIAL or ck is TokenKind.INITIAL:
        if (
            person
            and qk is not ck
            and (ct.startswith(qt) if qk is TokenKind.INITIAL else qt.startswith(ct))
        ):
            if qk is TokenKind.INITIAL:
                return config.initial_similarity, "initial"
            # The query spells out a word the list gives as an initial: the initial vouches
            # for one letter only, so the query word is barely confirmed.
            return config.listed_initial_similarity, "initial"
        return 0.0, ""
    if qk is TokenKind.NUMBER or ck is TokenKind.NUMBER:
        return 0.0, ""
    qa, ca = q.abjad[i], c.abjad[j]
    sim = rows[i].get(ct, 0.0) if rows is not None else linked_similarity(qt, ct, qa, ca)
    if sim < config.token_floor:
        return 0.0, ""
    if qa != ca:
        return sim, "skeleton"
    return sim, "fuzzy"


def align_names(
    query: WeightedName,
    cand: WeightedName,
    config: ScoringConfig,
    person: bool,
    *,
    floor: float | None = None,
    rows: TokenRows | None = None,
) -> NameScore:
    """The name similarity of a query and a listed name, and its token alignments.

    Alignment runs in three passes: strong one-to-one pairs (similarity >= 0.8), then
    split/joined words among what is left, then weaker one-to-one pairs; so `Jan Daniel`
    pairs with `JanDaniel` as a whole before `Daniel` can take it as a poor single match.
    """
    n, m = len(query.form.tokens), len(cand.form.tokens)
    if n == 0 or m == 0:
        return NameScore(0.0, False, False)
    pairs = _candidate_pairs(query, cand, config, person=person, rows=rows)
    q_used = [False] * n
    c_used = [False] * m
    found: Found = []
    for _, sim, i, j, method in pairs:
        if sim >= STRONG_PAIR and not q_used[i] and not c_used[j]:
            q_used[i] = c_used[j] = True
            found.append(((i,), (j,), sim, method))
    if not all(q_used) and not all(c_used):
        qw, cw, beta = query.weights, cand.weights, config.candidate_side_weight
        if floor is None or _could_reach(found, qw, cw, q_used, c_used, beta=beta, floor=floor):
            found.extend(merges(query.form, cand.form, qw, cw, q_used, c_used, beta=beta))
        for _, sim, i, j, method in pairs:
            if not q_used[i] and not c_used[j]:
                q_used[i] = c_used[j] = True
                found.append(((i,), (j,), sim, method))
    return _name_score(query, cand, config, person, found=found, used=(q_used, c_used))


def _candidate_pairs(
    query: WeightedName,
    cand: WeightedName,
    config: ScoringConfig,
    *,
    person: bool,
    rows: TokenRows | None,
) -> list[tuple[float, float, int, int, str]]:
    """Every query and listed token pair that may align, best gain first: (gain,
    similarity, query position, listed position, method)."""
    q, c = query.form, cand.form
    qw, cw = query.weights, cand.weights
    beta = config.candidate_side_weight
    pairs: list[tuple[float, float, int, int, str]] = []
    q_tokens, q_kinds, q_abjad = q.tokens, q.kinds, q.abjad
    c_tokens, c_kinds, c_abjad = c.tokens, c.kinds, c.abjad
    token_floor = config.token_floor
    side = [beta * w for w in cw]
    c_special = [k is TokenKind.LEGAL or k is TokenKind.INITIAL for k in c_kinds]
    for i in range(len(q_tokens)):
        q_kind = q_kinds[i]
        q_special = q_kind is TokenKind.LEGAL or q_kind is TokenKind.INITIAL
        row = rows[i] if rows is not None else None
        qt, qa, qwi = q_tokens[i], q_abjad[i], qw[i]
        for j in range(len(c_tokens)):
            if row is not None and not q_special and not c_special[j]:
                # fast path: what retrieval linked, and nothing else
                sim = row.get(c_tokens[j], 0.0)
                if c_abjad[j]:
                    sim = row.get(ABJAD_KEY + c_tokens[j], sim)
                if sim < token_floor or sim == 0.0:
                    continue
                ct = c_tokens[j]
                if qt == ct:
                    method = "exact"
                elif c_kinds[j] is TokenKind.NUMBER:
                    continue
                else:
                    method = "skeleton" if qa != c_abjad[j] else "fuzzy"
            else:
                sim, method = _pair(q, i, c, j, person=person, config=config, rows=rows)
                if sim <= 0.0:
                    continue
            pairs.append((sim * (qwi + side[j]), sim, i, j, method))
    pairs.sort(reverse=True)
    return pairs


def _name_score(
    query: WeightedName,
    cand: WeightedName,
    config: ScoringConfig,
    person: bool,
    *,
    found: Found,
    used: tuple[list[bool], list[bool]],
) -> NameScore:
    """The score of the alignments `found`, weighing what each side left unpaired."""
    q, c = query.form, cand.form
    qw, cw = query.weights, cand.weights
    q_used, c_used = used
    n, m = len(q.tokens), len(c.tokens)
    beta = config.candidate_side_weight
    # A listed word without a partner costs `beta` of its weight when the query is fully
    # explained (the list knows more of the name), but its full weight when the query also
    # has a word without a partner: then the two names disagree, they do not just differ
    # in length (`conflict_weight`).
    # In a disagreement a generic word weighs fully: `Logistics` against `Military`, `Gas`
    # against `Oil` is what tells two otherwise alike names apart.
    conflict = any(not q_used[i] and q.kinds[i] in _WORD_KINDS for i in range(n)) and any(
        not c_used[j] and c.kinds[j] in _WORD_KINDS for j in range(m)
    )
    if conflict:
        qw = tuple(qw[i] if q_used[i] else query.plain[i] for i in range(n))
        cw = tuple(cw[j] if c_used[j] else cand.plain[j] for j in range(m))
    extra = config.conflict_weight if conflict else beta
    # An organisation's listed word the query lacks costs in full when it is distinctive:
    # `Target` is not `Target Electronics`, `BP` not `BP Inzhiniring` (a generic word the
    # query leaves out, `Huawei` for `Huawei Technologies`, costs `beta`).
    orphan = extra if person or conflict else config.orphan_weight
    cost = tuple(orphan if cand.distinctive[j] else extra for j in range(m))
    total = sum(qw, 0.0) + beta * sum((cw[j] for j in range(m) if c_used[j]), 0.0)
    total += sum((cost[j] * cw[j] for j in range(m) if not c_used[j]), 0.0)
    if total <= 0.0:
        return NameScore(0.0, False, False)
    score = 0.0
    distinctive = False
    for qi, cj, sim, _ in found:
        if sim >= config.distinctive_similarity and any(query.distinctive[i] for i in qi):
            distinctive = True
        score += sim * (sum(qw[i] for i in qi) + beta * sum(cw[j] for j in cj)) / total
    counted = _WORD_KINDS if person else _COMPLETE_KINDS
    # a query without a single letter (`=1+1`) is never a complete name
    listed_whole = all(c_used[j] or c.kinds[j] not in counted for j in range(m))
    complete = (
        any(k is not TokenKind.NUMBER for k in q.kinds)
        and all(q_used[i] or q.kinds[i] not in counted for i in range(n))
        and listed_whole
    )
    parts = (q, c, found, q_used, c_used, qw, cw, beta, cost, total)
    loose = any(not q_used[i] and query.weights[i] < query.plain[i] for i in range(n))
    lone = _is_lone(query, cand, found, person, complete=complete)
    contained = not person and listed_whole and _is_contained(q, c, q_used)
    return NameScore(min(score, 1.0), distinctive, complete, loose, lone, contained, _parts=parts)


def _is_lone(
    query: WeightedName,
    cand: WeightedName,
    found: list[tuple[tuple[int, ...], tuple[int, ...], float, str]],
    person: bool,
    *,
    complete: bool,
) -> bool:
    """Whether the query's only distinctive word paired by spelling, not exactly, where
    the spelling is all that tells it from another company:
    - the names otherwise differ (a name word on either side has no partner): `Walmart` ~
      `WELMART GROUP LIMITED`, `Moderna` ~ `MODERN TECHNOLOGIES`;
    - or the partner is short (five letters or fewer) or starts with another letter:
      `Cisco` ~ `Zisco`, `Cemex` ~ `Cimex`, `Dell` ~ `Well`; a typo seldom hits a first
      letter, and one letter of five is what tells many real companies from a listed one.
    A longer word with a typo inside a name that is otherwise the listed one
    (`Brilliandce Technology Ltd`) is still found."""
    if sum(query.distinctive) != 1:
        return False
    k = query.distinctive.index(True)
    if person and sum(w in _WORD_KINDS for w in query.form.kinds) > 1:
        return False  # a person's other words (given names) carry the match too
    for qi, cj, sim, method in found:
        if qi == (k,) and len(cj) == 1 and sim < 1.0 and method == "fuzzy":
            a, b = query.form.tokens[k], cand.form.tokens[cj[0]]
            return not complete or a[0] != b[0] or min(len(a), len(b)) <= _SHORT_WORD
    return False


def _is_contained(q: NameForm, c: NameForm, q_used: Sequence[bool]) -> bool:
    """Whether a listed name whose every word found its partner (the caller checks) has
    one name word, and the query has a name word more: `SEI Investments` ~ `SEI`,
    `Carvana Nederland B.V.` ~ `CARVANA COMPANY`. A longer name that holds a listed
    one-word name may be the party, an affiliate (see the affiliate leads) or another
    company: a reviewer decides."""
    if sum(k in _WORD_KINDS for k in c.kinds) != 1:
        return False
    return any(not q_used[i] and q.kinds[i] in _WORD_KINDS for i in range(len(q.kinds)))


def _could_reach(
    found: list[tuple[tuple[int, ...], tuple[int, ...], float, str]],
    qw: Sequence[float],
    cw: Sequence[float],
    q_used: list[bool],
    c_used: list[bool],
    *,
    beta: float,
    floor: float,
) -> bool:
    """Whether pairing every token left, perfectly, could bring the score to `floor`."""
    total = sum(qw, 0.0) + beta * sum(cw, 0.0)
    if total <= 0.0:
        return False
    gain = sum(
        (
            sim * (sum(qw[i] for i in qi) + beta * sum(cw[j] for j in cj))
            for qi, cj, sim, _ in found
        ),
        0.0,
    )
    gain += sum((w for w, used in zip(qw, q_used, strict=True) if not used), 0.0)
    gain += beta * sum((w for w, used in zip(cw, c_used, strict=True) if not used), 0.0)
    return gain / total >= floor


def rarity_feature(name: NameScore, config: ScoringConfig) -> FeatureContribution:
    if name.distinctive or name.complete or name.score <= 0.0:
        return FeatureContribution("rarity", 0.0, "")
    return FeatureContribution(
        "rarity",
        -config.generic_only_penalty * name.score,
        "only generic or common words matched, and not all of them",
    )


def lone_word_feature(name: NameScore, config: ScoringConfig) -> FeatureContribution:
    if not name.lone:
        return FeatureContribution("lone_word", 0.0, "")
    return FeatureContribution(
        "lone_word",
        -config.lone_word_penalty * name.score,
        "the one distinctive word matched by spelling only",
    )


def name_penalties(name: NameScore, config: ScoringConfig) -> tuple[FeatureContribution, ...]:
    """The features that only the name decides, each taking from its score: what the index
    and `compare_names` both add to the name score."""
    return (
        rarity_feature(name, config),
        lone_word_feature(name, config),
        contained_feature(name, config),
    )


def contained_feature(name: NameScore, config: ScoringConfig) -> FeatureContribution:
    if not name.contained or name.score <= config.contained_ceiling:
        return FeatureContribution("contained", 0.0, "")
    return FeatureContribution(
        "contained",
        config.contained_ceiling - name.score,
        "the listed name is one word of a longer name",
    )


def country_feature(
    country: str | None, countries: frozenset[str], config: ScoringConfig
) -> FeatureContribution:
    if not country or not countries:
        return FeatureContribution("country", 0.0, "")
    code = country.strip().upper()
    if code in countries:
        return FeatureContribution("country", config.country_agrees, f"{code} listed")
    return FeatureContribution(
        "country", config.country_disagrees, f"{code} not in {','.join(sorted(countries))}"
    )


def address_feature(
    address_tokens: frozenset[str] | None,
    listed: Sequence[frozenset[str]],
    config: ScoringConfig,
) -> FeatureContribution:
    if not address_tokens or not listed:
        return FeatureContribution("address", 0.0, "")
    best = max(len(address_tokens & tokens) / len(address_tokens) for tokens in listed)
    if best <= 0.5:
        return FeatureContribution("address", 0.0, f"overlap {best:.2f}")
    value = config.address_bonus * (best - 0.5) / 0.5
    return FeatureContribution("address", value, f"overlap {best:.2f}")


def type_feature(
    hint: NameKind,
    listed: NameKind,
    config: ScoringConfig,
    *,
    company_form: bool = False,
    listed_type: str = "",
) -> FeatureContribution:
    if company_form and listed_type in CRAFT_TYPES:
        # a legal form or a business word names a company; ships and aircraft carry none
        return FeatureContribution(
            "entity_type", config.craft_mismatch, f"query names a company, listed {listed_type}"
        )
    if NameKind.UNKNOWN in (hint, listed) or hint is listed:
        return FeatureContribution("entity_type", 0.0, "")
    return FeatureContribution(
        "entity_type",
        config.type_mismatch,
        f"query {hint.name.lower()}, listed {listed.name.lower()}",
    )
