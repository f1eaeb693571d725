"""entitylist: self-hosted restricted-party screening against the US Entity List and the
Consolidated Screening List.

Pipeline: sources (fetch, parse) -> store (versioned snapshots, diffs) -> matching (pure
name matching) -> screening (parties against the lists in force) -> faces (CLI, API, web).
"""

from __future__ import annotations

from entitylist.matching_build import prefer_pure_python, wants_pure_python

__version__ = "0.1.0"

if wants_pure_python():
    prefer_pure_python()
