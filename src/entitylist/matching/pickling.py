"""Pickling the matching core's dataclasses by their constructor.

Compiled (mypyc), a dataclass is a native class whose default pickling restores fields by
assignment, which a frozen dataclass refuses; so every dataclass of the package is
registered with `copyreg` to pickle as its class and its init fields, and unpickles by
calling the class. Pure Python does the same, so an index file or a worker's results
read alike in either build.
"""

from __future__ import annotations

import copyreg
import importlib
import pkgutil
from dataclasses import fields, is_dataclass
from typing import Any

__all__ = ["register_dataclasses"]

_PACKAGE = "entitylist.matching"


def by_fields(obj: Any) -> tuple[type, tuple[Any, ...]]:
    """The class and its init fields' values, in order (what `copyreg` wants)."""
    return type(obj), tuple(getattr(obj, f.name) for f in fields(obj) if f.init)


def register_dataclasses() -> int:
    """Register every dataclass defined in the package's modules; returns how many."""
    package = importlib.import_module(_PACKAGE)
    modules = [
        importlib.import_module(f"{_PACKAGE}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]
    found = {
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and is_dataclass(value) and value.__module__ == module.__name__
    }
    for cls in found:
        copyreg.pickle(cls, by_fields)
    return len(found)
