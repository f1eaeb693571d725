"""Explanations: why a listed name matched a query, token by token and feature by feature.

A match's score is the sum of its features' contributions, clipped to 0..1 and rounded to
six decimals (a clip is itself reported as a feature, so the parts add up to the score
within the rounding):

- `name`: the name similarity, itself the sum of the token alignments' contributions.
  Each alignment pairs query tokens with listed tokens (one to one, or one to several when
  a word was split or joined) and contributes `similarity * weight`, where `weight` is the
  share of the two names' total weight its tokens carry (see `score.py`). Tokens left
  without a partner are listed with similarity 0: they are what pulled the score down.
- the other features: see `FEATURE_DESCRIPTIONS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

__all__ = ["FEATURE_DESCRIPTIONS", "Explanation", "FeatureContribution", "TokenAlignment"]

FEATURE_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "name": (
            "Weighted token similarity of the query name and the listed name: each token "
            "weighs by its rarity across the listed names and its kind (legal forms, titles "
            "and particles weigh little), the listed name's tokens count "
            "`candidate_side_weight` as much as the query's, and word order is ignored."
        ),
        "country": (
            "Agreement (+`country_agrees`) or disagreement (`country_disagrees`) of the "
            "query's country with the entry's countries; 0 when either is unknown."
        ),
        "address": (
            "Up to +`address_bonus` when the query's address shares rare tokens with one "
            "of the entry's addresses; never negative (addresses change)."
        ),
        "entity_type": (
            "`type_mismatch` when the query's type hint (person or organisation) contradicts "
            "the entry's type; `craft_mismatch` when the query carries a legal form and the "
            "entry is a vessel or an aircraft; 0 otherwise."
        ),
        "rarity": (
            "`-generic_only_penalty` x the name score when no distinctive query word "
            "matched and the match is not complete: generic words (sector words, "
            "much-named places), legal forms, particles and very common words cannot carry "
            "a match alone. A listed name made only of such words (`China Electronics "
            "Technology Group Corporation`) still matches when every word of both names "
            "found its partner."
        ),
        "lone_word": (
            "`-lone_word_penalty` x the name score when the query has one distinctive word "
            "only and it matched by spelling, not exactly (organisations), where the "
            "spelling is all that tells it from another company: the names otherwise "
            "differ (`Walmart` is not `WELMART GROUP LIMITED`), or the word is short or "
            "starts with another letter (`Cisco` is not `Zisco`, `Cemex` not `Cimex`)."
        ),
        "contained": (
            "Brings the name score down to `contained_ceiling` when an organisation's "
            "listed name of one word is wholly inside a query that says more "
            "(`SEI Investments` for `SEI`, `Carvana Nederland B.V.` for `CARVANA "
            "COMPANY`): the party, an affiliate or another company, for a reviewer to "
            "decide; a weaker match keeps its score."
        ),
        "clip": "What was cut to keep the score within 0..1.",
    }
)


@dataclass(frozen=True, slots=True)
class TokenAlignment:
    """Query tokens paired with listed-name tokens (either side empty when unmatched)."""

    query: tuple[str, ...]
    candidate: tuple[str, ...]
    similarity: float
    weight: float
    """Share of the total name weight these tokens carry (all weights sum to 1)."""
    method: str
    """"exact", "fuzzy" (spelling, lifted by sound), "skeleton" (consonants of an abjad),
    "initial", "legal form", "joined" (split or joined words), "unmatched"."""

    @property
    def contribution(self) -> float:
        return self.similarity * self.weight

    def describe(self) -> str:
        left = " ".join(self.query) or "-"
        right = " ".join(self.candidate) or "-"
        if self.method == "unmatched":
            return f"{left}|{right} unmatched (-{self.weight:.2f})"
        sign = "=" if self.method == "exact" else "~"
        return f"{left}{sign}{right} {self.similarity:.2f}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": list(self.query),
            "candidate": list(self.candidate),
            "similarity": round(self.similarity, 4),
            "weight": round(self.weight, 4),
            "contribution": round(self.contribution, 4),
            "method": self.method,
        }


@dataclass(frozen=True, slots=True)
class FeatureContribution:
    name: str
    value: float
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": round(self.value, 4), "detail": self.detail}


@dataclass(frozen=True)
class Explanation:
    """Everything that made one score."""

    query_name: str
    """The query as normalised."""
    matched_name: str
    """The listed name (as published) that matched best."""
    matched_normalised: str
    alignments: tuple[TokenAlignment, ...]
    features: tuple[FeatureContribution, ...]
    score: float
    engine_version: str = ""

    @property
    def name_score(self) -> float:
        return sum((a.contribution for a in self.alignments), 0.0)

    def feature(self, name: str) -> float:
        return sum((f.value for f in self.features if f.name == name), 0.0)

    @property
    def summary(self) -> str:
        """One line for a person: the tokens that aligned and what else counted."""
        tokens = ", ".join(a.describe() for a in self.alignments)
        extras = "; ".join(
            f"{f.name} {f.value:+.2f}" + (f" ({f.detail})" if f.detail else "")
            for f in self.features
            if f.name != "name" and f.value
        )
        text = f"{self.score:.2f} '{self.matched_name}': {tokens}"
        return f"{text}; {extras}" if extras else text

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "query_name": self.query_name,
            "matched_name": self.matched_name,
            "matched_normalised": self.matched_normalised,
            "alignments": [a.to_dict() for a in self.alignments],
            "features": [f.to_dict() for f in self.features],
            "summary": self.summary,
            "engine_version": self.engine_version,
        }
