"""FollowTheMoney entities, one JSON object a line (the format of OpenSanctions and Aleph
exports): `Ownership` entities become links, the `LegalEntity` family names the parties.

The followthemoney library reads and validates each entity against its schema, so that
property names and inherited schemata are as the model defines them, not as guessed here.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from entitylist.errors import InputError
from entitylist.ownership.model import (
    OwnedParty,
    OwnershipImport,
    OwnershipLink,
    ShareKind,
    parse_share,
)

LEGAL_ENTITY = model.get("LegalEntity")
OWNERSHIP = model.get("Ownership")


def read(path: Path) -> OwnershipImport:
    entities: list[tuple[int, EntityProxy]] = []
    with path.open(encoding="utf-8") as handle:
        for line, text in enumerate(handle, start=1):
            if text.strip():
                entities.append((line, _entity(path, line, text)))
    parties = {
        e.id: _party(e)
        for _, e in entities
        if e.id and LEGAL_ENTITY is not None and e.schema.is_a(LEGAL_ENTITY)
    }
    links = [
        _link(path, line, e, parties)
        for line, e in entities
        if OWNERSHIP is not None and e.schema.is_a(OWNERSHIP)
    ]
    return OwnershipImport(format="ftm", links=links, parties=parties, rows_read=len(entities))


def _entity(path: Path, line: int, text: str) -> EntityProxy:
    try:
        return model.get_proxy(json.loads(text), cleaned=False)
    except (json.JSONDecodeError, InvalidData, TypeError) as exc:
        raise InputError(f"{path}, line {line}: not a FollowTheMoney entity: {exc}") from None


def _party(entity: EntityProxy) -> OwnedParty:
    assert entity.id is not None
    idents = [f"LEI:{v}" for v in entity.get("leiCode", quiet=True)]
    idents += [f"registration:{v}" for v in entity.get("registrationNumber", quiet=True)]
    countries = entity.get("country", quiet=True) or entity.get("jurisdiction", quiet=True)
    return OwnedParty(
        key=entity.id,
        name=entity.caption if entity.get("name") else None,
        country=countries[0].upper()[:2] if countries else None,
        identifiers=tuple(idents),
        kind=entity.schema.name.lower(),
    )


def _link(
    path: Path, line: int, entity: EntityProxy, parties: dict[str, OwnedParty]
) -> OwnershipLink:
    owner = entity.first("owner")
    asset = entity.first("asset")
    if not owner or not asset:
        raise InputError(f"{path}, line {line}: Ownership {entity.id} lacks owner or asset")
    for key in (owner, asset):
        parties.setdefault(key, OwnedParty(key=key))
    low, high = parse_share(
        entity.first("percentage"), where=f"{path}, line {line}, field percentage"
    )
    return OwnershipLink(
        owner=owner,
        owned=asset,
        share_low=low,
        share_high=high,
        kind=ShareKind.SHARES if low is not None else ShareKind.OTHER,
        source=path.name,
        valid_from=_day(entity.first("startDate")),
        valid_to=_day(entity.first("endDate")),
        relationship=entity.first("ownershipType") or entity.first("role"),
        line=line,
    )


def _day(text: str | None) -> date | None:
    # FtM dates may be partial (2019, 2019-06); a partial date counts from its first day.
    if not text:
        return None
    parts = [*text.strip()[:10].split("-"), "01", "01"][:3]
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
