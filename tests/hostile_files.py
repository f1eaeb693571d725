"""Hostile batch files, built by the tests themselves: malformed quoting, NUL bytes, lone
surrogates, mixed encodings, 1 MB names, formula cells, XLSX bombs, wrong-schema Parquet.

Each `Hostile` names the file, its bytes (built on demand: some bombs are large once
expanded, never on disk) and the listed parties it holds, by physical line, which a run must
screen (and alert on) or report as bad: never lose.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook

LISTED = "CHITRON ELECTRONICS CO LTD"
LISTED_2 = "Xian Semi Electronic Company Limited"
MB = 1 << 20


@dataclass(frozen=True)
class Hostile:
    name: str
    build: Callable[[], bytes]
    listed_lines: dict[int, str] = field(default_factory=dict)
    """Physical line (data row for Parquet) -> listed name on it."""
    may_refuse: bool = False
    """The whole file may be refused with a one-line error instead."""

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        path.write_bytes(self.build())
        return path


# -- CSV ------------------------------------------------------------------------------------


def _rows(count: int, special: dict[int, str]) -> list[str]:
    """Header plus `count` data lines; line n (1-based, header = 1) may be replaced."""
    lines = ["id,name,country"]
    for n in range(2, count + 2):
        lines.append(special.get(n, f"r{n},Harmless Trading {n} Ltd,US"))
    return lines


def _csv(count: int, special: dict[int, str], end: str = "\n") -> Callable[[], bytes]:
    return lambda: (end.join(_rows(count, special)) + end).encode("utf-8")


def _listed(n: int, name: str = LISTED, country: str = "CN") -> str:
    return f"p{n},{name},{country}"


def _bytes_csv(lines: list[bytes]) -> Callable[[], bytes]:
    return lambda: b"\n".join(lines) + b"\n"


CSV_FILES = [
    Hostile(
        "unclosed_quote.csv",
        _csv(499, {11: 'r10,"Acme Trading,US', 401: _listed(401)}),
        {401: LISTED},
    ),
    Hostile(
        "unclosed_quote_near_end.csv",
        _csv(50, {49: 'r49,"Never closed,US', 50: _listed(50), 51: _listed(51, LISTED_2)}),
        {50: LISTED, 51: LISTED_2},
    ),
    Hostile(
        "quote_then_text.csv",
        _csv(40, {5: 'r5,"Foo"Bar Ltd,US', 6: _listed(6)}),
        {6: LISTED},
    ),
    Hostile(
        "quotes_closing_far_away.csv",
        _csv(60, {3: 'r3,"Opened here,US', 30: 'r30,Closed here",US', 31: _listed(31)}),
        {31: LISTED},
    ),
    Hostile(
        "many_unclosed_quotes.csv",
        _csv(300, {**{n: f'r{n},"Broken {n},US' for n in range(5, 300, 10)}, 250: _listed(250)}),
        {250: LISTED},
    ),
    Hostile(
        "runaway_multiline_cell.csv",
        lambda: (
            "\n".join(
                [
                    "id,name,country",
                    'a1,"Address',
                    *[f"line {n}" for n in range(40)],
                    'x",US',
                    _listed(44),
                ]
            )
            + "\n"
        ).encode(),
        {44: LISTED},
    ),
    Hostile(
        "nul_bytes.csv",
        _csv(30, {4: "r4,Bad\x00Name Ltd,US", 5: "r5\x00,\x00,\x00", 9: _listed(9)}),
        {9: LISTED},
    ),
    Hostile(
        "binary_garbage.csv",
        lambda: (
            b"id,name,country\n"
            + bytes(b for b in range(256) if b not in (10, 13)) * 40
            + b"\n"
            + _listed(3).encode()
            + b"\n"
            + b"\xff\xfe\x00\x01garbage\n"
        ),
        {3: LISTED},
    ),
    Hostile(
        "invalid_utf8.csv",
        _bytes_csv(
            [
                b"id,name,country",
                b"r2,Soci\xe9t\xe9 G\xe9n\xe9rale,FR",
                b"r3,Bad \xc3\x28 sequence,US",
                b"r4,Surrogate \xed\xa0\x80 bytes,US",
                _listed(5).encode(),
            ]
        ),
        {5: LISTED},
    ),
    Hostile(
        "mixed_encodings.csv",
        _bytes_csv(
            [
                b"id,name,country",
                "r2,Müller GmbH,DE".encode(),
                "r3,Müller GmbH,DE".encode("latin-1"),
                "r4,Ʋnicode Co,US".encode("utf-16-le"),
                "r5,Шанхай Ltd,RU".encode("cp1251"),
                _listed(6).encode(),
                "r7,北京 Ltd,CN".encode("gb18030"),
            ]
        ),
        {6: LISTED},
    ),
    Hostile(
        "utf16_with_bom.csv",
        lambda: "\n".join(_rows(20, {12: _listed(12)})).encode("utf-16"),
        {12: LISTED},
    ),
    Hostile(
        "mixed_line_endings.csv",
        lambda: (
            b"id,name,country\r\nr2,A Co,US\rr3,B Co,US\n"
            + _listed(4).encode()
            + b"\r\n"
            + b"r5,C\x0bD\x0cE\xe2\x80\xa8F Co,US\r"
            + _listed(6, LISTED_2).encode()
        ),
        {4: LISTED, 6: LISTED_2},
    ),
    Hostile(
        "huge_name_1mb.csv",
        _csv(10, {3: "r3," + "A" * MB + ",US", 6: _listed(6)}),
        {6: LISTED},
    ),
    Hostile(
        "huge_quoted_name_1mb.csv",
        _csv(10, {3: 'r3,"' + "B, " * (MB // 3) + '",US', 6: _listed(6)}),
        {6: LISTED},
    ),
    Hostile(
        "long_name_over_limit.csv",
        _csv(10, {3: "r3," + "Co " * 5000 + ",US", 4: _listed(4)}),
        {4: LISTED},
    ),
    Hostile(
        "formula_cells.csv",
        _csv(
            12,
            {
                2: '=1+1,=HYPERLINK("http://x"),US',
                3: "+r3,+cmd|' /C calc'!A0,US",
                4: "-r4,-2+3,US",
                5: "@r5,@SUM(A1:A2),US",
                6: '"\tr6","\tTabbed Co",US',
                7: f"=p7,={LISTED},CN",
                8: "r8,Fine Co,=cmd",
                9: "r9,'=already quoted,US",
                10: _listed(10),
                11: "r11,Fine Co,US",
                12: '"\rr12","\rCR Co",US',
            },
        ),
        {7: LISTED, 10: LISTED},
    ),
    Hostile(
        "too_many_cells.csv",
        _csv(10, {3: "r3,A,B,C,D,E", 4: "r4,Co,US,extra", 7: _listed(7)}),
        {7: LISTED},
    ),
    Hostile(
        "control_characters.csv",
        _csv(10, {3: "r3,\x1b[31mRed\x1b[0m Co,US", 4: "r4,\x07Bell\x08 Co,US", 5: _listed(5)}),
        {5: LISTED},
    ),
    Hostile(
        "semicolons.csv",
        lambda: b"id;name;country\nr1;" + LISTED.encode() + b";CN\n",
        {},
        may_refuse=True,
    ),
    Hostile("header_only.csv", lambda: b"id,name,country\n", {}),
    Hostile("empty.csv", lambda: b"", {}, may_refuse=True),
    Hostile(
        "blank_and_whitespace_lines.csv",
        _csv(10, {3: "", 4: "   ", 5: ",,", 6: _listed(6)}),
        {6: LISTED},
    ),
]


# -- JSONL ----------------------------------------------------------------------------------


def _jsonl(lines: list[str]) -> Callable[[], bytes]:
    return lambda: ("\n".join(lines) + "\n").encode("utf-8", errors="surrogatepass")


def _j(**row: object) -> str:
    return json.dumps(row)


JSONL_FILES = [
    Hostile(
        "lone_surrogate.jsonl",
        _jsonl(
            [
                _j(id="1", name="Good Co"),
                '{"id": "2", "name": "Bad \\ud800 surrogate"}',
                _j(id="3", name=LISTED, country="CN"),
            ]
        ),
        {3: LISTED},
    ),
    Hostile(
        "nul_escape.jsonl",
        _jsonl(
            [
                '{"id": "1", "name": "Nul\\u0000Co"}',
                '{"id": "2", "name": "x", "a": "\\u0000"}',
                _j(id="3", name=LISTED, country="CN"),
            ]
        ),
        {3: LISTED},
    ),
    Hostile(
        "broken_json.jsonl",
        _jsonl(
            [
                '{"id": 1, "name":',
                "[1,2]",
                '"just a string"',
                "{" * 100_000,
                '{"id": 5, "name": "n", "big": ' + "9" * 10_000 + "}",
                '{"id": 6, "name": NaN, "x": Infinity}',
                _j(id="7", name=LISTED, country="CN"),
            ]
        ),
        {7: LISTED},
    ),
    Hostile(
        "wrong_types.jsonl",
        _jsonl(
            [
                _j(id="1", name=["A", "B"]),
                _j(id="2", name={"x": 1}),
                _j(id="3", name=12345),
                _j(id="4", name=True),
                _j(id="5", name=None),
                _j(id=["x"], name="Listy Id Co"),
                _j(id="7", name=LISTED, country="CN"),
            ]
        ),
        {7: LISTED},
    ),
    Hostile(
        "invalid_utf8.jsonl",
        lambda: (
            b'{"id": "1", "name": "Soci\xe9t\xe9"}\n' + _j(id="2", name=LISTED).encode() + b"\n"
        ),
        {2: LISTED},
    ),
    Hostile(
        "huge_name.jsonl",
        _jsonl([_j(id="1", name="N" * MB), _j(id="2", name=LISTED, country="CN")]),
        {2: LISTED},
    ),
]


# -- XLSX -----------------------------------------------------------------------------------


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


Part = Callable[[bytes], "bytes | Callable[[zipfile.ZipFile], None]"]


def _rewrite(data: bytes, parts: dict[str, Part]) -> bytes:
    """The workbook with some parts rewritten (a part's function gets its old bytes)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            old = src.read(info)
            new = parts[info.filename](old) if info.filename in parts else old
            if callable(new):
                new(dst)
            else:
                dst.writestr(info.filename, new)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
_BASE = [["id", "name", "country"], ["1", "Harmless Co", "US"], ["2", LISTED, "CN"]]


def dimension_bomb() -> bytes:
    """A small sheet that declares every cell of the grid (16,384 x 1,048,576)."""
    return _rewrite(
        _workbook(_BASE),
        {
            SHEET: lambda old: old.replace(
                b'<dimension ref="A1:C3"/>', b'<dimension ref="A1:XFD1048576"/>'
            )
        },
    )


_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = b"http://schemas.openxmlformats.org/package/2006/relationships"
_CT = b"application/vnd.openxmlformats-officedocument.spreadsheetml"


def shared_strings_workbook(strings: list[str], padding_bytes: int = 0) -> bytes:
    """A hand-made workbook whose cells are shared strings (openpyxl writes inline ones),
    rows of three; `padding_bytes` of unused tiny strings follow the real ones."""
    from xml.sax.saxutils import escape

    cells = []
    for n, _ in enumerate(strings):
        row, col = divmod(n, 3)
        cells.append((row + 1, "ABC"[col], n))
    rows = b"".join(
        f'<row r="{r}">'.encode()
        + b"".join(f'<c r="{c}{r}" t="s"><v>{i}</v></c>'.encode() for rr, c, i in cells if rr == r)
        + b"</row>"
        for r in sorted({c[0] for c in cells})
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="' + _CT + b'.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
            + _CT
            + b'.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="'
            + _CT
            + b'.sharedStrings+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            b'<Relationships xmlns="'
            + _PKG
            + b'"><Relationship Id="rId1" Type="'
            + _REL
            + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            b"<workbook " + _NS + b' xmlns:r="' + _REL + b'"><sheets><sheet name="S" '
            b'sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            b'<Relationships xmlns="'
            + _PKG
            + b'"><Relationship Id="rId1" Type="'
            + _REL
            + b'/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
            + _REL
            + b'/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        z.writestr(
            SHEET, b"<worksheet " + _NS + b"><sheetData>" + rows + b"</sheetData></worksheet>"
        )
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
            handle.write(b"<sst " + _NS + b">")
            handle.write(b"".join(f"<si><t>{escape(t)}</t></si>".encode() for t in strings))
            chunk = b"<si><t>x</t></si>" * 10_000
            for _ in range(padding_bytes // len(chunk)):
                handle.write(chunk)
            handle.write(b"</sst>")
    return out.getvalue()


_BASE_STRINGS = [
    c
    for row in (["id", "name", "country"], ["1", "Harmless Co", "US"], ["2", LISTED, "CN"])
    for c in row
]


def shared_strings_bomb() -> bytes:
    """The real strings, then about 80 MB of tiny ones: a few hundred KB compressed."""
    return shared_strings_workbook(_BASE_STRINGS, padding_bytes=80 * MB)


def expanded_xml_bomb() -> bytes:
    """Sheet XML of 300 MB (whitespace inside sheetData) compressed to a few hundred KB."""

    def sheet(old: bytes) -> Callable[[zipfile.ZipFile], None]:
        head, tail = old.split(b"<sheetData>", 1)

        def write(dst: zipfile.ZipFile) -> None:
            with dst.open(SHEET, "w", force_zip64=True) as handle:
                handle.write(head + b"<sheetData>")
                blank = b" " * MB
                for _ in range(300):
                    handle.write(blank)
                handle.write(tail)

        return write

    return _rewrite(_workbook(_BASE), {SHEET: sheet})


def entity_bomb() -> bytes:
    """Billion laughs in the sheet XML."""
    dtd = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
            for n in range(1, 10)
        )
        + b"]>"
    )

    def sheet(old: bytes) -> bytes:
        return dtd + old.replace(b"Harmless Co", b"&lol9;")

    return _rewrite(_workbook(_BASE), {SHEET: sheet})


