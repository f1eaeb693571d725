"""nomenklatura's logic-v2 matcher as a baseline (installed with the `bench` extra).

logic-v2 compares two FollowTheMoney entities and has no index of its own, so the
benchmarks score it on the listed entries that retrieval nominates for each query (ours
and the WRatio scan's best): the best logic-v2 score over those is the baseline's score.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from entitylist.matching import IndexRecord

_SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}


class LogicV2Baseline:
    def __init__(self, listed: Sequence[IndexRecord]) -> None:
        from followthemoney import model
        from nomenklatura.matching import LogicV2
        from nomenklatura.matching.types import ScoringConfig

        self._model = model
        self._matcher = LogicV2
        self._config = ScoringConfig.defaults()
        self._ids = itertools.count()
        self._records = {r.ref: r for r in listed}
        self._entities: dict[str, Any] = {}

    @staticmethod
    def available() -> bool:
        try:
            import nomenklatura.matching  # noqa: F401
        except ImportError:
            return False
        return True

    def _entity(self, schema: str, names: Iterable[str]) -> Any:
        entity = self._model.make_entity(schema)
        entity.id = f"e{next(self._ids)}"  # equal ids would short-circuit the comparison
        for name in names:
            entity.add("name", name)
        return entity

    def _listed(self, ref: str) -> Any:
        if ref not in self._entities:
            rec = self._records[ref]
            schema = _SCHEMAS.get(rec.entity_type, "LegalEntity")
            self._entities[ref] = self._entity(schema, rec.names)
        return self._entities[ref]

    def best(self, name: str, entity_type: str | None, refs: Iterable[str]) -> float:
        """The best logic-v2 score of the query against the listed entries `refs`."""
        schema = _SCHEMAS.get(entity_type or "", "LegalEntity")
        query = self._entity(schema, [name])
        scores = [
            self._matcher.compare(query, self._listed(ref), self._config).score
            for ref in refs
            if ref in self._records
        ]
        return max(scores, default=0.0)
