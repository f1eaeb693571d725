"""The entries in force, by index ref (the entry version id as text), read when needed.

A one-name screening needs the stored entries of its hits only; reading and decoding every
entry in force would be most of its time (0.3 s for the 2023 CSL, over a second for all
lists). So `EntriesInForce` fetches hits by id, and reads everything on the first walk over
the whole mapping (monitoring, ownership, the API's entry pages). A serving process does the
same: reading everything up front cost it seconds of CPU at every update (3 s for the 2026
CSL), against a fraction of a millisecond a request for its hits, each read once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from entitylist.store import SnapshotInfo, Store, StoredEntry


class EntriesInForce(Mapping[str, StoredEntry]):
    def __init__(self, store: Store, snapshots: dict[str, SnapshotInfo]) -> None:
        self._store = store
        self._snapshots = snapshots
        self._all: dict[str, StoredEntry] | None = None
        self._some: dict[str, StoredEntry] = {}
        self._size = sum(s.entry_count for s in snapshots.values())

    def prefetch(self, refs: Iterable[str]) -> None:
        """Read the entries of `refs` not read yet, in one go (a batch's hits)."""
        if self._all is not None:
            return
        wanted = sorted({int(ref) for ref in refs if ref not in self._some})
        if wanted:
            for stored in self._store.entries_by_ids(wanted):
                self._some[str(stored.id)] = stored

    def __getitem__(self, ref: str) -> StoredEntry:
        if self._all is not None:
            return self._all[ref]
        if not ref.isdigit():
            raise KeyError(ref)
        if ref not in self._some:
            self.prefetch([ref])
        return self._some[ref]

    def __iter__(self) -> Iterator[str]:
        return iter(self._everything())

    def __len__(self) -> int:
        return self._size

    def _everything(self) -> dict[str, StoredEntry]:
        if self._all is None:
            stored = self._store.entries_in_force(snapshots=self._snapshots)
            self._all = {str(s.id): s for s in stored}
        return self._all
