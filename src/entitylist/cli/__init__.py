"""The command line: a thin face over the library (parse options, call, render).

Each module adds its commands to `app`; errors from the library become a message on stderr
and exit code 1 (2 for usage errors, as click does).
"""

from __future__ import annotations

# Importing a command module registers its commands on `app`.
from entitylist.cli import (  # noqa: F401
    alerts,
    audit,
    check,
    decide,
    export,
    fr,
    keys,
    lists,
    monitor,
    ownership,
    parties,
    pointintime,
    report,
    rules,
    screen,
    serve,
    users,
)
from entitylist.cli.app import app, main

__all__ = ["app", "main"]
