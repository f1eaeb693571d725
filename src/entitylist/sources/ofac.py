"""OFAC's legacy CSV sets: the SDN list and the non-SDN consolidated list.

Pipeline order: fetch the set (one base location, four files) -> decode each file (strip
the trailing Ctrl-Z, no header, `-0-` means null) -> read rows, checking the column count
-> join addresses, aliases and the remarks overflow onto the primary rows by ent_num ->
one `Entry` per ent_num, with light parsing of the remarks.

The two sets share one layout (`sdn.csv`/`cons_prim.csv`, `add`, `alt`, `comments`):

    primary   ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage,
              GRT, Vess_flag, Vess_owner, Remarks
    add       ent_num, add_num, Address, City/State/Province/Postal, Country, Add_remarks
    alt       ent_num, alt_num, alt_type, alt_name, alt_remarks
    comments  ent_num, Remarks_Extended (the overflow of a Remarks cell too long for it)

`parse_addresses` and `parse_aliases` read `add`/`alt` alone, for vintages whose primary
file is missing. The remarks parser and the vocabularies (program -> list, remark labels,
in `data/ofac.yml`) are in `ofac_remarks`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from entitylist.countries import to_iso2
from entitylist.errors import SourceFormatError
from entitylist.model import Address, Entry, EntryType, ParseResult, SkippedRow
from entitylist.sources.base import Bundle, DeclaredSource, KeyMaker
from entitylist.sources.fetch import fetch_set
from entitylist.sources.ofac_remarks import RemarkFacts, parse_remarks, vocab

__all__ = ["RemarkFacts", "parse_remarks"]  # the remarks parser, read with the sets

DETAILS_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"

PRIMARY_COLUMNS = (
    "ent_num", "sdn_name", "sdn_type", "program", "title", "call_sign", "vess_type",
    "tonnage", "grt", "vess_flag", "vess_owner", "remarks",
)  # fmt: skip
ADD_COLUMNS = ("ent_num", "add_num", "address", "city", "country", "add_remarks")
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
COMMENT_COLUMNS = ("ent_num", "remarks_extended")

# OFAC writes an empty cell as "-0-" followed by a space; older files also have "-0".
_NULL_CELLS = frozenset({"", "-0-", "-0"})
# MS-DOS end-of-file marker that OFAC appends to every file since 2021.
_CTRL_Z = b"\x1a"
# Vessel and aircraft columns, kept in `extra` under these names.
_VESSEL_FIELDS = ("call_sign", "vess_type", "tonnage", "grt", "vess_flag", "vess_owner")


@dataclass(frozen=True)
class SetLayout:
    """The file names of one OFAC set."""

    primary: str
    add: str
    alt: str
    comments: str

    @property
    def required(self) -> tuple[str, ...]:
        return (self.primary, self.add, self.alt)


# OFAC's server answers both SDN.CSV and sdn.csv; mirrors (and the watchman copies) use
# lower case, which a case-sensitive static server needs. On disk, case is ignored.
SDN_LAYOUT = SetLayout("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
CONS_LAYOUT = SetLayout("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")


class Row(NamedTuple):
    """One published CSV record: its first physical line and its cells (None where null)."""

    line: int
    cells: tuple[str | None, ...]


class _OfacSetSource(DeclaredSource):
    """An OFAC legacy CSV set: the layout names its files; `list_code` maps programs."""

    layout: SetLayout

    def required_files(self) -> tuple[str, ...]:
        return self.layout.required

    def list_code(self, programs: tuple[str, ...]) -> str:
        raise NotImplementedError

    def fetch(self, location: str, *, timeout: float = 60.0) -> Bundle:
        return fetch_set(
            location, self.layout.required, optional=(self.layout.comments,), timeout=timeout
        )

    def parse(self, bundle: Bundle) -> ParseResult:
        return parse_set(bundle.files, self.layout, self.list_code)


class OfacSdnSource(_OfacSetSource):
    name = "ofac"
    layout = SDN_LAYOUT

    def list_code(self, programs: tuple[str, ...]) -> str:
        return "SDN"


class OfacConsSource(_OfacSetSource):
    name = "ofac-cons"
    layout = CONS_LAYOUT

    def list_code(self, programs: tuple[str, ...]) -> str:
        return cons_list_code(programs)


# --- reading files -------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The text of one published file: the trailing Ctrl-Z removed on purpose (it is a
    file terminator, not data). The files are ASCII in practice; cp1252 is OFAC's legacy
    encoding and the fallback."""
    body = data.rstrip(b"\r\n\t ")
    if body.endswith(_CTRL_Z):
        body = body[: -len(_CTRL_Z)]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def read_rows(data: bytes, file: str, columns: tuple[str, ...]) -> Iterator[Row]:
    """The records of one headerless OFAC CSV, each checked for its column count.

    Raises SourceFormatError (file, line) on a row of the wrong width: a truncated download
    or an error page ends that way, and the whole set is then unusable.
    """
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for cells in reader:
            if cells and len(cells) != len(columns):
                raise SourceFormatError(
                    f"expected {len(columns)} columns ({', '.join(columns)}), found {len(cells)}",
                    file=file,
                    line=line,
                )
            if cells:
                # the hot loop of the parse: one comprehension, no call per cell
                yield Row(
                    line, tuple([None if (v := c.strip()) in _NULL_CELLS else v for c in cells])
                )
            line = reader.line_num + 1
    except csv.Error as exc:
        raise SourceFormatError(f"not valid CSV: {exc}", file=file, line=line) from exc


