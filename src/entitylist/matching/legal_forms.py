"""Recognition and canonicalisation of legal forms (Ltd, LLC, GmbH, OOO, 有限公司, ...).

rigour's org-type database (ISO 20275 plus OCCRP's list, thousands of forms in many
languages, matched by an Aho-Corasick automaton in Rust) does the heavy lifting: in its
*generic* mode it rewrites every form to one code per family, so `Co., Ltd.`,
`Company Limited`, `GmbH`, `OOO` and `Sp. z o.o.` all become `llc`, and `AG`, `S.A.`,
`PJSC` all become `jsc`. Two gaps are filled from `data/legal_forms.yml`: forms written in
CJK scripts (rigour's table is Latin and Cyrillic), rewritten before transliteration, and
the set of tokens that count as legal forms afterwards (rigour's codes plus company-kind
words it leaves alone, such as `company` and `corporation`).

One guard is ours: rigour also knows two- and three-letter forms (`AT`, `SA`, `SAD`, `AG`)
that are ordinary words or name parts in the middle or at the start of a name (`AT&T`,
`Sa'd Sabawi`). A short form is therefore only taken at the end of a name, or at the start
when it is a form that is written first (`OOO`, `PJSC`, `PT`: the `tokens` list).
"""

from __future__ import annotations

import re
from collections.abc import Set
from functools import lru_cache

from rapidfuzz.distance import OSA, Indel
from rigour.names.org_types import extract_org_types

__all__ = ["canonicalise_legal_forms", "is_misspelt_legal_form", "replace_cjk_legal_forms"]

_NON_ALNUM = re.compile(r"[\W_]+")
_SHORT = 3


def _has_alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


def canonicalise_legal_forms(text: str, leading_forms: Set[str]) -> str:
    """Rewrite legal forms in casefolded text to rigour's generic codes (`llc`, `jsc`, ...)."""
    matches = extract_org_types(text, generic=True)
    if not matches:
        return text
    spans: list[tuple[int, int, str]] = []
    cursor = 0
    for matched, target in matches:
        # as a whole word: rigour may report a form as it reads it (`as` for `aş`), and
        # that text can also sit inside a name (`Aselsan ... AŞ` is not `As elsan`)
        found = _whole(matched).search(text, cursor)
        if found is None:
            continue
        spans.append((found.start(), found.end(), target))
        cursor = found.end()
    out: list[str] = []
    last = 0
    for index, (start, end, target) in enumerate(spans):
        core = _NON_ALNUM.sub("", text[start:end])
        if len(core) > _SHORT:
            keep = True
        else:
            before = "".join(text[a:b] for a, b in _gaps(spans[:index], 0, start))
            after = "".join(text[a:b] for a, b in _gaps(spans[index + 1 :], end, len(text)))
            keep = not _has_alnum(after) or (not _has_alnum(before) and core in leading_forms)
        if keep:
            out.append(text[last:start])
            out.append(f" {target} ")
            last = end
    out.append(text[last:])
    result = "".join(out)
    return result if _has_alnum(result) else text


@lru_cache(maxsize=4096)
def _whole(form: str) -> re.Pattern[str]:
    return re.compile(r"(?<![^\W_])" + re.escape(form) + r"(?![^\W_])")


def _gaps(spans: list[tuple[int, int, str]], lo: int, hi: int) -> list[tuple[int, int]]:
    """The stretches of [lo, hi) not covered by `spans` (which are sorted and disjoint)."""
    gaps: list[tuple[int, int]] = []
    cursor = lo
    for start, end, _ in spans:
        if end <= lo or start >= hi:
            continue
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < hi:
        gaps.append((cursor, hi))
    return gaps


def replace_cjk_legal_forms(text: str, forms: tuple[tuple[str, str], ...]) -> str:
    """Rewrite CJK legal forms (longest first) so that they survive transliteration."""
    if text.isascii():
        return text
    for form, replacement in forms:
        if form in text:
            text = text.replace(form, replacement)
    return text


_MIN_FUZZY_LEGAL = 6
_MIN_SHORT_LEGAL = 4


@lru_cache(maxsize=65536)
def _long_forms(tokens: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(t for t in tokens if len(t) >= _MIN_FUZZY_LEGAL))


@lru_cache(maxsize=65536)
def _short_forms(tokens: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(t for t in tokens if _MIN_SHORT_LEGAL < len(t) < _MIN_FUZZY_LEGAL))


@lru_cache(maxsize=65536)
def _misspelt(token: str, tokens: frozenset[str]) -> bool:
    if len(token) < _MIN_FUZZY_LEGAL:
        # Short words: a swap of neighbours or a letter dropped or doubled (`ojint`,
        # `stck`), never a substitution, which would make `point` or `stack` legal forms.
        for form in _short_forms(tokens):
            if len(form) == len(token):
                if sorted(form) == sorted(token) and OSA.distance(token, form) == 1:
                    return True
            elif abs(len(form) - len(token)) == 1 and Indel.distance(token, form) == 1:
                return True
        return False
    budget = 1 if len(token) < 9 else 2
    for form in _long_forms(tokens):
        if abs(len(form) - len(token)) <= budget and OSA.distance(token, form) <= budget:
            return True
    return False


def is_misspelt_legal_form(token: str, tokens: frozenset[str]) -> bool:
    """Whether a token is a legal-form word with a typo: from six letters, one edit
    (two from nine letters: `compnay`, `lmited`, `corporavtion`); shorter words, only a
    swap of neighbours or a dropped or doubled letter (`ojint`, `stck`)."""
    if len(token) < _MIN_SHORT_LEGAL or not token.isalpha():
        return False
    return _misspelt(token, tokens)
