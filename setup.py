"""Build of the matching core: compiled with mypyc when it can be, pure Python otherwise.

`pip install .` (or `-e .`) compiles `src/entitylist/matching/*.py` into C extensions (the
same code, type-checked and compiled; docs/architecture.md says why mypyc). Without a C
compiler, or with ENTITYLIST_PURE_PYTHON=1 set, the package installs as pure Python and
gives identical results; `entitylist --version` says which build runs.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

MATCHING = Path("src/entitylist/matching")


class OptionalBuildExt(build_ext):
    """Compile the matching core, or, when any part of it fails, none of it: compiled
    modules call one another natively, so a mix of compiled and pure ones is not built."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # any compiler failure means pure Python
            for ext in self.extensions:
                for path in (Path(self.get_ext_fullpath(ext.name)), _in_source(ext.name)):
                    path.unlink(missing_ok=True)
            _warn(f"the matching core was not compiled ({exc}); installing pure Python")


def _in_source(name: str) -> Path:
    """Where an in-place build puts extension `name` (the `src` layout)."""
    *package, leaf = name.split(".")
    return Path("src", *package, leaf + (sysconfig.get_config_var("EXT_SUFFIX") or ".so"))


def _warn(text: str) -> None:
    print(f"entitylist: {text}", file=sys.stderr)


def _extensions() -> list:  # type: ignore[type-arg]
    if os.environ.get("ENTITYLIST_PURE_PYTHON", "").strip() not in ("", "0"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypyc is not available; installing the matching core as pure Python")
        return []
    # __init__ stays Python: it registers the dataclasses' pickling (pickling.py).
    modules = sorted(str(p) for p in MATCHING.glob("*.py") if p.name != "__init__.py")
    try:
        return mypycify(modules, opt_level="3", group_name="entitylist_matching")
    except (Exception, SystemExit) as exc:  # mypyc exits on a failed type check
        _warn(f"mypyc could not compile the matching core ({exc}); installing pure Python")
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
