"""Server-side SVG charts: the geometry in Python, the markup in the template (no CDN, no JS).

`diverging_chart` draws one column per snapshot: entries added stack up from the zero
line, entries removed stack down from it, one colour per list (or country); the series
beyond the largest few are pooled as "Other".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from entitylist.countries import country_name
from entitylist.reports.timeline import TimelinePoint

# Okabe-Ito colours (distinguishable with colour-blindness), then a neutral for "Other".
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00")
OTHER = "#8a8f98"
WIDTH, HEIGHT = 1000, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 28, 52
MAX_COLUMN = 110.0  # a few snapshots stay at the left, not spread across the width


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    removed: bool
    label: str


@dataclass(frozen=True)
class Chart:
    title: str
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Bar] = field(default_factory=list)
    zero_y: float = 0.0
    x_labels: list[tuple[float, str, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    totals: list[tuple[float, float, str, float, str]] = field(default_factory=list)
    """(x, y, text) labels: "+12" above each column and "−3" below."""
    legend: list[tuple[str, str]] = field(default_factory=list)
    rows: list[tuple[str, list[tuple[str, int, int]]]] = field(default_factory=list)
    """The same numbers as a table: per snapshot, (series, added, removed)."""
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT

    @property
    def empty(self) -> bool:
        return not self.bars


def _label(key: str, dimension: str) -> str:
    if dimension == "by_country":
        return "Unknown" if key == "??" else (country_name(key) or key)
    return key


def _nice_step(span: float) -> int:
    if span <= 0:
        return 1
    raw = span / 3
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(1, int(factor * magnitude))
    return max(1, int(10 * magnitude))


Series = list[tuple[str, int, int]]
"""One snapshot's (series, added, removed), the leaders first, then "Other" if any."""


@dataclass(frozen=True)
class _Scale:
    """Where a column's bars go: the zero line's height, pixels per entry, the bar width."""

    zero: float
    per_entry: float
    column: float
    bar_w: float


def diverging_chart(
    points: Sequence[TimelinePoint], dimension: str, *, title: str, top: int = 6
) -> Chart:
    if not points:
        return Chart(title=title)
    tables = [getattr(p, dimension) for p in points]
    leaders = _leaders(tables, top)
    colours = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(leaders)}
    per_point = [_series(t, leaders) for t in tables]
    up = max((sum(a for _, a, _ in s) for s in per_point), default=0)
    down = max((sum(r for _, _, r in s) for s in per_point), default=0)
    step = _nice_step(max(up, down))
    up_top = math.ceil(up / step) * step if up else 0
    down_top = math.ceil(down / step) * step if down else 0
    span = (up_top + down_top) or 1
    plot_h = HEIGHT - TOP - BOTTOM
    column = min(MAX_COLUMN, (WIDTH - LEFT - RIGHT) / len(points))
    scale = _Scale(TOP + plot_h * up_top / span, plot_h / span, column, min(56.0, column * 0.6))
    chart = Chart(title=title, zero_y=scale.zero)
    for i, (point, rows_here) in enumerate(zip(points, per_point, strict=True)):
        _add_column(chart, i, point, rows_here, scale=scale, colours=colours, dimension=dimension)
    zero, per_entry = scale.zero, scale.per_entry
    chart.y_ticks.extend(
        (zero - v * per_entry, f"+{v}" if v else "0") for v in range(0, up_top + 1, step)
    )
    chart.y_ticks.extend((zero + v * per_entry, f"−{v}") for v in range(step, down_top + 1, step))
    chart.legend.extend((colours[k], _label(k, dimension)) for k in leaders)
    if any(r[0] == "Other" for s in per_point for r in s):
        chart.legend.append((OTHER, "Other"))
    return chart


def _leaders(tables: Sequence[dict[str, dict[str, int]]], top: int) -> list[str]:
    """The `top` series that changed most (added plus removed) over all the snapshots."""
    weight: Counter[str] = Counter()
    for table in tables:
        for key, counts in table.items():
            weight[key] += counts.get("added", 0) + counts.get("removed", 0)
    return [k for k, w in weight.most_common(top) if w > 0]


def _series(table: dict[str, dict[str, int]], leaders: Sequence[str]) -> Series:
    out: dict[str, list[int]] = {k: [0, 0] for k in leaders}
    other = [0, 0]
    for key, counts in table.items():
        slot = out.get(key, other)
        slot[0] += counts.get("added", 0)
        slot[1] += counts.get("removed", 0)
    rows = [(k, a, r) for k, (a, r) in out.items()]
    if other != [0, 0]:
        rows.append(("Other", other[0], other[1]))
    return rows


def _add_column(
    chart: Chart,
    index: int,
    point: TimelinePoint,
    rows_here: Series,
    *,
    scale: _Scale,
    colours: dict[str, str],
    dimension: str,
) -> None:
    """One snapshot's column: its bars, totals, axis label and table row."""
    x = LEFT + scale.column * index + (scale.column - scale.bar_w) / 2
    centre = x + scale.bar_w / 2
    y_up, y_down = scale.zero, scale.zero
    snap = point.snapshot
    for key, added, removed in rows_here:
        fill = colours.get(key, OTHER)
        name = _label(key, dimension) if key != "Other" else "Other"
        if added:
            h = added * scale.per_entry
            y_up -= h
            label = f"{name}: {added} added in snapshot {snap.id}"
            chart.bars.append(Bar(x, y_up, scale.bar_w, h, fill, False, label))
        if removed:
            h = removed * scale.per_entry
            label = f"{name}: {removed} removed in snapshot {snap.id}"
            chart.bars.append(Bar(x, y_down, scale.bar_w, h, fill, True, label))
            y_down += h
    added_total = sum(a for _, a, _ in rows_here)
    removed_total = sum(r for _, _, r in rows_here)
    chart.totals.append((centre, y_up - 6, f"+{added_total}", y_down + 14, f"−{removed_total}"))
    chart.x_labels.append((centre, f"#{snap.id}", snap.published.strftime("%d %b %Y")))
    changed = [
        (_label(k, dimension) if k != "Other" else k, a, r) for k, a, r in rows_here if a or r
    ]
    chart.rows.append((f"#{snap.id} ({snap.published:%d %b %Y})", changed))
