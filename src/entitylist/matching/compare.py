"""Pairwise name comparison with the index's own scoring (for tests and benchmarks)."""

from __future__ import annotations

from entitylist.matching.normalise import (
    DEFAULT_NORMALIZER,
    Normalizer,
    name_kind_for,
    name_variants,
)
from entitylist.matching.records import ScoringConfig
from entitylist.matching.score import align_names, name_penalties, weigh
from entitylist.matching.tokens import NameKind
from entitylist.matching.weights import TokenStats

__all__ = ["compare_names"]

_DEFAULT_CONFIG = ScoringConfig()


def compare_names(
    query: str,
    listed: str,
    *,
    entity_type: str | None = None,
    stats: TokenStats | None = None,
    config: ScoringConfig = _DEFAULT_CONFIG,
    normalizer: Normalizer = DEFAULT_NORMALIZER,
) -> float:
    """The name score (0..1) of `query` against one listed name, as the index computes it
    (the `name` and `rarity` features; no country, address or type evidence). A listed
    name that gives alternatives (`A/B`) scores as its best alternative, as in the index.

    `entity_type` is the listed party's type ("individual", "entity", ...), which decides
    legal-form handling and initials as it does in the index. `stats` supplies token rarity
    (e.g. `MatchIndex.stats`); without it every token is equally rare and only the kind and
    generic-word factors weigh tokens.
    """
    kind = name_kind_for(entity_type)
    stats = stats or TokenStats(data=normalizer.data)
    q = weigh(normalizer(query, kind), stats, config)
    best = 0.0
    for variant in name_variants(listed):
        c = weigh(normalizer(variant, kind), stats, config)
        person = kind is NameKind.PERSON
        name = align_names(q, c, config, person)
        penalties = name_penalties(name, config)
        best = max(best, name.score + sum((f.value for f in penalties), 0.0))
    return round(min(1.0, max(0.0, best)), 6)  # as the index rounds
