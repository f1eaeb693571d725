"""A horizontal stacked bar chart as inline SVG (pure; no plotting dependency needed for
one chart, and the HTML report stays a single self-contained file)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

COLOURS = {"added": "#2e7d32", "removed": "#c62828", "changed": "#f9a825"}
ROW = 22
LABEL_WIDTH = 190
BAR_WIDTH = 420


def bar_chart(rows: Sequence[tuple[str, Mapping[str, int]]], title: str) -> str:
    """One bar per row, stacked by kind (added, removed, changed), with a legend."""
    kinds = list(COLOURS)
    top = max((sum(v.get(k, 0) for k in kinds) for _, v in rows), default=0) or 1
    height = 40 + ROW * len(rows) + 24
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" '
        f'font-size="12"><title>{escape(title)}</title>',
        f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, values) in enumerate(rows):
        y = 30 + i * ROW
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(label[:32])}</text>"
        )
        x = float(LABEL_WIDTH)
        for kind in kinds:
            n = values.get(kind, 0)
            if not n:
                continue
            w = BAR_WIDTH * n / top
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{ROW - 6}" '
                f'fill="{COLOURS[kind]}"><title>{escape(label)}: {n} {kind}</title>'
                "</rect>"
            )
            x += w
        total = sum(values.get(k, 0) for k in kinds)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 14}">{total}</text>')
    legend_y = 30 + ROW * len(rows) + 10
    for j, kind in enumerate(kinds):
        x = LABEL_WIDTH + j * 90
        parts.append(
            f'<rect x="{x}" y="{legend_y}" width="10" height="10" '
            f'fill="{COLOURS[kind]}"/><text x="{x + 14}" y="{legend_y + 9}">'
            f"{kind}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
