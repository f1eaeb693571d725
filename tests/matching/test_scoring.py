"""Scoring: rarity weighting, word order, persons and organisations, features."""

from __future__ import annotations

import pytest

from entitylist.matching import (
    DEFAULT_THRESHOLDS,
    IndexRecord,
    MatchIndex,
    Query,
    Thresholds,
    compare_names,
)


def test_generic_words_alone_do_not_alert(index: MatchIndex) -> None:
    for name in (
        "Global Technology Trading Co Ltd",
        "International Technology Group",
        "Shenzhen Technology Co Ltd",
        "Beijing Trading Company",
    ):
        found = index.search(Query(name), threshold=0.0)
        assert all(m.score < DEFAULT_THRESHOLDS.alert for m in found), found[0].explanation.summary


def test_rare_tokens_weigh_more_than_common_ones() -> None:
    records = [
        IndexRecord(str(n), "EL", "entity", (f"{w} Technology Group",))
        for n, w in enumerate(["Zorbex", "Quantrel", "Movix", "Pelanor", "Tessaly"])
    ]
    index = MatchIndex.build(records)
    stats = index.stats
    assert stats.rarity("zorbex") > stats.rarity("technology")
    # the rare word carries the match, the common ones cannot
    assert index.search(Query("Zorbex"))[0].ref == "0"
    assert index.search(Query("Technology Group"), threshold=DEFAULT_THRESHOLDS.alert) == []


def test_word_order_does_not_matter() -> None:
    assert compare_names("Putin Vladimir", "Vladimir Putin", entity_type="individual") == 1.0
    assert compare_names("Taiwan Inspur", "Inspur Taiwan", entity_type="entity") == 1.0


def test_extra_listed_parts_cost_less_than_extra_query_words() -> None:
    listed = "Vladimir Vladimirovich Putin"
    fewer = compare_names("Vladimir Putin", listed, entity_type="individual")
    more = compare_names("Vladimir Boris Putin", "Vladimir Putin", entity_type="individual")
    assert fewer > more


def test_typos_are_tolerated_but_different_names_are_not() -> None:
    assert compare_names("Vladimir Pulin", "Vladimir Putin", entity_type="individual") >= 0.8
    assert compare_names("Boris Netanyahu", "Benjamin Netanyahu", entity_type="individual") < 0.7


def test_initials_match_a_persons_name_words_only() -> None:
    assert compare_names("V. Putin", "Vladimir Putin", entity_type="individual") >= 0.8
    assert compare_names("A. Putin", "Vladimir Putin", entity_type="individual") < 0.8


def test_a_persons_dotted_letters_are_initials_written_together() -> None:
    """`M.I.` is Mikhail Ivanovich, as `M. I.` is; a company's `J.P.` stays one word."""
    listed = "BYSTROV, Mikhail Ivanovich"
    together = compare_names("BYSTROV, M.I.", listed, entity_type="individual")
    assert together >= 0.9
    assert together == compare_names("BYSTROV, M. I.", listed, entity_type="individual")
    assert (
        compare_names("BYSTROV, M.I.", "BYSTROV, Maksim Olegovich", entity_type="individual") < 0.8
    )
    assert compare_names("J.P. Morgan Chase", "JP MORGAN CHASE", entity_type="entity") == 1.0


def test_joined_and_split_words_align() -> None:
    assert compare_names("VladimirPutin", "Vladimir Putin", entity_type="individual") >= 0.95
    assert compare_names("van der bilt corp", "Vanderbilt Corp", entity_type="entity") >= 0.9


def test_country_agreement_and_type_hints_adjust_the_score(index: MatchIndex) -> None:
    base = index.search(Query("Inspur Taiwan"), threshold=0.0)[0]
    agree = index.search(Query("Inspur Taiwan", country="TW"), threshold=0.0)[0]
    differ = index.search(Query("Inspur Taiwan", country="US"), threshold=0.0)[0]
    assert differ.score < base.score <= agree.score
    person = index.search(Query("Inspur Taiwan", entity_type="individual"), threshold=0.0)[0]
    assert person.score < base.score


def test_address_evidence_can_only_help(index: MatchIndex) -> None:
    base = index.search(Query("Inspur Taiwn Company"), threshold=0.0)[0]
    near = index.search(
        Query("Inspur Taiwn Company", address="No. 1 Lane 50 Nangang Road Taipei"), threshold=0.0
    )[0]
    far = index.search(
        Query("Inspur Taiwn Company", address="1 Main Street, Boston"), threshold=0.0
    )[0]
    assert near.score > base.score == far.score


def test_compare_names_scores_like_the_index(index: MatchIndex) -> None:
    # compare_names applies the index's scoring (without country, address or type)
    for query in ("Inspur Taiwn Co", "Vladimir Puttin", "VladimirPutin", "Al Qaida"):
        match = index.search(Query(query), threshold=0.0)[0]
        listed = match.matched_name
        etype = match.entity_type
        expected = match.explanation.feature("name") + match.explanation.feature("rarity")
        # the index scores against the rarity of its own names: pass them along
        assert compare_names(query, listed, entity_type=etype, stats=index.stats) == pytest.approx(
            expected
        )


def test_thresholds_classify_scores_and_reject_inverted_bounds() -> None:
    assert DEFAULT_THRESHOLDS.review < DEFAULT_THRESHOLDS.alert
    assert DEFAULT_THRESHOLDS.classify(DEFAULT_THRESHOLDS.alert) == "alert"
    assert DEFAULT_THRESHOLDS.classify(DEFAULT_THRESHOLDS.review) == "review"
    assert DEFAULT_THRESHOLDS.classify(0.0) == "none"
    with pytest.raises(ValueError):
        Thresholds(alert=0.5, review=0.9)
