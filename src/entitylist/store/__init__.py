"""The versioned list store: `Store` (`handle.py`) and what it hands back (`stored.py`)."""

from entitylist.store.diff import Diff
from entitylist.store.handle import Store
from entitylist.store.queries import HistoryPoint
from entitylist.store.stored import SnapshotInfo, StoredEntry, UpdateOutcome

__all__ = ["Diff", "HistoryPoint", "SnapshotInfo", "Store", "StoredEntry", "UpdateOutcome"]
