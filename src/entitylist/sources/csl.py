"""The Consolidated Screening List (trade.gov): one CSV or JSON file merging the US lists.

Pipeline order: fetch (one file) -> decode (UTF-8, BOM dropped) -> detect the layout by
content (JSON object/array, else CSV; CSV column set from its header) -> read each record
into a layout-independent `Published` row -> map it to an `Entry` -> make keys unique.

Layouts read:
- CSV with `_id` (29 columns, the current export) and without it (28 columns, 2019 files):
  columns are found by header name, so order and the presence of optional ones don't matter;
  `source` and `name` are required.
- JSON `{"results": [...]}` (or a bare array) as the CSL API publishes it: `addresses` a list
  of `{address, city, state, postal_code, country}`, `ids` a list of `{type, number,
  country, ...}`, the name lists as lists.

Published quirks, each handled on purpose (see the comments where they are): the header row
repeated as a data row, a short row (the 2023 file ends inside a quoted field), newlines
inside cells, several FR citations in one cell, the licence policy in many spellings, a BOM,
CRLF line ends, "; and " list conjunctions copied from Federal Register prose.

A row that cannot become an entry is a `SkippedRow` with its line and reason; a row kept
after a repair (padded) is also reported there, with a reason saying it was kept. A file
that is empty, not text, not CSV/JSON, lacks required columns, or yields no entry at all
raises `SourceFormatError`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

import yaml

from entitylist.countries import to_iso2
from entitylist.errors import SourceFormatError, printable
from entitylist.model import (
    Address,
    Entry,
    EntryType,
    Identifier,
    Licence,
    ParseResult,
    SkippedRow,
)
from entitylist.sources.base import Bundle, CountBounds, KeyMaker
from entitylist.sources.citations import parse_citations
from entitylist.sources.fetch import fetch_one
from entitylist.sources.licence import parse_licence
from entitylist.sources.us_address import INFERRED_NOTE, with_inferred_countries

DEFAULT_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"
DEFAULT_FILE_NAME = "consolidated.csv"
LISTS_RESOURCE = "data/csl_lists.yml"

REQUIRED_COLUMNS = ("source", "name")
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
_ENTRY_TYPES = {
    "entity": EntryType.ENTITY,
    "individual": EntryType.INDIVIDUAL,
    "vessel": EntryType.VESSEL,
    "aircraft": EntryType.AIRCRAFT,
}


class CslSource:
    """The CSL download of data.trade.gov (CSV by default; the JSON file parses the same)."""

    name = "csl"
    title = "Consolidated Screening List (trade.gov)"
    default_url = DEFAULT_URL
    # The full list holds over 10,000 entries; 50 only refuses an obviously broken file.
    bounds = CountBounds(min_entries=50)

    def fetch(self, location: str, *, timeout: float = 60.0) -> Bundle:
        return fetch_one(location, file_name_for(location), timeout=timeout)

    def parse(self, bundle: Bundle) -> ParseResult:
        if not bundle.files:
            raise SourceFormatError("the download holds no file", file=bundle.origin)
        entries: list[Entry] = []
        skipped: list[SkippedRow] = []
        rows_read = 0
        truncated: SkippedRow | None = None
        for name in sorted(bundle.files):
            result = parse_file(name, bundle.files[name])
            entries.extend(result.entries)
            skipped.extend(result.skipped)
            rows_read += result.rows_read
            truncated = truncated or result.truncated
        return ParseResult(
            entries=KeyMaker.disambiguate(entries),
            skipped=skipped,
            rows_read=rows_read,
            truncated=truncated,
        )


def file_name_for(location: str) -> str:
    """The file name a download is kept under: the location's basename, else the default."""
    path = unquote(urlparse(location).path) if "://" in location else location
    return PurePosixPath(path.replace("\\", "/")).name or DEFAULT_FILE_NAME


# --- one file ---------------------------------------------------------------------------


def parse_file(name: str, data: bytes) -> ParseResult:
    """Entries of one published file (keys not yet made unique: see `CslSource.parse`)."""
    text = decode(name, data)
    cut: SkippedRow | None = None
    if looks_like_json(text):
        rows, skipped, rows_read = read_json(name, text)
    else:
        rows, skipped, rows_read, cut = read_csv(name, text)
    lists = list_table()
    entries: list[Entry] = []
    for row in rows:
        entry, notes = to_entry(row, name, lists)
        skipped.extend(notes)
        if entry is not None:
            entries.append(entry)
    if not entries:
        first = f" (first problem: line {skipped[0].line}: {skipped[0].reason})" if skipped else ""
        raise SourceFormatError(f"no entry could be read from {rows_read} rows{first}", file=name)
    return ParseResult(entries=entries, skipped=skipped, rows_read=rows_read, truncated=cut)


