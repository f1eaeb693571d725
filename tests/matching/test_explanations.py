"""Every match explains itself: aligned tokens and feature contributions add up to the score."""

from __future__ import annotations

import json

import pytest

from entitylist.matching import FEATURE_DESCRIPTIONS, MatchIndex, Query


@pytest.mark.parametrize(
    "query",
    [
        Query("INSPUR TAIWAN CO LTD", country="TW"),
        Query("Vladimir Puttin", country="US"),
        Query("VladimirPutin"),
        Query("Inspur", entity_type="individual"),
        Query("Global Technology Trading"),
    ],
)
def test_contributions_sum_to_the_score(index: MatchIndex, query: Query) -> None:
    for match in index.search(query, threshold=0.0):
        ex = match.explanation
        assert ex.score == match.score
        assert sum(a.contribution for a in ex.alignments) == pytest.approx(ex.feature("name"))
        assert sum(f.value for f in ex.features) == pytest.approx(match.score)
        assert sum(a.weight for a in ex.alignments) == pytest.approx(1.0)
        assert all(f.name in FEATURE_DESCRIPTIONS for f in ex.features)


def test_explanations_show_the_aligned_tokens(index: MatchIndex) -> None:
    match = index.search(Query("Vladimir Puttin"))[0]
    ex = match.explanation
    pairs = {(a.query, a.candidate): a for a in ex.alignments}
    assert pairs[("vladimir",), ("vladimir",)].method == "exact"
    assert 0.5 < pairs[("puttin",), ("putin",)].similarity < 1.0
    assert pairs[(), ("vladimirovich",)].method == "unmatched"
    assert ex.matched_name == "PUTIN, Vladimir Vladimirovich"


def test_explanations_serialise_and_summarise(index: MatchIndex) -> None:
    match = index.search(Query("INSPUR TAIWAN CO LTD", country="TW"))[0]
    data = json.loads(json.dumps(match.explanation.to_dict()))
    assert data["matched_name"] == "Inspur (Taiwan) Company Limited"
    assert {f["name"] for f in data["features"]} >= {"name", "country"}
    summary = match.explanation.summary
    assert "inspur=inspur" in summary and "country" in summary
