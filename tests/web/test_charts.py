"""The changes chart's geometry: added above the zero line, removed below, to scale."""

from __future__ import annotations

from datetime import UTC, datetime

from entitylist.reports.timeline import TimelinePoint
from entitylist.store import SnapshotInfo
from entitylist.web.charts import OTHER, diverging_chart


def snapshot(ident: int) -> SnapshotInfo:
    return SnapshotInfo(
        id=ident,
        source="csl",
        origin="test",
        retrieved_at=datetime(2025, 3, ident, tzinfo=UTC),
        sha256="0" * 64,
        entry_count=10,
        rows_read=10,
        counts={},
        skipped=[],
        forced=False,
    )


def point(ident: int, by_list: dict[str, dict[str, int]]) -> TimelinePoint:
    totals = {k: sum(v.get(k, 0) for v in by_list.values()) for k in ("added", "removed")}
    return TimelinePoint(
        snapshot(ident), snapshot(ident - 1), {**totals, "changed": 0}, by_list, {}
    )


def test_bars_stack_up_for_additions_and_down_for_removals_to_scale() -> None:
    points = [
        point(2, {"EL": {"added": 80, "removed": 0}, "SDN": {"added": 20, "removed": 10}}),
        point(3, {"EL": {"added": 0, "removed": 50}}),
    ]
    chart = diverging_chart(points, "by_list", title="By list")
    added = [b for b in chart.bars if not b.removed]
    removed = [b for b in chart.bars if b.removed]
    assert all(b.y + b.height <= chart.zero_y + 1e-6 for b in added)
    assert all(b.y >= chart.zero_y - 1e-6 for b in removed)
    el_added = next(b for b in added if b.label.startswith("EL"))
    sdn_added = next(b for b in added if b.label.startswith("SDN"))
    assert abs(el_added.height / sdn_added.height - 4.0) < 1e-6
    assert [t[2] for t in chart.totals] == ["+100", "+0"]
    assert [t[4] for t in chart.totals] == ["−10", "−50"]
    assert [label for _, label in chart.legend] == ["EL", "SDN"]


def test_lists_beyond_the_leaders_are_pooled_as_other() -> None:
    table = {f"L{i}": {"added": 10 - i, "removed": 0} for i in range(8)}
    chart = diverging_chart([point(2, table)], "by_list", title="By list", top=3)
    assert [label for _, label in chart.legend] == ["L0", "L1", "L2", "Other"]
    other = [b for b in chart.bars if b.fill == OTHER]
    assert len(other) == 1 and other[0].label.startswith("Other: 25 added")


def test_no_points_make_an_empty_chart() -> None:
    assert diverging_chart([], "by_country", title="By country").empty
