"""The match index: every listed name and alias, built once, searched many times.

`MatchIndex.build` normalises and indexes the records (`state.py`); `search` normalises
the query the same way, asks the retriever (`retrieval.py`) for the few names worth
scoring, scores each of them that can reach the threshold (`score.py`), and explains
every result (`explain.py`), one result per listed entry.

The index is a plain object graph: `save` writes it as a stream of small pickles
(`persist.py`: a background thread can load it while others keep running), `load` reads it
back and refuses a file written by another engine version or layout. Load only files you
wrote: pickle runs code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from entitylist.matching.building import address_tokens, build_state
from entitylist.matching.explain import Explanation, FeatureContribution
from entitylist.matching.identifiers import (
    QueryParts,
    identified_match,
    query_keys,
    split_query,
)
from entitylist.matching.normalise import DEFAULT_NORMALIZER, Normalizer, name_kind_for
from entitylist.matching.persist import dump_state, load_state
from entitylist.matching.records import (
    DEFAULT_THRESHOLDS,
    IndexRecord,
    Match,
    Query,
    ScoringConfig,
    Thresholds,
)
from entitylist.matching.retrieval import Retrieval, Retriever
from entitylist.matching.score import (
    ABJAD_KEY,
    NameScore,
    WeightedName,
    address_feature,
    align_names,
    country_feature,
    name_penalties,
    type_feature,
    weigh,
)
from entitylist.matching.similarity import linked_similarity
from entitylist.matching.state import ABJAD, LATIN, IndexState
from entitylist.matching.tokens import NameForm, NameKind, TokenKind
from entitylist.matching.version import ENGINE_VERSION
from entitylist.matching.weights import TokenStats

__all__ = ["MatchIndex", "Retrieval"]

_DIGITS = 6
"""Scores are rounded to this many decimals (the clip feature carries the remainder)."""


class MatchIndex:
    """Listed names, normalised and indexed for fast fuzzy retrieval and explained scoring."""

    def __init__(self, state: IndexState, normalizer: Normalizer = DEFAULT_NORMALIZER) -> None:
        self._s = state
        self._normalizer = normalizer
        self._stats = TokenStats(state.document_frequency, len(state.forms), normalizer.data)
        self._retriever = Retriever(state, self._stats)

    @classmethod
    def build(
        cls,
        records: Sequence[IndexRecord],
        *,
        config: ScoringConfig | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        normalizer: Normalizer = DEFAULT_NORMALIZER,
    ) -> MatchIndex:
        """Normalise and index every name of every record (see `building.build_state`)."""
        state = build_state(records, config or ScoringConfig(), thresholds, normalizer)
        return cls(state, normalizer)

    # -- persistence ----------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the index to `path` (the caller keys the file by snapshot ids)."""
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("wb") as fh:
            dump_state(self._s, fh)
        tmp.replace(path)

    @classmethod
    def load(
        cls,
        path: Path,
        normalizer: Normalizer = DEFAULT_NORMALIZER,
        *,
        pause: Callable[[], None] | None = None,
    ) -> MatchIndex:
        """Read an index written by `save`; ValueError if another engine version wrote it.
        `pause`: called between the file's slices (`persist.load_state`)."""
        with Path(path).open("rb") as fh:
            state = load_state(fh, str(path), pause)
        return cls(state, normalizer)

    # -- introspection --------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._s.records)

    @property
    def name_count(self) -> int:
        return len(self._s.forms)

    @property
    def thresholds(self) -> Thresholds:
        return self._s.thresholds

    @property
    def config(self) -> ScoringConfig:
        return self._s.config

    @property
    def stats(self) -> TokenStats:
        """Token rarity over the indexed names (usable with `compare_names`)."""
        return self._stats

    def retrieve(self, query: Query) -> Retrieval:
        """The names retrieval nominates for a query, with their score bounds (the first
        step of `search`; exposed to show what a query costs)."""
        query, _ = _name_part(query)
        return self._retriever.retrieve(query, self._query_forms(query))

    def _query_forms(self, query: Query) -> dict[NameKind, NameForm]:
        """The query normalised as each kind of listed name it may meet.

        A listed person's name is normalised without legal forms, an organisation's with
        them; the query is normalised the same way as the name it is compared with, so that
        `Sa'd` stays a name against persons even though `SAD` is a Spanish legal form.
        """
        hint = name_kind_for(query.entity_type)
        if hint is not NameKind.UNKNOWN:
            form = self._normalizer(query.name, hint)
            return {NameKind.PERSON: form, NameKind.ORGANISATION: form, NameKind.UNKNOWN: form}
        person = self._normalizer(query.name, NameKind.PERSON)
        other = self._normalizer(query.name, NameKind.UNKNOWN)
        if (person.tokens, person.kinds) == (other.tokens, other.kinds):
            other = person  # one reading: retrieve and align once
        return {NameKind.PERSON: person, NameKind.ORGANISATION: other, NameKind.UNKNOWN: other}

    # -- search ---------------------------------------------------------------------------

    def search(
        self, query: Query, *, threshold: float | None = None, limit: int = 10
    ) -> list[Match]:
        """Listed entries matching the query at or above `threshold` (default: review),
        best first, one per entry (its best-matching name)."""
        return self._search(query, threshold, limit, exhaustive=False)

    def search_exhaustive(
        self, query: Query, *, threshold: float | None = None, limit: int = 10
    ) -> list[Match]:
        """`search` without retrieval: every indexed name is scored, its tokens paired by
        the pairing rule itself (`similarity.linked_similarity` over the whole
        vocabulary), not by the links that the lookups found. Slow: the reference that
        pruned retrieval must agree with."""
        return self._search(query, threshold, limit, exhaustive=True)

    def _search(
        self, query: Query, threshold: float | None, limit: int, *, exhaustive: bool
    ) -> list[Match]:
        s = self._s
        floor = s.thresholds.review if threshold is None else threshold
        query, parts = _name_part(query)
        forms = self._query_forms(query)
        best: dict[int, Match] = {}
        if any(f.tokens for f in forms.values()):
            best = self._name_matches(query, forms, floor, exhaustive=exhaustive)
        keys = (*parts.identifiers, *query_keys(query.identifiers))
        if keys and s.identifier_records:
            self._identified(query, keys, forms, best)
        ranked = sorted(best.values(), key=lambda m: (-m.score, not m.is_primary_name, m.ref))
        return ranked[:limit]

    def _name_matches(
        self, query: Query, forms: dict[NameKind, NameForm], floor: float, *, exhaustive: bool
    ) -> dict[int, Match]:
        """The best name match of each record reaching `floor`, by record index."""
        s = self._s
        hint = name_kind_for(query.entity_type)
        address = address_tokens(self._normalizer, query.address) if query.address else None
        # The features other than the name can add at most this much.
        bonus = (s.config.country_agrees if query.country else 0.0) + (
            s.config.address_bonus if address else 0.0
        )
        by_form = {id(f): weigh(f, self._stats, s.config) for f in forms.values()}
        weighted = {kind: by_form[id(form)] for kind, form in forms.items()}
        rows: dict[NameKind, list[dict[str, float]]] | None = None
        if exhaustive:
            retrieval = self._everything(query)
            linked = {id(f): self._linked_rows(f) for f in forms.values()}
            rows = {kind: linked[id(form)] for kind, form in forms.items()}
        else:
            retrieval = self._retriever.retrieve(query, forms, floor - bonus)
            readings = {id(f): self._retriever.rows(f) for f in forms.values()}
            rows = {kind: readings[id(form)] for kind, form in forms.items()}
        # The same name is often listed more than once (the CSL repeats OFAC's entries):
        # align each distinct name once (`_Scoring.aligned`).
        scoring = _Scoring(query, weighted, rows, hint, address, floor, bonus)
        best: dict[int, Match] = {}
        for n_id, bound in zip(retrieval.candidates, retrieval.bounds, strict=True):
            if bound + bonus < floor:
                continue
            r_index = s.name_record[n_id]
            match = self._score(scoring, n_id, r_index)
            if match is None:
                continue
            current = best.get(r_index)
            if current is None or (match.score, match.is_primary_name) > (
                current.score,
                current.is_primary_name,
            ):
                best[r_index] = match
        return best

    def _identified(
        self,
        query: Query,
        keys: Sequence[str],
        forms: dict[NameKind, NameForm],
        best: dict[int, Match],
    ) -> None:
        """Raise to `identifier_score` every entry of the allowed lists that publishes one
        of the query's identifier keys, keeping its name match's explanation."""
        s = self._s
        query_text = next(iter(forms.values())).text
        level = s.thresholds.classify(s.config.identifier_score)
        for key in dict.fromkeys(keys):
            for r_index in s.identifier_records.get(key, ()):
                record = s.records[r_index]
                if query.lists is not None and record.list_code not in query.lists:
                    continue
                best[r_index] = identified_match(
                    best.get(r_index),
                    record,
                    key,
                    score=s.config.identifier_score,
                    query_text=query_text,
                    level=level,
                )

    def _everything(self, query: Query) -> Retrieval:
        """Every indexed name of the lists the query allows, with no bound."""
        s = self._s
        allowed = query.lists
        names = tuple(
            n_id
            for n_id, r_index in enumerate(s.name_record)
            if allowed is None or s.records[r_index].list_code in allowed
        )
        return Retrieval(names, (1.0,) * len(names), len(s.forms), len(s.forms))

    def _linked_rows(self, form: NameForm) -> list[dict[str, float]]:
        """For each query token, every listed token the pairing rule links it to
        (`linked_similarity` over the whole vocabulary, no lookups)."""
        s = self._s
        floor = s.config.token_floor
        out: list[dict[str, float]] = []
        for token, abjad in zip(form.tokens, form.abjad, strict=True):
            row: dict[str, float] = {}
            for listed, flags in zip(s.tokens, s.token_abjad, strict=True):
                latin = linked_similarity(token, listed, abjad, False) if flags & LATIN else 0.0
                other = linked_similarity(token, listed, abjad, True) if flags & ABJAD else 0.0
                if max(latin, other) < floor:
                    continue
                row[listed] = latin if flags & LATIN else other
                if flags == LATIN | ABJAD:
                    row[ABJAD_KEY + listed] = other
            out.append(row)
        return out

    def search_many(
        self, queries: Sequence[Query], *, threshold: float | None = None, limit: int = 10
    ) -> list[list[Match]]:
        """`search` for each query, in order."""
        return [self.search(q, threshold=threshold, limit=limit) for q in queries]

    def _score(self, scoring: _Scoring, n_id: int, r_index: int) -> Match | None:
        """The match of one listed name, or None when it scores below the floor."""
        s = self._s
        listed_kind = s.record_kinds[r_index]
        name = self._align(scoring, n_id, listed_kind)
        if name.score + scoring.bonus < scoring.floor:
            return None  # the other features only take away
        q = scoring.weighted[listed_kind]
        features = [
            FeatureContribution("name", name.score),
            *name_penalties(name, s.config),
            country_feature(scoring.query.country, s.record_countries[r_index], s.config),
            address_feature(scoring.address, s.record_addresses[r_index], s.config),
            type_feature(
                scoring.hint,
                listed_kind,
                s.config,
                company_form=TokenKind.LEGAL in q.form.kinds or name.loose,
                listed_type=s.records[r_index].entity_type,
            ),
        ]
        raw = sum((f.value for f in features), 0.0)
        # Rounded so that float noise (0.79999...) cannot decide a threshold.
        score = round(min(1.0, max(0.0, raw)), _DIGITS)
        if score < scoring.floor:
            return None
        if abs(score - raw) > 10**-_DIGITS:  # beyond rounding: a real clip
            features.append(FeatureContribution("clip", score - raw))
        features = [f for f in features if f.value or f.name == "name"]
        return self._match(n_id, r_index, q, name, features, score)

    def _align(self, scoring: _Scoring, n_id: int, listed_kind: NameKind) -> NameScore:
        """The name score of listed name `n_id`, aligned once per distinct name."""
        s = self._s
        cand = s.weighted[n_id]
        person = listed_kind is NameKind.PERSON or (
            listed_kind is NameKind.UNKNOWN and scoring.hint is NameKind.PERSON
        )
        key = (listed_kind, person, cand.form.tokens, cand.form.kinds)
        cached = scoring.aligned.get(key)
        if cached is None:
            rows = scoring.rows
            cached = scoring.aligned[key] = align_names(
                scoring.weighted[listed_kind],
                cand,
                s.config,
                person,
                floor=scoring.floor - scoring.bonus,
                rows=None if rows is None else rows[listed_kind],
            )
        return cached

    def _match(
        self,
        n_id: int,
        r_index: int,
        q: WeightedName,
        name: NameScore,
        features: list[FeatureContribution],
        score: float,
    ) -> Match:
        s = self._s
        record = s.records[r_index]
        position = s.name_position[n_id]
        explanation = Explanation(
            query_name=q.form.text,
            matched_name=record.names[position],
            matched_normalised=s.weighted[n_id].form.text,
            alignments=name.alignments,
            features=tuple(features),
            score=score,
            engine_version=ENGINE_VERSION,
        )
        return Match.of(
            record, explanation, primary=position == 0, level=s.thresholds.classify(score)
        )


def _name_part(query: Query) -> tuple[Query, QueryParts]:
    """The query with its name as matched (`identifiers.split_query`), and what it carried."""
    parts = split_query(query.name, query.entity_type)
    if parts.name != query.name:
        query = replace(query, name=parts.name)
    return query, parts


@dataclass(slots=True)
class _Scoring:
    """What scoring every candidate of one query shares: the query and its readings, the
    tokens retrieval linked (`rows`), the hint and address, the floor and the most the
    other features can add, and the names aligned so far."""

    query: Query
    weighted: dict[NameKind, WeightedName]
    rows: dict[NameKind, list[dict[str, float]]] | None
    hint: NameKind
    address: frozenset[str] | None
    floor: float
    bonus: float
    aligned: dict[tuple[Any, ...], NameScore] = field(default_factory=dict)


def iter_names(index: MatchIndex) -> Iterable[str]:
    """Every indexed name as published (for baselines and diagnostics)."""
    s = index._s
    for r_index, position in zip(s.name_record, s.name_position, strict=True):
        yield s.records[r_index].names[position]