def _cut(name: str, text: str, last: tuple[int, int], width: int) -> SkippedRow | None:
    """Where a CSV is provably cut: it ends inside a quoted field (with an odd number of
    quote characters the last one opens the field that never closes: escaped quotes come
    in pairs), or its last record has fewer fields than the header."""
    if text.count('"') % 2 == 1:
        line = text.count("\n", 0, text.rindex('"')) + 1
        return SkippedRow(
            file=name,
            line=line,
            reason="the file ends inside a quoted field opened on this line: the download "
            "looks truncated (a complete CSV closes every quote)",
        )
    line, fields = last
    if line and fields < width:
        return SkippedRow(
            file=name,
            line=line,
            reason=f"the file's last record has {fields} of {width} fields: the download "
            "looks truncated",
        )
    return None


def decode(name: str, data: bytes) -> str:
    """UTF-8 text without its BOM; an empty or non-UTF-8 file is refused (not a CSL file)."""
    if not data.strip():
        raise SourceFormatError("the file is empty", file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceFormatError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "a CSL download is UTF-8 CSV or JSON",
            file=name,
            line=line,
        ) from exc
    if text.lstrip().startswith("<"):
        # The usual broken download: an HTML error or login page served with status 200.
        raise SourceFormatError("looks like an HTML/XML page, not CSV or JSON", file=name, line=1)
    return text


def looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


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


# --- CSV --------------------------------------------------------------------------------


def read_csv(
    name: str, text: str
) -> tuple[list[Published], list[SkippedRow], int, SkippedRow | None]:
    """Rows of a CSL CSV, found by header name; the repeated header and bad rows reported;
    and where the file is cut, if it provably is (see `_cut`)."""
    # newline="" hands CR, LF and CRLF to the csv module untranslated, so CRLF files and
    # newlines inside quoted cells both read correctly.
    reader = csv.reader(io.StringIO(text, newline=""))
    records = _records(name, reader)
    try:
        _, header_cells = next(records)
    except StopIteration:
        raise SourceFormatError("the file is empty", file=name) from None
    header = [cell.strip().lower() for cell in header_cells]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        shown = ", ".join(printable(h, 40) for h in header[:8]) + (
            ", ..." if len(header) > 8 else ""
        )
        raise SourceFormatError(
            f"missing required column(s) {', '.join(missing)}: not a CSL CSV "
            f"(the header has {len(header)} columns: {shown})",
            file=name,
            line=1,
            field=missing[0],
        )
    # An odd number of quote characters means the file ends inside a quoted cell: the csv
    # module returns the cut-off cell rather than failing, so say so on that row.
    truncated = text.count('"') % 2 == 1
    rows: list[Published] = []
    last: tuple[int, int] = (0, len(header))  # (line, fields) of the last record
    skipped: list[SkippedRow] = []
    rows_read = 0
    for line, cells in records:
        if not cells:  # a blank line: no data, not a row
            continue
        rows_read += 1
        last = (line, len(cells))
        # Quirk: the 2023 export repeats its header as row 2. Not a party, not a loss.
        if _is_header(cells, header):
            skipped.append(SkippedRow(file=name, line=line, reason="repeated header"))
            continue
        row = _csv_row(name, line, header, cells, truncated)
        if isinstance(row, SkippedRow):
            skipped.append(row)
        else:
            rows.append(row)
    return rows, skipped, rows_read, _cut(name, text, last, len(header))


def _is_header(cells: list[str], header: list[str]) -> bool:
    if len(cells) != len(header) or cells[0].strip().lower() != header[0]:
        return False  # the cheap test first: this runs on every row
    return [cell.strip().lower() for cell in cells] == header


