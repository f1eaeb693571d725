"""Similarity of two normalised tokens, in 0..1.

The measure is an edit distance that counts a swap of neighbouring letters as one edit
(optimal string alignment, rapidfuzz's `OSA`), turned into a similarity by the length of
the longer token, with an edit budget that grows with length: short tokens must be nearly
exact (`ali` and `ama` are different names), long ones may carry two or three typos. Two
additions cover what edits miss:

- spelling variants that sound alike (`Mohammed` / `Muhammad`, `Schell` / `Shell`) share a
  metaphone key (rigour's Rust implementation) and are lifted towards 1 (see
  `PHONETIC_BASE`);
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

from entitylist.matching.resources import reference_data

__all__ = [
    "KOREAN_SYLLABLES",
    "MIN_SKELETON",
    "PHONETIC_FLOOR",
    "SKELETON_DISCOUNT",
    "deletion_keys",
    "edit_budget",
    "korean_syllables_only",
    "linked_similarity",
    "reachable",
    "singular",
    "skeleton",
    "token_similarity",
]

PHONETIC_BASE = 0.6
"""Similarity of two tokens with the same metaphone key is `PHONETIC_BASE + (1 -
PHONETIC_BASE) * spelling similarity`: sounding alike lifts a spelling variant, it does
not make two different spellings equal."""
PHONETIC_MIN_SPELLING = 0.72
"""Metaphone keys are coarse (`Wright` and `Raad` share one): only tokens already this
similar in spelling, and of five letters or more, are lifted by sounding alike."""
PHONETIC_FLOOR = PHONETIC_BASE + (1 - PHONETIC_BASE) * PHONETIC_MIN_SPELLING
"""The least similarity a phonetic lift can give."""
SKELETON_DISCOUNT = 0.9
"""Similarity of a token transliterated from an abjad to a token with its skeleton."""
MIN_SKELETON = 3
"""Consonants a skeleton needs to pair two tokens at `SKELETON_DISCOUNT`."""
SHORT_SKELETON_SIMILARITY = 0.7
"""A skeleton of one or two consonants (`ly` for `Ali`, `bd` for `Abd`) matches many
names: it pairs only with a short spelling (three letters for one consonant, five for
two), and weakly."""


@lru_cache(maxsize=262144)
def _skeleton_similarity(abjad: str, latin: str) -> float:
    sa = skeleton(abjad)
    if sa != skeleton(latin):
        return 0.0
    if len(sa) >= MIN_SKELETON:
        return SKELETON_DISCOUNT
    if (len(sa) == 2 and len(latin) <= 5) or (len(sa) == 1 and len(latin) <= 3):
        return SHORT_SKELETON_SIMILARITY
    return 0.0


# Vowels and the letters abjads use as vowels go; Arabic has no p or v, so a Latin p or v
# is written with b or f (`Pérez` -> `بيريز` -> `byryz`).
_SKELETON_DROP = str.maketrans("pv", "bf", "aeiouwy")


def edit_budget(length: int) -> int:
    """Most edits two tokens may differ by, for the longer one's length.

    Three letters allow none: short name syllables that differ by a letter are different
    names (`sun` / `son`, `kim` / `lim`), and a token that short carries little anyway."""
    if length <= 3:
        return 0
    if length <= 5:
        return 1
    if length <= 8:
        return 2
    return 3


@lru_cache(maxsize=262144)
def skeleton(token: str) -> str:
    """Consonants only, doubled letters once, p/v as b/f: `mohammed` -> `mhmd`,
    `hassan` -> `hsn`, `perez` -> `brz`."""
    stripped = token.translate(_SKELETON_DROP)
    out: list[str] = []
    for char in stripped:
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


PLURAL_SIMILARITY = 0.95
"""Similarity of a word and its English plural (`technology` / `technologies`)."""


def singular(token: str) -> str:
    """A crude English singular (`technologies` -> `technology`, `systems` -> `system`)."""
    if token.endswith("ies") and len(token) > 5:
        return token[:-3] + "y"
    if token.endswith("s") and not token.endswith("ss") and len(token) > 4:
        return token[:-1]
    return token


@lru_cache(maxsize=262144)
def _spelling_similarity(a: str, b: str) -> float:
    if len(a) >= 4 and len(b) >= 4 and singular(a) == singular(b):
        return PLURAL_SIMILARITY
    longest = max(len(a), len(b))
    budget = edit_budget(longest)
    if not budget:
        return 0.0
    distance = OSA.distance(a, b)
    spelling = 1.0 - distance / longest
    sim = spelling if distance <= budget else 0.0
    if (
        spelling >= PHONETIC_MIN_SPELLING
        and min(len(a), len(b)) >= 5
        and metaphone(a) == metaphone(b)
    ):
        sim = max(sim, PHONETIC_BASE + (1.0 - PHONETIC_BASE) * spelling)
    return sim


KOREAN_SYLLABLES = reference_data().korean.syllables
"""Canonical spellings of Korean syllables (`korean_syllables.yml`): two of them are two
syllables, not a spelling variant of one (`jong` / `song`, `hyok` / `hyon`)."""
_NOT_KOREAN = reference_data().korean.excluded
_LONGEST_SYLLABLE = max((len(s) for s in KOREAN_SYLLABLES), default=0)


@lru_cache(maxsize=262144)
def korean_syllables_only(token: str) -> bool:
    """Whether the token is one canonical Korean syllable or a run of them written as one
    (a given name, `jongun`): two such tokens that differ are different names, not a
    spelling variant (`songchol` / `sangchol`, `jinhyok` / `junhyok`)."""
    if token in KOREAN_SYLLABLES:
        return True
    if token in _NOT_KOREAN:  # another language's word that reads as syllables (`young`)
        return False
    ends = [False] * (len(token) + 1)
    ends[0] = True
    for end in range(2, len(token) + 1):
        ends[end] = any(
            ends[start] and token[start:end] in KOREAN_SYLLABLES
            for start in range(max(0, end - _LONGEST_SYLLABLE), end - 1)
        )
    return ends[-1]


def token_similarity(a: str, b: str, a_abjad: bool = False, b_abjad: bool = False) -> float:
    """Similarity of two tokens in 0..1 (1 only for identical tokens)."""
    if a == b:
        return 1.0
    if korean_syllables_only(a) and korean_syllables_only(b):
        return 0.0
    if a_abjad != b_abjad:
        # Across an abjad only consonant skeletons compare, and they must agree exactly
        # (they are already a loose key).
        return _skeleton_similarity(a, b) if a_abjad else _skeleton_similarity(b, a)
    if a > b:  # one cache entry per unordered pair
        a, b = b, a
    return _spelling_similarity(a, b)


MIN_FUZZY_LENGTH = 3
"""Tokens shorter than this are only ever equal or different."""


def deletion_keys(token: str) -> set[str]:
    """The token and every string made by removing one of its letters (SymSpell's keys).

    Two tokens share a key when they differ by one substitution, insertion, deletion or
    swap of neighbours, or by one deletion on each side."""
    keys = {token}
    if len(token) >= MIN_FUZZY_LENGTH:
        keys.update(token[:k] + token[k + 1 :] for k in range(len(token)))
    return keys


@lru_cache(maxsize=262144)
def reachable(a: str, b: str, a_abjad: bool = False, b_abjad: bool = False) -> bool:
    """Whether the index's retrieval links two tokens: equal, sharing a deletion key, a
    metaphone key (four letters or more), a singular, or (across an abjad) a skeleton.

    The index scores only the token pairs its retrieval links; `compare_names` applies
    the same rule through this function, so both score a pair alike."""
    if a == b:
        return True
    if not (a.isalpha() and b.isalpha()):
        return False
    if a_abjad != b_abjad:
        return (_skeleton_similarity(a, b) if a_abjad else _skeleton_similarity(b, a)) > 0.0
    if len(a) < MIN_FUZZY_LENGTH or len(b) < MIN_FUZZY_LENGTH:
        return False
    if not deletion_keys(a).isdisjoint(deletion_keys(b)):
        return True
    if len(a) < 4 or len(b) < 4:
        return False
    return singular(a) == singular(b) or metaphone(a) == metaphone(b)


def linked_similarity(a: str, b: str, a_abjad: bool = False, b_abjad: bool = False) -> float:
    """`token_similarity` for the pairs retrieval links (`reachable`), 0 for the rest."""
    if not reachable(a, b, a_abjad, b_abjad):
        return 0.0
    return token_similarity(a, b, a_abjad, b_abjad)
