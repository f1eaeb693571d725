"""The index file: an `IndexState` as a stream of small pickles.

One pickle of the whole state is one call into C that holds the GIL for as long as the read
takes (0.1 s for the 2023 CSL, about 1 s for all lists): a service loading a new index from a
background thread would answer no request meanwhile. So the file is a header, then each
field, long sequences and mappings in slices of `CHUNK` items, all through one Pickler and
read back through one Unpickler: objects shared between fields stay shared (the memo spans
the calls), and each read call lasts a few milliseconds, between which other threads run
(and the reader's `pause`, if given, is called: a service uses it to leave the CPU to its
requests).

Load only files you wrote: pickle runs code.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import fields
from typing import IO, Any

from entitylist.matching.state import FORMAT, IndexState
from entitylist.matching.version import ENGINE_VERSION

__all__ = ["CHUNK", "dump_state", "load_state"]

MAGIC = ("entitylist-index", 1)
"""File kind and layout of the stream (the state's own layout is `state.FORMAT`)."""
CHUNK = 1000
"""Items per slice: small enough that one read call stays within a few milliseconds."""


def dump_state(state: IndexState, fh: IO[bytes]) -> None:
    names = [f.name for f in fields(state)]
    pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dump((MAGIC, state.engine_version, state.format, names))
    for name in names:
        value = getattr(state, name)
        if isinstance(value, list | tuple) and len(value) > CHUNK:
            pickler.dump(("seq", isinstance(value, tuple), len(value)))
            for start in range(0, len(value), CHUNK):
                pickler.dump(value[start : start + CHUNK])
        elif isinstance(value, dict) and len(value) > CHUNK:
            items = list(value.items())
            pickler.dump(("map", False, len(items)))
            for start in range(0, len(items), CHUNK):
                pickler.dump(items[start : start + CHUNK])
        else:
            pickler.dump(("one", False, 1))
            pickler.dump(value)


def load_state(fh: IO[bytes], where: str, pause: Callable[[], None] | None = None) -> IndexState:
    """The state `dump_state` wrote; ValueError (naming `where`) for any other file, and for
    one written by another engine version or state layout, before reading its body.
    `pause` is called after each read call."""
    unpickler = pickle.Unpickler(fh)
    header = unpickler.load()
    if not (isinstance(header, tuple) and len(header) == 4 and header[0] == MAGIC):
        raise ValueError(f"{where} does not hold a match index in this layout")
    _, version, layout, names = header
    expected = [f.name for f in fields(IndexState)]
    if version != ENGINE_VERSION or layout != FORMAT or names != expected:
        raise ValueError(
            f"{where} was written by matching engine {version} (format {layout}); "
            f"this is {ENGINE_VERSION} (format {FORMAT}): rebuild the index"
        )
    step = pause or _no_pause
    values = {name: _read_field(unpickler, step) for name in names}
    return IndexState(**values)


def _no_pause() -> None:
    return None


def _read_field(unpickler: pickle.Unpickler, pause: Callable[[], None]) -> Any:
    shape, as_tuple, count = unpickler.load()
    if shape == "one":
        value = unpickler.load()
        pause()
        return value
    if shape == "map":  # grown slice by slice: dict(pairs) would be one long call
        mapping: dict[Any, Any] = {}
        while len(mapping) < count:
            mapping.update(unpickler.load())
            pause()
        return mapping
    parts: list[Any] = []
    while len(parts) < count:
        parts.extend(unpickler.load())
        pause()
    return tuple(parts) if as_tuple else parts
