"""What a batch reader yields for each row: a party, or an error naming its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from entitylist.screening.models import Party


@dataclass(frozen=True)
class PartyRow:
    line: int
    party: Party
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str
    field: str | None = None
    id: str | None = None
