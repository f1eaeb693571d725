"""What the screening caches kept beside the index share: reading a kept file without
trusting it, and writing one whole or not at all.

A cache file holds a dict with its `format` and the kept mappings by name; a file that is
damaged, foreign or of another format reads as empty, and an item that is not well formed
is dropped, so a cache only ever saves work and never changes an answer.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any


def of_format(data: object, fmt: int) -> dict[str, Any]:
    """`data` when it is a cache file's dict of format `fmt`, else nothing kept."""
    if not isinstance(data, dict) or data.get("format") != fmt:
        return {}
    return data


def kept(data: dict[str, Any], name: str, keep: Callable[[Any, Any], bool]) -> dict[Any, Any]:
    """The mapping kept under `name`, only the items `keep` finds well formed."""
    found = data.get(name)
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if keep(k, v)}


def write_whole(path: Path, write: Callable[[IO[bytes]], object]) -> bool:
    """Write `path` through a temporary file beside it, then replace it (whole or not at
    all); False when it could not be written, which only costs the next run the work."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True
