"""Chinese company names written in Han script, read the way the lists write them.

The lists write Chinese companies in English with the distinctive word in pinyin. A name in
characters is read with the tables of `data/han_words.yml`: generic words translated
(`技术` -> technology, `大学` -> university), place names as one pinyin word (`北京` ->
beijing), and each remaining run of two to four characters as one pinyin word (`华为` ->
huawei), as the lists write brand words. `HanReading` keeps what was translated and what
was only romanised, so that a result can say how far the name was screened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from entitylist.matching.scripts import transliterate_word

__all__ = ["HanReading", "has_han", "partial_screening_note", "read_han_company"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_JOINED_RUN = range(2, 5)
"""Runs of this many characters are read as one word (brand words: 华为, 浪潮, 中芯)."""


@dataclass(frozen=True, slots=True)
class HanReading:
    """A Han-script company name as read: the text to normalise further, the parts
    translated (`(技术, technology)`) and the parts only romanised (`(华为, huawei)`)."""

    text: str
    translated: tuple[tuple[str, str], ...]
    romanised: tuple[tuple[str, str], ...]
    company: bool
    """Whether the name reads as a company's (its kind, a legal form or a generic word)."""

    @property
    def partly_screened(self) -> bool:
        """Whether part of a company's name was read as pinyin only: a list that writes
        that part by translation is not matched."""
        return self.company and bool(self.romanised)


def has_han(text: str) -> bool:
    return not text.isascii() and _HAN.search(text) is not None


def read_han_company(
    text: str,
    words: tuple[tuple[str, str], ...],
    places: tuple[tuple[str, str], ...],
    *,
    company: bool,
) -> HanReading | None:
    """The reading of `text` (casefolded, legal forms already replaced), or None when it
    holds no Han character. `words` and `places`: (Han, English), longest first. Runs are
    joined into one pinyin word only in a company's name: one of the `company` kind, or
    with a generic word (a person's name keeps its syllables)."""
    if not has_han(text):
        return None
    translated: list[tuple[str, str]] = []
    text = _translate(text, words, translated)
    company = company or bool(translated)
    text = _translate(text, places, translated)
    romanised: list[tuple[str, str]] = []

    def romanise(run: re.Match[str]) -> str:
        latin, _ = transliterate_word(run.group(0))
        if company and len(run.group(0)) in _JOINED_RUN:
            latin = latin.replace(" ", "")
        romanised.append((run.group(0), latin))
        return f" {latin} "

    text = _HAN.sub(romanise, text)
    return HanReading(" ".join(text.split()), tuple(translated), tuple(romanised), company)


def _translate(text: str, table: tuple[tuple[str, str], ...], done: list[tuple[str, str]]) -> str:
    for han, english in table:
        if han in text:
            text = text.replace(han, f" {english} ")
            done.append((han, english))
    return text


def partial_screening_note(reading: HanReading) -> str:
    """What a result says when a Han-script company name may not have been fully
    screened (it reached no alert and part of it was only romanised)."""
    read = ", ".join(f"{han} as {latin!r}" for han, latin in reading.romanised)
    done = ", ".join(f"{han} as {english!r}" for han, english in reading.translated if english)
    return (
        "a Chinese-script company name was screened only partly: "
        + (f"the generic words were translated ({done}), " if done else "")
        + f"the rest was read as pinyin ({read}); a listed company written in English "
        "under a translated name (浪潮 is Inspur) is not found this way: screen the "
        "company's English name too"
    )
