"""Upper bounds of a name's score for retrieval's candidates (pure), so that the caller
scores only the names that can reach its threshold.

A bound is (X + beta * Y) / (A + beta * B): at best, what retrieval found in the name (plus
what no lookup sees) aligns fully on the query side (X of the query's weight A), and on
the listed side every token that retrieval linked to the query, or that pairs by rule
(legal forms, initials, titles), aligns fully (Y of the name's weight B).

Split/joined words escape lookups (`Abdelrazak` ~ `Abd al-Razzak`), so a run of listed
words that could pair with a run of query words as one word (same first and last letters,
length within the joining tolerance) counts as linked, and that query run as found; a typo
in the first or the last letter of a joined word is the one case this misses
(`score._merges` requires both). For a query in an abjad, whose words pair by consonant
skeleton, a listed run counts when its skeleton is that of a query run. A query initial
links every listed word it begins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from entitylist.matching.merges import MERGE_SHAPES
from entitylist.matching.reach import Reach
from entitylist.matching.records import ScoringConfig
from entitylist.matching.similarity import skeleton
from entitylist.matching.state import SILENT_KINDS, IndexState
from entitylist.matching.tokens import NameForm, TokenKind

RULE_KINDS = (TokenKind.LEGAL, TokenKind.TITLE, TokenKind.INITIAL)
WORD_KINDS = (TokenKind.NAME, TokenKind.NUMBER, TokenKind.PATRONYMIC)
JOIN_SLACK = 0.2
"""Relative length difference a split/joined pairing tolerates (score.py's merge floor)."""

NameRun = tuple[str, str, int, int, int]
"""(first letter, last letter, joined length, start, size) of a run of listed words."""


def name_runs(form: NameForm) -> tuple[NameRun, ...]:
    """Runs of one to three neighbouring words of a listed name: the shapes split/joined
    words can take."""
    tokens, kinds = form.tokens, form.kinds
    lengths = [len(t) for t in tokens]
    joinable = [k not in SILENT_KINDS for k in kinds]
    out = []
    for size in (1, 2, 3):
        for start in range(len(tokens) - size + 1):
            end = start + size
            if all(joinable[start:end]):
                out.append(
                    (tokens[start][0], tokens[end - 1][-1], sum(lengths[start:end]), start, size)
                )
    return tuple(out)


def upper_bound(
    s: IndexState,
    runs: Callable[[int], tuple[NameRun, ...]],
    n_id: int,
    found: float,
    reach: Reach,
    floor: float,
) -> float:
    """An upper bound of name `n_id`'s score (see the module docstring); `runs` gives a
    name's runs (memoised by the caller). The run scan is the costly part: when the bound
    without it already reaches `floor`, the name will be scored anyway and that (lower)
    value is returned."""
    weights = s.weighted[n_id].weights
    total = s.name_totals[n_id]
    form = s.forms[n_id]
    kinds, tokens = form.kinds, form.tokens
    t_ids = s.name_tokens[n_id]
    initials = reach.initials
    linked = [
        t_id in reach.tokens
        or kinds[j] in RULE_KINDS
        or (bool(initials) and tokens[j][0] in initials)
        for j, t_id in enumerate(t_ids)
    ]
    name_ids = frozenset(t_ids)
    q_hit = {k for k, links in reach.word_links if not links.isdisjoint(name_ids)}
    for j in range(len(tokens)):
        if kinds[j] is TokenKind.INITIAL:
            # a listed initial may pair with any query word it begins
            for _, w, size, _, positions in reach.words.get(tokens[j], ()):
                if size == 1:
                    found += w
                    q_hit.update(positions)
    parts = (weights, linked, kinds, q_hit)
    simple = bound_of(s.config, found, parts, reach=reach, total=total)
    if simple >= floor:
        return simple
    found = run_hits(found, tokens, runs(n_id), reach, linked, q_hit)
    return bound_of(s.config, found, parts, reach=reach, total=total)


def run_hits(
    found: float,
    tokens: Sequence[str],
    runs: Sequence[NameRun],
    reach: Reach,
    linked: list[bool],
    q_hit: set[int],
) -> float:
    """`found` plus the query weight that runs of listed words could pair with as one word;
    marks those listed words linked and the query words hit."""
    by_letter, by_skeleton = reach.words, reach.skeletons
    for first, last, length, start, size in runs:
        hit = -1.0
        for q_length, q_weight, q_size, q_last, positions in by_letter.get(first, ()):
            if (
                q_last == last
                and (q_size, size) in MERGE_SHAPES
                and abs(q_length - length) <= JOIN_SLACK * max(q_length, length)
            ):
                hit = max(hit, q_weight)
                q_hit.update(positions)
        if by_skeleton:  # only queries with abjad words pair by skeleton
            skel = skeleton("".join(tokens[start : start + size]))
            for q_weight, q_size, positions in by_skeleton.get(skel, ()):
                if (q_size, size) in MERGE_SHAPES:
                    hit = max(hit, q_weight)
                    q_hit.update(positions)
        if hit >= 0.0:
            for j in range(start, start + size):
                linked[j] = True
            found += hit
    return found


NameParts = tuple[tuple[float, ...], list[bool], tuple[TokenKind, ...], set[int]]
"""A listed name's token weights, which tokens are linked, their kinds, and the query
words hit (positions)."""


def bound_of(
    config: ScoringConfig, found: float, parts: NameParts, *, reach: Reach, total: float
) -> float:
    weights, linked, kinds, q_hit = parts
    beta = config.candidate_side_weight
    reachable = sum((w for w, ok in zip(weights, linked, strict=True) if ok), 0.0)
    # A query word with no possible partner here and a listed word with none: the names
    # disagree, and the listed word costs `conflict_weight` (score.py).
    conflict = any(k not in q_hit for k, _ in reach.word_links) and any(
        not ok and kind in WORD_KINDS for ok, kind in zip(linked, kinds, strict=True)
    )
    extra = config.conflict_weight if conflict else beta
    denominator = reach.query_weight + beta * reachable + extra * (total - reachable)
    if denominator <= 0.0:
        return 0.0
    return min(1.0, (min(found, reach.query_weight) + beta * reachable) / denominator)
