"""Reference data of the matching core, read once from the YAML files in `data/`.

The tables are data, not code (rigour's habit): look-alike letters, abbreviations, legal
forms, stopwords and generic words each live in their own YAML file, so that a reviewer can
read and extend them without touching the algorithms. Each loader returns an immutable
object and is memoised, so every caller shares one read of each file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

__all__ = ["KoreanSyllables", "ReferenceData", "korean_syllables", "reference_data"]


@dataclass(frozen=True, slots=True)
class KoreanSyllables:
    """The romanisations of Korean syllables (`data/korean_syllables.yml`), for lookups."""

    canonical: MappingProxyType[str, str]
    """Every spelling of a group -> the group's canonical spelling."""
    syllables: frozenset[str]
    """The canonical spellings: one per syllable, never fuzzy near-equals of each other."""
    surnames: MappingProxyType[str, str]
    """A Hangul surname syllable -> the spelling it reads as a surname (`이` -> `ri`)."""
    excluded: frozenset[str]
    """Spellings left out on purpose (another language's name token or a stopword)."""


def korean_syllables(document: dict[str, Any]) -> KoreanSyllables:
    """The table of `korean_syllables.yml`, checked: a spelling in two groups (it would
    map to either), a one-letter spelling (an initial), a canonical spelling outside its
    group, an excluded spelling in a group or a surname reading outside the groups is
    refused with ValueError."""
    canonical: dict[str, str] = {}
    for group in document["groups"]:
        head = str(group["canonical"])
        spellings = [str(s) for s in group["spellings"]]
        if head not in spellings or not str(group.get("reason", "")).strip():
            raise ValueError(f"Korean group {head!r}: canonical not among spellings, or no reason")
        for spelling in spellings:
            if len(spelling) < 2:
                raise ValueError(f"Korean spelling {spelling!r} is one letter")
            if spelling in canonical:
                raise ValueError(f"Korean spelling {spelling!r} is in two groups")
            canonical[spelling] = head
    excluded = frozenset(str(e["spelling"]) for e in document.get("exclusions", ()))
    both = sorted(excluded.intersection(canonical))
    if both:
        raise ValueError(f"excluded Korean spellings in groups: {both}")
    surnames = {str(k): str(v) for k, v in document.get("surnames", {}).items()}
    if any(reading not in canonical for reading in surnames.values()):
        raise ValueError("a Korean surname reading is not a spelling of the table")
    return KoreanSyllables(
        canonical=MappingProxyType(canonical),
        syllables=frozenset(canonical.values()),
        surnames=MappingProxyType(surnames),
        excluded=excluded,
    )


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """Every table the normaliser and the scorer read, already shaped for lookups."""

    lookalikes: MappingProxyType[str, str]
    """One code point of Cyrillic/Greek/Armenian -> the Latin letter it looks like."""
    abbreviations: MappingProxyType[str, tuple[str, ...]]
    """Normalised token -> canonical token(s)."""
    phrases: tuple[tuple[tuple[str, ...], str], ...]
    """Runs of normalised tokens -> the one token they contract to, longest first."""
    cjk_legal_forms: tuple[tuple[str, str], ...]
    """(CJK legal form, replacement text), longest form first."""
    legal_tokens: frozenset[str]
    particles: frozenset[str]
    titles: frozenset[str]
    articles: frozenset[str]
    patronymic_suffixes: tuple[str, ...]
    particle_factor: float
    title_factor: float
    article_factor: float
    patronymic_factor: float
    generic_words: frozenset[str]
    generic_factor: float
    han_words: tuple[tuple[str, str], ...] = ()
    """(Han generic word of company names, the English the lists write), longest first."""
    han_places: tuple[tuple[str, str], ...] = ()
    """(Han place name, its one-word pinyin), longest first."""
    korean: KoreanSyllables = field(
        default_factory=lambda: korean_syllables({"groups": [], "surnames": {}})
    )
    """Romanisations of Korean syllables, read in persons' names."""


def _load(name: str) -> Any:
    text = resources.files("entitylist.matching").joinpath("data").joinpath(name).read_text("utf-8")
    # The safe loader, in libyaml where PyYAML has it: the same documents, ten times faster.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def reference_data() -> ReferenceData:
    """Read every table once; the result is immutable and shared."""
    look = _load("lookalikes.yml")
    lookalikes: dict[str, str] = {}
    for table in look.values():
        lookalikes.update({str(k): str(v) for k, v in table.items()})
    abbr_file = _load("abbreviations.yml")
    abbr = abbr_file["abbreviations"]
    abbreviations = {str(k): tuple(str(v).split()) for k, v in abbr.items()}
    phrases = sorted(
        ((tuple(str(k).split()), str(v)) for k, v in abbr_file.get("phrases", {}).items()),
        key=lambda kv: -len(kv[0]),
    )
    legal = _load("legal_forms.yml")
    cjk = sorted(((str(k), str(v)) for k, v in legal["cjk"].items()), key=lambda kv: -len(kv[0]))
    stop = _load("stopwords.yml")
    generic = _load("generic_words.yml")
    han = _load("han_words.yml")
    return ReferenceData(
        lookalikes=MappingProxyType(lookalikes),
        abbreviations=MappingProxyType(abbreviations),
        phrases=tuple(phrases),
        cjk_legal_forms=tuple(cjk),
        legal_tokens=frozenset(str(t) for t in legal["tokens"]),
        particles=frozenset(str(t) for t in stop["particles"]),
        titles=frozenset(str(t) for t in stop["titles"]),
        articles=frozenset(str(t) for t in stop["articles"]),
        patronymic_suffixes=tuple(str(t) for t in stop["patronymic_suffixes"]),
        particle_factor=float(stop["factors"]["particle"]),
        title_factor=float(stop["factors"]["title"]),
        article_factor=float(stop["factors"]["article"]),
        patronymic_factor=float(stop["factors"]["patronymic"]),
        generic_words=frozenset(str(t) for t in generic["words"]),
        generic_factor=float(generic["factor"]),
        han_words=_longest_first(han["words"]),
        han_places=_longest_first(han["places"]),
        korean=korean_syllables(_load("korean_syllables.yml")),
    )


def _longest_first(table: dict[Any, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((str(k), str(v)) for k, v in table.items()), key=lambda kv: -len(kv[0])))
