"""Owner matches kept across runs: the ownership pass's searches, by index and owner.

An owner's match depends only on the index (the lists in force and the engine version,
which the index file's name says), the lists searched, the threshold and the owner's name
and country. The matches are kept in a JSON file beside the index file, so that a run with
the same lists searches only the owners no earlier run has searched; new lists mean a new
index file and so a new cache. The file also keeps what matching reads of the listed
entries and what each owner name came to (`ListedNames`), which depend on the same things:
normalising every listed name and every owner name again was most of a later run's pass.
A damaged or foreign file is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from entitylist.matching import Query
from entitylist.screening.affiliates import ListedNames, OwnerMatch, OwnerSearch
from entitylist.screening.cache_file import kept, of_format, write_whole

FORMAT = 2


def cache_file(index_file: Path, lists: frozenset[str], threshold: float) -> Path:
    """The owner cache of one index file, for one set of lists and one threshold."""
    scope = hashlib.sha256(f"{sorted(lists)}|{threshold}".encode()).hexdigest()[:12]
    return index_file.with_name(f"{index_file.stem}.owners-{scope}.json")


class OwnerCache:
    """The owner matches of one index (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = _load(path)
        self._known: dict[str, list[Any] | None] = _owners(data)
        self.listed: ListedNames | None = _listed(data)
        """What owner matching reads of the listed entries, when kept (`keep_listed`)."""
        self._written = self._size()
        self.reused = 0
        self.searched = 0

    def keep_listed(self, listed: ListedNames) -> None:
        """Keep `listed` (and the owner names it classifies) with the matches."""
        self.listed = listed

    def flush(self) -> None:
        """Write what is new since the file was read or last written."""
        if self._size() != self._written:
            self._write()

    def _size(self) -> tuple[int, int]:
        return len(self._known), -1 if self.listed is None else len(self.listed.seen)

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
        data: dict[str, Any] = {"format": FORMAT, "owners": self._known}
        if self.listed is not None:
            data["listed"] = {
                "by_ident": self.listed.by_ident,
                "by_name": self.listed.by_name,
                "rare": sorted(self.listed.rare),
                "seen": self.listed.seen,
            }
        if write_whole(self.path, lambda handle: handle.write(json.dumps(data).encode("utf-8"))):
            self._written = self._size()


def _key(query: Query) -> str:
    return json.dumps([query.name, query.country, query.entity_type])


def _values(found: OwnerMatch) -> tuple[str, float, str]:
    return found.ref, found.score, found.matched_name


def _match(kept: list[Any] | None) -> OwnerMatch | None:
    return None if kept is None else OwnerMatch(str(kept[0]), float(kept[1]), str(kept[2]))


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return of_format(data, FORMAT)


def _owners(data: dict[str, Any]) -> dict[str, list[Any] | None]:
    return kept(data, "owners", _well_formed)


def _well_formed(key: str, owner: Any) -> bool:
    return owner is None or (
        isinstance(owner, list) and len(owner) == 3 and isinstance(owner[0], str)
    )


def _listed(data: dict[str, Any]) -> ListedNames | None:
    """The kept `ListedNames`, or None when missing or not well formed (then rebuilt)."""
    kept = data.get("listed")
    if not isinstance(kept, dict):
        return None
    by_ident, by_name = kept.get("by_ident"), kept.get("by_name")
    rare, seen = kept.get("rare"), kept.get("seen")
    if not (
        isinstance(by_ident, dict)
        and isinstance(by_name, dict)
        and _str_map(by_ident)
        and _str_map(by_name)
        and isinstance(rare, list)
        and all(isinstance(t, str) for t in rare)
        and isinstance(seen, dict)
        and all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in seen.items())
    ):
        return None
    return ListedNames(by_ident, by_name, frozenset(rare), seen)


def _str_map(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )
