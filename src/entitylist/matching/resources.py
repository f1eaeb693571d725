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

__all__ = [
    "ENDING_MIN_LENGTH",
    "NEAR_MIN_LENGTH",
    "KoreanSyllables",
    "NameSpellings",
    "ReferenceData",
    "korean_syllables",
    "name_spellings",
    "reference_data",
]


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
class NameSpellings:
    """Spellings of one name word in persons' names (`data/name_spellings.yml`)."""

    canonical: MappingProxyType[str, str]
    """Every spelling of a group -> the group's canonical spelling (`aly` -> `ali`)."""
    endings: tuple[tuple[str, str], ...]
    """(ending, written as) for words of `ENDING_MIN_LENGTH` letters or more (`iy` -> `y`)."""
    cyrillic: MappingProxyType[str, str]
    """A Cyrillic letter -> the Latin letters a person's name is written with (`х` -> `kh`)."""
    cyrillic_not_with: frozenset[str]
    """Letters of the languages that write those letters otherwise (Serbian `ћ`: `h`)."""
    abd_written: str = "abdul"
    """How Abd and its article are written, apart from the name (`abdul qadir`)."""
    abd_words: frozenset[str] = frozenset()
    """Abd and the article written as one word apart from the name (`abdul`, `abdel`)."""
    abd_links: frozenset[str] = frozenset()
    """Articles written between `abd` and the name (`al`, `el`, `ur`)."""
    article: str = ""
    """The Arabic article, written apart where an Arabic name joins it (`alhouthi`)."""
    article_least_rest: int = 0
    """Letters a word needs after the article to be split (`alawi` stays)."""
    arabic_markers: frozenset[str] = frozenset()
    """Words that mark a name as Arabic (`abd`, `bin`, `al`)."""
    arabic_words: frozenset[str] = frozenset()
    """The canonical spellings of the Arabic groups (`muhammad`, `ali`): markers too."""
    near: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """A spelling of `NEAR_MIN_LENGTH` - 1 letters or more, and each with one letter
    removed -> the spellings it came from: where a typo of a spelling is found."""


ENDING_MIN_LENGTH = 5
"""Letters a word needs before its ending is rewritten (`Dmitriy`, not `Liy`)."""
NEAR_MIN_LENGTH = 6
"""Letters a word needs to be read as a typo of a spelling one edit away (`mohamemd`)."""


def name_spellings(
    document: dict[str, Any], reserved: frozenset[str] = frozenset()
) -> NameSpellings:
    """The table of `name_spellings.yml`, checked: an entry without a reason, a spelling
    that is not lower-case letters, of one letter, in two groups, excluded, `reserved`
    (a stopword or a Korean syllable's spelling: it would read two ways) or with an
    ending the endings rewrite (it would never be looked up), and a canonical spelling
    outside its group, are refused with ValueError."""
    endings = tuple((str(e["ending"]), str(e["written"])) for e in document.get("endings", ()))
    excluded = {str(e["spelling"]) for e in document.get("exclusions", ())}
    entries = [*document["groups"], *document.get("endings", ()), *document.get("cyrillic", ())]
    entries += document.get("exclusions", ())
    if any(not str(e.get("reason", "")).strip() for e in entries):
        raise ValueError("a name spelling entry has no reason")
    canonical = _spelling_groups(document["groups"], excluded | reserved, endings)
    cyrillic = {str(c["letter"]): str(c["written"]) for c in document.get("cyrillic", ())}
    not_with = "".join(str(c.get("not_with", "")) for c in document.get("cyrillic", ()))
    abd = document.get("abd", {"written": "abdul", "words": [], "links": [], "reason": "none"})
    article = document.get("article", {"article": "", "least_rest": 0, "markers": []})
    if not str(abd.get("reason", "")).strip() or (article["article"] and not article.get("reason")):
        raise ValueError("the Abd names or the joined article have no reason")
    arabic = [g for g in document["groups"] if g.get("language") == "arabic"]
    return NameSpellings(
        canonical=MappingProxyType(canonical),
        endings=endings,
        cyrillic=MappingProxyType(cyrillic),
        cyrillic_not_with=frozenset(not_with),
        abd_written=str(abd["written"]),
        abd_words=frozenset(map(str, abd["words"])),
        abd_links=frozenset(map(str, abd["links"])),
        article=str(article["article"]),
        article_least_rest=int(article["least_rest"]),
        arabic_markers=frozenset(map(str, article["markers"])),
        arabic_words=frozenset(str(g["canonical"]) for g in arabic),
        near=_near_keys(canonical),
    )


def _spelling_groups(
    groups: list[dict[str, Any]],
    refused: set[str] | frozenset[str],
    endings: tuple[tuple[str, str], ...],
) -> dict[str, str]:
    """Every spelling of the groups -> its group's canonical spelling, each checked."""
    canonical: dict[str, str] = {}
    ends = tuple(e for e, _ in endings)
    for group in groups:
        head = str(group["canonical"])
        spellings = [str(s) for s in group["spellings"]]
        if head not in spellings:
            raise ValueError(f"name spelling group {head!r}: canonical not among its spellings")
        for spelling in spellings:
            if len(spelling) < 2 or not (spelling.isascii() and spelling.isalpha()):
                raise ValueError(f"name spelling {spelling!r}: one letter, or not letters")
            if spelling != spelling.casefold() or spelling in refused:
                raise ValueError(
                    f"name spelling {spelling!r}: not lower case, excluded or reserved"
                )
            if spelling in canonical:
                raise ValueError(f"name spelling {spelling!r} is in two groups")
            if len(spelling) >= ENDING_MIN_LENGTH and spelling.endswith(ends):
                raise ValueError(f"name spelling {spelling!r} has an ending that is rewritten")
            canonical[spelling] = head
    return canonical


def _near_keys(canonical: dict[str, str]) -> MappingProxyType[str, tuple[str, ...]]:
    """Each long spelling, and it with one letter removed -> the spellings it came from."""
    near: dict[str, list[str]] = {}
    for spelling in canonical:
        if len(spelling) >= NEAR_MIN_LENGTH - 1:
            for k in range(-1, len(spelling)):
                key = spelling if k < 0 else spelling[:k] + spelling[k + 1 :]
                near.setdefault(key, []).append(spelling)
    return MappingProxyType({k: tuple(dict.fromkeys(v)) for k, v in near.items()})


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
    spellings: NameSpellings = field(default_factory=lambda: name_spellings({"groups": []}))
    """Spellings of one name word in persons' names (`Aly` / `Ali`, `Artyom` / `Artem`)."""


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
    korean = korean_syllables(_load("korean_syllables.yml"))
    words = ("particles", "titles", "articles")
    reserved = frozenset(korean.canonical).union(*(map(str, stop[w]) for w in words))
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
        korean=korean,
        spellings=name_spellings(_load("name_spellings.yml"), reserved),
    )


def _longest_first(table: dict[Any, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((str(k), str(v)) for k, v in table.items()), key=lambda kv: -len(kv[0])))
