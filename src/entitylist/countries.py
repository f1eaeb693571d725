"""Country names and codes as lists publish them, to ISO 3166-1 alpha-2.

rigour's territory database does the work. Its full name lookup builds an index of every
known name on first use (about two seconds), so the territories' own names and codes, plus
the list spellings in `data/country_names.yml`, are tried first; the full lookup is the
fallback for anything else.

`country_code` is the one check of a country a person typed, for every face: its code, or
an `InputError` that says what was not understood.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from rigour.territories import get_territories, get_territory, lookup_territory

from entitylist.errors import InputError
from entitylist.packaged import packaged_yaml

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_CLAUSE = re.compile(r"[.;(]")


def _norm(text: str) -> str:
    return _NOT_ALNUM.sub(" ", text.casefold()).strip()


@cache
def _fast_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for territory in get_territories():
        code = territory.code.split("-")[0]
        if len(code) != 2:
            continue
        for name in (
            territory.name,
            territory.full_name,
            territory.alpha3,
            territory.code,
            *territory.other_codes,
        ):
            if name:
                names.setdefault(_norm(name), code.upper())
    for name, code in packaged_yaml("entitylist.data", "country_names.yml").items():
        names[_norm(name)] = str(code or "").upper()
    return names


@lru_cache(maxsize=4096)
def to_iso2(text: str | None) -> str | None:
    """`'United Kingdom'`, `'GB'`, `'Korea, North'` -> `'GB'`, `'GB'`, `'KP'`; None if unknown."""
    if not text:
        return None
    value = text.strip().strip(".").strip()
    if not value:
        return None
    names = _fast_names()
    # Remarks add prose after the name ("Cabo Verde.  Previously Cape Verde", "Iran (...)"):
    # the name before it is tried too, before the slow full lookup.
    for candidate in (value, _CLAUSE.split(value, 1)[0]):
        fast = names.get(_norm(candidate))
        if fast is not None:
            return fast or None  # "" marks a published placeholder such as "undetermined"
    if len(value) == 2:
        territory = get_territory(value.lower())
        return territory.code.upper() if territory and len(territory.code) == 2 else None
    territory = lookup_territory(value)
    if territory is None:
        return None
    code = territory.code.split("-")[0]
    return code.upper() if len(code) == 2 else None


def country_code(text: str | None, *, field: str = "country") -> str | None:
    """The ISO code of a country typed as a name or a code; None when nothing was typed.
    An unknown country is refused, never screened as if none had been given."""
    if text is None or not text.strip():
        return None
    code = to_iso2(text.strip())
    if code is None:
        raise InputError(
            f"{field} {text.strip()!r} is not a country we know: use its name or its "
            "ISO 3166-1 alpha-2 code (e.g. CN)",
            details={"field": field},
        )
    return code


def country_name(code: str | None) -> str | None:
    if not code:
        return None
    territory = get_territory(code.lower())
    return territory.name if territory else None
