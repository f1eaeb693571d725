"""Screening: parties against the lists in force (uses the store and the matching core).

Pipeline order: the snapshots in force -> a `MatchIndex` over their names (built once per
set of snapshots, cached on disk) -> `Screener.screen` ranks entries for a `Party` ->
`ScreeningResult` carries the hits, their explanations, licence fields and the snapshot ids.
"""

from __future__ import annotations

from entitylist.screening.models import Party, ScreeningHit, ScreeningResult
from entitylist.screening.screener import Screener

__all__ = ["Party", "Screener", "ScreeningHit", "ScreeningResult"]
