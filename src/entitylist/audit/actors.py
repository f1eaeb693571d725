"""Who did something, as the audit log names them: a user, an API key or an OS account.

One type for every face, so that the same person is spelled the same way whether they
acted in the web UI, over the API or on the command line. The text is what the chain
hashes (the `actor` column); the kind and id let a reader filter without parsing it.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Literal

ActorKind = Literal["user", "key", "os"]


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    name: str
    id: int | None = None

    @property
    def text(self) -> str:
        if self.kind == "user":
            return f"user {self.name}"
        if self.kind == "key":
            return f"api key {self.id} ({self.name})"
        return self.name

    def __str__(self) -> str:
        return self.text

    @classmethod
    def user(cls, name: str, user_id: int | None = None) -> Actor:
        return cls("user", name, user_id)

    @classmethod
    def key(cls, key_id: int, name: str) -> Actor:
        return cls("key", name, key_id)

    @classmethod
    def os_user(cls) -> Actor:
        """The operating-system account running a command (the CLI's actor)."""
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry (some containers)
            name = "unknown"
        return cls("os", name)
