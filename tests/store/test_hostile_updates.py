"""Hostile list updates: each source's real file, damaged the ways downloads and attackers
damage them, offered as an update on SQLite and on PostgreSQL.

Every case is refused with a one-line reason and leaves the list in force as it was, or is
a harmless no-op (`unchanged`); the two backends give the same answer to every case. Cuts
at a row boundary are taken where they lose more than the shrink bound: a clean cut that
loses less is indistinguishable from a real, small shrink in formats that carry no end
marker (CSV, tab-separated), and is left to the shrink bound and the diff.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from entitylist.errors import EntitylistError
from entitylist.settings import Settings
from entitylist.store import Store
from entitylist.updates.lists import update_source
from servers import SHARED_DATA, Database, new_database, pg_unavailable

pytestmark = pytest.mark.slow

# Per source: the real file(s) it loads, and the file the damage goes into.
BASES: dict[str, tuple[Path, str]] = {
    "csl": (SHARED_DATA / "csl" / "consolidated_2019-12-03.csv", "consolidated_2019-12-03.csv"),
    "ofac": (SHARED_DATA / "ofac_sdn" / "2019-01_complete", "sdn.csv"),
    "ofac-cons": (SHARED_DATA / "ofac_cons", "cons_prim.csv"),
    "dpl": (SHARED_DATA / "bis_dpl" / "dpl_2022-09-07.txt", "dpl_2022-09-07.txt"),
    "un": (SHARED_DATA / "un" / "UN_consolidated_2026-02-27.xml", "UN_consolidated_2026-02-27.xml"),
}

Damage = Callable[[bytes], bytes]


def cut_at_row(fraction: float) -> Damage:
    def damage(data: bytes) -> bytes:
        return data[: data.index(b"\n", int(len(data) * fraction)) + 1]

    return damage


def cut_inside(fraction: float, mark: bytes) -> Damage:
    """Cut a few bytes after the next `mark` past `fraction` (inside a quoted field when
    `mark` is a quote, inside an element for XML, inside a cell otherwise)."""

    def damage(data: bytes) -> bytes:
        at = data.index(mark, int(len(data) * fraction))
        return data[: at + len(mark) + 3]

    return damage


def bitflip(fraction: float, bit: int, *, of: bytes | None = None) -> Damage:
    """Flip one bit of the byte at `fraction` (or of the next byte in `of` from there)."""

    def damage(data: bytes) -> bytes:
        at = int(len(data) * fraction)
        if of is not None:
            at = min(i for i in (data.find(bytes([c]), at) for c in of) if i >= 0)
        return data[:at] + bytes([data[at] ^ bit]) + data[at + 1 :]

    return damage


def reencode(codec: str) -> Damage:
    return lambda data: data.decode("utf-8", "replace").encode(codec, "replace")


HTML_ERROR = (
    b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n"
    b"<body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your "
    b"request.</p></body></html>\n"
)
LOGIN_PAGE = b"<html><body><form action='/login'><input name='user'></form></body></html>"
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
"""


def with_doctype(doctype: bytes, *, name_ref: bytes) -> Damage:
    """The real document with a DTD inserted and one name replaced by an entity reference."""

    def damage(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1] if data.lstrip().startswith(b"<?xml") else data
        first = body.index(b"<FIRST_NAME>") + len(b"<FIRST_NAME>")
        end = body.index(b"</FIRST_NAME>", first)
        body = body[:first] + name_ref + body[end:]
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + body

    return damage


def laughs(data: bytes) -> bytes:
    return with_doctype(LAUGHS.split(b"?>", 1)[1], name_ref=b"&lol9;")(data)


XXE = b'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
XXE_NET = b'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>\n'
PARAM = b'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY % ext SYSTEM "file:///etc/hostname"> %ext;]>\n'
EXTERNAL_DTD = b'<!DOCTYPE CONSOLIDATED_LIST SYSTEM "file:///etc/passwd">\n'

