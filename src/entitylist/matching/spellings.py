"""Persons' name words written one way (`data/name_spellings.yml`), pure.

A person's name reaches the lists and the screener in several spellings of one word:
`Aly` / `Ali`, `Artyom` / `Artem`, `Dmitriy` / `Dmitry`, `Abdelkader` / `Abd al-Kader` /
`Abdul Kader`, `ALHOUTHI` / `AL-HOUTHI`. Each is written one way here, on both sides (the
listed name and the query), so that retrieval and scoring see one spelling: an edit
distance cannot, since short words that differ by a letter are different names (`ali` /
`ama`). Organisations' names never come here.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from entitylist.matching.resources import (
    ENDING_MIN_LENGTH,
    NEAR_MIN_LENGTH,
    KoreanSyllables,
    NameSpellings,
)

__all__ = ["cyrillic_as_listed", "person_spellings"]

_VOWEL_LINK = "(?:a|e|i|o|u|ou|oo)"
_ABD_JOINED = re.compile(
    # `abdelkader`, `abdulaziz`; `abdurrahman` (the article's l assimilated: the letter
    # doubled); `abdirahman` (a linking vowel alone)
    rf"^abd(?:{_VOWEL_LINK}l|{_VOWEL_LINK}(?P<sun>[rsntdz])(?=(?P=sun))|{_VOWEL_LINK}(?=[^aeiou]))"
    r"(?P<name>[a-z]{3,})$"
)
_NOT_ABD_NAME = re.compile(r"^l?lah|(?:ov|ev|ova|eva|ovich|evich|ovna|evna)$")
"""A joined Abd word whose rest is not one name: Abd Allah (`abdullahi`), or a surname
built on it (`abdullaev`, `abdurakhmanov`): both kept whole."""


def cyrillic_as_listed(word: str, spellings: NameSpellings) -> str:
    """A person's Cyrillic word with the letters the lists write otherwise than the
    transliteration does already in Latin (`х` -> `kh`, as OFAC writes `TOKHTAKHOUNOV`
    where rigour reads `tohtahunov`), unless the word has a letter of a language that
    writes them otherwise (Serbian `ћ`, `џ`: `Хаџић` is `Hadzic`)."""
    table = spellings.cyrillic
    if not table or not any(c in table for c in word):
        return word
    if not spellings.cyrillic_not_with.isdisjoint(word):
        return word
    return "".join(table.get(c, c) for c in word)


def person_spellings(
    tokens: list[str], abjad_tokens: set[str], korean: KoreanSyllables, spellings: NameSpellings
) -> list[str]:
    """A person's tokens each written in one spelling: Abd names as `abdul` and the name
    (`abdelkader`, `abdul kader`, `abd al kader` -> `abdul qadir`), a joined article apart
    in an Arabic name (`alhouthi` -> `al houthi`), a romanisation of a Korean syllable as
    its group's canonical spelling (`gim` -> `kim`), a rewritten ending (`dmitriy` ->
    `dmitry`) and a name word's spelling, or a long typo of one (`mohamemd`), as its
    group's canonical one (`aly` -> `ali`;
    `Ali Aly` is then `ali`, as a listed `ALI ALI` is). A Korean syllable keeps its
    spelling where the canonical one is already in the name (`Ri Lee` stays two words),
    and a token that came from an abjad (a skeleton) keeps its own."""
    if not korean.canonical and not spellings.canonical:
        return tokens
    words = _abd_words(tokens, abjad_tokens, spellings)
    if _arabic(words, spellings):
        words = _articles_apart(words, abjad_tokens, spellings)
    out: list[str] = []
    for token in words:
        mapped = token
        if token not in abjad_tokens:
            mapped = _ending_rewritten(token, spellings.endings)
            mapped = spellings.canonical.get(mapped) or _near_canonical(mapped, spellings)
            syllable = korean.canonical.get(mapped, mapped)
            if syllable == mapped or not (syllable in words or syllable in out):
                mapped = syllable
        out.append(mapped)
    return out


def _near_canonical(token: str, spellings: NameSpellings) -> str:
    """The canonical spelling of the one group with a spelling one edit away from a long
    token (a typo of a listed spelling: `mohamemd`, `kadder`), else the token: without
    this, a typo of a spelling the table maps away would be two edits from the listed
    name's canonical spelling instead of one from its written one."""
    if len(token) < NEAR_MIN_LENGTH or not token.isalpha() or token[:-1] in spellings.canonical:
        return token  # a spelling and a letter is another word: `ahmadi`, `karimi` (nisbas)
    keys = [token] + [token[:k] + token[k + 1 :] for k in range(len(token))]
    found = {
        spellings.canonical[spelling]
        for key in keys
        for spelling in spellings.near.get(key, ())
        if OSA.distance(token, spelling) <= 1
    }
    return found.pop() if len(found) == 1 else token


