"""Folding of look-alike letters from other scripts inside Latin names.

A name typed with a Cyrillic `а` or a Greek `ο` inside a Latin word looks right to a person
and wrong to a computer: a transliterator would turn `НUAWEI` (Cyrillic Н) into `NUAWEI`.
Here such letters are replaced by the Latin letter they are drawn like, before any
transliteration, when the word is evidently meant to be Latin:

- a word that mixes Latin letters with look-alikes is folded (`НUAWEI` -> `HUAWEI`);
- a word made only of look-alikes is folded when the name also has a Latin word
  (`ТЕСН` in `НUAWEI ТЕСН`), since a name is seldom written in two alphabets at once;
- a word with any other letter of its script (`Ж`, `Д`) is left to transliteration: it is
  really Cyrillic, and `Сергей` must read `Sergey`, not `Cepgey`.

Unicode's confusables data (UTS #39) is what rigour and ICU's spoof checker build on, but
neither exposes a "fold to Latin" operation, so the small table lives in
`data/lookalikes.yml` and the rule above is written here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

__all__ = ["fold_lookalikes", "is_latin_letter"]

_WORDS = re.compile(r"\S+|\s+")


@lru_cache(maxsize=4096)
def is_latin_letter(char: str) -> bool:
    """True for a letter of the Latin script (ASCII or accented)."""
    if char.isascii():
        return char.isalpha()
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN")


def fold_lookalikes(text: str, table: Mapping[str, str]) -> str:
    """Replace look-alike letters of other scripts by Latin ones where a Latin word is meant."""
    if text.isascii():
        return text
    parts = _WORDS.findall(text)
    latin_words: list[bool] = []
    foldable: list[bool] = []
    for part in parts:
        has_latin = False
        all_foldable = True
        has_letter = False
        for char in part:
            if not char.isalpha():
                continue
            has_letter = True
            if is_latin_letter(char):
                has_latin = True
            elif char not in table:
                all_foldable = False
        latin_words.append(has_latin)
        foldable.append(has_letter and all_foldable)
    name_has_latin = any(latin_words)
    if not name_has_latin:
        return text
    out: list[str] = []
    for part, fold in zip(parts, foldable, strict=True):
        if fold:
            part = "".join(table.get(char, char) for char in part)
        out.append(part)
    return "".join(out)
