"""The UN Security Council Consolidated List, from its XML (`consolidated.xml`).

Pipeline order: parse the XML safely (no entities, no network) -> check the root is
CONSOLIDATED_LIST -> one `Entry` per INDIVIDUAL and per ENTITY, keyed by the UN reference
number (`UN:QDi.001`), which the UN keeps for the life of a listing.

What is taken: the name parts joined (FIRST_NAME .. FOURTH_NAME), the name in original
script and every ALIAS_NAME as aliases (their QUALITY in `raw`, "Low" ones also named in
`extra`), addresses, nationalities, dates and places of birth, documents as identifiers,
UN_LIST_TYPE as the program, LISTED_ON as the start date, COMMENTS1 as remarks. The whole
published record is kept in `raw`. Vocabularies are in `data/un.yml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from lxml import etree

from entitylist.countries import to_iso2
from entitylist.dates import leading_date
from entitylist.errors import SourceFormatError
from entitylist.model import Address, Entry, EntryType, Identifier, ParseResult, SkippedRow
from entitylist.packaged import packaged_yaml
from entitylist.sources.base import KeyMaker, published_address
from entitylist.sources.fetch import SingleFileSource
from entitylist.sources.file_dates import generated

LIST_CODE = "UN"
FILE_NAME = "consolidated.xml"
ROOT = "CONSOLIDATED_LIST"
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_SECTIONS = (
    ("INDIVIDUALS", "INDIVIDUAL", EntryType.INDIVIDUAL),
    ("ENTITIES", "ENTITY", EntryType.ENTITY),
)
_SPACES = re.compile(r"\s+")


def parse_un(data: bytes, file: str = FILE_NAME) -> ParseResult:
    """The XML to entries; SourceFormatError (file, line) when it is not the list."""
    root = _root(data, file)
    entries: list[Entry] = []
    skipped: list[SkippedRow] = []
    seen: dict[str, int] = {}
    rows_read = 0
    for section_tag, record_tag, entry_type in _SECTIONS:
        section = root.find(section_tag)
        if section is None:
            raise SourceFormatError(
                f"no <{section_tag}> section: not a complete consolidated list",
                file=file,
                line=root.sourceline,
                field=section_tag,
            )
        for record in section.iterchildren(record_tag):
            rows_read += 1
            reference = _text(record, "REFERENCE_NUMBER")
            name = _name(record)
            line = record.sourceline or 0
            if reference is None or name is None:
                field = "REFERENCE_NUMBER" if reference is None else "FIRST_NAME"
                skipped.append(SkippedRow(file, line, f"<{record_tag}> without {field}", field))
                continue
            if reference in seen:
                raise SourceFormatError(
                    f"reference number {reference} published twice (first on line "
                    f"{seen[reference]})",
                    file=file,
                    line=line,
                    field="REFERENCE_NUMBER",
                )
            seen[reference] = line
            entries.append(_entry(record, reference, name, entry_type))
    return ParseResult(
        entries=entries,
        skipped=skipped,
        rows_read=rows_read,
        file_date=generated(root.get("dateGenerated"), "dateGenerated"),
    )


class UnSource(SingleFileSource):
    name = "un"
    file_name = FILE_NAME
    parse_file = staticmethod(parse_un)


def _root(data: bytes, file: str) -> Any:
    if not data.strip():
        raise SourceFormatError("the file is empty", file=file, line=1)
    # The list is fetched from the network: no entity expansion, no external fetches.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise SourceFormatError(f"not well-formed XML: {exc.msg}", file=file, line=line) from exc
    if root.getroottree().docinfo.doctype:
        # The published list declares no DTD; one in a download is how entity tricks (local
        # files read, expansion without bound) get in, and unresolved references would
        # leave names silently empty. Refused outright.
        raise SourceFormatError(
            "the file declares a DTD (<!DOCTYPE ...>), which the UN list never does: "
            "refused as unsafe or not the published list",
            file=file,
            line=1,
        )
    if root.tag != ROOT:
        raise SourceFormatError(
            f"not the UN consolidated list: the root element is <{root.tag}>, not <{ROOT}>",
            file=file,
            line=root.sourceline,
        )
    return root


# --- one record ----------------------------------------------------------------------------


def _entry(record: Any, reference: str, name: str, entry_type: EntryType) -> Entry:
    tag = record.tag  # INDIVIDUAL or ENTITY
    aliases, low = _aliases(record, tag, name)
    addresses = tuple(a for a in (_address(e) for e in record.iterchildren(f"{tag}_ADDRESS")) if a)
    nationalities = tuple(to_iso2(n) or n for n in _values(record, "NATIONALITY"))
    countries = _unique(
        [a.country for a in addresses if a.country]
        + [n for n in nationalities if len(n) == 2 and n.isupper()]
    )
    extra: dict[str, str] = {}
    for key, values in (
        ("designation", _values(record, "DESIGNATION")),
        ("low_quality_aliases", low),
    ):
        if values:
            extra[key] = "; ".join(values)
    gender = _text(record, "GENDER")
    if gender:
        extra["gender"] = gender
    updated = sorted(_values(record, "LAST_DAY_UPDATED"))
    if updated:
        extra["last_updated"] = updated[-1]
    title = "; ".join(_values(record, "TITLE")) or None
    return Entry(
        list_code=LIST_CODE,
        source_id=reference,
        key=KeyMaker.published(LIST_CODE, reference),
        name=name,
        entry_type=entry_type,
        aliases=aliases,
        addresses=addresses,
        countries=countries,
        programs=tuple(_unique([_text(record, "UN_LIST_TYPE")])),
        start_date=_iso_date(_text(record, "LISTED_ON")),
        remarks=_text(record, "COMMENTS1"),
        title=title,
        identifiers=tuple(
            i for i in (_identifier(e) for e in record.iterchildren(f"{tag}_DOCUMENT")) if i
        ),
        dates_of_birth=tuple(
            d for d in (_birth_date(e) for e in record.iterchildren(f"{tag}_DATE_OF_BIRTH")) if d
        ),
        places_of_birth=tuple(
            p for p in (_birth_place(e) for e in record.iterchildren(f"{tag}_PLACE_OF_BIRTH")) if p
        ),
        nationalities=nationalities,
        extra=extra,
        raw=_element_dict(record),
    )


def _name(record: Any) -> str | None:
    parts = [_text(record, part) for part in NAME_PARTS]
    return " ".join(p for p in parts if p) or None


def _aliases(record: Any, tag: str, name: str) -> tuple[tuple[str, ...], list[str]]:
    """Original-script name first, then ALIAS_NAMEs in published order; and the "Low" ones."""
    low_quality = set(_vocab()["low_quality"])
    names: list[str] = []
    low: list[str] = []
    original = _text(record, "NAME_ORIGINAL_SCRIPT")
    if original:
        names.append(original)
    for alias in record.iterchildren(f"{tag}_ALIAS"):
        alias_name = _text(alias, "ALIAS_NAME")
        if not alias_name:
            continue
        names.append(alias_name)
        if _text(alias, "QUALITY") in low_quality:
            low.append(alias_name)
    return _unique(n for n in names if n != name), low


def _address(element: Any) -> Address | None:
    street, city, state, postal, country = (
        _text(element, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
    )
    # None for an address with only a NOTE ("as of early 2016") or nothing at all.
    return published_address(street, city, state, postal, country)


def _birth_date(element: Any) -> str | None:
    """`1971-05-12`, `1971`, `circa 1971`, `1960 to 1962`: the CSL's and OFAC's forms."""
    kind = _text(element, "TYPE_OF_DATE")
    exact = _text(element, "DATE")
    year = _text(element, "YEAR")
    if exact:
        return exact[:10]
    if kind == "BETWEEN":
        start, end = _text(element, "FROM_YEAR"), _text(element, "TO_YEAR")
        return f"{start} to {end}" if start and end else (start or end)
    if year:
        return f"circa {year}" if kind == "APPROXIMATELY" else year
    return _text(element, "NOTE")  # only a note ("Nov. 1973"): kept as published


def _birth_place(element: Any) -> str | None:
    parts = (_text(element, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
    return ", ".join(p for p in parts if p) or None


def _identifier(element: Any) -> Identifier | None:
    number = _text(element, "NUMBER")
    if not number:
        return None
    kind_text = _text(element, "TYPE_OF_DOCUMENT") or _text(element, "TYPE_OF_DOCUMENT2") or ""
    country = _text(element, "ISSUING_COUNTRY") or _text(element, "COUNTRY_OF_ISSUE")
    return Identifier(kind=document_kind(kind_text), value=number, country=to_iso2(country))


def document_kind(published: str) -> str:
    """The Identifier kind of a UN document type (`data/un.yml`)."""
    vocab = _vocab()
    folded = _SPACES.sub(" ", published).casefold()
    for rule in vocab["document_kinds"]:
        if rule["contains"] in folded:
            return str(rule["kind"])
    return str(vocab["document_default_kind"])


# --- small helpers -------------------------------------------------------------------------


def _text(element: Any, tag: str) -> str | None:
    """The whitespace-normalised text of a child, or None when absent or empty."""
    value = element.findtext(tag)
    if value is None:
        return None
    return _SPACES.sub(" ", value).strip() or None


def _values(record: Any, tag: str) -> list[str]:
    """`<TAG><VALUE>a</VALUE><VALUE>b</VALUE></TAG>` (possibly repeated) -> [a, b]."""
    return [
        text
        for holder in record.iterchildren(tag)
        for value in holder.iterchildren("VALUE")
        if (text := _SPACES.sub(" ", value.text or "").strip())
    ]


def _iso_date(text: str | None) -> date | None:
    return leading_date(text)


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _element_dict(element: Any) -> dict[str, Any]:
    """The published record as plain data: repeated children become lists, empty ones go."""
    out: dict[str, Any] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions
        value: Any = _element_dict(child) if len(child) else (child.text or "").strip()
        if value in ("", {}):
            continue
        if child.tag in out:
            if not isinstance(out[child.tag], list):
                out[child.tag] = [out[child.tag]]
            out[child.tag].append(value)
        else:
            out[child.tag] = value
    return out


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    data: dict[str, Any] = packaged_yaml("entitylist.sources", "data/un.yml")
    return data
