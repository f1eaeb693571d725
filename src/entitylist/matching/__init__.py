"""The matching core: names in, scored and explained candidates out.

Pipeline order: normalise (`normalise.py`: NFKC, look-alikes, case, legal forms,
transliteration, punctuation, abbreviations, token kinds; helpers in `lookalikes.py`,
`legal_forms.py`, `scripts.py`, `tokens.py`) -> weigh (`weights.py`: rarity across the
indexed names x token kind x generic-word factor) -> index (`state.py`: postings and
lookup keys, built once) -> retrieve (`retrieval.py`: inverted index over tokens, their
one-edit neighbourhoods, phonetic keys and consonant skeletons, with score bounds) ->
score (`score.py` on `similarity.py`: order-free weighted token alignment, plus rarity,
country, address and type features) -> explain (`explain.py`). `index.py` ties the steps
together (`MatchIndex`); `compare.py` scores one pair the same way.

Pure and fast: no database, no network, no mutable module state (reference data is read
once from `data/*.yml` into immutable objects; pure functions are memoised).
"""

from __future__ import annotations

from entitylist.matching.compare import compare_names
from entitylist.matching.explain import (
    FEATURE_DESCRIPTIONS,
    Explanation,
    FeatureContribution,
    TokenAlignment,
)
from entitylist.matching.han_names import HanReading, partial_screening_note
from entitylist.matching.index import MatchIndex, Retrieval
from entitylist.matching.normalise import (
    DEFAULT_NORMALIZER,
    Normalizer,
    name_kind_for,
    normalise_name,
)
from entitylist.matching.pickling import register_dataclasses
from entitylist.matching.records import (
    DEFAULT_THRESHOLDS,
    IndexRecord,
    Match,
    Query,
    ScoringConfig,
    Thresholds,
)
from entitylist.matching.similarity import token_similarity
from entitylist.matching.tokens import NameForm, NameKind, TokenKind
from entitylist.matching.version import ENGINE_VERSION
from entitylist.matching.weights import TokenStats

register_dataclasses()

__all__ = [
    "DEFAULT_NORMALIZER",
    "DEFAULT_THRESHOLDS",
    "ENGINE_VERSION",
    "FEATURE_DESCRIPTIONS",
    "Explanation",
    "FeatureContribution",
    "HanReading",
    "IndexRecord",
    "Match",
    "MatchIndex",
    "NameForm",
    "NameKind",
    "Normalizer",
    "Query",
    "Retrieval",
    "ScoringConfig",
    "Thresholds",
    "TokenAlignment",
    "TokenKind",
    "TokenStats",
    "compare_names",
    "name_kind_for",
    "normalise_name",
    "partial_screening_note",
    "token_similarity",
]
