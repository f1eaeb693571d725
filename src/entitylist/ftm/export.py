"""The lists in force as FollowTheMoney entities, validated with the `followthemoney` library.

Each entry becomes one party entity (`Person`, `Company`, `Organization`, `Vessel`,
`Airplane`) and one `Sanction` entity naming it, with the list's program, the authority,
the published start and end dates and the source link. A listing date derived from
citations is not published, so it goes to the sanction's `summary` in words, never to
`startDate`. Entity ids keep the entry's key, so a file re-imported screens to the same
parties (`EL:n:inspur-taiwan` -> `entitylist-el-n-inspur-taiwan`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from followthemoney import model
from followthemoney.exc import InvalidData

from entitylist.matching import DEFAULT_NORMALIZER, TokenKind
from entitylist.model import Entry, EntryType
from entitylist.store import StoredEntry

ID_PREFIX = "entitylist-"
_ID_DROP = re.compile(r"[^a-z0-9.]+")
AUTHORITIES = {
    "EL": "Bureau of Industry and Security",
    "DPL": "Bureau of Industry and Security",
    "UVL": "Bureau of Industry and Security",
    "MEU": "Bureau of Industry and Security",
    "DTC": "Directorate of Defense Trade Controls, Department of State",
    "ISN": "Bureau of International Security and Nonproliferation, Department of State",
}
OFAC = "Office of Foreign Assets Control"


def entity_id(key: str) -> str:
    return ID_PREFIX + _ID_DROP.sub("-", key.casefold()).strip("-")


def schema_for(entry: Entry) -> str:
    if entry.entry_type is EntryType.INDIVIDUAL:
        return "Person"
    if entry.entry_type is EntryType.VESSEL:
        return "Vessel"
    if entry.entry_type is EntryType.AIRCRAFT:
        return "Airplane"
    kinds = DEFAULT_NORMALIZER(entry.name).kinds
    return "Company" if TokenKind.LEGAL in kinds else "Organization"


def entities(stored: StoredEntry, listed: str | None = None) -> Iterator[dict[str, Any]]:
    """The party and its sanction as FtM dicts; `listed` words a derived listing date."""
    e = stored.entry
    party = model.make_entity(schema_for(e))
    party.id = entity_id(e.key)
    party.add("name", e.name)
    party.add("alias", [a for a in e.aliases if a != e.name])
    party.add("country", [c.lower() for c in e.countries], quiet=True)
    party.add("address", [a.text for a in e.addresses])
    party.add("notes", e.remarks)
    party.add("sourceUrl", list(e.source_urls), quiet=True)
    party.add("topics", "sanction" if _authority(e.list_code) == OFAC else "export.control")
    if party.schema.is_a("Person"):
        party.add("birthDate", list(e.dates_of_birth), quiet=True)
        party.add("nationality", [c.lower() for c in e.nationalities], quiet=True)
    sanction = model.make_entity("Sanction")
    sanction.id = f"{party.id}-sanction"
    sanction.add("entity", party.id)
    sanction.add("authority", _authority(e.list_code))
    sanction.add("program", list(e.programs) or e.list_code)
    sanction.add("programId", e.list_code)
    sanction.add("recordId", e.source_id)
    sanction.add("startDate", e.start_date.isoformat() if e.start_date else None)
    sanction.add("endDate", e.end_date.isoformat() if e.end_date else None)
    sanction.add("sourceUrl", list(e.source_urls), quiet=True)
    sanction.add("reason", [c.text for c in e.citations])
    if e.licence is not None:  # `description` is text: a requirement can be long
        sanction.add("description", f"{e.licence.requirement_text} {e.licence.policy_text}")
    sanction.add("summary", listed)
    yield party.to_dict()
    yield sanction.to_dict()


def validate(data: dict[str, Any]) -> str | None:
    """followthemoney's verdict on one entity dict: None when valid, else the error."""
    schema = model.get(data.get("schema", ""))
    if schema is None:
        return f"unknown schema {data.get('schema')!r}"
    try:
        error = schema.validate(cast("Any", data))
    except InvalidData as exc:
        return f"{exc}: {exc.errors}"
    return str(error) if error else None


def _authority(list_code: str) -> str:
    return AUTHORITIES.get(list_code, OFAC)


@dataclass(frozen=True)
class ExportResult:
    path: str
    entries: int
    entities: int
    sha256: str
    invalid: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "entries": self.entries,
            "entities": self.entities,
            "sha256": self.sha256,
            "invalid": self.invalid,
        }


def export_entries(
    stored: Sequence[StoredEntry], path: Path, listed: Callable[[Entry], str | None]
) -> ExportResult:
    """Write the entries as FtM JSON lines, each entity validated; the file's sha256."""
    digest = hashlib.sha256()
    count = 0
    invalid: list[str] = []
    with path.open("w", encoding="utf-8") as out:
        for s in stored:
            for data in entities(s, listed(s.entry)):
                error = validate(data)
                if error is not None:
                    invalid.append(f"{data['id']}: {error}")
                line = json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"
                out.write(line)
                digest.update(line.encode("utf-8"))
                count += 1
    return ExportResult(str(path), len(stored), count, digest.hexdigest(), invalid)
