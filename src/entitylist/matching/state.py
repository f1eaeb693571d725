"""What a match index holds: plain data (lists, dicts, arrays), pickled as is.

`building.py` fills it from records.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any

from entitylist.matching.records import IndexRecord, ScoringConfig, Thresholds
from entitylist.matching.score import WeightedName
from entitylist.matching.tokens import NameForm, NameKind, TokenKind
from entitylist.matching.version import ENGINE_VERSION

__all__ = [
    "ABJAD",
    "FORMAT",
    "LATIN",
    "SILENT_KINDS",
    "IndexState",
]

FORMAT = 5
"""Layout version of `IndexState` (bump with any field change; 4: dataclasses pickle by
their constructor, `pickling.py`; 5: identifiers)."""
LATIN = 1
ABJAD = 2
SILENT_KINDS = (TokenKind.LEGAL, TokenKind.TITLE)
"""Token kinds that are not looked up (they pair by rule, or say almost nothing)."""


@dataclass
class IndexState:
    """Everything the index keeps (and pickles)."""

    records: tuple[IndexRecord, ...]
    name_record: array[int]
    name_position: array[int]
    forms: list[NameForm]
    weighted: list[WeightedName]
    name_totals: array[float]
    name_tokens: list[tuple[int, ...]]
    name_group: array[int]
    """Names with the same tokens, kinds and record kind share a group (lists repeat one
    another's names): retrieval ranks groups, so duplicates do not crowd out others."""
    group_names: list[tuple[int, ...]]
    joined: dict[str, tuple[int, ...]]
    """Neighbouring tokens of listed names written as one word -> the names (retrieval
    of `Vanderbilt` for `Van Der Bilt`, `P.AD` for `PAD`)."""
    vocab: dict[str, int]
    tokens: list[str]
    token_abjad: bytearray
    """Per token: how it occurs in listed names, `LATIN` (1), `ABJAD` (2, transliterated
    from an abjad) or both (3); the two compare differently with a query token."""
    postings: list[array[int]]
    deletes: dict[str, tuple[int, ...]]
    phonetic: dict[str, tuple[int, ...]]
    singulars: dict[str, tuple[int, ...]]
    skeletons: dict[str, tuple[int, ...]]
    document_frequency: dict[str, int]
    record_kinds: list[NameKind]
    record_countries: list[frozenset[str]]
    record_addresses: list[tuple[frozenset[str], ...]]
    identifier_records: dict[str, tuple[int, ...]]
    """Identifier key (`identifiers.identifier_key`) -> the records that publish it."""
    config: ScoringConfig
    thresholds: Thresholds
    engine_version: str = ENGINE_VERSION
    format: int = FORMAT
    extra: dict[str, Any] = field(default_factory=dict)
