"""Entity List licence wording read beyond scope and policy: footnote designations, the
foreign direct product paragraphs cited, carve-outs, end-use limits, ECCNs and licence
exceptions named (rules in `data/licence_terms.yml`).

Pipeline order: normalise the published text as `licence.normalise` does -> find the
footnote numbers printed after a 734.9 paragraph or after "of the EAR" -> find the 734.9
paragraphs cited -> try every term's pattern -> find ECCNs named. The published text stays
with the entry (`Entry.licence`); `LicenceTerms` holds only what was read from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from entitylist.model import Licence
from entitylist.packaged import packaged_yaml, reviewed_mapping
from entitylist.sources.licence import normalise

TERMS_RESOURCE = "data/licence_terms.yml"

# A footnote number is printed right after the paragraph it qualifies ("734.9(e)1",
# "734.9(g),3", "734.9(g), 3 §") or after the closing "of the EAR" ("EAR)4", "EAR 2").
_AFTER_PARAGRAPH = re.compile(r"734\.9\([a-z]\)(?:\(\d\))?(?:,\s?|\s)?(\d)(?![\d(.])")
_AFTER_EAR = re.compile(r"of the ear\s?\)?\.?\s?(\d)\b")
_FDP_CITED = re.compile(r"734\.9\(([a-z])\)(\(\d\))?")
# An ECCN: digit, category letter, three digits, optional sub-paragraphs ("3A090.a").
_ECCN = re.compile(r"\b(\d[a-e]\d{3}(?:\.[a-z0-9]+)*)\b")


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    fdp: str | None
    licence: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    pattern: re.Pattern[str]
    citation: str
    why: str
    in_policy: bool = False
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TermRules:
    footnotes: dict[int, Footnote]
    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class LicenceTerms:
    """What an entry's licence text says beyond scope and policy."""

    footnotes: tuple[int, ...] = ()
    unknown_footnotes: tuple[int, ...] = ()
    fdp_paragraphs: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    eccns: tuple[str, ...] = ()

    def has(self, term: str) -> bool:
        return term in self.terms


@lru_cache(maxsize=2048)
def read_terms(requirement_text: str, policy_text: str = "") -> LicenceTerms:
    """Read one entry's licence requirement and review policy (pure; cached per text)."""
    rules = term_rules()
    requirement = normalise(requirement_text)
    policy = normalise(policy_text)
    numbers = footnote_numbers(requirement)
    known = tuple(n for n in numbers if n in rules.footnotes)
    fdp = {
        f"15 CFR 734.9({m.group(1)}){m.group(2) or ''}" for m in _FDP_CITED.finditer(requirement)
    }
    fdp.update(p for n in known if (p := rules.footnotes[n].fdp))
    # A bare paragraph ("734.9(e)") says no more than the numbered one beside it.
    fdp = {p for p in fdp if not any(q != p and q.startswith(p) for q in fdp)}
    return LicenceTerms(
        footnotes=known,
        unknown_footnotes=tuple(n for n in numbers if n not in rules.footnotes),
        fdp_paragraphs=tuple(sorted(fdp)),
        terms=tuple(
            t.term for t in rules.terms if t.pattern.search(policy if t.in_policy else requirement)
        ),
        eccns=tuple(dict.fromkeys(m.upper() for m in _ECCN.findall(requirement))),
    )


def terms_of(licence: Licence | None) -> LicenceTerms:
    if licence is None:
        return LicenceTerms()
    return read_terms(licence.requirement_text, licence.policy_text)


def footnote_numbers(normal_requirement: str) -> tuple[int, ...]:
    """Footnote numbers printed in a normalised requirement text, in order, without repeats."""
    found = [int(m.group(1)) for m in _AFTER_PARAGRAPH.finditer(normal_requirement)]
    found += [int(m.group(1)) for m in _AFTER_EAR.finditer(normal_requirement)]
    return tuple(dict.fromkeys(found))


def footnote(number: int) -> Footnote | None:
    return term_rules().footnotes.get(number)


def term(name: str) -> Term:
    for t in term_rules().terms:
        if t.term == name:
            return t
    raise KeyError(name)


@cache
def term_rules() -> TermRules:
    return load_term_rules(packaged_yaml("entitylist.sources", TERMS_RESOURCE))


def load_term_rules(data: Any) -> TermRules:
    """Build the rules; a bad footnote or term fails loudly with its position."""
    rules = reviewed_mapping(data, TERMS_RESOURCE, "a mapping with 'footnotes' and 'terms'")
    footnotes = {}
    for number, item in (rules.get("footnotes") or {}).items():
        try:
            footnotes[int(number)] = Footnote(
                number=int(number),
                fdp=item.get("fdp"),
                licence=str(item["licence"]),
                meaning=str(item["meaning"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{TERMS_RESOURCE}: footnotes.{number}: {exc}") from exc
    terms = tuple(_term(t, i) for i, t in enumerate(rules.get("terms") or []))
    return TermRules(footnotes=footnotes, terms=terms)


def _term(item: Any, index: int) -> Term:
    where = f"{TERMS_RESOURCE}: terms[{index}]"
    try:
        return Term(
            term=str(item["term"]),
            pattern=re.compile(str(item["pattern"])),
            citation=str(item["citation"]),
            why=str(item["why"]),
            in_policy=item.get("in") == "policy",
            examples=tuple(str(e) for e in item.get("examples", ())),
        )
    except (KeyError, TypeError, re.error) as exc:
        raise ValueError(f"{where}: {exc}") from exc