COMMON: dict[str, Damage] = {
    "empty": lambda data: b"",
    "whitespace": lambda data: b" \n\t\n",
    "nul-filled": lambda data: b"\0" * len(data),
    "zero-prefix": lambda data: b"\0" * 4096 + data[4096:],
    "row-cut-30pct": cut_at_row(0.3),
    "row-cut-60pct": cut_at_row(0.6),
    "html-error-page": lambda data: HTML_ERROR,
    "login-page": lambda data: LOGIN_PAGE,
    "gzip-served-raw": lambda data: gzip.compress(data),
    "utf-16": reencode("utf-16"),
    "utf-32": reencode("utf-32"),
    "ebcdic": reencode("cp500"),
}
# The high bit set on a letter is invalid UTF-8; the OFAC and DPL readers fall back to
# cp1252 (their legacy encoding), where it is a plausible accented letter: a renamed entry
# that only the diff shows. Only the UTF-8-only sources can refuse it.
HIGH_BIT = {"high-bit-flip": bitflip(0.5, 0x80, of=b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
TEXT_CASES: dict[str, Damage] = {
    "cut-in-field-50pct": cut_inside(0.5, b'"'),
    "cut-in-field-90pct": cut_inside(0.9, b'"'),
    "cut-mid-line-90pct": cut_inside(0.9, b" "),
    "quote-bit-flip": bitflip(0.5, 0x02, of=b'"'),
    "newline-bit-flip": bitflip(0.5, 0x04, of=b"\n"),
    "billion-laughs": lambda data: LAUGHS + b"<CONSOLIDATED_LIST>&lol9;</CONSOLIDATED_LIST>",
}
TAB_CASES: dict[str, Damage] = {
    "cut-in-field-50pct": cut_inside(0.5, b"\t"),
    "cut-in-field-90pct": cut_inside(0.9, b"\t"),
    "cut-mid-line-90pct": cut_inside(0.9, b" "),
    "tab-bit-flip": bitflip(0.5, 0x02, of=b"\t"),
    "newline-bit-flip": bitflip(0.5, 0x04, of=b"\n"),
    "billion-laughs": lambda data: LAUGHS + b"<CONSOLIDATED_LIST>&lol9;</CONSOLIDATED_LIST>",
}
XML_CASES: dict[str, Damage] = {
    "cut-in-element-50pct": cut_inside(0.5, b"<"),
    "cut-in-element-90pct": cut_inside(0.9, b"<"),
    "cut-mid-text-90pct": cut_inside(0.9, b" "),
    "angle-bit-flip": bitflip(0.5, 0x01, of=b"<"),
    "billion-laughs": laughs,
    "external-entity-file": with_doctype(XXE, name_ref=b"&xxe;"),
    "external-entity-network": with_doctype(XXE_NET, name_ref=b"&xxe;"),
    "parameter-entity": with_doctype(PARAM, name_ref=b"X"),
    "external-dtd": with_doctype(EXTERNAL_DTD, name_ref=b"X"),
}
SPECIFIC = {"csl": TEXT_CASES, "ofac": TEXT_CASES, "ofac-cons": TEXT_CASES, "dpl": TAB_CASES}
CASES = [
    (source, name, damage)
    for source in BASES
    for name, damage in {
        **COMMON,
        **(HIGH_BIT if source in ("csl", "un") else {}),
        **SPECIFIC.get(source, XML_CASES),
    }.items()
]


@dataclass
class Loaded:
    """One backend's store with the source's real file in force."""

    store: Store
    settings: Settings
    database: Database


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], Loaded]]:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real list data not found at {SHARED_DATA}")
    if pg_unavailable():
        pytest.skip(pg_unavailable() or "")
    made: dict[tuple[str, str], Loaded] = {}
    yield made
    for each in made.values():
        each.store.close()
        each.database.cleanup()


def store_for(
    loaded: dict[tuple[str, str], Loaded], source: str, backend: str, root: Path
) -> Loaded:
    if (source, backend) not in loaded:
        folder = root / f"{source}-{backend}"
        folder.mkdir(parents=True, exist_ok=True)
        database = new_database(backend, folder)
        settings = Settings(db_url=database.url, data_dir=folder / "data")
        store = Store.open(database.url)
        update_source(store, settings, source, str(BASES[source][0]))
        loaded[(source, backend)] = Loaded(store, settings, database)
    return loaded[(source, backend)]


def damaged_location(source: str, damage: Damage, folder: Path) -> Path:
    """The source's real files in `folder`, with the damaged one replaced."""
    base, target = BASES[source]
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(base.iterdir()) if base.is_dir() else [base]
    for path in files:
        data = path.read_bytes()
        (folder / path.name).write_bytes(damage(data) if path.name == target else data)
    return folder if base.is_dir() else folder / base.name


def attempt(each: Loaded, source: str, location: Path) -> str:
    """The answer to one hostile update: `unchanged`, or `refused: <reason>`."""
    before = each.store.current()
    try:
        outcome = update_source(each.store, each.settings, source, str(location))
    except EntitylistError as exc:
        assert "\n" not in exc.message, f"a one-line reason: {exc.message!r}"
        assert each.store.current() == before, "the list in force stays"
        return f"refused ({exc.code}): {exc.message}"
    assert each.store.current() == before, (
        f"accepted a damaged file as snapshot {outcome.snapshot.id} "
        f"({outcome.snapshot.entry_count} entries, skipped {outcome.snapshot.skipped[:2]})"
    )
    return outcome.status


@pytest.mark.parametrize(("source", "case", "damage"), CASES, ids=[f"{s}-{c}" for s, c, _ in CASES])
def test_a_hostile_update_is_refused_on_both_backends_alike(
    loaded: dict[tuple[str, str], Loaded],
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    source: str,
    case: str,
    damage: Damage,
) -> None:
    root = tmp_path_factory.getbasetemp() / "hostile-stores"
    location = damaged_location(source, damage, tmp_path / "download")
    answers = {
        backend: attempt(store_for(loaded, source, backend, root), source, location)
        for backend in ("sqlite", "postgresql")
    }
    assert answers["sqlite"] == answers["postgresql"], answers
    assert answers["sqlite"] == "unchanged" or answers["sqlite"].startswith("refused")
