"""Name tokens: the kinds a token can be, and the normalised form of one name.

A name is compared as a bag of tokens, each with a kind that sets how much it can say about
identity: a legal form or a title says nearly nothing, a particle (`al`, `bin`, `van`,
`of`) a little, and a name word as much as its rarity across the indexed names allows
(see `weights.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

__all__ = ["NameForm", "NameKind", "TokenKind"]


class TokenKind(IntEnum):
    NAME = 0
    LEGAL = 1
    """A legal form or company-kind word: `llc`, `jsc`, `company`, `corporation`."""
    PARTICLE = 2
    """An article, preposition or name particle: `the`, `of`, `al`, `bin`, `van`."""
    TITLE = 3
    """An honorific or rank at the start of a name: `mr`, `dr`, `sheikh`, `mv`."""
    NUMBER = 4
    """A token with a digit: `44`, `2004`; numbers must agree exactly."""
    INITIAL = 5
    """A single letter: `v` in `V. Putin`."""
    ARTICLE = 6
    """`the`, `a`, `an`: nothing at all about identity."""
    PATRONYMIC = 7
    """A person's patronymic (`vladimirovich`, `oglu`): counts half."""


class NameKind(IntEnum):
    """What a name names; steers legal-form handling and initials."""

    UNKNOWN = 0
    PERSON = 1
    ORGANISATION = 2


@dataclass(frozen=True, slots=True)
class NameForm:
    """One name after normalisation: its tokens in order, with their kinds.

    `abjad` marks tokens transliterated from a script that leaves short vowels unwritten;
    they are compared by consonant skeleton. Tokens are unique within a name (a repeated
    token, as in `Sergey Sergey Shoigu`, is kept once).
    """

    original: str
    tokens: tuple[str, ...]
    kinds: tuple[TokenKind, ...]
    abjad: tuple[bool, ...]
    kind: NameKind = NameKind.UNKNOWN

    @property
    def text(self) -> str:
        """The normalised name: its tokens joined by single spaces."""
        return " ".join(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)
