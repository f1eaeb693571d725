"""Which build of the matching core runs: compiled (mypyc, see setup.py) or pure Python.

Both builds are the same source and give the same results. `ENTITYLIST_PURE_PYTHON=1` in
a process's environment makes it load the pure-Python modules even where compiled ones
are installed beside them: the way to run the tests, or compare the builds, on the
fallback. This module lives outside `entitylist.matching` so that it is never compiled.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

__all__ = ["PURE_ENV", "build_name", "is_compiled", "prefer_pure_python", "wants_pure_python"]

PURE_ENV = "ENTITYLIST_PURE_PYTHON"
_PACKAGE = "entitylist.matching."


class _PureMatching(MetaPathFinder):
    """Finds the `.py` file of a matching module before the import system finds its
    compiled extension (which it prefers when both are there)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not fullname.startswith(_PACKAGE) or not path:
            return None
        leaf = fullname.rsplit(".", 1)[1]
        for folder in path:
            source = Path(folder) / f"{leaf}.py"
            if source.is_file():
                return importlib.util.spec_from_file_location(fullname, source)
        return None


def wants_pure_python() -> bool:
    return os.environ.get(PURE_ENV, "").strip() not in ("", "0")


def prefer_pure_python() -> None:
    """Load the matching core as pure Python from now on (before it is first imported)."""
    if not any(isinstance(f, _PureMatching) for f in sys.meta_path):
        sys.meta_path.insert(0, _PureMatching())


def is_compiled() -> bool:
    """Whether the matching core in this process is the compiled build."""
    from entitylist.matching import score

    return not (score.__file__ or "").endswith(".py")


def build_name() -> str:
    return "compiled (mypyc)" if is_compiled() else "pure Python"
