"""Normalisation of names: the same pure function at index time and at query time.

Pipeline order (each step assumes the previous ones):

1. Unicode NFKC (full-width letters, ligatures, compatibility forms to plain ones) and
   removal of invisible format characters (zero-width spaces, soft hyphens, BOM).
2. Look-alike folding (`lookalikes.py`): a Cyrillic `а` inside a Latin word becomes `a`.
3. Case folding.
4. Apostrophes dropped inside words (`Qa'ida` -> `qaida`, `Int'l` -> `intl`).
5. Legal forms (organisations only, `legal_forms.py`): CJK forms, then rigour's database in
   generic mode (`Co., Ltd.` -> `llc`, `Aktiengesellschaft` -> `jsc`); then Han-script
   company words (`han_names.py`): generic words translated, places and brand words as
   one pinyin word each (`华为技术` -> `huawei technology`).
6. Transliteration word by word (`scripts.py`): Cyrillic, Greek, Arabic, Hebrew, Han
   (pinyin), Hangul, kana, ... to ASCII (in a person's name, Cyrillic `х` as `kh`, as the
   lists write it: `name_spellings.yml`); then legal forms again, for romanised forms
   (`obshchestvo s ogranichennoy otvetstvennostyu` -> `llc`). A person's Hangul word is
   read as a Korean name: surname apart, given-name syllables joined (`김정은` -> `kim
   jongun`).
7. Punctuation: dotted letters are joined in a company's name (`L.L.C.`, `J.P.`) and
   are initials in a person's (`M.I.`), `&` reads `and`, every
   other non-alphanumeric character separates tokens (hyphens included: `Jean-Marie`
   gives two tokens; the scorer joins neighbours again where the other side is one word).
8. Tokens: abbreviations expanded (`intl` -> `international`, data in
   `abbreviations.yml`; in a person's name, romanisations of a Korean syllable written as
   one, `korean_syllables.yml`, and the spellings of one name word written as one,
   `name_spellings.yml`: `Aly` -> `ali`, `Artyom` -> `artem`, `Dmitriy` -> `dmitry`),
   legal forms once more on the clean tokens, repeats dropped,
   each token given its kind (legal form, particle, leading title, number, initial, or
   name word).

`Normalizer` holds the reference tables and is the one callable both sides use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from entitylist.matching.han_names import HanReading, has_han, read_han_company
from entitylist.matching.legal_forms import (
    canonicalise_legal_forms,
    is_misspelt_legal_form,
    replace_cjk_legal_forms,
)
from entitylist.matching.lookalikes import fold_lookalikes
from entitylist.matching.resources import KoreanSyllables, ReferenceData, reference_data
from entitylist.matching.scripts import transliterate_word
from entitylist.matching.spellings import cyrillic_as_listed, person_spellings
from entitylist.matching.tokens import NameForm, NameKind, TokenKind

__all__ = [
    "DEFAULT_NORMALIZER",
    "Normalizer",
    "name_kind_for",
    "name_variants",
    "normalise_name",
]

# Invisible characters that copy/paste leaves inside words: remove, do not split.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u034f\u180e]")
# Apostrophe-like marks (and the `?` that replaces them in badly re-encoded text) join the
# letters around them: `Mus'ab`, `Mus’ab` and `Mus?ab` must all read `musab`.
_APOSTROPHES = re.compile("(?<=\\w)['’‘`´ʼʻʹʾʿ′?](?=\\w)|['’‘`´ʼʻʹʾʿ′]")
# Single letters or digits joined by dots, as in `L.L.C.`, `J.P.`, `U.S.`, `A.B.C`.
_DOTTED = re.compile(r"(?<![0-9a-z])(?:[0-9a-z]\.){1,}[0-9a-z](?![0-9a-z])\.?")
_AMPERSAND = re.compile(r"\s*&\s*")
_SEPARATORS = re.compile(r"[\W_]+")
_WHITESPACE = re.compile(r"\s+")


_ALTERNATIVES = re.compile(r"(?<=[^\W\d_]{2})\s*/\s*(?=[^\W\d_]{2})")


def name_variants(text: str) -> tuple[str, ...]:
    """The name, and its parts when it gives alternatives with a slash, and the name
    without a bracket that only repeats it.

    Lists write two names of one party as one (`Al-Qa'ida/Islamic Army`); each part is
    a name of its own. Slashes between short parts are not alternatives (`S/A`, `A/S`).
    A bracketed acronym of the name's own words or a repeated word of it (`Beijing
    University of Aeronautics and Astronautics (BUAA)`, `Huawei Technologies Co., Ltd.
    (Huawei)`) says nothing new, but left in it is a listed word every query lacks.
    """
    parts = [p.strip() for p in _ALTERNATIVES.split(text)]
    variants = [text, *(p for p in parts if p)] if len(parts) >= 2 else [text]
    plain = _without_repeating_bracket(text)
    if plain is not None:
        variants.append(plain)
    return tuple(variants)


_BRACKET = re.compile(r"^(?P<name>.*\S)\s*\((?P<inner>[^()\s]+)\)\s*\.?$")
_ACRONYM_SKIPS = frozenset({"of", "and", "the", "for", "de", "&"})


def _without_repeating_bracket(text: str) -> str | None:
    """`text` without its closing bracket when that holds one word that is the acronym of
    the words before it or one of them; else None."""
    found = _BRACKET.match(text)
    if found is None:
        return None
    name, inner = found.group("name"), found.group("inner").casefold()
    words = [w for w in _SEPARATORS.split(name.casefold()) if w]
    initials = "".join(w[0] for w in words if w not in _ACRONYM_SKIPS)
    if len(inner) >= 2 and (inner in words or _is_acronym(inner, initials)):
        return name.rstrip(" ,;")
    return None


def _is_acronym(inner: str, initials: str) -> bool:
    """Whether `inner` is made of the initials in order, from the first (`CETC` of China
    Electronics Technology Group Corporation: the acronym may skip a word)."""
    if not initials or inner[0] != initials[0]:
        return False
    rest = iter(initials)
    return all(letter in rest for letter in inner)


def name_kind_for(entity_type: str | None) -> NameKind:
    """The name kind for an `IndexRecord.entity_type` / `Query.entity_type` value."""
    if entity_type == "individual":
        return NameKind.PERSON
    if entity_type in ("entity", "vessel", "aircraft"):
        return NameKind.ORGANISATION
    return NameKind.UNKNOWN


_RECENT = 1024
"""Names whose forms a normaliser keeps: one party is searched in more than one index (the
lists, the ownership pass's companies), each normalising the same name the same way."""


@dataclass(frozen=True)
class Normalizer:
    """Turns a raw name into a `NameForm`; used identically for listed names and queries."""

    data: ReferenceData = field(default_factory=reference_data)
    _recent: dict[tuple[str, NameKind], NameForm] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __call__(self, text: str, kind: NameKind = NameKind.UNKNOWN) -> NameForm:
        key = (text, kind)
        form = self._recent.get(key)
        if form is None:
            form = self._normalise(text, kind)
            if len(self._recent) >= _RECENT:
                self._recent.clear()  # a bounded memo: recent names only
            self._recent[key] = form
        return form

    def han_reading(self, text: str, kind: NameKind = NameKind.UNKNOWN) -> HanReading | None:
        """How a name in Han script is read as a company's (None for a person's name or
        a name without Han characters): what was translated, what only romanised."""
        if kind is NameKind.PERSON or not has_han(text):
            return None
        return self._han(self._folded(text), kind)[1]

    def _folded(self, text: str) -> str:
        clean = unicodedata.normalize("NFKC", text)
        clean = _INVISIBLE.sub("", clean)
        clean = fold_lookalikes(clean, self.data.lookalikes)
        clean = clean.casefold()
        clean = _APOSTROPHES.sub("", clean)
        return _AMPERSAND.sub(" and ", clean)

    def _han(self, clean: str, kind: NameKind) -> tuple[str, HanReading | None]:
        """Legal forms, then Han-script company words (organisations and unknown kinds)."""
        data = self.data
        before = clean
        clean = replace_cjk_legal_forms(clean, data.cjk_legal_forms)
        company = kind is NameKind.ORGANISATION or clean != before
        clean = canonicalise_legal_forms(clean, data.legal_tokens)
        han = read_han_company(clean, data.han_words, data.han_places, company=company)
        return (clean if han is None else han.text), han

    def _normalise(self, text: str, kind: NameKind) -> NameForm:
        data = self.data
        clean = self._folded(text)
        organisation = kind is not NameKind.PERSON
        if organisation:
            # A ship's or a fund's closing number is written either way (`HAO FAN VI`,
            # `HAO FAN 6`), read before legal forms (`II` is one); a person's closing `I`,
            # `V` or `XI` is more often a name.
            clean = _CLOSING_ROMAN.sub(lambda m: " " + _ROMAN[m[1]], clean)
            clean = self._han(clean, kind)[0]
        abjad_tokens: set[str] = set()
        if not clean.isascii():
            words: list[str] = []
            split = _WHITESPACE.split(clean)
            for position, word in enumerate(split):
                if kind is NameKind.PERSON:
                    word = cyrillic_as_listed(word, data.spellings)
                latin, abjad = transliterate_word(word)
                if kind is NameKind.PERSON and _HANGUL.fullmatch(word):
                    latin = _korean_word(word, latin, position, len(split), data.korean)
                words.append(latin)
                if abjad:
                    abjad_tokens.update(_SEPARATORS.split(_APOSTROPHES.sub("", latin)))
            clean = _APOSTROPHES.sub("", " ".join(words).casefold())
            if organisation:
                clean = canonicalise_legal_forms(clean, data.legal_tokens)
        # A company's dotted letters are one word (`L.L.C.`, `U.S.A.`), a person's are
        # initials (`BYSTROV, M.I.` is Mikhail Ivanovich)
        dots = " " if kind is NameKind.PERSON else ""
        clean = _DOTTED.sub(lambda m: m.group(0).replace(".", dots), clean)
        raw_tokens = _SEPARATORS.sub(" ", clean).split()
        return self._classify(text, raw_tokens, abjad_tokens, kind)

    def _classify(
        self, original: str, raw_tokens: list[str], abjad_tokens: set[str], kind: NameKind
    ) -> NameForm:
        data = self.data
        expanded: list[str] = []
        if kind is NameKind.PERSON:
            expanded = person_spellings(raw_tokens, abjad_tokens, data.korean, data.spellings)
        else:
            for raw in raw_tokens:
                expanded.extend(data.abbreviations.get(raw, (raw,)))
            expanded = contract_phrases(expanded, data.phrases)
        tokens = _unique(expanded)
        if kind is not NameKind.PERSON and tokens:
            # Once more on the clean tokens: abbreviations may have spelt a legal form out
            # (`ltd` -> `limited`), punctuation may have revealed one (`N:V` -> `n v`), and
            # dropping a repeat may have moved one to the end. Without this pass,
            # normalising a normalised name could change it again.
            tokens = _unique(canonicalise_legal_forms(" ".join(tokens), data.legal_tokens).split())
            if len(tokens) > 1 and tokens[-1] in _ROMAN:
                # a closing numeral that only punctuation set apart (`0:V`), read as the
                # text pass (`_normalise`) reads one set apart by a space
                tokens = _unique([*tokens[:-1], _ROMAN[tokens[-1]]])
        kinds: list[TokenKind] = []
        leading = True
        for position, token in enumerate(tokens):
            if leading and token in data.titles and position < len(tokens) - 1:
                kinds.append(TokenKind.TITLE)
                continue
            leading = False
            if kind is not NameKind.PERSON and (
                token in data.legal_tokens or is_misspelt_legal_form(token, data.legal_tokens)
            ):
                kinds.append(TokenKind.LEGAL)
            elif len(token) == 1 and token.isalpha() and kind is not NameKind.ORGANISATION:
                kinds.append(TokenKind.INITIAL)
            elif token in data.articles:
                kinds.append(TokenKind.ARTICLE)
            elif token in data.particles:
                kinds.append(TokenKind.PARTICLE)
            elif kind is not NameKind.ORGANISATION and token.endswith(data.patronymic_suffixes):
                kinds.append(TokenKind.PATRONYMIC)
            elif any(c.isdigit() for c in token):
                kinds.append(TokenKind.NUMBER)
            elif len(token) == 1:
                kinds.append(TokenKind.INITIAL)
            else:
                kinds.append(TokenKind.NAME)
        abjad = tuple(token in abjad_tokens for token in tokens)
        return NameForm(original, tuple(tokens), tuple(kinds), abjad, kind)


def _roman(n: int) -> str:
    tens, units = divmod(n, 10)
    return "x" * tens + ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")[units]


_ROMAN = {_roman(n): str(n) for n in range(1, 21)}
"""Roman numerals I to XX, read as the number at the end of an organisation's name."""
_CLOSING_ROMAN = re.compile(
    r"(?<=\w)[\s-]+(" + "|".join(sorted(_ROMAN, key=len, reverse=True)) + r")\s*$"
)


def contract_phrases(
    tokens: list[str], phrases: tuple[tuple[tuple[str, ...], str], ...]
) -> list[str]:
    """The tokens with each listed run of words replaced by its short form
    (`united states` -> `usa`), longest run first."""
    if not phrases or len(tokens) < 2:
        return tokens
    out: list[str] = []
    k = 0
    while k < len(tokens):
        for words, short in phrases:
            if tuple(tokens[k : k + len(words)]) == words:
                out.append(short)
                k += len(words)
                break
        else:
            out.append(tokens[k])
            k += 1
    return out


_HANGUL = re.compile("[\uac00-\ud7a3]+")
"""A word of Hangul syllable blocks only."""


def _korean_word(word: str, latin: str, position: int, words: int, korean: KoreanSyllables) -> str:
    """A person's Hangul word read as Korean names are written: the surname apart, with
    its surname reading (`이` -> `ri`, not the one letter `i`), and the given name's
    syllables in their canonical spellings joined into one word (`김정은` -> `kim jongun`).

    A given name's syllables keep their order (`은정` is not `정은`): read apart, they
    would match any listed name carrying the same syllables in any order. The surname is
    the first syllable of the name's first word when that word is the whole name or has
    three syllables or more, and a syllable written apart (`광수 이`: surname last)."""
    syllables = [korean.canonical.get(s, s) for s in latin.split()]
    full_name = position == 0 and (words == 1 or len(syllables) >= 3)
    if len(syllables) == 1 or full_name:
        surname = korean.surnames.get(word[0], syllables[0])
        return " ".join([surname, "".join(syllables[1:])]).strip()
    return "".join(syllables)


def _unique(tokens: list[str]) -> list[str]:
    """The tokens in order, each once."""
    return list(dict.fromkeys(tokens))


DEFAULT_NORMALIZER = Normalizer()
"""The normaliser built from the packaged reference data."""


def normalise_name(text: str, kind: NameKind = NameKind.UNKNOWN) -> str:
    """The normalised form of a name, as one string of space-separated tokens."""
    return DEFAULT_NORMALIZER(text, kind).text
