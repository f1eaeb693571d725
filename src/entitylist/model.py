"""The domain records: what a list publishes (`Entry`) and what we keep of each retrieval.

Every layer speaks these types. They are plain frozen dataclasses, cheap to build in bulk,
and they serialise to and from JSON-compatible dicts (`to_dict` / `from_dict`) so that the
store can keep the whole entry and hand it back unchanged.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

from entitylist.dates import optional_date


class EntryType(StrEnum):
    ENTITY = "entity"
    INDIVIDUAL = "individual"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    ADDRESS = "address"
    UNKNOWN = "unknown"


class LicenceScope(StrEnum):
    """What a licence requirement on the Entity List covers."""

    ALL_ITEMS = "all_items_subject_to_ear"
    ALL_EXCEPT_EAR99_FOOD_MEDICINE = "all_items_except_ear99_food_and_medicine"
    SPECIFIC_ITEMS = "specific_items"
    OTHER = "other"


class ReviewPolicy(StrEnum):
    """How BIS reviews licence applications for a listed party."""

    PRESUMPTION_OF_DENIAL = "presumption_of_denial"
    POLICY_OF_DENIAL = "policy_of_denial"
    CASE_BY_CASE = "case_by_case"
    PRESUMPTION_OF_APPROVAL = "presumption_of_approval"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Address:
    """One address as published, with whatever structure the source gives.

    `text` is always the full address in one line, as published; `country` is the ISO
    3166-1 alpha-2 code when it could be determined, `country_name` the published name.
    """

    text: str
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    country_name: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """A Federal Register citation: `text` as published, parsed into volume, page and date."""

    text: str
    volume: int | None = None
    page: int | None = None
    date: date | None = None


@dataclass(frozen=True, slots=True)
class Licence:
    """The Entity List licence requirement and review policy, as published and parsed."""

    requirement_text: str
    scope: LicenceScope
    policy_text: str
    policy: ReviewPolicy

    def describe(self) -> str:
        """Plain words for a compliance officer."""
        return f"{SCOPE_WORDS[self.scope]}; {POLICY_WORDS[self.policy]}"

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Licence:
        return cls(
            requirement_text=data["requirement_text"],
            scope=LicenceScope(data["scope"]),
            policy_text=data["policy_text"],
            policy=ReviewPolicy(data["policy"]),
        )


SCOPE_WORDS: dict[LicenceScope, str] = {
    LicenceScope.ALL_ITEMS: "a licence is required for all items subject to the EAR",
    LicenceScope.ALL_EXCEPT_EAR99_FOOD_MEDICINE: (
        "a licence is required for all items subject to the EAR except food and medicine "
        "designated EAR99"
    ),
    LicenceScope.SPECIFIC_ITEMS: "a licence is required for the specific items named",
    LicenceScope.OTHER: "licence requirement as published (see text)",
}

POLICY_WORDS: dict[ReviewPolicy, str] = {
    ReviewPolicy.PRESUMPTION_OF_DENIAL: "applications are reviewed with a presumption of denial",
    ReviewPolicy.POLICY_OF_DENIAL: "applications are subject to a policy of denial",
    ReviewPolicy.CASE_BY_CASE: "applications are reviewed case by case",
    ReviewPolicy.PRESUMPTION_OF_APPROVAL: (
        "applications are reviewed with a presumption of approval"
    ),
    ReviewPolicy.OTHER: "review policy as published (see text)",
}


@dataclass(frozen=True, slots=True)
class Identifier:
    """A published identifier (passport, tax id, registration number, IMO, ...)."""

    kind: str
    value: str
    country: str | None = None


@dataclass(frozen=True)
class Entry:
    """One listed party as published.

    `source_id` is the id the publisher gives (CSL `_id`, OFAC ent_num, UN reference number);
    where a list publishes none, the parser derives one and sets `derived_id`.
    `key` is the identity of the party across snapshots of one source: see `entry_key`.
    `raw` keeps the published record beside the normalised one.
    """

    list_code: str
    source_id: str
    key: str
    name: str
    entry_type: EntryType = EntryType.UNKNOWN
    aliases: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    countries: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    start_date: date | None = None
    end_date: date | None = None
    remarks: str | None = None
    source_urls: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    licence: Licence | None = None
    title: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    dates_of_birth: tuple[str, ...] = ()
    places_of_birth: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    citizenships: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    derived_id: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """The primary name followed by the aliases, without repeats."""
        seen: dict[str, None] = {self.name: None}
        for alias in self.aliases:
            seen.setdefault(alias, None)
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible dict of every field (the store keeps it whole).

        Written out rather than `dataclasses.asdict`, which deep-copies the raw record and
        was most of the cost of loading a list.
        """
        return {
            "list_code": self.list_code,
            "source_id": self.source_id,
            "key": self.key,
            "name": self.name,
            "entry_type": str(self.entry_type),
            "aliases": list(self.aliases),
            "addresses": [
                {
                    "text": a.text,
                    "street": a.street,
                    "city": a.city,
                    "state": a.state,
                    "postal_code": a.postal_code,
                    "country": a.country,
                    "country_name": a.country_name,
                }
                for a in self.addresses
            ],
            "countries": list(self.countries),
            "programs": list(self.programs),
            "start_date": _iso(self.start_date),
            "end_date": _iso(self.end_date),
            "remarks": self.remarks,
            "source_urls": list(self.source_urls),
            "citations": [
                {"text": c.text, "volume": c.volume, "page": c.page, "date": _iso(c.date)}
                for c in self.citations
            ],
            "licence": self.licence.to_dict() if self.licence else None,
            "title": self.title,
            "identifiers": [
                {"kind": i.kind, "value": i.value, "country": i.country} for i in self.identifiers
            ],
            "dates_of_birth": list(self.dates_of_birth),
            "places_of_birth": list(self.places_of_birth),
            "nationalities": list(self.nationalities),
            "citizenships": list(self.citizenships),
            "extra": _jsonable(self.extra),
            "raw": _jsonable(self.raw),
            "derived_id": self.derived_id,
        }

    def content_hash(self, data: dict[str, Any] | None = None) -> str:
        """sha256 of the published content (everything but the raw record and identity).

        Pass `to_dict()`'s result when you already have it, to skip building it again.
        """
        data = dict(self.to_dict() if data is None else data)
        for excluded in ("raw", "key", "source_id", "derived_id"):
            data.pop(excluded, None)
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        licence = data.get("licence")
        return cls(
            list_code=data["list_code"],
            source_id=data["source_id"],
            key=data["key"],
            name=data["name"],
            entry_type=EntryType(data.get("entry_type", "unknown")),
            aliases=tuple(data.get("aliases", ())),
            addresses=tuple(Address(**a) for a in data.get("addresses", ())),
            countries=tuple(data.get("countries", ())),
            programs=tuple(data.get("programs", ())),
            start_date=_date(data.get("start_date")),
            end_date=_date(data.get("end_date")),
            remarks=data.get("remarks"),
            source_urls=tuple(data.get("source_urls", ())),
            citations=tuple(
                Citation(
                    text=c["text"],
                    volume=c.get("volume"),
                    page=c.get("page"),
                    date=_date(c.get("date")),
                )
                for c in data.get("citations", ())
            ),
            licence=Licence.from_dict(licence) if licence else None,
            title=data.get("title"),
            identifiers=tuple(Identifier(**i) for i in data.get("identifiers", ())),
            dates_of_birth=tuple(data.get("dates_of_birth", ())),
            places_of_birth=tuple(data.get("places_of_birth", ())),
            nationalities=tuple(data.get("nationalities", ())),
            citizenships=tuple(data.get("citizenships", ())),
            extra=dict(data.get("extra", {})),
            raw=dict(data.get("raw", {})),
            derived_id=bool(data.get("derived_id", False)),
        )


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A published row that did not become an entry, and why (kept with the snapshot)."""

    file: str
    line: int
    reason: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class FileDate:
    """A date a downloaded file states itself. `generated`: the file says when it was made
    (UN `dateGenerated`, the CSL JSON's `search_performed_at`): its publication date.
    `newest_row`: the newest date on any of its rows (CSL `start_date`, DPL `Last_Update`):
    the file was published no earlier, but when exactly is not known."""

    at: datetime
    field: str
    kind: str  # generated | newest_row

    def to_dict(self) -> dict[str, str]:
        return {"at": self.at.isoformat(), "field": self.field, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileDate:
        return cls(datetime.fromisoformat(data["at"]), str(data["field"]), str(data["kind"]))

    @property
    def text(self) -> str:
        day = self.at.date().isoformat()
        if self.kind == "generated":
            return f"{day} per the file ({self.field})"
        return f"newest dated row {day} per the file ({self.field})"


@dataclass(frozen=True)
class ParseResult:
    """What a parser made of one download: the entries and the rows it skipped, with reasons."""

    entries: list[Entry]
    skipped: list[SkippedRow] = field(default_factory=list)
    rows_read: int = 0
    truncated: SkippedRow | None = None
    """Where the file is provably cut (it ends inside a quoted field): the store refuses
    such a download unless the update explicitly accepts it."""
    file_date: FileDate | None = None
    """The date the file states about itself, if its format has one."""


def _date(value: Any) -> date | None:
    return optional_date(value)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def json_fields(record: Any, *names: str) -> dict[str, Any]:
    """The named fields of a dataclass record (all of them, in order, when none are named)
    as JSON values: dates and times as ISO text, enums as their values, tuples as lists."""
    chosen = names or tuple(f.name for f in dataclasses.fields(record))
    return {name: _jsonable(getattr(record, name)) for name in chosen}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


# What one retrieval of a source brings, and the bounds a parse of it must meet: records the
# fetch layer makes and the store keeps, so they live here rather than in `sources`.
@dataclass(frozen=True)
class Bundle:
    """The files of one retrieval, by file name, and where they came from."""

    files: Mapping[str, bytes]
    origin: str

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.files):
            digest.update(name.encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(self.files[name]).digest())
        return digest.hexdigest()

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.files.values())


@dataclass(frozen=True)
class CountBounds:
    """Declared sanity bounds for one source (opensanctions' habit): a parse that yields fewer
    entries than `min_entries`, or lacks a required file, is refused as broken."""

    min_entries: int = 1
    required_files: tuple[str, ...] = ()
