"""Token weights: how much a token can say about identity.

A token's weight is the product of three factors:

- rarity across the indexed names, as inverse document frequency scaled to 0..1
  (`log(1 + N / (1 + df)) / log(1 + N)`): a token on no listed name weighs 1, `mohammed`
  or `technology` far less. Without an index (`compare_names` on its own) every token
  has rarity 1;
- its kind (`tokens.TokenKind`): legal forms, titles and particles weigh little, initials
  some, name words and numbers fully;
- the generic-word factor from `data/generic_words.yml` (sector words, much-named places),
  which keeps such words light even in a small index where they happen to be rare.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from entitylist.matching.resources import ReferenceData, reference_data
from entitylist.matching.tokens import TokenKind

__all__ = ["KIND_FACTORS", "TokenStats"]

KIND_FACTORS: Mapping[TokenKind, float] = MappingProxyType(
    {
        TokenKind.NAME: 1.0,
        TokenKind.LEGAL: 0.02,
        TokenKind.PARTICLE: 0.25,
        TokenKind.TITLE: 0.05,
        TokenKind.NUMBER: 1.0,
        TokenKind.INITIAL: 0.3,
        TokenKind.ARTICLE: 0.05,
        TokenKind.PATRONYMIC: 0.5,
    }
)


@dataclass(frozen=True)
class TokenStats:
    """Document frequencies of tokens over the indexed names, and the weights they give."""

    document_frequency: Mapping[str, int] = field(default_factory=dict)
    name_count: int = 0
    data: ReferenceData = field(default_factory=reference_data)

    def rarity(self, token: str) -> float:
        if self.name_count <= 0:
            return 1.0
        df = self.document_frequency.get(token, 0)
        n = self.name_count
        return math.log1p(n / (1 + df)) / math.log1p(n)

    def is_distinctive(self, token: str, kind: TokenKind, min_rarity: float) -> bool:
        """Whether the token can carry a match: a name word or number, not a generic word,
        and not carried by too many indexed names."""
        if kind is TokenKind.NUMBER and len(token) < 3:
            return False  # `1`, `22`: too many names carry them
        return (
            kind in (TokenKind.NAME, TokenKind.NUMBER)
            and token not in self.data.generic_words
            and self.rarity(token) >= min_rarity
        )

    def weight(self, token: str, kind: TokenKind, *, generic: bool = True) -> float:
        factor = KIND_FACTORS[kind]
        if kind is TokenKind.PARTICLE:
            factor = self.data.particle_factor
        elif kind is TokenKind.TITLE:
            factor = self.data.title_factor
        elif kind is TokenKind.ARTICLE:
            factor = self.data.article_factor
        elif kind is TokenKind.PATRONYMIC:
            factor = self.data.patronymic_factor
        if generic and token in self.data.generic_words:
            factor *= self.data.generic_factor
        return self.rarity(token) * factor
