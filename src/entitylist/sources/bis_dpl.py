"""The BIS Denied Persons List as BIS publishes it: `dpl.txt`, tab-separated, quoted.

Pipeline order: decode -> check the header names the columns we need -> read rows (a row
of the wrong width stops the parse: the file is truncated or not the list) -> group the
rows of one denial order -> one `Entry` per order -> unique keys.

One entry per denial order, not per row: BIS repeats a party once per known address (and
sometimes twice with the same address). Rows sharing name, effective date and Federal
Register citation are one order and become one entry with several addresses; this is what
the CSL does with the same file (the 2023-11-30 file's 665 rows are the CSL's 577 DPL
entries). The same name under another order (a renewal with new dates and citations, a
second person of that name) stays a separate entry.

Real quirks handled here: names with leading spaces, Last_Update years such as 3017 or
1023 (kept as published and flagged, never fatal), an Action column spelling "FR NOTICE
ADDED" a dozen ways (normalised with `data/dpl.yml`), several citations in one cell.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from entitylist.errors import SourceFormatError
from entitylist.model import Address, Entry, ParseResult, SkippedRow
from entitylist.packaged import packaged_yaml
from entitylist.sources.base import KeyMaker, published_address
from entitylist.sources.citations import parse_citations
from entitylist.sources.fetch import SingleFileSource
from entitylist.sources.file_dates import newest_row

LIST_CODE = "DPL"
FILE_NAME = "dpl.txt"
COLUMNS = (
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
    "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation",
)  # fmt: skip
# Last_Update dates outside these years are typing errors (3017-08-22, 1023-11-01): the
# list went online in the 1990s, and nothing is updated in the next century.
_PLAUSIBLE_YEARS = range(1990, 2100)
_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class DplRow:
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


def parse_dpl(data: bytes, file: str = FILE_NAME) -> ParseResult:
    """The published file to entries, one per denial order (see the module docstring)."""
    rows, skipped = read_rows(data, file)
    orders: dict[tuple[str, str, str], list[DplRow]] = {}
    for row in rows:
        orders.setdefault(_order_key(row), []).append(row)
    entries = [_entry(order) for order in orders.values()]
    return ParseResult(
        entries=KeyMaker.disambiguate(entries),
        skipped=skipped,
        rows_read=len(rows) + len(skipped),
        file_date=newest_row((_ymd(r.values.get("Last_Update", "")) for r in rows), "Last_Update"),
    )


class DplSource(SingleFileSource):
    name = "dpl"
    file_name = FILE_NAME
    parse_file = staticmethod(parse_dpl)


def read_rows(data: bytes, file: str = FILE_NAME) -> tuple[list[DplRow], list[SkippedRow]]:
    """The data rows (cells stripped), and the rows skipped for want of a name.

    Raises SourceFormatError for an empty file, a header without the DPL columns (an HTML
    error page, another file) or a row of the wrong width (a truncated download)."""
    text = _decode(data)
    if not text.strip():
        raise SourceFormatError("the file is empty", file=file, line=1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    try:
        header = [_column_name(c) for c in next(reader)]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise SourceFormatError(
                f"not the Denied Persons List: the header lacks {', '.join(missing)}",
                file=file,
                line=1,
                field=missing[0],
            )
        rows: list[DplRow] = []
        skipped: list[SkippedRow] = []
        line = reader.line_num + 1
        for cells in reader:
            if not any(c.strip() for c in cells):
                line = reader.line_num + 1
                continue
            if len(cells) != len(header):
                raise SourceFormatError(
                    f"expected {len(header)} tab-separated columns, found {len(cells)}",
                    file=file,
                    line=line,
                )
            values = {h: c.strip() for h, c in zip(header, cells, strict=True)}
            if not values["Name"]:
                skipped.append(SkippedRow(file, line, "no name", "Name"))
            else:
                rows.append(DplRow(line, values))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise SourceFormatError(
            f"not valid tab-separated text: {exc}", file=file, line=reader.line_num
        ) from exc
    return rows, skipped


def _decode(data: bytes) -> str:
    """BIS publishes ASCII; cp1252 is the fallback for a stray accented letter."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _column_name(header_cell: str) -> str:
    """`Effective_Date (MM/DD/YYYY)` and `Effective_Date` both name Effective_Date."""
    return header_cell.strip().split(" (", 1)[0].strip()


def _order_key(row: DplRow) -> tuple[str, str, str]:
    return (row["Name"], row["Effective_Date"], row["FR_Citation"])


# --- one entry per order -------------------------------------------------------------------


