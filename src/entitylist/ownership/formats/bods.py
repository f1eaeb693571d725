"""Open Ownership's Beneficial Ownership Data Standard (BODS) JSON: 0.2-0.3 statements
(`statementType`) and 0.4 records (`recordType`, `recordDetails`).

Entity and person statements name the parties (an LEI, when given, becomes the key so that
GLEIF and BODS data about one company meet); ownership-or-control statements become links.
`shareholding` counts as shares, `voting-rights` as votes; any other interest is imported as
a relationship with no share, as published.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from entitylist.dates import optional_date
from entitylist.errors import InputError
from entitylist.ownership.model import OwnedParty, OwnershipImport, OwnershipLink, ShareKind

INTEREST_KINDS = {
    "shareholding": ShareKind.SHARES,
    "voting-rights": ShareKind.VOTES,
}


def read(path: Path) -> OwnershipImport:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}, line {exc.lineno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, list):
        raise InputError(f"{path}: a BODS file is a JSON array of statements")
    statements = [_normalise(path, i, s) for i, s in enumerate(data)]
    keys = {s["id"]: _party_key(s) for s in statements if s["type"] != "ownership"}
    parties = {
        keys[s["id"]]: _party(keys[s["id"]], s) for s in statements if s["type"] != "ownership"
    }
    links: list[OwnershipLink] = []
    for s in statements:
        if s["type"] == "ownership":
            links.extend(_links(path, s, keys, parties))
    return OwnershipImport(format="bods", links=links, parties=parties, rows_read=len(data))


def _normalise(path: Path, index: int, raw: Any) -> dict[str, Any]:
    """One statement, in 0.2 or 0.4 shape, as {id, type, details}."""
    if not isinstance(raw, dict):
        raise InputError(f"{path}, statement {index + 1}: not a JSON object")
    if "recordType" in raw:  # BODS 0.4
        kind = {"entity": "entity", "person": "person", "relationship": "ownership"}.get(
            raw["recordType"]
        )
        ident = raw.get("recordId") or raw.get("statementId")
        details = dict(raw.get("recordDetails") or {})
    else:
        kind = {
            "entityStatement": "entity",
            "personStatement": "person",
            "ownershipOrControlStatement": "ownership",
        }.get(raw.get("statementType", ""))
        ident = raw.get("statementID")
        details = raw
    if kind is None or not ident:
        raise InputError(
            f"{path}, statement {index + 1}: not a BODS entity, person or ownership statement"
        )
    return {"id": ident, "type": kind, "details": details, "index": index}


def _party_key(s: dict[str, Any]) -> str:
    for ident in s["details"].get("identifiers") or []:
        if ident.get("scheme") == "XI-LEI" and ident.get("id"):
            return f"LEI:{ident['id']}"
    return f"bods:{s['id']}"


def _party(key: str, s: dict[str, Any]) -> OwnedParty:
    d = s["details"]
    name = d.get("name")
    if s["type"] == "person" and not name:
        names = d.get("names") or [{}]
        name = names[0].get("fullName")
    country = (d.get("incorporatedInJurisdiction") or {}).get("code")
    addresses = d.get("addresses") or []
    if addresses and addresses[0].get("country"):
        country = addresses[0]["country"]
    idents = tuple(
        f"{i.get('scheme') or i.get('schemeName')}:{i['id']}"
        for i in d.get("identifiers") or []
        if i.get("id")
    )
    return OwnedParty(
        key=key,
        name=name,
        country=(country or "")[:2].upper() or None,
        identifiers=idents,
        kind=s["type"],
    )


def _links(
    path: Path, s: dict[str, Any], keys: dict[str, str], parties: dict[str, OwnedParty]
) -> list[OwnershipLink]:
    d = s["details"]
    owned = _ref(d.get("subject"), keys, parties)
    owner = _ref(d.get("interestedParty"), keys, parties)
    if owned is None or owner is None:
        raise InputError(f"{path}, statement {s['index'] + 1}: subject or interested party missing")
    out = []
    for interest in d.get("interests") or [{}]:
        share = interest.get("share") or {}
        low = share.get("exact", share.get("minimum"))
        high = share.get("exact", share.get("maximum"))
        out.append(
            OwnershipLink(
                owner=owner,
                owned=owned,
                share_low=float(low) if low is not None else None,
                share_high=float(high) if high is not None else None,
                kind=INTEREST_KINDS.get(interest.get("type", ""), ShareKind.OTHER),
                source=path.name,
                valid_from=_day(interest.get("startDate")),
                valid_to=_day(interest.get("endDate")),
                relationship=interest.get("details") or interest.get("type"),
                line=s["index"] + 1,
            )
        )
    return out


def _ref(value: Any, keys: dict[str, str], parties: dict[str, OwnedParty]) -> str | None:
    ref: str | None = None
    if isinstance(value, str):  # 0.4: a record id
        ref = value
    elif isinstance(value, dict):
        ref = value.get("describedByEntityStatement") or value.get("describedByPersonStatement")
    if ref is None:
        return None
    key = keys.get(ref, f"bods:{ref}")
    parties.setdefault(key, OwnedParty(key=key))
    return key


def _day(text: str | None) -> date | None:
    return optional_date(text)
