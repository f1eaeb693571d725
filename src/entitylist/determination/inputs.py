"""Shipments from what a person types or a file holds: each bad value is an `InputError`
naming the field (and, in files, the line), never a silent default."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from entitylist.countries import country_code
from entitylist.determination.models import Item, Role, Shipment, ShipmentParty, normalise_item
from entitylist.errors import InputError

ROLE_NAMES = ", ".join(str(r) for r in Role)
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}


def parse_role(text: str) -> Role:
    value = text.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Role(value)
    except ValueError:
        raise InputError(
            f"role {text!r} is not one of {ROLE_NAMES} (15 CFR 748.5)", details={"field": "role"}
        ) from None


def parse_party(text: str) -> ShipmentParty:
    """`NAME:ROLE` or `NAME:ROLE:COUNTRY` (the name may itself contain colons)."""
    parts = text.rsplit(":", 2)
    if len(parts) == 3 and _is_role(parts[1]):
        name, role, country = parts
    elif len(parts) >= 2 and _is_role(parts[-1]):
        name, role, country = text.rsplit(":", 1)[0], parts[-1], None
    else:
        raise InputError(
            f"party {text!r}: write NAME:ROLE or NAME:ROLE:COUNTRY, the role one of {ROLE_NAMES}",
            details={"field": "party"},
        )
    return make_party(name, role, country)


def _is_role(text: str) -> bool:
    return text.strip().lower().replace(" ", "_").replace("-", "_") in set(Role)


def make_party(name: str, role: str, country: str | None = None) -> ShipmentParty:
    if not name or not name.strip():
        raise InputError("a party needs a name", details={"field": "party"})
    return ShipmentParty(name=name.strip(), role=parse_role(role), country=country_code(country))


def yes_no(value: Any, field: str) -> bool | None:
    """True, False or None (not known) from yes/no/true/false/1/0 or empty."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(f"{field} {value!r} is not yes or no", details={"field": field})


FACTS = (
    "foreign_produced",
    "direct_product",
    "food_or_medicine",
    "meu_supplement_2",
    "supplement_7_746",
    "project_end_use",
)


def make_item(classification: str, facts: Mapping[str, Any]) -> Item:
    values = {name: yes_no(facts.get(name), name) for name in FACTS}
    return Item(
        classification=normalise_item(classification),
        foreign_produced=bool(values.pop("foreign_produced")),
        **values,
    )


def shipment_from(
    *,
    parties: list[ShipmentParty],
    item: str,
    destination: str,
    on: str | None = None,
    facts: Mapping[str, Any] | None = None,
    ofac_authorised: bool = False,
    reference: str | None = None,
) -> Shipment:
    from entitylist.dates import parse_when

    if not parties:
        raise InputError("a shipment needs at least one party", details={"field": "parties"})
    code = country_code(destination, field="destination")
    if code is None:
        raise InputError("a shipment needs a destination", details={"field": "destination"})
    return Shipment(
        parties=tuple(parties),
        item=make_item(item, facts or {}),
        destination=code,
        on=parse_when(on).date() if on else None,
        ofac_authorised=ofac_authorised,
        reference=reference,
    )
