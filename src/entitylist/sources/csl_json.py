"""Records of the CSL JSON layout (`consolidated.json`) read into `Published` rows:
addresses as objects, aliases, programs and identifiers as lists.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from entitylist.countries import to_iso2
from entitylist.model import (
    Address,
    Identifier,
)
from entitylist.sources.csl_fields import (
    Published,
    list_item,
    one_line,
    parse_address,
    parse_identifier,
    published_record,
    split_list,
    structured_address,
)


def published_from_json(record: Mapping[str, Any], index: int) -> Published:
    """A CSL API record (lists as lists, addresses and ids as objects) as a `Published` row."""

    def get(key: str) -> str:
        return _json_text(record.get(key))

    return published_record(
        get,
        lambda key: _json_list(record.get(key)),
        line=index,
        raw=dict(record),
        source_id=get("id") or get("_id"),
        addresses=tuple(_json_addresses(record.get("addresses"))),
        identifiers=tuple(_json_identifiers(record.get("ids"))),
    )


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_json_text(v) for v in value if v is not None)
    return str(value).strip()


def _json_list(value: Any) -> tuple[str, ...]:
    """A JSON list of strings; a `;`-separated string is accepted the CSV way."""
    if isinstance(value, list):
        return tuple(i for i in (list_item(_json_text(v)) for v in value) if i)
    return split_list(_json_text(value))


def _json_addresses(value: Any) -> Iterator[Address]:
    if not isinstance(value, list):
        yield from (parse_address(a) for a in split_list(_json_text(value)))
        return
    for item in value:
        if isinstance(item, dict):
            address = structured_address(
                street=_json_text(item.get("address")),
                city=_json_text(item.get("city")),
                state=_json_text(item.get("state")),
                postal_code=_json_text(item.get("postal_code")),
                country=_json_text(item.get("country")),
            )
            if address is not None:
                yield address
        elif (text := list_item(_json_text(item))) != "":
            yield parse_address(text)


def _json_identifiers(value: Any) -> Iterator[Identifier]:
    if not isinstance(value, list):
        for text in split_list(_json_text(value)):
            if (identifier := parse_identifier(text)) is not None:
                yield identifier
        return
    for item in value:
        if isinstance(item, dict):
            kind = one_line(_json_text(item.get("type"))).rstrip(" :-")
            number = one_line(_json_text(item.get("number")))
            if kind or number:
                yield Identifier(kind=kind, value=number, country=_id_country(item))
        elif (identifier := parse_identifier(_json_text(item))) is not None:
            yield identifier


def _id_country(item: Mapping[str, Any]) -> str | None:
    published = _json_text(item.get("country"))
    return to_iso2(published) or published or None
