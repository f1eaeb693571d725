"""Ownership data for the Affiliates rule: who owns how much of whom, as imported.

Pipeline order: an importer (`formats/`) reads a published file into `OwnershipLink`s and
`Party` descriptions -> the store keeps them as a versioned ownership snapshot ->
`aggregate.py` computes how much of a company listed parties hold, through every chain.
Pure: nothing here imports the store, the matching engine or screening.
"""

from __future__ import annotations

from entitylist.ownership.model import (
    OwnedParty,
    OwnershipImport,
    OwnershipLink,
    ShareKind,
    parse_share,
)

__all__ = ["OwnedParty", "OwnershipImport", "OwnershipLink", "ShareKind", "parse_share"]
