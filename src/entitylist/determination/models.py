"""The records of a shipment determination: what is asked (`Shipment`) and what is found
(`Determination`, one `PartyOutcome` per party, each with its `Reason`s and citations)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum
from typing import Any

from entitylist.errors import InputError
from entitylist.model import ReviewPolicy


class Role(StrEnum):
    """A party's role in the transaction, as 15 CFR 748.5 names them (`other` for the rest:
    forwarders, banks, agents)."""

    PURCHASER = "purchaser"
    INTERMEDIATE_CONSIGNEE = "intermediate_consignee"
    ULTIMATE_CONSIGNEE = "ultimate_consignee"
    END_USER = "end_user"
    OTHER = "other"


# 15 CFR 744.16(a): the Entity List's requirement applies when a listed entity is a party
# "as described in § 748.5(c) through (f)".
LISTED_PARTY_ROLES = frozenset(
    {Role.PURCHASER, Role.INTERMEDIATE_CONSIGNEE, Role.ULTIMATE_CONSIGNEE, Role.END_USER}
)


class Outcome(StrEnum):
    PROHIBITED = "prohibited"
    LICENCE_REQUIRED = "licence_required"
    NEEDS_CLASSIFICATION = "needs_classification"
    NOT_REQUIRED = "no_licence_required_by_these_lists"


class _Severity(IntEnum):
    NOT_REQUIRED = 0
    NEEDS_CLASSIFICATION = 1
    LICENCE_REQUIRED = 2
    PROHIBITED = 3


def severity(outcome: Outcome) -> int:
    return int(_Severity[outcome.name])


def strictest(outcomes: list[Outcome]) -> Outcome:
    """The overall outcome: prohibited > licence required > needs classification > none."""
    return max(outcomes, key=severity, default=Outcome.NOT_REQUIRED)


# BIS: "If any applicable policy required denial, BIS would deny the application": the
# overall review policy of several licence requirements is the strictest of them.
_POLICY_ORDER = [
    ReviewPolicy.POLICY_OF_DENIAL,
    ReviewPolicy.PRESUMPTION_OF_DENIAL,
    ReviewPolicy.OTHER,
    ReviewPolicy.CASE_BY_CASE,
    ReviewPolicy.PRESUMPTION_OF_APPROVAL,
]


def strictest_policy(policies: list[ReviewPolicy]) -> ReviewPolicy | None:
    return min(policies, key=_POLICY_ORDER.index) if policies else None


CAVEAT = (
    "Only the restricted-party lists were assessed. Other EAR requirements were not: the "
    "Commerce Control List and Country Chart (15 CFR Parts 738 and 774), the end-use "
    "controls of 15 CFR Part 744, the embargoes and special controls of 15 CFR Part 746, "
    "and the ITAR."
)

_ECCN = re.compile(r"^(\d)([A-Ea-e])(\d{3})((?:\.[A-Za-z0-9]+)*)$")


def normalise_item(text: str) -> str:
    """`EAR99`, `unclassified`, or an ECCN written as the CCL writes it (`5A992.c`)."""
    value = text.strip()
    if value.upper() == "EAR99":
        return "EAR99"
    if value.lower() in ("unclassified", "unknown"):
        return "unclassified"
    m = _ECCN.match(value)
    if not m:
        raise InputError(
            f"item {text!r} is not an ECCN (such as 4A994 or 5A992.c), EAR99 or unclassified",
            details={"field": "item"},
        )
    return f"{m.group(1)}{m.group(2).upper()}{m.group(3)}{m.group(4).lower()}"


@dataclass(frozen=True, slots=True)
class Item:
    """The item shipped, and what the user declares about it (None: not known)."""

    classification: str
    foreign_produced: bool = False
    direct_product: bool | None = None  # of US technology or software (15 CFR 734.9)
    food_or_medicine: bool | None = None
    meu_supplement_2: bool | None = None  # listed in Supplement No. 2 to Part 744
    supplement_7_746: bool | None = None  # an EAR99 item listed in Supp. No. 7 to Part 746
    project_end_use: bool | None = None  # used in a project that 746.8(a)(4) specifies

    @property
    def ear99(self) -> bool:
        return self.classification == "EAR99"

    @property
    def unclassified(self) -> bool:
        return self.classification == "unclassified"

    @property
    def eccn(self) -> str | None:
        return None if self.ear99 or self.unclassified else self.classification

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(frozen=True, slots=True)
class ShipmentParty:
    name: str
    role: Role
    country: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Shipment:
    parties: tuple[ShipmentParty, ...]
    item: Item
    destination: str
    on: date | None = None
    ofac_authorised: bool = False
    reference: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "parties": [
                {"name": p.name, "role": str(p.role), "country": p.country, "address": p.address}
                for p in self.parties
            ],
            "item": self.item.to_dict(),
            "destination": self.destination,
            "date": self.on.isoformat() if self.on else None,
            "ofac_authorised": self.ofac_authorised,
        }


@dataclass(frozen=True)
class Reason:
    """One finding, with the rule's citations and, for a hit, the entry it rests on."""

    outcome: Outcome
    rule: str
    text: str
    citations: tuple[str, ...] = ()
    list_code: str | None = None
    entry: dict[str, Any] | None = None
    policy: ReviewPolicy | None = None
    published: dict[str, str] | None = None
    conditions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "outcome": str(self.outcome),
            "rule": self.rule,
            "text": self.text,
            "citations": list(self.citations),
        }
        optional = {
            "list": self.list_code,
            "entry": self.entry,
            "policy": str(self.policy) if self.policy else None,
            "published": self.published,
            "conditions": list(self.conditions) or None,
        }
        data.update({k: v for k, v in optional.items() if v is not None})
        return data


@dataclass(frozen=True)
class PartyOutcome:
    party: ShipmentParty
    outcome: Outcome
    reasons: tuple[Reason, ...]
    policy: ReviewPolicy | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.party.name,
            "role": str(self.party.role),
            "country": self.party.country,
            "outcome": str(self.outcome),
            "review_policy": str(self.policy) if self.policy else None,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class Determination:
    shipment: Shipment
    outcome: Outcome
    parties: tuple[PartyOutcome, ...]
    policy: ReviewPolicy | None
    snapshots: dict[str, dict[str, Any]]
    notes: tuple[str, ...] = field(default=())

    @property
    def citations(self) -> list[str]:
        seen: dict[str, None] = {}
        for party in self.parties:
            for reason in party.reasons:
                seen.update(dict.fromkeys(reason.citations))
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": str(self.outcome),
            "review_policy": str(self.policy) if self.policy else None,
            "citations": self.citations,
            "parties": [p.to_dict() for p in self.parties],
            "caveat": CAVEAT,
            "notes": list(self.notes),
            "shipment": self.shipment.to_dict(),
            "snapshots": self.snapshots,
        }
