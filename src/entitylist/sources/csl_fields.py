"""The CSL's layout-independent row (`Published`) and the parsers of its fields: list
cells, addresses, countries, identifiers, dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from entitylist.countries import to_iso2
from entitylist.dates import leading_date
from entitylist.model import (
    Address,
    Identifier,
    SkippedRow,
)

# Published columns kept in `Entry.extra` when non-empty (vessel details, DPL standard order).
EXTRA_COLUMNS = (
    "entity_number",
    "standard_order",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
)


# --- the layout-independent row ---------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """One published record, whatever the layout: text fields stripped, lists split."""

    line: int
    raw: dict[str, Any]
    source: str
    name: str
    source_id: str = ""
    entity_number: str = ""
    type: str = ""
    title: str = ""
    programs: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    federal_register_notice: str = ""
    start_date: str = ""
    end_date: str = ""
    license_requirement: str = ""
    license_policy: str = ""
    remarks: str = ""
    source_urls: tuple[str, ...] = ()
    alt_names: tuple[str, ...] = ()
    citizenships: tuple[str, ...] = ()
    dates_of_birth: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    places_of_birth: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
    note: SkippedRow | None = None


def published_record(
    text: Callable[[str], str],
    texts: Callable[[str], tuple[str, ...]],
    *,
    line: int,
    raw: dict[str, Any],
    source_id: str,
    addresses: tuple[Address, ...],
    identifiers: tuple[Identifier, ...],
    note: SkippedRow | None = None,
) -> Published:
    """A record as a `Published` row, whatever its layout: `text` reads a field as stripped
    text and `texts` a list field, the way that layout writes them (the CSV's `;`-separated
    cells, the JSON's lists), so the two layouts fill the same fields the same way."""
    return Published(
        line=line,
        raw=raw,
        source=one_line(text("source")),
        name=one_line(text("name")),
        source_id=source_id,
        entity_number=text("entity_number"),
        type=text("type"),
        title=one_line(text("title")),
        programs=texts("programs"),
        addresses=addresses,
        federal_register_notice=text("federal_register_notice"),
        start_date=text("start_date"),
        end_date=text("end_date"),
        license_requirement=text("license_requirement"),
        license_policy=text("license_policy"),
        remarks=text("remarks"),
        source_urls=unique_texts([text("source_list_url"), text("source_information_url")]),
        alt_names=texts("alt_names"),
        citizenships=texts("citizenships"),
        dates_of_birth=texts("dates_of_birth"),
        nationalities=texts("nationalities"),
        places_of_birth=texts("places_of_birth"),
        identifiers=identifiers,
        extra={column: text(column) for column in EXTRA_COLUMNS if text(column)},
        note=note,
    )


# --- fields -----------------------------------------------------------------------------


def one_line(text: str) -> str:
    """Whitespace runs (newlines inside cells included) as one space: names and addresses
    are matched and shown on one line; `raw` keeps the published cell."""
    return " ".join(text.split())


def split_list(text: str) -> tuple[str, ...]:
    """A `;`-separated CSL cell as its items, with the prose "and " before the last dropped."""
    return tuple(item for item in (list_item(part) for part in text.split(";")) if item)


def list_item(text: str) -> str:
    item = one_line(text)
    # Quirk: BIS copies its Federal Register prose into list cells: "A; B; and C".
    return item[4:].lstrip() if item.startswith("and ") else item


def parse_address(text: str) -> Address:
    """One CSL address cell item. The CSL joins address, city, state, postal code and country
    with ", " and drops the empty ones, so only the country (last, mostly an ISO code:
    "..., Kabul, AF") can be told apart; older rows end with a name ("..., China")."""
    clean = address_text(text)
    last = clean.rpartition(", ")[2]
    code = country_code(last)
    return Address(text=clean, country=code, country_name=last if code and len(last) != 2 else None)


def address_text(text: str) -> str:
    """An address on one line with its comma-separated parts trimmed and empty ones dropped.

    Quirk: hand-typed cells hold "Peshawar,, PK", "H8N 2Z6 , CA" and a trailing comma
    ("..., Hong Kong,"); the JSON layout joins its fields the same way, so both layouts give
    the same text. `raw` keeps the published cell.
    """
    return ", ".join(p for p in (part.strip() for part in one_line(text).split(",")) if p)


def country_code(text: str) -> str | None:
    """ISO code of a published country: an upper-case ISO code ("AF") or a name ("China").
    Lower-case pairs and anything with digits (postal codes, streets) are not countries."""
    if len(text) == 2:
        return to_iso2(text) if text.isalpha() and text.isupper() else None
    if not text or any(c.isdigit() for c in text):
        return None
    return to_iso2(text)


def structured_address(
    *, street: str, city: str, state: str, postal_code: str, country: str
) -> Address | None:
    """A JSON address: its text is the fields joined as the CSV layout joins them."""
    parts = [one_line(p) for p in (street, city, state, postal_code, country)]
    parts[0] = list_item(parts[0])  # the "; and " quirk reaches the JSON street as well
    text = address_text(", ".join(parts))
    if not text:
        return None
    code = country_code(parts[4])
    return Address(
        text=text,
        street=parts[0] or None,
        city=parts[1] or None,
        state=parts[2] or None,
        postal_code=parts[3] or None,
        country=code,
        country_name=parts[4] if parts[4] and len(parts[4]) != 2 else None,
    )


_ID_DATE = re.compile(r"\d{1,2} [A-Za-z]{3} \d{4}|\d{4}-\d{2}-\d{2}")
_ISO2 = re.compile(r"[A-Z]{2}")


def parse_identifier(text: str) -> Identifier | None:
    """One CSV `ids` item: "type, number[, country[, issued[, expires]]]".

    The number may itself hold commas ("Issuer Name, China Telecom Co., Ltd"), so the parts
    are read from the ends: the type first, then trailing dates and an ISO country code,
    and what is left is the number. Issue and expiry dates stay in `raw` only (the model's
    `Identifier` has no place for them).
    """
    parts = [p.strip() for p in one_line(text).split(",")]
    if not any(parts):
        return None
    if len(parts) == 1:
        return Identifier(kind="", value=parts[0])
    kind, rest = parts[0].rstrip(" :-"), parts[1:]
    dates = 0
    while len(rest) > 1 and dates < 2 and _ID_DATE.fullmatch(rest[-1]):
        rest.pop()
        dates += 1
    country = None
    if len(rest) > 1 and _ISO2.fullmatch(rest[-1]) and to_iso2(rest[-1]):
        country = rest.pop()
    return Identifier(kind=kind, value=", ".join(rest), country=country)


def parse_date(value: str) -> date | None:
    """An ISO date ("2016-09-07", or a timestamp starting with one); None when not a date."""
    return leading_date(value)


def unique_texts(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