def _ent_num(row: Row, file: str) -> str:
    ent_num = row.cells[0]
    if ent_num is None or not ent_num.isdigit():
        raise SourceFormatError(
            f"ent_num must be a number, found {ent_num!r}",
            file=file,
            line=row.line,
            field="ent_num",
        )
    return ent_num


def _required(files: Mapping[str, bytes], name: str, layout: SetLayout) -> bytes:
    found = _member(files, name)
    if found is None:
        raise SourceFormatError(
            f"missing from the download: the set needs {', '.join(layout.required)} "
            f"({layout.comments} optional); it holds {', '.join(sorted(files)) or 'nothing'}",
            file=name,
        )
    _not_empty(found, name)
    return found


def _not_empty(data: bytes, file: str) -> None:
    """An empty download is refused, never read as an empty list (fail closed)."""
    if not data.strip(b"\r\n\t " + _CTRL_Z):
        raise SourceFormatError("the file is empty", file=file, line=1)


def _member(files: Mapping[str, bytes], name: str) -> bytes | None:
    """A file of the bundle by name, ignoring case (OFAC publishes SDN.CSV and sdn.csv)."""
    for key, value in files.items():
        if key.casefold() == name.casefold():
            return value
    return None


# --- addresses and aliases alone -----------------------------------------------------------


def parse_addresses(data: bytes, file: str = "add.csv") -> dict[str, list[Address]]:
    """add.csv (or cons_add.csv) alone: the addresses of each ent_num, in published order.

    Rows with every address field null (OFAC publishes one for many entries) give nothing.
    """
    _not_empty(data, file)
    out: dict[str, list[Address]] = {}
    for row in read_rows(data, file, ADD_COLUMNS):
        address = _address(row)
        bucket = out.setdefault(_ent_num(row, file), [])
        if address is not None:
            bucket.append(address)
    return out


def parse_aliases(data: bytes, file: str = "alt.csv") -> dict[str, list[str]]:
    """alt.csv (or cons_alt.csv) alone: the alias names of each ent_num, in published order."""
    _not_empty(data, file)
    out: dict[str, list[str]] = {}
    for row in read_rows(data, file, ALT_COLUMNS):
        name = row.cells[3]
        if name is not None:
            out.setdefault(_ent_num(row, file), []).append(name)
    return out


def _address(row: Row) -> Address | None:
    _, _, street, city, country, _ = row.cells
    if street is None and city is None and country is None:
        return None
    # "City/State/Province/Postal" is one published field ("London EC3N 1DY", "Tokyo 103"):
    # kept whole in `city`, since no rule splits the postal code reliably across countries.
    text = ", ".join(p for p in (street, city, country) if p)
    return Address(
        text=text, street=street, city=city, country=to_iso2(country), country_name=country
    )


# --- the joined set ------------------------------------------------------------------------


