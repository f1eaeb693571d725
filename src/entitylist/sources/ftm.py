"""FollowTheMoney entity files (OpenSanctions datasets such as the EU or UK lists, or this
project's own export) as a list source with its own list code.

The file is JSON lines (one entity per line, as OpenSanctions publishes `entities.ftm.json`)
or a JSON array. Party entities (`Person`, `Company`, `Organization`, `LegalEntity`,
`Vessel`, `Airplane`) become entries; `Sanction` entities give their party its programs
and dates. Other entities (addresses, ownerships, identifications) are not parties: they
are counted, per schema, in one note each. A line that is not JSON, or not an entity of a
known schema, is reported with its line number.

`--source ftm:EU` keeps the file as source `ftm-eu` with list code `EU`, so several
datasets stay in force side by side; `--source ftm` takes the list code from the
entities' first dataset (else `FTM`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from entitylist.dates import leading_date
from entitylist.errors import SourceFormatError
from entitylist.model import Address, Entry, EntryType, Identifier, ParseResult, SkippedRow
from entitylist.sources.base import Bundle, CountBounds, KeyMaker
from entitylist.sources.fetch import fetch_one

PARTY_TYPES = {
    "Person": EntryType.INDIVIDUAL,
    "Vessel": EntryType.VESSEL,
    "Airplane": EntryType.AIRCRAFT,
}
_ID_PROPS = ("idNumber", "registrationNumber", "taxNumber", "imoNumber", "leiCode")


class FtmSource:
    """An FtM entities file; `list_code` names the list its parties are kept under."""

    title = "FollowTheMoney entities (e.g. an OpenSanctions dataset)"
    default_url = ""
    bounds = CountBounds(min_entries=1)

    def __init__(self, list_code: str | None = None) -> None:
        self.list_code = list_code
        self.name = f"ftm-{list_code.lower()}" if list_code else "ftm"

    def fetch(self, location: str, *, timeout: float = 60.0) -> Bundle:
        if not location:
            raise SourceFormatError(
                "an FtM source has no official download: use --from", file="ftm"
            )
        return fetch_one(location, "entities.ftm.json", timeout=timeout)

    def parse(self, bundle: Bundle) -> ParseResult:
        entries: list[Entry] = []
        skipped: list[SkippedRow] = []
        rows = 0
        for name, data in sorted(bundle.files.items()):
            parties, sanctions, others, bad, count = read_entities(name, data)
            rows += count
            skipped += bad
            for line, proxy in parties:
                entries.append(self.entry(proxy, sanctions.get(proxy.id or "", []), line))
            skipped += [
                SkippedRow(name, first, f"{n} {schema} entities: not parties, not kept as entries")
                for schema, (n, first) in sorted(others.items())
            ]
        if not entries:
            raise SourceFormatError(
                "no party entity (Person, Company, ...) in the file", file=bundle.origin
            )
        return ParseResult(entries=KeyMaker.disambiguate(entries), skipped=skipped, rows_read=rows)

    def entry(self, proxy: EntityProxy, sanctions: list[EntityProxy], line: int) -> Entry:
        names = proxy.get("name")
        code = self.list_code or _dataset_code(proxy)
        ident = proxy.id or f"line-{line}"
        return Entry(
            list_code=code,
            source_id=ident,
            key=KeyMaker.published(code, ident),
            name=names[0] if names else proxy.caption,
            entry_type=PARTY_TYPES.get(proxy.schema.name, EntryType.ENTITY),
            aliases=tuple(
                dict.fromkeys([*names[1:], *proxy.get("alias"), *proxy.get("previousName")])
            ),
            addresses=tuple(Address(text=a) for a in proxy.get("address")),
            countries=tuple(c.upper() for c in proxy.get_type_values(registry.country)),
            programs=tuple(dict.fromkeys(p for s in sanctions for p in s.get("program"))),
            start_date=_first_date(s.get("startDate") + s.get("listingDate") for s in sanctions),
            end_date=_first_date(s.get("endDate") for s in sanctions),
            remarks="; ".join(proxy.get("notes")) or None,
            source_urls=tuple(
                dict.fromkeys(
                    proxy.get("sourceUrl") + [u for s in sanctions for u in s.get("sourceUrl")]
                )
            ),
            identifiers=tuple(
                Identifier(kind=p, value=v)
                for p in _ID_PROPS
                if p in proxy.schema.properties
                for v in proxy.get(p)
            ),
            dates_of_birth=tuple(proxy.get("birthDate"))
            if "birthDate" in proxy.schema.properties
            else (),
            raw=proxy.to_dict(),
        )


def read_entities(
    name: str, data: bytes
) -> tuple[
    list[tuple[int, EntityProxy]],
    dict[str, list[EntityProxy]],
    dict[str, tuple[int, int]],
    list[SkippedRow],
    int,
]:
    """Parties, sanctions by party id, other schemas (count, first line), bad rows, rows."""
    parties: list[tuple[int, EntityProxy]] = []
    sanctions: dict[str, list[EntityProxy]] = {}
    others: dict[str, tuple[int, int]] = {}
    bad: list[SkippedRow] = []
    rows = 0
    for line, record in _records(name, data):
        rows += 1
        if isinstance(record, SkippedRow):
            bad.append(record)
            continue
        schema = model.get(str(record.get("schema", "")))
        if schema is None:
            bad.append(
                SkippedRow(name, line, f"unknown schema {record.get('schema')!r}", field="schema")
            )
            continue
        proxy = model.get_proxy(record, cleaned=False)
        if schema.is_a("Sanction"):
            for target in proxy.get("entity"):
                sanctions.setdefault(target, []).append(proxy)
        elif schema.is_a("LegalEntity") or schema.name in PARTY_TYPES:
            parties.append((line, proxy))
        else:
            n, first = others.get(schema.name, (0, line))
            others[schema.name] = (n + 1, first)
    return parties, sanctions, others, bad, rows


def _records(name: str, data: bytes) -> Iterator[tuple[int, dict[str, Any] | SkippedRow]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(f"not UTF-8 text (offset {exc.start})", file=name) from exc
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceFormatError(
                f"not valid JSON ({exc.msg})", file=name, line=exc.lineno
            ) from exc
        for index, item in enumerate(items, start=1):
            yield (
                index,
                item if isinstance(item, dict) else SkippedRow(name, index, "not an object"),
            )
        return
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield line, SkippedRow(name, line, f"not JSON ({exc.msg}, column {exc.colno})")
            continue
        yield line, item if isinstance(item, dict) else SkippedRow(name, line, "not an object")


def _dataset_code(proxy: EntityProxy) -> str:
    datasets = proxy.to_dict().get("datasets") or []
    return str(datasets[0]).upper().replace("_", "-")[:16] if datasets else "FTM"


def _first_date(groups: Iterator[list[str]]) -> date | None:
    days = [day for values in groups for v in values if (day := leading_date(v)) is not None]
    return min(days) if days else None
