"""The plain CSV: owner_name, owner_id, owned_name, owned_id, percent, as_of.

Optional columns: kind (shares, votes, other), valid_to, owner_country, owned_country.
Every bad row is an error naming its line and field: an ownership file is all or nothing.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from entitylist.errors import InputError
from entitylist.ownership.model import (
    OwnedParty,
    OwnershipImport,
    OwnershipLink,
    ShareKind,
    name_key,
    parse_share,
)

REQUIRED = ("owner_name", "owner_id", "owned_name", "owned_id", "percent", "as_of")


def read(path: Path) -> OwnershipImport:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}, line 1: missing column(s) {', '.join(missing)}")
        parties: dict[str, OwnedParty] = {}
        links: list[OwnershipLink] = []
        for number, row in enumerate(reader, start=2):
            links.append(_link(path, number, row, parties))
    return OwnershipImport(format="csv", links=links, parties=parties, rows_read=len(links))


def _link(
    path: Path, line: int, row: dict[str, str], parties: dict[str, OwnedParty]
) -> OwnershipLink:
    where = f"{path}, line {line}"
    owner = _party(where, row, "owner", parties)
    owned = _party(where, row, "owned", parties)
    low, high = parse_share(row.get("percent"), where=f"{where}, field percent")
    kind_text = (row.get("kind") or "shares").strip().lower()
    try:
        kind = ShareKind(kind_text)
    except ValueError:
        raise InputError(
            f"{where}, field kind: {kind_text!r} is not shares, votes or other"
        ) from None
    return OwnershipLink(
        owner=owner,
        owned=owned,
        share_low=low,
        share_high=high,
        kind=kind,
        source=path.name,
        valid_from=_date(where, "as_of", row.get("as_of")),
        valid_to=_date(where, "valid_to", row.get("valid_to")),
        line=line,
    )


def _party(where: str, row: dict[str, str], role: str, parties: dict[str, OwnedParty]) -> str:
    name = (row.get(f"{role}_name") or "").strip()
    ident = (row.get(f"{role}_id") or "").strip()
    if not name and not ident:
        raise InputError(f"{where}, field {role}_name: a {role} needs a name or an id")
    key = f"id:{ident}" if ident else name_key(name)
    country = (row.get(f"{role}_country") or "").strip().upper() or None
    known = parties.get(key)
    if known is None or (known.name is None and name):
        parties[key] = OwnedParty(
            key=key,
            name=name or None,
            country=country,
            identifiers=(ident,) if ident else (),
        )
    return key


def _date(where: str, column: str, text: str | None) -> date | None:
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{where}, field {column}: {text!r} is not a date (YYYY-MM-DD)") from None
