"""What a hit means for a shipment: the parties, in their roles, with this item, to this
destination: prohibited, licence required (with the review policy), not required by these
lists, or needs classification, each reason with its citation (see docs/determination.md).

Layers: `models` (records), `reasons` and `rules` / `entity_list` (pure rules over the
reviewed data files of entitylist.sources), `check` (screening plus rules), `inputs` and
`batch` (files of shipments), `report` (the classification report of a list).
"""

from __future__ import annotations

from entitylist.determination.check import check, check_many, determine
from entitylist.determination.models import (
    CAVEAT,
    Determination,
    Item,
    Outcome,
    PartyOutcome,
    Reason,
    Role,
    Shipment,
    ShipmentParty,
)

__all__ = [
    "CAVEAT",
    "Determination",
    "Item",
    "Outcome",
    "PartyOutcome",
    "Reason",
    "Role",
    "Shipment",
    "ShipmentParty",
    "check",
    "check_many",
    "determine",
]
