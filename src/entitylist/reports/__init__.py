"""Reports on the lists themselves: what changed over a period, and who it concerns.

Pipeline order: the store's snapshots at the start and end of a period -> diffs ->
`changes.build_report` counts by list, country and Federal Register citation, groups names
by a shared stem (`stems`) and writes the headline (`words`) -> `render` writes Markdown,
or HTML with an inline SVG chart (`svg`).
"""

from __future__ import annotations

from entitylist.reports.changes import ChangeReport, build_report, change_report
from entitylist.reports.render import write_report

__all__ = ["ChangeReport", "build_report", "change_report", "write_report"]
