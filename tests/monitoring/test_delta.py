"""The delta between two runs, on small inline hits (pure: no store)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from entitylist.monitoring.decisions import Decision, Verdict
from entitylist.monitoring.delta import Hit, OpenResult, compute_delta

NOW = datetime(2025, 3, 26, tzinfo=UTC)


def hit(
    ref: int = 1,
    key: str = "EL:n:inspur-taiwan",
    *,
    score: float = 0.9,
    entry_hash: str = "e1",
    party_hash: str = "p1",
    version: int = 10,
) -> Hit:
    return Hit(
        party_ref=ref,
        party_version_id=version,
        party_hash=party_hash,
        source="csl",
        entry_key=key,
        entry_version_id=hash(entry_hash) % 1000,
        entry_hash=entry_hash,
        snapshot_id=1,
        list_code="EL",
        score=score,
        alert=score >= 0.8,
        matched_name="Inspur Taiwan",
        summary="name matches",
    )


def decision(
    h: Hit,
    verdict: Verdict = Verdict.FALSE_POSITIVE,
    *,
    expires: datetime | None = None,
    decision_id: int = 7,
) -> Decision:
    return Decision(
        id=decision_id,
        party_ref=h.party_ref,
        party_id="P1",
        party_version_id=h.party_version_id,
        party_hash=h.party_hash,
        source=h.source,
        entry_key=h.entry_key,
        entry_version_id=h.entry_version_id,
        entry_hash=h.entry_hash,
        verdict=verdict,
        reason="r",
        actor="a",
        decided_at=NOW - timedelta(days=1),
        expires_at=expires,
        supersedes_id=None,
    )


def always_listed(source: str, key: str) -> bool:
    return True


def kinds(delta: object) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.kind, e.reasons) for e in delta.events]  # type: ignore[attr-defined]


def test_first_run_reports_every_hit_as_new() -> None:
    d = compute_delta(
        {}, {1: [hit()], 2: [hit(2)]}, {1: (10, "p1"), 2: (10, "p1")}, always_listed, {}, NOW
    )
    assert kinds(d) == [("new", ("new",)), ("new", ("new",))]
    assert len(d.insert) == 2 and d.supersede == []


def test_unchanged_hit_is_kept_and_not_reported() -> None:
    h = hit()
    d = compute_delta({1: [OpenResult(5, h)]}, {1: [h]}, {1: (10, "p1")}, always_listed, {}, NOW)
    assert d.events == [] and d.insert == [] and d.supersede == [] and d.kept == 1


def test_entry_change_and_threshold_crossing() -> None:
    old = hit(score=0.75)
    new = replace(hit(entry_hash="e2", score=0.85))
    d = compute_delta(
        {1: [OpenResult(5, old)]}, {1: [new]}, {1: (10, "p1")}, always_listed, {}, NOW
    )
    assert kinds(d) == [("entry_changed", ("entry_changed", "alert_raised"))]
    assert d.supersede == [5] and d.insert[0].entry_hash == "e2"


def test_removed_and_cleared() -> None:
    gone, dropped = hit(key="EL:a"), hit(key="EL:b")
    d = compute_delta(
        {1: [OpenResult(5, gone), OpenResult(6, dropped)]},
        {1: []},
        {1: (10, "p1")},
        lambda s, k: k == "EL:b",
        {},
        NOW,
    )
    assert kinds(d) == [("removed", ("removed",)), ("cleared", ("cleared",))]
    assert sorted(d.supersede) == [5, 6]


def test_false_positive_suppresses_until_the_entry_changes() -> None:
    h = hit(score=0.9)
    fp = decision(h)
    # Same content, score crossing below alert: decided, not reported.
    lower = replace(h, score=0.79, alert=False)
    d = compute_delta(
        {1: [OpenResult(5, replace(h, decision_id=7, suppressed=True))]},
        {1: [lower]},
        {1: (10, "p1")},
        always_listed,
        {fp.hit_key: fp},
        NOW,
    )
    assert d.events == [] and d.already_decided == 1 and d.insert[0].suppressed
    # The entry's content changes: the decision no longer applies and the hit is reported.
    changed = replace(h, entry_hash="e2")
    d = compute_delta(
        {1: [OpenResult(5, replace(h, decision_id=7, suppressed=True))]},
        {1: [changed]},
        {1: (10, "p1")},
        always_listed,
        {fp.hit_key: fp},
        NOW,
    )
    assert kinds(d) == [("entry_changed", ("entry_changed",))]
    assert d.events[0].lapsed is fp and not d.insert[0].suppressed


def test_party_change_voids_a_decision() -> None:
    h = hit()
    fp = decision(h)
    moved = replace(h, party_hash="p2", party_version_id=11)
    d = compute_delta(
        {1: [OpenResult(5, replace(h, decision_id=7, suppressed=True))]},
        {1: [moved]},
        {1: (11, "p2")},
        always_listed,
        {fp.hit_key: fp},
        NOW,
    )
    assert kinds(d) == [("party_changed", ("party_changed",))]


def test_expired_decision_lapses_without_rescreening() -> None:
    h = hit()
    fp = decision(h, expires=NOW - timedelta(seconds=1))
    d = compute_delta(
        {1: [OpenResult(5, replace(h, decision_id=7, suppressed=True))]},
        {},
        {1: (10, "p1")},
        always_listed,
        {fp.hit_key: fp},
        NOW,
    )
    assert kinds(d) == [("decision_lapsed", ("decision_lapsed",))]
    assert d.insert[0].decision_id is None and d.supersede == [5]


def test_new_decision_updates_the_row_without_an_event() -> None:
    h = hit()
    tm = decision(h, Verdict.TRUE_MATCH)
    d = compute_delta(
        {1: [OpenResult(5, h)]}, {}, {1: (10, "p1")}, always_listed, {tm.hit_key: tm}, NOW
    )
    assert d.events == [] and d.insert[0].decision_id == 7 and not d.insert[0].suppressed


def test_suppressed_hit_that_goes_away_is_not_reported() -> None:
    h = replace(hit(), decision_id=7, suppressed=True)
    d = compute_delta(
        {1: [OpenResult(5, h)]}, {1: []}, {1: (10, "p1")}, lambda s, k: False, {}, NOW
    )
    assert d.events == [] and d.supersede == [5]


def test_party_no_longer_monitored_closes_its_rows_quietly() -> None:
    d = compute_delta({1: [OpenResult(5, hit())]}, {}, {}, always_listed, {}, NOW)
    assert d.events == [] and d.supersede == [5]
