"""Scoring one query name against one listed name, and the features around it.

Name similarity (the `name` feature). Each side is a bag of weighted tokens (`weights.py`):
query tokens weigh `a_i`, listed tokens `b_j`, and the listed side counts
`beta = candidate_side_weight` as much as the query. Tokens are aligned greedily by the
weight they would carry, one to one, ignoring order (surname-first and reordered names
align alike); then tokens still unpaired may pair one-to-several or two-to-two when a word
was split or joined (`VladimirPutin` ~ `Vladimir Putin`, `hua wei` ~ `Huawei`,
`AREFULLAHA REF` ~ `AREFULLAH AREF`). The name score is

    S = sum over alignments of  s * (sum of a_i in it + beta * sum of b_j in it)
        / (sum of all a_i + beta * sum of all b_j)

so a token without a partner costs its share of the weight, a rare token much and a legal
form or particle almost nothing, and an extra listed token (a patronymic the query left
out) costs less than an extra query token. Legal forms align with each other as equals.

The other features (country, address, type) add small signed amounts; see
`explain.FEATURE_DESCRIPTIONS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from entitylist.matching.explain import FeatureContribution, TokenAlignment
from entitylist.matching.records import ScoringConfig
from entitylist.matching.similarity import PHONETIC_FLOOR, token_similarity
from entitylist.matching.tokens import NameForm, NameKind, TokenKind
from entitylist.matching.weights import TokenStats

__all__ = [
    "NameScore",
    "WeightedName",
    "address_feature",
    "align_names",
    "country_feature",
    "rarity_feature",
    "type_feature",
    "weigh",
]

_MERGE_FLOOR = 0.8
"""Least similarity for a split/joined alignment (joining is a strong claim)."""
_SPARSE_KINDS = (TokenKind.LEGAL, TokenKind.TITLE)
_WORD_KINDS = (TokenKind.NAME, TokenKind.NUMBER)


@dataclass(frozen=True, slots=True)
class WeightedName:
    form: NameForm
    weights: tuple[float, ...]
    distinctive: tuple[bool, ...]
    """Per token: can it carry a match (see `TokenStats.is_distinctive`)."""


@dataclass(frozen=True, slots=True)
class NameScore:
    score: float
    alignments: tuple[TokenAlignment, ...]
    distinctive: bool
    """Whether a distinctive query token found a partner."""
    complete: bool
    """Whether every name word and number on both sides found a partner."""


def weigh(form: NameForm, stats: TokenStats, config: ScoringConfig) -> WeightedName:
    pairs = list(zip(form.tokens, form.kinds, strict=True))
    return WeightedName(
        form,
        tuple(stats.weight(t, k) for t, k in pairs),
        tuple(stats.is_distinctive(t, k, config.distinctive_rarity) for t, k in pairs),
    )


def _pair(
    q: NameForm, i: int, c: NameForm, j: int, person: bool, config: ScoringConfig
) -> tuple[float, str]:
    """Similarity of query token i and listed token j, with the method that found it."""
    qt, ct = q.tokens[i], c.tokens[j]
    qk, ck = q.kinds[i], c.kinds[j]
    if qk is TokenKind.LEGAL or ck is TokenKind.LEGAL:
        return (1.0, "legal form") if qk is ck else (0.0, "")
    if qt == ct:
        return 1.0, "exact"
    if qk is TokenKind.INITIAL or ck is TokenKind.INITIAL:
        if (
            person
            and qk is not ck
            and (ct.startswith(qt) if qk is TokenKind.INITIAL else qt.startswith(ct))
        ):
            return config.initial_similarity, "initial"
        return 0.0, ""
    if qk is TokenKind.NUMBER or ck is TokenKind.NUMBER:
        return 0.0, ""
    qa, ca = q.abjad[i], c.abjad[j]
    sim = token_similarity(qt, ct, qa, ca)
    if sim < config.token_floor:
        return 0.0, ""
    if qa != ca:
        return sim, "skeleton"
    return sim, "phonetic" if sim >= PHONETIC_FLOOR and sim < 1.0 else "fuzzy"


def align_names(
    query: WeightedName, cand: WeightedName, config: ScoringConfig, person: bool
) -> NameScore:
    """The name similarity of a query and a listed name, and its token alignments."""
    q, c = query.form, cand.form
    qw, cw = query.weights, cand.weights
    n, m = len(q.tokens), len(c.tokens)
    beta = config.candidate_side_weight
    total = sum(qw) + beta * sum(cw)
    if n == 0 or m == 0 or total <= 0.0:
        return NameScore(0.0, (), False, False)
    pairs: list[tuple[float, float, int, int, str]] = []
    for i in range(n):
        for j in range(m):
            sim, method = _pair(q, i, c, j, person, config)
            if sim > 0.0:
                pairs.append((sim * (qw[i] + beta * cw[j]), sim, i, j, method))
    pairs.sort(reverse=True)
    q_used = [False] * n
    c_used = [False] * m
    found: list[tuple[tuple[int, ...], tuple[int, ...], float, str]] = []
    for _, sim, i, j, method in pairs:
        if not q_used[i] and not c_used[j]:
            q_used[i] = c_used[j] = True
            found.append(((i,), (j,), sim, method))
    if not all(q_used) and not all(c_used):
        found.extend(_merges(q, c, qw, cw, q_used, c_used, beta))
    alignments: list[TokenAlignment] = []
    score = 0.0
    distinctive = False
    for qi, cj, sim, method in found:
        if sim >= config.distinctive_similarity and any(query.distinctive[i] for i in qi):
            distinctive = True
        weight = (sum(qw[i] for i in qi) + beta * sum(cw[j] for j in cj)) / total
        score += sim * weight
        alignments.append(
            TokenAlignment(
                tuple(q.tokens[i] for i in qi), tuple(c.tokens[j] for j in cj), sim, weight, method
            )
        )
    complete = all(q_used[i] or q.kinds[i] not in _WORD_KINDS for i in range(n)) and all(
        c_used[j] or c.kinds[j] not in _WORD_KINDS for j in range(m)
    )
    for i in range(n):
        if not q_used[i]:
            alignments.append(TokenAlignment((q.tokens[i],), (), 0.0, qw[i] / total, "unmatched"))
    for j in range(m):
        if not c_used[j]:
            alignments.append(
                TokenAlignment((), (c.tokens[j],), 0.0, beta * cw[j] / total, "unmatched")
            )
    return NameScore(min(score, 1.0), tuple(alignments), distinctive, complete)


def _runs(used: list[bool], form: NameForm, lengths: Sequence[int]) -> list[tuple[int, ...]]:
    """Runs of consecutive unpaired joinable tokens, of the given lengths."""
    out: list[tuple[int, ...]] = []
    free = [not u and form.kinds[k] not in _SPARSE_KINDS for k, u in enumerate(used)]
    for size in lengths:
        for start in range(len(used) - size + 1):
            if all(free[start : start + size]):
                out.append(tuple(range(start, start + size)))
    return out


def _merges(
    q: NameForm,
    c: NameForm,
    qw: Sequence[float],
    cw: Sequence[float],
    q_used: list[bool],
    c_used: list[bool],
    beta: float,
) -> list[tuple[tuple[int, ...], tuple[int, ...], float, str]]:
    """Split/joined alignments among tokens the one-to-one pass left unpaired."""
    q_runs = _runs(q_used, q, (1, 2, 3))
    c_runs = _runs(c_used, c, (1, 2, 3))
    options: list[tuple[float, float, tuple[int, ...], tuple[int, ...]]] = []
    for qr in q_runs:
        q_forms = _joined(q, qr)
        for cr in c_runs:
            if len(qr) == 1 and len(cr) == 1:
                continue
            if len(qr) > 1 and len(cr) > 1 and (len(qr) > 2 or len(cr) > 2):
                continue
            best = 0.0
            for qs in q_forms:
                for cs in _joined(c, cr):
                    best = max(best, token_similarity(qs, cs))
            if best >= _MERGE_FLOOR:
                gain = best * (sum(qw[i] for i in qr) + beta * sum(cw[j] for j in cr))
                options.append((gain, best, qr, cr))
    options.sort(reverse=True)
    chosen: list[tuple[tuple[int, ...], tuple[int, ...], float, str]] = []
    for _, sim, qr, cr in options:
        if any(q_used[i] for i in qr) or any(c_used[j] for j in cr):
            continue
        for i in qr:
            q_used[i] = True
        for j in cr:
            c_used[j] = True
        chosen.append((qr, cr, sim, "joined"))
    return chosen


def _joined(form: NameForm, run: tuple[int, ...]) -> tuple[str, ...]:
    """The run's tokens written as one word, in order (and reversed, for two tokens)."""
    parts = [form.tokens[k] for k in run]
    if len(parts) == 2:
        return (parts[0] + parts[1], parts[1] + parts[0])
    return ("".join(parts),)


def rarity_feature(name: NameScore, config: ScoringConfig) -> FeatureContribution:
    if name.distinctive or name.complete or not name.alignments:
        return FeatureContribution("rarity", 0.0, "")
    return FeatureContribution(
        "rarity",
        -config.generic_only_penalty * name.score,
        "only generic or common words matched, and not all of them",
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


def type_feature(hint: NameKind, listed: NameKind, config: ScoringConfig) -> FeatureContribution:
    if NameKind.UNKNOWN in (hint, listed) or hint is listed:
        return FeatureContribution("entity_type", 0.0, "")
    return FeatureContribution(
        "entity_type",
        config.type_mismatch,
        f"query {hint.name.lower()}, listed {listed.name.lower()}",
    )
