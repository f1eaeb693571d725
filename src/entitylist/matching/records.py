"""The public records of the matching core: what the index holds, what a query asks,
the thresholds that classify a score, the tunable scoring constants, and a match."""

from __future__ import annotations

from dataclasses import dataclass

# Imported at run time, not only for type checking: compiled (mypyc), a dataclass's field
# types are read when its module loads.
from entitylist.matching.explain import Explanation

__all__ = ["DEFAULT_THRESHOLDS", "IndexRecord", "Match", "Query", "ScoringConfig", "Thresholds"]

ENTITY_TYPES = frozenset({"entity", "individual", "vessel", "aircraft", "address", "unknown"})


@dataclass(frozen=True, slots=True)
class IndexRecord:
    """One listed entry as the index sees it."""

    ref: str
    """Opaque id given by the caller (entry version id or key), returned in matches."""
    list_code: str
    entity_type: str
    """"entity" | "individual" | "vessel" | "aircraft" | "address" | "unknown"."""
    names: tuple[str, ...]
    """Primary name first, then aliases."""
    countries: tuple[str, ...] = ()
    """ISO 3166-1 alpha-2, upper case."""
    addresses: tuple[str, ...] = ()
    """Full address texts."""
    identifiers: tuple[str, ...] = ()
    """Published identifier values (IMO, passport, registration numbers, ...), matched
    exactly (`identifiers.identifier_key`)."""


@dataclass(frozen=True, slots=True)
class Query:
    """One party to screen."""

    name: str
    country: str | None = None
    address: str | None = None
    entity_type: str | None = None
    """A hint: "individual" or "entity" (or "vessel", "aircraft"); None when unknown."""
    lists: frozenset[str] | None = None
    """Restrict results to these list codes."""
    identifiers: tuple[str, ...] = ()
    """Identifier values known of the party, matched exactly against listed ones (besides
    those its name carries)."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """How a score is classified.

    `alert`: at or above, the match is reported as a probable hit that must be resolved.
    `review`: at or above (and below `alert`), the match is shown for a person to look at;
    below it, nothing is reported. The defaults were chosen on the benchmarks in
    `benchmarks/` (see benchmarks/README.md): `alert` keeps recall of listed names with
    typos, reordering, legal-form and script changes at or above 98 % while alerting on at
    most 1 % of 100,000 unlisted names; `review` catches what is left of the true matches
    at a cost a reviewer can carry.
    """

    alert: float = 0.80
    review: float = 0.70

    def __post_init__(self) -> None:
        if not 0.0 <= self.review <= self.alert <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= review <= alert <= 1")

    def classify(self, score: float) -> str:
        """The level of a score: "alert", "review" or "none"."""
        if score >= self.alert:
            return "alert"
        if score >= self.review:
            return "review"
        return "none"


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """The constants of the score; part of the index (saved with it).

    Each is documented with the feature it drives in `explain.FEATURE_DESCRIPTIONS`.
    """

    candidate_side_weight: float = 0.4
    """How much a listed name's own tokens count next to the query's (the query's count 1):
    a listed name often carries more parts (patronymics, clan names) than a query."""
    conflict_weight: float = 1.0
    """How much an unpaired listed token counts when the query has an unpaired word too."""
    token_floor: float = 0.6
    """Token similarities below this count as no similarity."""
    initial_similarity: float = 0.9
    """Similarity of a query initial (`V`) to a listed person's name word it begins
    (`Vladimir`)."""
    listed_initial_similarity: float = 0.6
    """Similarity of a query name word to a listed initial it begins with (`Kjersti` ~
    `K.`): one letter confirms little of a full word."""
    country_agrees: float = 0.02
    country_disagrees: float = -0.05
    address_bonus: float = 0.05
    """Added in proportion to the best address similarity above 0.5."""
    identifier_score: float = 1.0
    """The score of an entry whose published identifier the query carries exactly (an IMO
    number names one ship; a passport or registration number, one holder): an alert,
    whatever the name says."""
    type_mismatch: float = -0.15
    """Added when the query's type hint (person / organisation) contradicts the entry's."""
    lone_word_penalty: float = 0.15
    """Share of the name score taken away from an organisation's match whose one
    distinctive query word paired only by spelling (`Cisco` ~ `Zisco`, `Cemex` ~ `Cimex`):
    one letter is all that tells many real companies from a listed one."""
    contained_ceiling: float = 0.77
    """The most an organisation's name score counts when its listed name of one word is
    wholly inside a longer query name (`SEI Investments` ~ `SEI`): review under the
    default thresholds, below alert even with an agreeing country; a weaker match keeps
    its score."""
    orphan_weight: float = 1.0
    """How much an organisation's distinctive listed word that the query lacks counts
    (instead of `candidate_side_weight`), when the query has no word without partner."""
    craft_mismatch: float = -0.3
    """Added when the query carries a legal form or a generic business word the listed
    name lacks (a company) and the entry is a vessel or an aircraft (`Venture GmbH` is not
    the ship `VENTURE`, `Devon Energy` not the ship `DEVON`)."""
    generic_only_penalty: float = 0.25
    """Share of the name score taken away when no distinctive token matched (every matched
    query word is a generic word, a legal form, a particle, a title or very common) and
    some name word on either side found no partner."""
    distinctive_rarity: float = 0.2
    """Least rarity (0..1, see weights.py) for a name word to count as distinctive."""
    distinctive_similarity: float = 0.75
    """Least similarity for a matched distinctive word to count."""
    candidates: int = 30
    """Names fully scored per query (the best by the retrieval's quick estimate)."""
    common_token_share: float = 0.02
    """Tokens on more than this share of indexed names do not nominate candidates alone."""


@dataclass(frozen=True)
class Match:
    """One listed entry matched by a query, with the name that matched best and why."""

    ref: str
    list_code: str
    score: float
    matched_name: str
    is_primary_name: bool
    explanation: Explanation
    entity_type: str = "unknown"
    level: str = "none"
    """"alert" or "review" under the thresholds the search used."""

    @classmethod
    def of(
        cls, record: IndexRecord, explanation: Explanation, *, primary: bool, level: str
    ) -> Match:
        """The match of `record` that `explanation` explains."""
        return cls(
            ref=record.ref,
            list_code=record.list_code,
            score=explanation.score,
            matched_name=explanation.matched_name,
            is_primary_name=primary,
            explanation=explanation,
            entity_type=record.entity_type,
            level=level,
        )