def _records(name: str, reader: Iterable[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each CSV record: line numbers count the newlines inside cells."""
    line_num = 0
    iterator = iter(reader)
    while True:
        start = line_num + 1
        try:
            cells = next(iterator)
        except StopIteration:
            return
        except csv.Error as exc:  # NUL bytes, a cell beyond the size limit: not a CSV file
            raise SourceFormatError(f"unreadable CSV: {exc}", file=name, line=start) from exc
        line_num = getattr(reader, "line_num", line_num + 1)
        yield start, cells


def _csv_row(
    name: str, line: int, header: list[str], cells: list[str], truncated_file: bool
) -> Published | SkippedRow:
    note: SkippedRow | None = None
    if len(cells) > len(header):
        if any(cell.strip() for cell in cells[len(header) :]):
            # Values beyond the header cannot be assigned to columns, and a row this wide
            # is two records merged (a damaged line end or quote): the file is damaged.
            raise SourceFormatError(
                f"row has {len(cells)} fields, the header {len(header)}: cannot tell which "
                "value belongs to which column (records merged by a damaged line end or "
                "quote?)",
                file=name,
                line=line,
            )
        cells = cells[: len(header)]  # trailing empty fields: harmless
    raw = dict(zip(header, cells, strict=False))
    if len(cells) < len(header):
        # Quirk: a short row. The fields present are in header order, so they are kept and
        # the rest left empty; the last present field may be cut off, so it is named.
        last = header[len(cells) - 1] if cells else header[0]
        cause = (
            " (the file ends inside a quoted field: the download looks truncated)"
            if truncated_file
            else ""
        )
        note = SkippedRow(
            file=name,
            line=line,
            reason=f"short row: {len(cells)} of {len(header)} fields{cause}; kept as an "
            f"entry with the missing fields empty, '{last}' may be incomplete",
            field=last,
        )
    return published_from_flat(raw, line, note)


def published_from_flat(
    values: Mapping[str, str], line: int, note: SkippedRow | None = None
) -> Published:
    """A CSV row (column -> text; lists `;`-separated) as a `Published` row."""

    def get(column: str) -> str:
        return (values.get(column) or "").strip()

    return Published(
        line=line,
        raw=dict(values),
        source=one_line(get("source")),
        name=one_line(get("name")),
        source_id=get("_id"),
        entity_number=get("entity_number"),
        type=get("type"),
        title=one_line(get("title")),
        programs=split_list(get("programs")),
        addresses=tuple(parse_address(a) for a in split_list(get("addresses"))),
        federal_register_notice=get("federal_register_notice"),
        start_date=get("start_date"),
        end_date=get("end_date"),
        license_requirement=get("license_requirement"),
        license_policy=get("license_policy"),
        remarks=get("remarks"),
        source_urls=_unique([get("source_list_url"), get("source_information_url")]),
        alt_names=split_list(get("alt_names")),
        citizenships=split_list(get("citizenships")),
        dates_of_birth=split_list(get("dates_of_birth")),
        nationalities=split_list(get("nationalities")),
        places_of_birth=split_list(get("places_of_birth")),
        identifiers=tuple(
            i for i in (parse_identifier(t) for t in split_list(get("ids"))) if i is not None
        ),
        extra={column: get(column) for column in EXTRA_COLUMNS if get(column)},
        note=note,
    )


# --- JSON -------------------------------------------------------------------------------


# A JSON escape of half a UTF-16 surrogate pair without its other half: json.loads keeps it,
# but it is no character, and no backend can store it.
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def read_json(name: str, text: str) -> tuple[list[Published], list[SkippedRow], int]:
    """Records of the CSL JSON layout. JSON carries no line numbers once parsed, so a record
    is reported by its position: `line` is its 1-based index in `results`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceFormatError(
            f"not valid JSON ({exc.msg}, column {exc.colno}): truncated or damaged download",
            file=name,
            line=exc.lineno,
        ) from exc
    lone = _LONE_SURROGATE.search(text)
    if lone is not None:
        raise SourceFormatError(
            f"an unpaired surrogate escape ({lone.group()}) is not text: damaged download",
            file=name,
            line=text.count("\n", 0, lone.start()) + 1,
        )
    results = data.get("results") if isinstance(data, dict) else data
    if not isinstance(results, list):
        raise SourceFormatError(
            "expected an object with a 'results' list (or a list of records)",
            file=name,
            field="results",
        )
    rows: list[Published] = []
    skipped: list[SkippedRow] = []
    for index, record in enumerate(results, start=1):
        if isinstance(record, dict):
            rows.append(published_from_json(record, index))
        else:
            skipped.append(
                SkippedRow(
                    file=name,
                    line=index,
                    reason=f"results[{index - 1}] is a {type(record).__name__}, not an object",
                )
            )
    return rows, skipped, len(results)


def published_from_json(record: Mapping[str, Any], index: int) -> Published:
    """A CSL API record (lists as lists, addresses and ids as objects) as a `Published` row."""

    def get(key: str) -> str:
        return _json_text(record.get(key))

    return Published(
        line=index,
        raw=dict(record),
        source=one_line(get("source")),
        name=one_line(get("name")),
        source_id=get("id") or get("_id"),
        entity_number=get("entity_number"),
        type=get("type"),
        title=one_line(get("title")),
        programs=_json_list(record.get("programs")),
        addresses=tuple(_json_addresses(record.get("addresses"))),
        federal_register_notice=get("federal_register_notice"),
        start_date=get("start_date"),
        end_date=get("end_date"),
        license_requirement=get("license_requirement"),
        license_policy=get("license_policy"),
        remarks=get("remarks"),
        source_urls=_unique([get("source_list_url"), get("source_information_url")]),
        alt_names=_json_list(record.get("alt_names")),
        citizenships=_json_list(record.get("citizenships")),
        dates_of_birth=_json_list(record.get("dates_of_birth")),
        nationalities=_json_list(record.get("nationalities")),
        places_of_birth=_json_list(record.get("places_of_birth")),
        identifiers=tuple(_json_identifiers(record.get("ids"))),
        extra={key: get(key) for key in EXTRA_COLUMNS if get(key)},
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
        return tuple(i for i in (_list_item(_json_text(v)) for v in value) if i)
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
        elif (text := _list_item(_json_text(item))) != "":
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


# --- fields -----------------------------------------------------------------------------


def one_line(text: str) -> str:
    """Whitespace runs (newlines inside cells included) as one space: names and addresses
    are matched and shown on one line; `raw` keeps the published cell."""
    return " ".join(text.split())


def split_list(text: str) -> tuple[str, ...]:
    """A `;`-separated CSL cell as its items, with the prose "and " before the last dropped."""
    return tuple(item for item in (_list_item(part) for part in text.split(";")) if item)


def _list_item(text: str) -> str:
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
    parts[0] = _list_item(parts[0])  # the "; and " quirk reaches the JSON street as well
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
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


# --- lists ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListInfo:
    """One list merged in the CSL, as declared in `data/csl_lists.yml`."""

    code: str
    title: str
    empty_type: EntryType = EntryType.UNKNOWN
    licence_always: bool = False
    declared: bool = True


@dataclass(frozen=True)
class ListTable:
    by_code: Mapping[str, ListInfo]
    """Every parenthesised spelling, case-folded, to its list."""

    def resolve(self, source: str) -> ListInfo | None:
        """The list a `source` cell names, by its parenthesised code ("Entity List (EL) -
        ..."); a bare code is accepted too. An undeclared code gives an undeclared ListInfo
        under that code (the rows are kept); no code at all gives None."""
        codes = [c.strip() for c in _PARENS.findall(source) if c.strip()]
        for code in [*codes, source.strip()]:
            info = self.by_code.get(code.casefold())
            if info is not None:
                return info
        if codes:
            generic = _GENERIC_CODE.sub("-", codes[-1].upper()).strip("-")
            return ListInfo(code=generic, title=source, declared=False)
        return None


_PARENS = re.compile(r"\(([^()]*)\)")
_GENERIC_CODE = re.compile(r"[^0-9A-Z]+")


@cache
def list_table() -> ListTable:
    """The declared lists, read once from the package resource."""
    text = resources.files("entitylist.sources").joinpath(LISTS_RESOURCE).read_text("utf-8")
    return load_list_table(yaml.safe_load(text))


def load_list_table(data: Any) -> ListTable:
    if not isinstance(data, dict):
        raise ValueError(f"{LISTS_RESOURCE}: expected a mapping of list code to its spellings")
    by_code: dict[str, ListInfo] = {}
    for code, spec in data.items():
        if not isinstance(spec, dict) or not spec.get("codes"):
            raise ValueError(f"{LISTS_RESOURCE}: {code}: needs 'codes'")
        licence = spec.get("licence")
        if licence not in (None, "always"):
            raise ValueError(f"{LISTS_RESOURCE}: {code}: licence must be 'always' or absent")
        info = ListInfo(
            code=str(code),
            title=str(spec.get("title", code)),
            empty_type=EntryType(spec.get("empty_type", "unknown")),
            licence_always=licence == "always",
        )
        for spelling in [str(code), *map(str, spec["codes"])]:
            by_code[spelling.casefold()] = info
    return ListTable(by_code=by_code)


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
    extra = dict(row.extra)
    if row.source:
        extra["source"] = row.source
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
    if row.note is not None:
        extra["parse_note"] = row.note.reason
    addresses, inferred = with_inferred_countries(row.addresses)
    if inferred:
        extra["country_inferred"] = INFERRED_NOTE
    entry_type = _entry_type(row.type, info, extra)
    start, end = parse_date(row.start_date), parse_date(row.end_date)
    for label, text, parsed in (
        ("start_date", row.start_date, start),
        ("end_date", row.end_date, end),
    ):
        if text and parsed is None:
            extra[f"{label}_published"] = text  # kept, not lost, when not an ISO date
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
    return _unique(codes)


def _source_id(row: Published, key: str) -> tuple[str, bool]:
    """The CSL `_id` when published; else (the 2019 CSV layout, the JSON rebuilt without ids)
    the entry's key, list code and normalised name: stable across vintages while the name
    is, so decisions and histories follow the party rather than the row's content."""
    if row.source_id:
        return row.source_id, False
    return key, True
