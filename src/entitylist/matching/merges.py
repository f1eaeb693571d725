"""Split and joined words (pure): runs of neighbouring words of one name that pair with a
run of the other's written as one (`Jan Daniel` ~ `JanDaniel`, `Abd al-Razzak` ~
`Abdelrazak`), among the tokens the one-to-one pass of `score.align_names` left unpaired.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from entitylist.matching.similarity import KOREAN_SYLLABLES, skeleton, token_similarity
from entitylist.matching.tokens import NameForm, TokenKind

MERGE_SHAPES = frozenset({(1, 2), (1, 3), (2, 1), (3, 1), (2, 2)})
"""Query-run and listed-run lengths a split/joined alignment may have."""
_MERGE_FLOOR = 0.8
"""Least similarity for a split/joined alignment (joining is a strong claim)."""
_SPARSE_KINDS = (TokenKind.LEGAL, TokenKind.TITLE)

Found = list[tuple[tuple[int, ...], tuple[int, ...], float, str]]
"""Alignments: query positions, listed positions, similarity, method."""

Run = tuple[tuple[int, ...], str, str, bool]
"""Positions of neighbouring tokens, the run written as one word, its consonant
skeleton, and whether all its tokens came from an abjad."""


@lru_cache(maxsize=65536)
def _all_runs(
    tokens: tuple[str, ...], kinds: tuple[TokenKind, ...], abjad: tuple[bool, ...]
) -> tuple[Run, ...]:
    """Every run of one to three joinable tokens of a name, each way it can be written
    as one word (two tokens either way round, but for two Korean syllables). Memoised:
    names and queries repeat."""
    out: list[Run] = []
    for size in (1, 2, 3):
        for start in range(len(tokens) - size + 1):
            run = tuple(range(start, start + size))
            if any(kinds[k] in _SPARSE_KINDS for k in run):
                continue
            parts = [tokens[k] for k in run]
            joined = ["".join(parts)]
            if size == 2 and not (parts[0] in KOREAN_SYLLABLES and parts[1] in KOREAN_SYLLABLES):
                # either way round, except two syllables of a Korean given name, whose
                # order is the name (`Jong Un` is not `Un Jong`)
                joined.append(parts[1] + parts[0])
            flag = all(abjad[k] for k in run)
            out.extend((run, text, skeleton(text), flag) for text in joined)
    return tuple(out)


def merges(
    q: NameForm,
    c: NameForm,
    qw: Sequence[float],
    cw: Sequence[float],
    q_used: list[bool],
    c_used: list[bool],
    *,
    beta: float,
) -> Found:
    """Split/joined alignments among tokens the one-to-one pass left unpaired.

    A run of words written as one must agree with its partner on the first and last
    letters (across an abjad: on the consonant skeleton) and be within the edit budget;
    the letters rule keeps the search to a few lookups and lets the index bound it.
    """
    q_free = [not used and q.kinds[i] not in _SPARSE_KINDS for i, used in enumerate(q_used)]
    c_free = [not used and c.kinds[j] not in _SPARSE_KINDS for j, used in enumerate(c_used)]
    if sum(q_free) == 0 or sum(c_free) == 0 or sum(q_free) + sum(c_free) < 3:
        return []
    best = _merge_similarities(q, c, q_free, c_free)
    if not best:
        return []
    options = sorted(
        (
            (sim * (sum(qw[i] for i in qr) + beta * sum(cw[j] for j in cr)), sim, qr, cr)
            for (qr, cr), sim in best.items()
        ),
        reverse=True,
    )
    chosen: Found = []
    for _, sim, qr, cr in options:
        if any(q_used[i] for i in qr) or any(c_used[j] for j in cr):
            continue
        for i in qr:
            q_used[i] = True
        for j in cr:
            c_used[j] = True
        chosen.append((qr, cr, sim, "joined"))
    return chosen


def _merge_similarities(
    q: NameForm, c: NameForm, q_free: list[bool], c_free: list[bool]
) -> dict[tuple[tuple[int, ...], tuple[int, ...]], float]:
    """For each run of free query words and run of free listed words that may be one word
    written apart, the best similarity of the two written as one."""
    by_ends: dict[tuple[str, str], list[Run]] = {}
    by_skeleton: dict[str, list[Run]] = {}
    for entry in _all_runs(c.tokens, c.kinds, c.abjad):
        run, text, skel, _ = entry
        if all(c_free[j] for j in run):
            by_ends.setdefault((text[0], text[-1]), []).append(entry)
            by_skeleton.setdefault(skel, []).append(entry)
    across = any(q.abjad) or any(c.abjad)
    best: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}
    for qr, qs, q_skel, qa in _all_runs(q.tokens, q.kinds, q.abjad):
        if not all(q_free[i] for i in qr):
            continue
        partners = by_ends.get((qs[0], qs[-1]), [])
        if across:
            partners = partners + by_skeleton.get(q_skel, [])
        for cr, cs, _, ca in partners:
            if (len(qr), len(cr)) not in MERGE_SHAPES:
                continue
            # an edit distance is at least the length difference (abjad skeletons are
            # compared without their vowels: no such limit)
            if qa == ca and abs(len(qs) - len(cs)) > (1.0 - _MERGE_FLOOR) * max(len(qs), len(cs)):
                continue
            sim = token_similarity(qs, cs, qa, ca)
            if sim >= _MERGE_FLOOR and sim > best.get((qr, cr), 0.0):
                best[(qr, cr)] = sim
    return best
