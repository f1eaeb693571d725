"""Fail-closed checks on a parsed download, before anything is written (pure functions).

A download that is empty, below its source's declared size, mostly unparseable, or that
would shrink the list beyond the configured bound is refused; the last good snapshot stays
in force. `force` lifts the shrink bound only: an empty or broken list is never accepted.
"""

from __future__ import annotations

from entitylist.errors import UpdateRefused
from entitylist.model import ParseResult
from entitylist.sources.base import CountBounds


def check_update(
    source: str,
    result: ParseResult,
    bounds: CountBounds,
    previous_count: int | None,
    *,
    max_shrink: float,
    max_skipped_fraction: float,
    force: bool = False,
) -> None:
    count = len(result.entries)
    if count == 0:
        raise UpdateRefused(f"{source}: the download holds no entries; the current list stays")
    if count < bounds.min_entries:
        raise UpdateRefused(
            f"{source}: only {count} entries, fewer than the {bounds.min_entries} this source "
            "always publishes: the download looks truncated; the current list stays",
            details={"entries": count, "min_entries": bounds.min_entries},
        )
    skipped = len(result.skipped)
    rows = max(result.rows_read, count + skipped)
    if rows and skipped / rows > max_skipped_fraction:
        examples = "; ".join(f"{s.file} line {s.line}: {s.reason}" for s in result.skipped[:3])
        raise UpdateRefused(
            f"{source}: {skipped} of {rows} rows could not be read "
            f"(more than {max_skipped_fraction:.0%}), e.g. {examples}; the current list stays",
            details={"skipped": skipped, "rows": rows},
        )
    if previous_count and not force:
        shrink = 1 - count / previous_count
        if shrink > max_shrink:
            raise UpdateRefused(
                f"{source}: the list would shrink from {previous_count} to {count} entries "
                f"({shrink:.0%}), more than the {max_shrink:.0%} bound; the current list stays. "
                "If the shrink is genuine, repeat with --force.",
                details={"previous": previous_count, "entries": count, "bound": max_shrink},
            )
