"""The small interface every list source implements: fetch bytes, parse them to entries.

A download is a `Bundle`: the named files one retrieval brings (one CSV for the CSL, four
for the OFAC legacy set). Its sha256 is taken over the names and bytes in name order, so
the same content always has the same digest whatever order it arrived in.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Protocol

from anyascii import anyascii

from entitylist.countries import to_iso2
from entitylist.model import Address, Entry, ParseResult
from entitylist.model import Bundle as Bundle  # the fetch layer's names for them
from entitylist.model import CountBounds as CountBounds
from entitylist.packaged import packaged_yaml


@dataclass(frozen=True)
class Declared:
    """What `sources/data/sources.yml` declares of a published source."""

    title: str
    default_url: str
    min_entries: int


@cache
def declared(name: str) -> Declared:
    """The declared title, official location and minimum count of the source `name`."""
    spec = packaged_yaml("entitylist.sources", "data/sources.yml")[name]
    return Declared(str(spec["title"]), str(spec["url"]), int(spec["min_entries"]))


class DeclaredSource:
    """A published source whose title, official location and minimum count come from its
    declaration (`declared`); a subclass sets `name` and says which files it requires."""

    name: str
    title: str
    default_url: str
    bounds: CountBounds

    def __init__(self) -> None:
        facts = declared(self.name)
        self.title, self.default_url = facts.title, facts.default_url
        self.bounds = CountBounds(
            min_entries=facts.min_entries, required_files=self.required_files()
        )

    def required_files(self) -> tuple[str, ...]:
        """The files every sound download of this source holds (none by default)."""
        return ()


class Source(Protocol):
    """One published list format. Implementations live one per module in `sources/`."""

    name: str
    """Short code used on the command line (`csl`, `ofac`, `ofac-cons`, `dpl`, `un`)."""
    title: str
    default_url: str
    """The official download location (a file URL, or a base URL for multi-file sets)."""
    bounds: CountBounds

    def fetch(self, location: str, *, timeout: float = 60.0) -> Bundle:
        """Read the published files from a URL or a local path."""
        ...

    def parse(self, bundle: Bundle) -> ParseResult:
        """Turn the published files into entries; raise SourceFormatError when unusable."""
        ...


@dataclass
class KeyMaker:
    """Assigns stable identities (`Entry.key`) within one snapshot of one source.

    Lists that publish a stable id (OFAC ent_num, UN reference number) use it. Lists that
    publish none (the Entity List, DPL and other BIS/State lists, and the CSL's hash `_id`,
    which changes with content) are keyed by list code and the normalised primary name:
    `EL:n:inspur-taiwan-co-ltd`. Where two entries of one list share that, each gets a suffix
    from a hash of its addresses, so the key stays stable while name and addresses do.
    """

    seen: Counter[str] = field(default_factory=Counter)

    @staticmethod
    def published(list_code: str, published_id: str) -> str:
        return bounded(f"{list_code}:{published_id.strip()}")

    @staticmethod
    def from_name(list_code: str, name: str) -> str:
        return bounded(f"{list_code}:n:{slug(name)}")

    @staticmethod
    def disambiguate(entries: Iterable[Entry]) -> list[Entry]:
        """Make keys unique within one parse, deterministically (order does not matter)."""
        items = list(entries)
        counts = Counter(e.key for e in items)
        out: list[Entry] = []
        used: Counter[str] = Counter()
        for entry in items:
            if counts[entry.key] == 1:
                out.append(entry)
                continue
            basis = "|".join(sorted(a.text for a in entry.addresses)) or entry.content_hash()
            suffix = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:8]
            key = f"{entry.key}~{suffix}"
            used[key] += 1
            if used[key] > 1:  # same name and same addresses: fall back to order of publication
                key = f"{key}.{used[key]}"
            # A source id derived from the key follows it (see csl._source_id).
            source_id = key if entry.source_id == entry.key else entry.source_id
            out.append(replace(entry, key=key, source_id=source_id))
        return out


_SLUG_DROP = re.compile(r"[^0-9a-z]+")
KEY_LIMIT = 200
"""Keys longer than this end in a digest instead, so that very long published names key the
same on every backend (the store's key column holds 512 characters)."""


def bounded(key: str) -> str:
    if len(key) <= KEY_LIMIT:
        return key
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{key[: KEY_LIMIT - 17]}~{digest}"


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; the basis of derived keys."""
    return _SLUG_DROP.sub("-", anyascii(text).casefold()).strip("-") or "x"


def published_address(
    street: str | None,
    city: str | None,
    state: str | None,
    postal_code: str | None,
    country: str | None,
) -> Address | None:
    """An address published in parts (DPL, UN): its text is the parts joined in this order,
    its country code read from the published country; None when every part is empty."""
    text = ", ".join(p for p in (street, city, state, postal_code, country) if p)
    if not text:
        return None
    return Address(
        text=text,
        street=street,
        city=city,
        state=state,
        postal_code=postal_code,
        country=to_iso2(country),
        country_name=country,
    )
