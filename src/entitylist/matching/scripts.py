"""Transliteration of words in non-Latin scripts to lower-case Latin.

Which tool for which script, and why:

- Han (Chinese hanzi): `pypinyin`, one syllable per character, toneless. ICU's Han-Latin
  gives the same readings but pypinyin resolves polyphonic characters from word context.
  Syllables are kept apart (`习近平` -> `xi jin ping`); the scorer joins neighbouring
  tokens, so `xi jin ping` still aligns with `Xi Jinping`.
- Hangul: the Revised Romanization (`_revised_romanization`), one romanised syllable per
  block (`김정은` -> `gim jeong eun`), for the same reason: Korean given names are written
  as one, two or three Latin words. Each syllable is romanised on its own, as a name's
  syllables are written (`박` -> `bak`, `혁` -> `hyeok`, `리` -> `ri`), so that it lands on
  a spelling of `korean_syllables.yml`; anyascii's letter-by-letter reading (`bag`,
  `hyeog`, `li`) would not.
- Every other script: `rigour.text.translit.ascii_text` (rigour's own tables for Cyrillic,
  Greek, Armenian and Georgian, then ICU through normality for the rest, Japanese kana
  included).
- Abjads (Arabic, Hebrew, Syriac, Thaana) and the scripts that leave the inherent vowel
  unwritten (Thai, Lao, Khmer) transliterate to consonant skeletons (`محمد` -> `mhmd`).
  Their tokens are flagged, and the scorer compares them with the consonant skeleton of the
  other side (`Mohamed` -> `mhmd`) instead of the full spelling.

Japanese kanji are read as Chinese (no reading dictionary ships with the dependencies).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from anyascii import anyascii
from rigour.text.scripts import codepoint_script
from rigour.text.translit import ascii_text

__all__ = ["ABJAD_SCRIPTS", "Transliterated", "transliterate_word"]

ABJAD_SCRIPTS = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana", "Thai", "Lao", "Khmer"})
"""Scripts whose Latin rendering is a consonant skeleton (short vowels are not written)."""

_UNSPACED_SCRIPTS = frozenset({"Thai", "Lao", "Khmer", "Myanmar"})

Transliterated = tuple[str, bool]
"""Latin text of one word, and whether it came from an abjad (compare by skeleton)."""


def _pinyin() -> Callable[..., list[str]]:
    """pypinyin's reader, imported on the first Han word: its phrase tables take a third of
    a second to load, which every command would pay at start-up otherwise."""
    from pypinyin import lazy_pinyin

    # Typed here: where pypinyin is not installed (a build's own environment) it is Any.
    reader: Callable[..., list[str]] = lazy_pinyin
    return reader


def _scripts(word: str) -> set[str]:
    found: set[str] = set()
    for char in word:
        if char.isascii() or not char.isalpha():
            continue
        script = codepoint_script(ord(char))
        if script is not None and script not in ("Common", "Inherited"):
            found.add(script)
    return found


@lru_cache(maxsize=65536)
def transliterate_word(word: str) -> Transliterated:
    """Latin (ASCII, lower case) rendering of one whitespace-free word."""
    if word.isascii():
        return word, False
    scripts = _scripts(word)
    abjad = bool(scripts & ABJAD_SCRIPTS)
    if "Han" in scripts:
        syllables = [ascii_text(s) for s in _pinyin()(word, errors="default")]
        text = " ".join(s for s in syllables if s.strip())
    elif "Hangul" in scripts:
        text = " ".join(_revised_romanization(char) for char in word)
    else:
        text = ascii_text(word)
        if not text.strip() and word.strip():
            text = anyascii(word)
        if scripts & _UNSPACED_SCRIPTS:
            # ICU spells these syllable by syllable; the word was one word.
            text = text.replace(" ", "")
    return text.casefold(), abjad


# The Revised Romanization of Korean (2000) for a syllable read alone: its initial
# consonant, its vowel, and its final consonant as pronounced at the end of a word.
_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
             "k", "t", "p", "h")  # fmt: skip
_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
            "wo", "we", "wi", "yu", "eu", "ui", "i")  # fmt: skip
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
           "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip
_FIRST_SYLLABLE, _LAST_SYLLABLE = 0xAC00, 0xD7A3


def _revised_romanization(char: str) -> str:
    """One Hangul syllable block in the Revised Romanization; anything else (a lone jamo,
    another script) through anyascii."""
    code = ord(char)
    if not _FIRST_SYLLABLE <= code <= _LAST_SYLLABLE:
        return anyascii(char) if char.isalpha() else char
    initial, rest = divmod(code - _FIRST_SYLLABLE, 21 * 28)
    medial, final = divmod(rest, 28)
    return _INITIALS[initial] + _MEDIALS[medial] + _FINALS[final]