def far_row_bomb() -> bytes:
    """One real row numbered 1,048,576: readers fill a million empty rows before it."""
    return _rewrite(
        _workbook(_BASE),
        {SHEET: lambda old: _move_row_3(old)},
    )


def _move_row_3(sheet: bytes) -> bytes:
    for old, new in ((b'<row r="3"', b'<row r="1048576"'), (b'"A3"', b'"A1048576"')):
        sheet = sheet.replace(old, new)
    return sheet.replace(b'"B3"', b'"B1048576"').replace(b'"C3"', b'"C1048576"')


def huge_cell_workbook() -> bytes:
    return _workbook([["id", "name", "country"], ["1", "Z" * MB, "US"], ["2", LISTED, "CN"]])


def nul_escape_workbook() -> bytes:
    """A NUL character written as the `_x0000_` escape that XLSX readers expand."""
    strings = ["Harm_x0000_less Co" if t == "Harmless Co" else t for t in _BASE_STRINGS]
    return shared_strings_workbook(strings)


XLSX_FILES = [
    Hostile("dimension_bomb.xlsx", dimension_bomb, {3: LISTED}),
    Hostile("shared_strings_bomb.xlsx", shared_strings_bomb, {3: LISTED}, may_refuse=True),
    Hostile("expanded_xml_bomb.xlsx", expanded_xml_bomb, {3: LISTED}, may_refuse=True),
    Hostile("entity_bomb.xlsx", entity_bomb, {3: LISTED}, may_refuse=True),
    Hostile("far_row.xlsx", far_row_bomb, {1_048_576: LISTED}),
    Hostile("nul_escape.xlsx", nul_escape_workbook, {3: LISTED}),
    Hostile("huge_cell.xlsx", huge_cell_workbook, {3: LISTED}),
    Hostile(
        "formula_and_wide.xlsx",
        lambda: _workbook(
            [
                ["id", "name", "country"],
                ["=1+1", '=HYPERLINK("x")', "US"],
                ["2", LISTED, "CN"],
                ["3", "Extra Co", "US", "beyond the header"],
            ]
        ),
        {3: LISTED},
    ),
    Hostile("not_a_zip.xlsx", _csv(3, {2: _listed(2)}), {}, may_refuse=True),
    Hostile(
        "wide_header.xlsx",
        lambda: _workbook([[f"c{n}" for n in range(5000)], ["x"] * 5000]),
        {},
        may_refuse=True,
    ),
]


