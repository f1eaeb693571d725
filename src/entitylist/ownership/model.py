"""The ownership records: a link (owner holds a share of owned) and the parties it names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from entitylist.errors import InputError


class ShareKind(StrEnum):
    """What a share measures. Only shares and votes count toward the 50 percent test."""

    SHARES = "shares"
    VOTES = "votes"
    OTHER = "other"
    CONSOLIDATION = "consolidation"
    """Accounting consolidation (GLEIF Level 2): a relationship, not a percentage held."""


COUNTED_KINDS = frozenset({ShareKind.SHARES, ShareKind.VOTES})


@dataclass(frozen=True, slots=True)
class OwnedParty:
    """A company or person named by ownership data (an owner, an owned company, or both).

    `key` is its identity within the data set: a published identifier when there is one
    (`LEI:...`, a registry id), else a key derived from the name.
    """

    key: str
    name: str | None = None
    country: str | None = None
    identifiers: tuple[str, ...] = ()
    kind: str | None = None  # company, person, fund, ... as the source says


@dataclass(frozen=True, slots=True)
class OwnershipLink:
    """`owner` holds `share_low`..`share_high` percent of `owned` (both None: not stated).

    A band such as 50-75 % keeps both bounds; the 50 percent test counts the lower one.
    """

    owner: str
    owned: str
    share_low: float | None
    share_high: float | None
    kind: ShareKind
    source: str
    valid_from: date | None = None
    valid_to: date | None = None
    relationship: str | None = None
    """The published relationship type, e.g. IS_DIRECTLY_CONSOLIDATED_BY."""
    line: int | None = None

    @property
    def counted(self) -> bool:
        """True when this link carries a share that the 50 percent test adds up."""
        return self.kind in COUNTED_KINDS and self.share_low is not None

    @property
    def share_text(self) -> str:
        if self.share_low is None:
            return "share not stated"
        if self.share_high is None or self.share_high == self.share_low:
            return f"{_pct(self.share_low)} %"
        return f"{_pct(self.share_low)}-{_pct(self.share_high)} %"

    def in_force(self, on: date | None) -> bool:
        if on is None:
            return self.valid_to is None
        if self.valid_from is not None and self.valid_from > on:
            return False
        return self.valid_to is None or self.valid_to >= on

    def to_dict(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "owned": self.owned,
            "share_low": self.share_low,
            "share_high": self.share_high,
            "kind": str(self.kind),
            "source": self.source,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "relationship": self.relationship,
        }


@dataclass(frozen=True)
class OwnershipImport:
    """What an importer made of one file: links, the parties they name, and notes."""

    format: str
    links: list[OwnershipLink]
    parties: dict[str, OwnedParty]
    rows_read: int
    notes: list[str] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        by_kind: dict[str, int] = {}
        for link in self.links:
            by_kind[str(link.kind)] = by_kind.get(str(link.kind), 0) + 1
        return {
            "links": len(self.links),
            "parties": len(self.parties),
            "with_share": sum(1 for link in self.links if link.share_low is not None),
            **{f"kind_{k}": v for k, v in sorted(by_kind.items())},
        }


_BAND = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*%?\s*$")
_EXACT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*$")


def parse_share(text: str | None, *, where: str) -> tuple[float | None, float | None]:
    """A percent as published: exact (`60`, `60 %`), a band (`50-75`), or empty (unknown).

    `where` names the file, line and field for the error a bad value raises.
    """
    if text is None or not str(text).strip():
        return None, None
    value = str(text).strip()
    band = _BAND.match(value)
    if band:
        low, high = float(band.group(1)), float(band.group(2))
    else:
        exact = _EXACT.match(value)
        if not exact:
            raise InputError(f"{where}: {value!r} is not a percent or a band such as 50-75")
        low = high = float(exact.group(1))
    if not 0 <= low <= high <= 100:
        raise InputError(f"{where}: {value!r} is outside 0-100 percent or its bounds are reversed")
    return low, high


def name_key(name: str) -> str:
    """A key for a party published without an identifier (case and spacing folded)."""
    return "name:" + " ".join(name.casefold().split())


def _pct(value: float) -> str:
    return f"{value:g}"
