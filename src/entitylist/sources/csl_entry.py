"""One published CSL row made an `Entry`: list, type, names, countries, licence,
citations, identity key.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from entitylist.countries import to_iso2
from entitylist.list_titles import LISTS_RESOURCE, ListInfo, ListTable
from entitylist.model import (
    Address,
    Entry,
    EntryType,
    Licence,
    SkippedRow,
)
from entitylist.sources.base import KeyMaker
from entitylist.sources.citations import parse_citations
from entitylist.sources.csl_fields import Published, parse_date, unique_texts
from entitylist.sources.licence import parse_licence
from entitylist.sources.us_address import INFERRED_NOTE, with_inferred_countries

_ENTRY_TYPES = {
    "entity": EntryType.ENTITY,
    "individual": EntryType.INDIVIDUAL,
    "vessel": EntryType.VESSEL,
    "aircraft": EntryType.AIRCRAFT,
}


# --- the entry --------------------------------------------------------------------------

# Many rows share one citation cell or licence wording: parse each distinct text once.
_citations = lru_cache(maxsize=16384)(parse_citations)
_licence = lru_cache(maxsize=1024)(parse_licence)


def to_entry(row: Published, file: str, lists: ListTable) -> tuple[Entry | None, list[SkippedRow]]:
    """The `Entry` for one published row, and any note on it (skipped, or kept with a repair)."""
    # A short row that cannot be kept says so in its skip reason (not "kept as an entry").
    short = f" ({row.note.reason.split(';')[0]})" if row.note is not None else ""
    if not row.name:
        return None, [SkippedRow(file, row.line, "no name" + short, field="name")]
    info = lists.resolve(row.source)
    if info is None:
        reason = f"unknown source list {row.source!r}" if row.source else "no source list named"
        return None, [SkippedRow(file, row.line, reason + short, field="source")]
    notes = [row.note] if row.note is not None else []
    if not info.declared:
        notes.append(
            SkippedRow(
                file,
                row.line,
                f"source list {row.source!r} is not declared in {LISTS_RESOURCE}: kept as an "
                f"entry under list code {info.code!r}",
                field="source",
            )
        )
    extra = _extra(row)
    addresses, inferred = with_inferred_countries(row.addresses)
    if inferred:
        extra["country_inferred"] = INFERRED_NOTE
    entry_type = _entry_type(row.type, info, extra)
    start, end = _dates(row, extra)
    key = (
        KeyMaker.published(info.code, row.entity_number)
        if row.entity_number
        else KeyMaker.from_name(info.code, row.name)
    )
    source_id, derived = _source_id(row, key)
    entry = Entry(
        list_code=info.code,
        source_id=source_id,
        key=key,
        name=row.name,
        entry_type=entry_type,
        aliases=row.alt_names,
        addresses=addresses,
        countries=_countries(row, addresses),
        programs=row.programs,
        start_date=start,
        end_date=end,
        remarks=row.remarks or None,
        source_urls=row.source_urls,
        citations=_citations(row.federal_register_notice) if row.federal_register_notice else (),
        licence=_entry_licence(row, info),
        title=row.title or None,
        identifiers=row.identifiers,
        dates_of_birth=row.dates_of_birth,
        places_of_birth=row.places_of_birth,
        nationalities=row.nationalities,
        citizenships=row.citizenships,
        extra=extra,
        raw=row.raw,
        derived_id=derived,
    )
    return entry, notes


def _dates(row: Published, extra: dict[str, str]) -> tuple[date | None, date | None]:
    """The start and end dates; one that is not an ISO date is kept in `extra` as
    published, not lost."""
    start, end = parse_date(row.start_date), parse_date(row.end_date)
    for label, text, parsed in (
        ("start_date", row.start_date, start),
        ("end_date", row.end_date, end),
    ):
        if text and parsed is None:
            extra[f"{label}_published"] = text
    return start, end


def _extra(row: Published) -> dict[str, str]:
    """The published fields kept beside the entry's own: extra columns, the source list as
    named, and the note on a repaired row."""
    extra = dict(row.extra)
    if row.source:
        extra["source"] = row.source
    if row.note is not None:
        extra["parse_note"] = row.note.reason
    return extra


def _entry_type(published: str, info: ListInfo, extra: dict[str, str]) -> EntryType:
    """`type` as published; when empty, the list's declared default (see csl_lists.yml)."""
    if not published:
        return info.empty_type
    known = _ENTRY_TYPES.get(published.casefold())
    if known is None:
        extra["type"] = published  # an unexpected type is kept, and the entry left unknown
        return EntryType.UNKNOWN
    return known


def _entry_licence(row: Published, info: ListInfo) -> Licence | None:
    if info.licence_always or row.license_requirement or row.license_policy:
        return _licence(row.license_requirement, row.license_policy)
    return None


def _countries(row: Published, addresses: tuple[Address, ...]) -> tuple[str, ...]:
    """ISO codes from the addresses, then citizenships and nationalities, first seen first."""
    codes: list[str | None] = [a.country for a in addresses]
    codes += [to_iso2(c) for c in (*row.citizenships, *row.nationalities)]
    return unique_texts(codes)


def _source_id(row: Published, key: str) -> tuple[str, bool]:
    """The CSL `_id` when published; else (the 2019 CSV layout, the JSON rebuilt without ids)
    the entry's key, list code and normalised name: stable across vintages while the name
    is, so decisions and histories follow the party rather than the row's content."""
    if row.source_id:
        return row.source_id, False
    return key, True
