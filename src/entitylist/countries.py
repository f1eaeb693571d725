"""Country names and codes as lists publish them, to ISO 3166-1 alpha-2.

rigour's territory database does the lookup (names, codes, historic and colloquial forms);
this module only adds the cache and the upper-case convention used across the package.
"""

from __future__ import annotations

from functools import lru_cache

from rigour.territories import get_territory, lookup_territory


@lru_cache(maxsize=4096)
def to_iso2(text: str | None) -> str | None:
    """`'United Kingdom'`, `'GB'`, `'Korea, North'` -> `'GB'`, `'GB'`, `'KP'`; None if unknown."""
    if not text:
        return None
    value = text.strip().strip(".").strip()
    if not value:
        return None
    territory = get_territory(value.lower()) if len(value) == 2 else None
    if territory is None:
        territory = lookup_territory(value)
    if territory is None:
        return None
    code = territory.code.split("-")[0]
    return code.upper() if len(code) == 2 else None


def country_name(code: str | None) -> str | None:
    if not code:
        return None
    territory = get_territory(code.lower())
    return territory.name if territory else None