# -- Parquet --------------------------------------------------------------------------------


def _parquet(table: pa.Table) -> Callable[[], bytes]:
    def build() -> bytes:
        out = io.BytesIO()
        pq.write_table(table, out)
        return out.getvalue()

    return build


PARQUET_FILES = [
    Hostile(
        "name_as_integers.parquet",
        _parquet(pa.table({"id": [1, 2], "name": [12345, 67890]})),
        {},
    ),
    Hostile(
        "name_as_struct_and_list.parquet",
        _parquet(
            pa.table(
                {
                    "id": ["1", "2", "3"],
                    "name": [["A", "B"], ["C"], [LISTED]],
                }
            )
        ),
        {3: LISTED},
    ),
    Hostile(
        "binary_names.parquet",
        _parquet(
            pa.table(
                {
                    "id": ["1", "2", "3"],
                    "name": pa.array(
                        [b"Soci\xe9t\xe9", b"Nul\x00Co", LISTED.encode()], pa.binary()
                    ),
                }
            )
        ),
        {3: LISTED},
    ),
    Hostile(
        "no_name_column.parquet",
        _parquet(pa.table({"id": ["1"], "company": [LISTED]})),
        {},
        may_refuse=True,
    ),
    Hostile(
        "nan_and_nulls.parquet",
        _parquet(
            pa.table(
                {
                    "id": ["1", "2", None],
                    "name": [None, "Fine Co", LISTED],
                    "score": [float("nan"), float("inf"), 1.0],
                    "country": ["US", None, "CN"],
                }
            )
        ),
        {3: LISTED},
    ),
    Hostile(
        "truncated.parquet",
        lambda: _parquet(pa.table({"id": ["1"] * 1000, "name": [LISTED] * 1000}))()[:-200],
        {},
        may_refuse=True,
    ),
]

ALL = CSV_FILES + JSONL_FILES + XLSX_FILES + PARQUET_FILES
