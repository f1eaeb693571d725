"""What one reading of a query can pair with, for the score bounds of retrieval (pure).

Retrieval (`retrieval`) looks the query's tokens up and records which listed tokens each
lookup linked; the bounds (`bounds`) also need the shapes of the query's words, because
split or joined words escape lookups (`Abdelrazak` ~ `Abd al-Razzak`): its words and runs
of two or three words by first letter, and for a query in an abjad its runs by consonant
skeleton.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from entitylist.matching.similarity import skeleton
from entitylist.matching.state import SILENT_KINDS
from entitylist.matching.tokens import NameForm, TokenKind

WordShape = tuple[int, float, int, str, tuple[int, ...]]
"""(length, weight, run size, last letter, positions) of a query word or run."""
SkeletonShape = tuple[float, int, tuple[int, ...]]
"""(weight, run size, positions) of a query run, keyed by its consonant skeleton."""


@dataclass(frozen=True, slots=True)
class Reach:
    """What one reading of a query can pair with (for the bounds): the listed tokens its
    lookups linked, and the shapes of its words."""

    tokens: frozenset[int]
    words: dict[str, tuple[WordShape, ...]]
    """Query words and runs of two or three words (as one), by first letter: (length,
    weight, run size, last letter, positions)."""
    skeletons: dict[str, tuple[SkeletonShape, ...]]
    """For a reading with abjad words: its runs of one to three words by the consonant
    skeleton of the run written as one, with (weight, run size, positions)."""
    word_links: tuple[tuple[int, frozenset[int]], ...]
    """For each query word (name word, number, patronymic): its position and the listed
    tokens its lookup linked."""
    initials: frozenset[str]
    """The reading's initials."""
    query_weight: float


def reach_of(
    form: NameForm,
    weights: Sequence[float],
    *,
    tokens: frozenset[int],
    word_links: Sequence[tuple[int, frozenset[int]]],
) -> Reach:
    """The reach of a reading whose lookups linked `tokens` (`word_links` per word)."""
    return Reach(
        tokens=tokens,
        words=word_shapes(form, weights),
        skeletons=skeleton_shapes(form, weights) if any(form.abjad) else {},
        word_links=tuple(word_links),
        initials=frozenset(
            t for t, k in zip(form.tokens, form.kinds, strict=True) if k is TokenKind.INITIAL
        ),
        query_weight=sum(weights, 0.0),
    )


def word_shapes(form: NameForm, weights: Sequence[float]) -> dict[str, tuple[WordShape, ...]]:
    """Query words and runs of two or three (both orders for two), by first letter."""
    words: dict[str, list[WordShape]] = {}
    for k, kind in enumerate(form.kinds):
        if kind not in SILENT_KINDS:
            token = form.tokens[k]
            words.setdefault(token[0], []).append((len(token), weights[k], 1, token[-1], (k,)))
    for size in (2, 3):
        for run in _free_runs(form, size):
            start = run[0]
            length = sum(len(form.tokens[k]) for k in run)
            weight = sum((weights[k] for k in run), 0.0)
            ends = {(form.tokens[start][0], form.tokens[start + size - 1][-1])}
            if size == 2:
                ends.add((form.tokens[start + 1][0], form.tokens[start][-1]))
            for first, last in ends:
                words.setdefault(first, []).append((length, weight, size, last, tuple(run)))
    return {k: tuple(v) for k, v in words.items()}


def skeleton_shapes(
    form: NameForm, weights: Sequence[float]
) -> dict[str, tuple[SkeletonShape, ...]]:
    """Runs of one to three query words by the consonant skeleton of the run as one word
    (both orders for two)."""
    skeletons: dict[str, list[SkeletonShape]] = {}
    for size in (1, 2, 3):
        for run in _free_runs(form, size):
            start = run[0]
            weight = sum((weights[k] for k in run), 0.0)
            orders = [run] if size != 2 else [run, range(start + 1, start - 1, -1)]
            for order in orders:
                joined = "".join(form.tokens[k] for k in order)
                skeletons.setdefault(skeleton(joined), []).append((weight, size, tuple(run)))
    return {k: tuple(v) for k, v in skeletons.items()}


def _free_runs(form: NameForm, size: int) -> list[range]:
    """Runs of `size` neighbouring words with no legal form or title among them."""
    runs = (range(start, start + size) for start in range(len(form.tokens) - size + 1))
    return [run for run in runs if not any(form.kinds[k] in SILENT_KINDS for k in run)]
