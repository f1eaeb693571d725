"""The lists the sources name, by code and title (`data/csl_lists.yml`): which list a CSL
row's `source` cell names, and the title every face shows for a code. A leaf, so that
reports and the faces read titles without importing a list parser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from entitylist.model import EntryType
from entitylist.packaged import packaged_yaml, reviewed_mapping

LISTS_RESOURCE = "data/csl_lists.yml"


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
    return load_list_table(packaged_yaml("entitylist", LISTS_RESOURCE))


def load_list_table(data: Any) -> ListTable:
    lists = reviewed_mapping(data, LISTS_RESOURCE, "a mapping of list code to its spellings")
    by_code: dict[str, ListInfo] = {}
    for code, spec in lists.items():
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