def _ending_rewritten(token: str, endings: tuple[tuple[str, str], ...]) -> str:
    """The token with its ending written as `endings` say (`dmitriy` -> `dmitry`)."""
    if len(token) >= ENDING_MIN_LENGTH and token.isalpha():
        for ending, written in endings:
            if token.endswith(ending):
                return token[: -len(ending)] + written
    return token


def _abd_words(tokens: list[str], abjad_tokens: set[str], spellings: NameSpellings) -> list[str]:
    """Abd names written one way and the name: `abd`, `abdel`, ... followed by a word
    become `abdul` (the table's `written`), the article between Abd and the name goes
    (`abd al aziz` -> `abdul aziz`: a name's second `al` would otherwise be dropped as a
    repeat), and a joined Abd word splits (`abdelaziz` -> `abdul aziz`)."""
    out: list[str] = []
    k = 0
    while k < len(tokens):
        token, rest = tokens[k], len(tokens) - k - 1
        k += 1
        if token in abjad_tokens:
            out.append(token)
            continue
        if token in spellings.abd_words or _near_abd(token, spellings):
            out.append(spellings.abd_written)
            if rest >= 2 and tokens[k] in spellings.abd_links:
                k += 1
            continue
        joined = _ABD_JOINED.match(token) if token not in spellings.canonical else None
        if joined is not None and not _NOT_ABD_NAME.search(joined["name"]):
            out += [spellings.abd_written, joined["name"]]
        else:
            out.append(token)
    return out


def _near_abd(token: str, spellings: NameSpellings) -> bool:
    """Whether a word of five letters or more is one edit from a joined Abd word, a typo
    of one (`badur`, `abudl`): written `abdul`, it would be two edits from the listed
    name's `abdul` and lost."""
    return (
        len(token) >= ENDING_MIN_LENGTH
        and token.isalpha()
        and token not in spellings.canonical
        and any(OSA.distance(token, word) <= 1 for word in spellings.abd_words if len(word) > 3)
    )


def _arabic(tokens: list[str], spellings: NameSpellings) -> bool:
    """Whether a name reads as Arabic: it has a particle or word of Arabic names (`abdul`,
    `bin`, `al`) or an Arabic name word of the table (`muhammad`, `aly`)."""
    markers, arabic = spellings.arabic_markers, spellings.arabic_words
    return any(t in markers or spellings.canonical.get(t, "") in arabic for t in tokens)


def _articles_apart(
    tokens: list[str], abjad_tokens: set[str], spellings: NameSpellings
) -> list[str]:
    """An Arabic name's words that begin with the article written apart from it when
    the rest is long enough to be a name (`alhouthi` -> `al houthi`, `alhasan` -> `al
    hasan`; `alawi`, `aldin` and the table's own words, `ali`, stay)."""
    article, least = spellings.article, spellings.article_least_rest
    out: list[str] = []
    for token in tokens:
        rest = token[len(article) :]
        if (
            article
            and token.startswith(article)
            and len(rest) >= least
            and token not in abjad_tokens
            and token not in spellings.canonical
            and rest.isalpha()
        ):
            out += [article, rest]
        else:
            out.append(token)
    return out