def parse_set(
    files: Mapping[str, bytes],
    layout: SetLayout,
    list_code_for: Callable[[tuple[str, ...]], str],
) -> ParseResult:
    """All files of one set joined into entries; orphan add/alt/comment rows are skipped
    rows (file, line, reason), never silently dropped."""
    primary = _required(files, layout.primary, layout)
    add = _required(files, layout.add, layout)
    alt = _required(files, layout.alt, layout)
    comments = _member(files, layout.comments)

    skipped: list[SkippedRow] = []
    rows_read = 0
    records: dict[str, Row] = {}
    for row in read_rows(primary, layout.primary, PRIMARY_COLUMNS):
        rows_read += 1
        ent_num = _ent_num(row, layout.primary)
        if ent_num in records:
            raise SourceFormatError(
                f"ent_num {ent_num} published twice (first on line {records[ent_num].line})",
                file=layout.primary,
                line=row.line,
                field="ent_num",
            )
        if row.cells[1] is None:
            skipped.append(SkippedRow(layout.primary, row.line, "no name", "SDN_Name"))
            continue
        records[ent_num] = row

    def joined(data: bytes, file: str, columns: tuple[str, ...]) -> dict[str, list[Row]]:
        nonlocal rows_read
        out: dict[str, list[Row]] = {}
        for row in read_rows(data, file, columns):
            rows_read += 1
            ent_num = _ent_num(row, file)
            if ent_num not in records:
                skipped.append(
                    SkippedRow(
                        file, row.line, f"ent_num {ent_num} has no {layout.primary} row", "ent_num"
                    )
                )
                continue
            out.setdefault(ent_num, []).append(row)
        return out

    adds = joined(add, layout.add, ADD_COLUMNS)
    alts = joined(alt, layout.alt, ALT_COLUMNS)
    overflow = joined(comments, layout.comments, COMMENT_COLUMNS) if comments else {}

    entries = []
    for ent_num, row in records.items():
        extended = "".join(r.cells[1] or "" for r in overflow.get(ent_num, []))
        entry = _entry(
            ent_num, row, adds.get(ent_num, []), alts.get(ent_num, []), extended, list_code_for
        )
        entries.append(entry)
    return ParseResult(entries=entries, skipped=skipped, rows_read=rows_read)


def _entry(
    ent_num: str,
    row: Row,
    adds: list[Row],
    alts: list[Row],
    overflow: str,
    list_code_for: Callable[[tuple[str, ...]], str],
) -> Entry:
    sdn = dict(zip(PRIMARY_COLUMNS, row.cells, strict=True))
    programs = split_programs(sdn["program"])
    list_code = list_code_for(programs)
    # The comments file continues the Remarks cell mid-word: join without a separator.
    remarks = ((sdn["remarks"] or "") + overflow) or None
    facts = parse_remarks(remarks)
    addresses = [a for a in (_address(r) for r in adds) if a is not None]
    nationalities = tuple(to_iso2(n) or n for n in facts.nationalities)
    citizenships = tuple(to_iso2(c) or c for c in facts.citizenships)
    countries = _unique(
        [a.country for a in addresses if a.country]
        + [c for c in nationalities + citizenships if len(c) == 2 and c.isupper()]
    )
    extra = {k: v for k in _VESSEL_FIELDS if (v := sdn[k]) is not None}
    if facts.linked_to:
        extra["linked_to"] = "; ".join(facts.linked_to)
    if facts.weak_aliases:
        # OFAC's "weak" a.k.a.s live only in the remarks: kept apart from the aliases because
        # OFAC itself does not screen on them.
        extra["weak_aliases"] = "; ".join(facts.weak_aliases)
    if facts.gender:
        extra["gender"] = facts.gender
    sdn_type = sdn["sdn_type"]
    return Entry(
        list_code=list_code,
        source_id=ent_num,
        key=KeyMaker.published(list_code, ent_num),
        name=sdn["sdn_name"] or "",
        entry_type=_entry_type(sdn_type),
        aliases=tuple(r.cells[3] for r in alts if r.cells[3] is not None),
        addresses=tuple(addresses),
        countries=countries,
        programs=programs,
        remarks=remarks,
        source_urls=(DETAILS_URL.format(ent_num),),
        title=sdn["title"],
        identifiers=facts.identifiers,
        dates_of_birth=facts.dates_of_birth,
        places_of_birth=facts.places_of_birth,
        nationalities=nationalities,
        citizenships=citizenships,
        extra=extra,
        raw={
            "sdn": sdn,
            "add": [dict(zip(ADD_COLUMNS, r.cells, strict=True)) for r in adds],
            "alt": [dict(zip(ALT_COLUMNS, r.cells, strict=True)) for r in alts],
            **({"remarks_extended": overflow} if overflow else {}),
        },
    )


def _entry_type(sdn_type: str | None) -> EntryType:
    if sdn_type is None:
        return EntryType.ENTITY
    known = vocab()["entry_types"].get(sdn_type.casefold())
    return EntryType(known) if known else EntryType.UNKNOWN


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


# --- programs and list codes ---------------------------------------------------------------


def split_programs(cell: str | None) -> tuple[str, ...]:
    """`SDGT] [IFSR` (the published cell of "[SDGT] [IFSR]") or `CUBA` -> the programs."""
    if not cell:
        return ()
    return tuple(p for p in (part.strip(" []") for part in cell.split("] [")) if p)


def cons_list_code(programs: tuple[str, ...]) -> str:
    """The CSL list code of a non-SDN consolidated entry, from its programs (data/ofac.yml)."""
    table = vocab()
    for rule in table["cons_lists"]:
        for program in programs:
            if program == rule.get("equals") or program.startswith(rule.get("prefix", "\0")):
                return str(rule["list"])
    return str(table["cons_default_list"])