def _entry(rows: list[DplRow]) -> Entry:
    first = rows[0]
    name = first["Name"]
    addresses = tuple(dict.fromkeys(a for a in (_address(r) for r in rows) if a is not None))
    end_date, expirations = _end_date(rows)
    extra: dict[str, str] = {}
    standard = _unique(r["Standard_Order"].upper() for r in rows)
    if standard:
        extra["standard_order"] = "/".join(standard)
    extra.update(_last_update(rows))
    actions = _unique(a for r in rows for a in normalise_actions(r["Action"]))
    if actions:
        extra["actions"] = ", ".join(actions)
    if len(rows) > 1:
        extra["published_rows"] = str(len(rows))
    if len(expirations) > 1:
        # rows of one order disagree (a typo in one of them): the latest date is in force
        extra["expiration_dates"] = ", ".join(expirations)
    return Entry(
        list_code=LIST_CODE,
        source_id=_source_id(first),
        key=KeyMaker.from_name(LIST_CODE, name),
        name=name,
        addresses=addresses,
        countries=_unique(a.country for a in addresses if a.country),
        start_date=_mdy(first["Effective_Date"]),
        end_date=end_date,
        remarks=" | ".join(_unique(r["Action"] for r in rows)) or None,
        citations=parse_citations(first["FR_Citation"]),
        extra=extra,
        raw={"rows": [r.values for r in rows], "lines": [r.line for r in rows]},
        derived_id=True,
    )


def _source_id(row: DplRow) -> str:
    """The DPL publishes no id: a digest of the order's identity (name, effective date,
    citation), stable while BIS does not change them."""
    basis = "\x1f".join(_order_key(row))
    return f"{LIST_CODE}:{hashlib.sha1(basis.encode('utf-8')).hexdigest()[:16]}"


def _address(row: DplRow) -> Address | None:
    columns = ("Street_Address", "City", "State", "Postal_Code", "Country")
    street, city, state, postal, country = (row[c] or None for c in columns)
    return published_address(street, city, state, postal, country)


def _end_date(rows: list[DplRow]) -> tuple[date | None, list[str]]:
    """The expiration of the order: none if any row has none (open-ended), else the latest."""
    published = _unique(r["Expiration_Date"] for r in rows)
    dates = [_mdy(r["Expiration_Date"]) for r in rows]
    if any(d is None for d in dates):
        return None, list(published)
    return max(d for d in dates if d is not None), list(published)


def _last_update(rows: list[DplRow]) -> dict[str, str]:
    """The latest plausible Last_Update as ISO; impossible ones (3017-08-22) kept apart, as
    published, so that a typo neither fails the parse nor passes for a date."""
    out: dict[str, str] = {}
    plausible = [d for d in (_ymd(r["Last_Update"]) for r in rows) if d is not None]
    if plausible:
        out["last_update"] = max(plausible).isoformat()
    impossible = _unique(r["Last_Update"] for r in rows if _ymd(r["Last_Update"]) is None)
    if impossible:
        out["last_update_impossible"] = ", ".join(impossible)
    return out


def _mdy(text: str) -> date | None:
    match = _MDY.match(text)
    if match is None:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _ymd(text: str) -> date | None:
    match = _YMD.match(text)
    if match is None or int(match[1]) not in _PLAUSIBLE_YEARS:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _unique(values: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


# --- the Action vocabulary -----------------------------------------------------------------


def normalise_actions(text: str | None) -> tuple[str, ...]:
    """The Action history as a small vocabulary (`data/dpl.yml`), in published order.

    `'FR NOTICE ADDED, TDO RENEWAL, F.R. NOITCE ADDED'` -> `('fr_notice_added',
    'tdo_renewal', 'fr_notice_added')`. A clause that matches nothing gives `other`.
    """
    if not text or not text.strip():
        return ()
    out: list[str] = []
    for clause in re.split(r"[,;/]", text):
        normal = _normalise_clause(clause)
        if not normal:
            continue
        found = sorted(
            (match.start(), action)
            for action, pattern in _action_patterns()
            if (match := pattern.search(normal))
        )
        out.extend(action for _, action in found)
        if not found:
            out.append("other")
    return tuple(out)


def _normalise_clause(clause: str) -> str:
    words = re.sub(r"\s+", " ", clause.upper().replace(".", " ")).strip()
    words = re.sub(r"\b(?:F R|R F|RF)\b", "FR", words)
    fixes = _vocab()["action_word_fixes"]
    words = " ".join(fixes.get(w, w) for w in words.split(" "))
    words = re.sub(r"\bFEDERAL REGISTER(?: NOTICE)?\b|\bFR REGISTER\b", "FR NOTICE", words)
    return re.sub(r"\bFR (ADDED|UPDATED)\b", r"FR NOTICE \1", words)


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    data: dict[str, Any] = packaged_yaml("entitylist.sources", "data/dpl.yml")
    return data


@lru_cache(maxsize=1)
def _action_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((action, re.compile(p)) for action, p in _vocab()["actions"].items())
