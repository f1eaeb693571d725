"""Owner matches kept across runs: the ownership pass's searches, by index and owner.

An owner's match depends only on the index (the lists in force and the engine version,
which the index file's name says), the lists searched, the threshold and the owner's name
and country. The matches are kept in a JSON file beside the index file, so that a run with
the same lists searches only the owners no earlier run has searched; new lists mean a new
index file and so a new cache. A damaged or foreign file is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from entitylist.matching import Query
from entitylist.screening.affiliates import OwnerMatch, OwnerSearch

FORMAT = 1


def cache_file(index_file: Path, lists: frozenset[str], threshold: float) -> Path:
    """The owner cache of one index file, for one set of lists and one threshold."""
    scope = hashlib.sha256(f"{sorted(lists)}|{threshold}".encode()).hexdigest()[:12]
    return index_file.with_name(f"{index_file.stem}.owners-{scope}.json")


class OwnerCache:
    """The owner matches of one index (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._known: dict[str, list[Any] | None] = _read(path)
        self.reused = 0
        self.searched = 0

    def search(self, queries: Sequence[Query], search: OwnerSearch) -> list[OwnerMatch | None]:
        """`search(queries)` for the owners not seen before, the kept matches for the rest."""
        keys = [_key(q) for q in queries]
        missing = {k: q for k, q in zip(keys, queries, strict=True) if k not in self._known}
        self.searched, self.reused = len(missing), len(keys) - len(missing)
        if missing:
            for key, found in zip(missing, search(list(missing.values())), strict=True):
                self._known[key] = None if found is None else [*_values(found)]
            self._write()
        return [_match(self._known[k]) for k in keys]

    def _write(self) -> None:
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"format": FORMAT, "owners": self._known}), "utf-8")
            os.replace(tmp, self.path)  # whole or not at all
        except OSError:
            pass  # a cache that cannot be written only costs the next run the searches


def _key(query: Query) -> str:
    return json.dumps([query.name, query.country, query.entity_type])


def _values(found: OwnerMatch) -> tuple[str, float, str]:
    return found.ref, found.score, found.matched_name


def _match(kept: list[Any] | None) -> OwnerMatch | None:
    return None if kept is None else OwnerMatch(str(kept[0]), float(kept[1]), str(kept[2]))


def _read(path: Path) -> dict[str, list[Any] | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    owners = data.get("owners")
    if not isinstance(owners, dict):
        return {}
    return {
        k: v
        for k, v in owners.items()
        if v is None or (isinstance(v, list) and len(v) == 3 and isinstance(v[0], str))
    }
