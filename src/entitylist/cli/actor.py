"""Who is acting, for the audit log: the operating-system user running the command."""

from __future__ import annotations

import getpass


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "unknown"
