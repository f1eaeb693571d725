"""Parties' matches among the ownership companies, kept across runs.

Searching every screened party among the companies of the ownership pass (the companies at
50 % or more) costs about a third of its name search. Its answer depends only on the party's
query (name, country, address, type), the alert threshold and that small index, which
depends only on the companies indexed (their keys, names and countries) and the engine
version: `fingerprint`. A list update that leaves the companies as they were, the rule
changing state, or a later run over the same data, therefore finds every answer kept. The
answers are kept in a file named by the fingerprint under the cache directory; a damaged
or foreign file is ignored, never trusted. Like the index file it is a pickle: only files
this library wrote are read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from entitylist.matching import ENGINE_VERSION, IndexRecord, Match, Query
from entitylist.screening.cache_file import kept, of_format, write_whole

FORMAT = 1
MAX_KEPT = 500_000
"""Answers kept per file at most: a service screening file after file stays bounded."""
KEEP_FILES = 4
"""Files kept per database: the newest, for the ownership of other days (`--as-of`)."""

Key = tuple[str, str | None, str | None, str | None, float]


def fingerprint(records: Sequence[IndexRecord], limit: int) -> str:
    """Names the ownership companies' index: a change to any company is a new name."""
    blob = json.dumps(
        [ENGINE_VERSION, limit, sorted([r.ref, list(r.names), list(r.countries)] for r in records)]
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:24]


def query_key(query: Query, threshold: float) -> Key:
    return (query.name, query.country, query.address, query.entity_type, threshold)


class PartyMatches:
    """The kept answers of one ownership index (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._known: dict[Key, list[Match]] = _read(path)
        self._added = 0

    def get(self, key: Key) -> list[Match] | None:
        return self._known.get(key)

    def learn(self, key: Key, found: Sequence[Match]) -> None:
        if key not in self._known and len(self._known) < MAX_KEPT:
            self._known[key] = list(found)
            self._added += 1

    def __len__(self) -> int:
        return len(self._known)

    def keep(self) -> None:
        """Write the answers when some are new (whole or not at all); a cache that cannot
        be written only costs the next run the searches."""
        if not self._added:
            return
        data = {"format": FORMAT, "matches": self._known}
        if write_whole(self.path, lambda handle: pickle.dump(data, handle, protocol=5)):
            self._added = 0
            with contextlib.suppress(OSError):  # a file gone meanwhile is pruned already
                _prune(self.path)


def cache_file(cache_dir: Path, db_tag: str, ident: str) -> Path:
    return cache_dir / f"ownership-matches-{db_tag}-{ident}.pkl"


def _read(path: Path) -> dict[Key, list[Match]]:
    try:
        with path.open("rb") as handle:
            data = of_format(pickle.load(handle), FORMAT)
    except Exception:  # damaged, truncated or written by another version: not trusted
        return {}
    return kept(data, "matches", _well_formed)


def _well_formed(key: Any, found: Any) -> bool:
    return (
        isinstance(key, tuple)
        and isinstance(found, list)
        and all(isinstance(m, Match) for m in found)
    )


def _prune(path: Path) -> None:
    """Only the newest `KEEP_FILES` files of one database stay."""
    prefix = path.name.rsplit("-", 1)[0]
    files = sorted(
        path.parent.glob(f"{prefix}-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in files[KEEP_FILES:]:
        with contextlib.suppress(OSError):
            old.unlink()
