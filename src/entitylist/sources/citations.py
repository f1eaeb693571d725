"""Federal Register citations as the US lists publish them, parsed into `Citation` records.

Pipeline order: tokenise the cell (citation heads, issue numbers, dates, bare numbers) ->
a small state machine groups tokens into citations -> each citation keeps the exact
published span as its `text`.

The cells are typed by hand and vary a lot; all of these occur in real files:

    80 FR 69852                                 volume, page
    82 F.R. 48792 10/20/2017                    volume, page, date
    68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 several in one cell, 2-digit years
    73 FR 54506; 78 FR 75458                    ; , and "and" as separators
    63 FR 64322, 11/19/98, 65 FR 14444, ...     the date after a comma
    77 FR 58006 (no. 182)   76 FR no. 242 pg. 78146   issue numbers
    Notice 2049, Vol. 59, No. 153, 8/10/94      State lists: volume and issue, no page
    81.F.R. 22575   83F.R. 28801   84 fr 40241  odd spacing and case
    87 30173 5/18/2022   F.R. 30078 5/10/2023   88 FR   a part left out

Nothing published is dropped: an impossible date (11/222/2021, 5/10/203) gives `date=None`
with the text kept, and a non-empty cell in which no citation is recognised comes back as
one `Citation` holding only its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from entitylist.model import Citation

# One alternation, tried left to right at each position: the order matters (a citation head
# must win over the bare number that is its volume, a date over the numbers inside it).
_TOKEN = re.compile(
    r"""
    (?P<state>(?:Notice\s+\d+\s*,\s*)?Vol\.?\s*(?P<svol>\d{1,3})\s*,?\s*No\.?\s*\d+)
  | (?P<fr>(?:(?P<vol>\d{1,3})\s*\.?\s*)?(?<![A-Z])F\.?\s?R\b\.?)
  | (?P<issue>\(\s*No\.?\s*\d+\s*\)|\bNo\.?\s*\d+)
  | (?P<date>\(?(?P<m>\d{1,2})/(?P<d>\d{1,3})/(?P<y>\d{1,4})\b\)?)
  | (?P<num>\d+)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Two-digit years: the Federal Register began in 1936 and these lists start in the 1980s,
# so 00-49 are 20xx and 50-99 are 19xx (good until 2050, by when the lists use 4 digits).
_CENTURY_PIVOT = 50


@dataclass
class _Open:
    """A citation being assembled: where it starts and ends in the cell, and what it has."""

    start: int
    end: int
    volume: int | None = None
    page: int | None = None
    dated: bool = False
    date: date | None = None

    def useful(self) -> bool:
        return self.volume is not None or self.page is not None or self.dated


def parse_citations(text: str | None) -> tuple[Citation, ...]:
    """All Federal Register citations in one published cell, in order of appearance."""
    if text is None or not text.strip():
        return ()
    done: list[_Open] = []
    current: _Open | None = None
    pending: list[re.Match[str]] = []  # bare numbers seen outside a citation

    def close() -> None:
        nonlocal current
        if current is not None and current.useful():
            done.append(current)
        current = None

    for token in _TOKEN.finditer(text):
        kind = token.lastgroup
        if kind == "state" or kind == "fr":
            close()
            pending.clear()
            volume = token.group("svol") if kind == "state" else token.group("vol")
            current = _Open(token.start(), token.end(), volume=_int(volume))
        elif kind == "issue":
            if current is not None and not current.dated:
                current.end = token.end()
        elif kind == "num":
            if current is not None and not current.dated:
                if current.page is None:
                    current.page = int(token.group())
                current.end = token.end()  # a second page ("16786, 16787") stays in the text
            else:
                pending.append(token)
        elif kind == "date":
            if current is None or current.dated:
                close()
                current = _from_pending(pending, token)
                pending.clear()
            current.dated = True
            current.date = _date(token.group("m"), token.group("d"), token.group("y"))
            current.end = token.end()
    close()
    if not done:
        return (Citation(text=text.strip()),)
    return tuple(
        Citation(text=text[c.start : c.end].strip(), volume=c.volume, page=c.page, date=c.date)
        for c in done
    )


def _from_pending(pending: list[re.Match[str]], date_token: re.Match[str]) -> _Open:
    """A date outside any citation: "87 30173 5/18/2022" (the F.R. left out) gives volume and
    page from the two numbers before it; a lone date becomes a citation with only a date."""
    if len(pending) >= 2:
        volume, page = pending[-2], pending[-1]
        return _Open(volume.start(), date_token.end(), int(volume.group()), int(page.group()))
    return _Open(date_token.start(), date_token.end())


def _date(month: str, day: str, year: str) -> date | None:
    """A published m/d/y date, or None when impossible (month 13, day 222, year 203)."""
    if len(year) == 2:
        yy = int(year)
        full = 2000 + yy if yy < _CENTURY_PIVOT else 1900 + yy
    elif len(year) == 4:
        full = int(year)
    else:
        return None
    try:
        return date(full, int(month), int(day))
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value else None
