"""The remarks of OFAC's legacy CSV sets, lightly parsed, and the sets' vocabularies
(program -> list, entry types, remark labels) from `data/ofac.yml`.

The remarks are kept whole on the entry; `parse_remarks` takes out only what the simple
`label value (country)` item shape gives reliably: dates and places of birth,
nationalities, citizenships, identifiers, links, weak a.k.a.s and gender.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from entitylist.countries import to_iso2
from entitylist.model import Identifier
from entitylist.packaged import packaged_yaml

# --- remarks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemarkFacts:
    """What the light remarks parser takes out; the remarks themselves are kept whole."""

    dates_of_birth: tuple[str, ...] = ()
    places_of_birth: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    citizenships: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    linked_to: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    gender: str | None = None


_ALT = re.compile(r"^alt\.\s+")
_FACT = re.compile(
    r"^(?P<kind>DOB|POB|nationality|citizen|Gender|Linked To:)\s+(?P<value>.+)$"
)  # case-sensitive: "Nationality of Registration" is a vessel's flag, not a nationality
_WEAK_ALIAS = re.compile(r"^[afn]\.k\.a\.\s+'(?P<name>.+)'$")
# "<value> (<country>)" and an optional "issued .../expires ..." tail after it.
_ID_VALUE = re.compile(
    r"^#?\s*(?P<value>.+?)\s*(?:\((?P<country>[^()]*)\))?\s*(?:(?:issued|expires)\b.*)?$"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_DATE = re.compile(r"^(?:(?P<d>\d{1,2}) )?(?:(?P<m>[A-Z][a-z]{2}) )?(?P<y>\d{4})$")


def parse_remarks(remarks: str | None) -> RemarkFacts:
    """DOB, POB, nationality, citizenship, identifiers, links and weak a.k.a.s from the
    `;`-separated remark items. Items it does not know are left alone (they stay in the
    remarks); it takes only what the simple `label value (country)` shape gives reliably."""
    if not remarks:
        return RemarkFacts()
    found: dict[str, list[str]] = {}
    identifiers: list[Identifier] = []
    for raw_item in _strip_period(remarks).split(";"):
        item = _ALT.sub("", raw_item.strip())
        fact = _FACT.match(item)
        if fact:
            found.setdefault(fact["kind"], []).append(fact["value"])
            continue
        weak = _WEAK_ALIAS.match(item)
        if weak:
            found.setdefault("weak", []).append(weak["name"])
            continue
        identifier = _identifier(item)
        if identifier is not None:
            identifiers.append(identifier)
    genders = found.get("Gender", [])
    return RemarkFacts(
        dates_of_birth=tuple(_iso_date(d) for d in found.get("DOB", [])),
        places_of_birth=tuple(found.get("POB", [])),
        nationalities=tuple(found.get("nationality", [])),
        citizenships=tuple(found.get("citizen", [])),
        identifiers=tuple(identifiers),
        linked_to=tuple(found.get("Linked To:", [])),
        weak_aliases=tuple(found.get("weak", [])),
        gender=genders[0] if genders else None,
    )


def _identifier(item: str) -> Identifier | None:
    label_match = _identifier_labels().match(item)
    if label_match is None:
        return None
    parts = _ID_VALUE.match(item[label_match.end() :].strip())
    if parts is None or not any(ch.isdigit() for ch in parts["value"]):
        return None
    kind = vocab()["identifier_labels"][label_match["label"]]
    country = parts["country"]
    return Identifier(kind=str(kind), value=parts["value"], country=to_iso2(country))


def _strip_period(value: str) -> str:
    """The remarks end with a full stop (only the last item has one); drop it unless it ends
    an abbreviation ("Linked To: R D I S.A.")."""
    value = value.strip()
    if value.endswith(".") and "." not in value.rsplit(" ", 1)[-1][:-1]:
        return value[:-1]
    return value


def _iso_date(text: str) -> str:
    """`10 Dec 1948` -> `1948-12-10`, `Dec 1948` -> `1948-12`, `1948` -> `1948` (as the CSL
    publishes them); other forms ("circa 1951", "1948 to 1950") are kept as published."""
    match = _DATE.match(text)
    if match is None or (match["d"] and not match["m"]):
        return text
    month = _MONTHS.get(match["m"] or "", 0)
    if match["m"] and not month:
        return text
    parts = [match["y"]] + ([f"{month:02d}"] if month else [])
    if match["d"]:
        parts.append(f"{int(match['d']):02d}")
    return "-".join(parts)


# --- vocabularies --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    data: dict[str, Any] = packaged_yaml("entitylist.sources", "data/ofac.yml")
    return data


@lru_cache(maxsize=1)
def _identifier_labels() -> re.Pattern[str]:
    labels = sorted(vocab()["identifier_labels"], key=len, reverse=True)
    return re.compile(
        r"^(?P<label>" + "|".join(re.escape(label) for label in labels) + r")(?=[\s#])"
    )
