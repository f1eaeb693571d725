"""Who is acting, for the audit log: the operating-system user running the command."""

from __future__ import annotations

from entitylist.audit.actors import Actor


def current_user() -> str:
    return Actor.os_user().text
