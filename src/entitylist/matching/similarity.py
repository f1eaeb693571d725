"""Similarity of two normalised tokens, in 0..1.

The measure is an edit distance that counts a swap of neighbouring letters as one edit
(optimal string alignment, rapidfuzz's `OSA`), turned into a similarity by the length of
the longer token, with an edit budget that grows with length: short tokens must be nearly
exact (`ali` and `ama` are different names), long ones may carry two or three typos. Two
additions cover what edits miss:

- spelling variants that sound alike (`Mohammed` / `Muhammad`, `Schell` / `Shell`) share a
  metaphone key (rigour's Rust implementation) and score at least `PHONETIC_FLOOR`;
- a token transliterated from an abjad (Arabic, Hebrew, Thai, ...) has no short vowels, so
  it is compared with the consonant skeleton of the other token (`mhmd` ~ `mohamed`),
  discounted by `SKELETON_DISCOUNT` because a skeleton says less than a spelling.

Everything here is memoised: names repeat the same tokens, and the index scores the same
pairs for many candidates.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA
from rigour.text.phonetics import metaphone

__all__ = [
    "PHONETIC_FLOOR",
    "SKELETON_DISCOUNT",
    "edit_budget",
    "skeleton",
    "token_similarity",
]

PHONETIC_FLOOR = 0.85
"""Least similarity of two tokens of four letters or more with the same metaphone key."""
SKELETON_DISCOUNT = 0.9
"""Factor on the similarity of consonant skeletons (abjad transliterations)."""

_SKELETON_DROP = str.maketrans("", "", "aeiouwy")


def edit_budget(length: int) -> int:
    """Most edits two tokens may differ by, for the longer one's length."""
    if length <= 2:
        return 0
    if length <= 5:
        return 1
    if length <= 8:
        return 2
    return 3


@lru_cache(maxsize=262144)
def skeleton(token: str) -> str:
    """Consonants only, doubled letters once: `mohammed` -> `mhmd`, `hassan` -> `hsn`."""
    stripped = token.translate(_SKELETON_DROP)
    out: list[str] = []
    for char in stripped:
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=262144)
def _spelling_similarity(a: str, b: str) -> float:
    longest = max(len(a), len(b))
    budget = edit_budget(longest)
    sim = 0.0
    if budget:
        distance = OSA.distance(a, b, score_cutoff=budget)
        if distance <= budget:
            sim = 1.0 - distance / longest
    if longest >= 4 and min(len(a), len(b)) >= 3 and metaphone(a) == metaphone(b):
        sim = max(sim, PHONETIC_FLOOR + (1.0 - PHONETIC_FLOOR) * sim)
    return sim


def token_similarity(a: str, b: str, a_abjad: bool = False, b_abjad: bool = False) -> float:
    """Similarity of two tokens in 0..1 (1 only for identical tokens)."""
    if a == b:
        return 1.0
    if a_abjad != b_abjad:
        sa, sb = skeleton(a), skeleton(b)
        if not sa or not sb:
            return 0.0
        if sa == sb:
            return SKELETON_DISCOUNT
        return (
            SKELETON_DISCOUNT * _spelling_similarity(sa, sb) if min(len(sa), len(sb)) > 2 else 0.0
        )
    if a > b:  # one cache entry per unordered pair
        a, b = b, a
    return _spelling_similarity(a, b)
