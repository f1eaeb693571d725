"""The command line: a thin face over the library (parse options, call, render).

Each module adds its commands to `app`; errors from the library become a message on stderr
and exit code 1 (2 for usage errors, as click does).
"""

from __future__ import annotations

from entitylist.cli.app import app, main
from entitylist.cli import lists as _lists  # noqa: F401  (registers commands)
from entitylist.cli import screen as _screen  # noqa: F401
from entitylist.cli import keys as _keys, serve as _serve  # noqa: F401
from entitylist.cli import audit, decide, monitor, parties, pointintime, report  # noqa: F401

__all__ = ["app", "main"]
