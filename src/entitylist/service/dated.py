"""Screeners for the lists in force on other days, for dated shipment checks.

A screener for another day loads that day's index (1.3 s of CPU on the 2026 CSL, read from
the index cache), so building one per request made every dated check cost as much. The few
days most recently asked for are kept; each use re-reads which snapshots were in force that
day (a millisecond), so a vintage loaded later for that day is taken in, never missed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

from entitylist.dates import parse_when
from entitylist.screening import Screener
from entitylist.settings import Settings
from entitylist.store import Store

KEEP = 2
"""Days kept: each holds an index in memory."""


class DatedScreeners:
    def __init__(self, store: Store, settings: Settings, keep: int = KEEP) -> None:
        self._store, self._settings, self._keep = store, settings, keep
        self._kept: OrderedDict[date, Screener] = OrderedDict()
        self._lock = threading.Lock()

    def on(self, day: date) -> Screener:
        """The screener for the lists in force at the end of `day`, loaded (seconds the
        first time: call it off the event loop). Raises NoListLoaded for a day without
        lists."""
        with self._lock:
            screener = self._kept.get(day)
        if screener is None:
            when = parse_when(day, end_of_day=True)
            screener = Screener(self._store, self._settings, as_of=when, serving=True)
        # Raises for a day without lists before anything is kept: such a day holds no index
        # and must not push out one that does.
        screener.refresh()
        with self._lock:
            screener = self._kept.setdefault(day, screener)  # a concurrent first use wins
            self._kept.move_to_end(day)
            while len(self._kept) > self._keep:
                self._kept.popitem(last=False)
        return screener

    def kept(self) -> list[date]:
        with self._lock:
            return list(self._kept)
