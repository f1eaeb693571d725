"""entitylist: self-hosted restricted-party screening against the US Entity List and the
Consolidated Screening List.

Pipeline: sources (fetch, parse) -> store (versioned snapshots, diffs) -> matching (pure
name matching) -> screening (parties against the lists in force) -> faces (CLI, API, web).
"""

from __future__ import annotations

__version__ = "0.1.0"
