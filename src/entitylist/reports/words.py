"""Numbers and lists as a reporter writes them (pure)."""

from __future__ import annotations

from collections.abc import Sequence

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number(n: int) -> str:
    """Small numbers in words, larger ones in figures (newspaper style)."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


def about(n: int) -> str:
    """ "over 50" for 53, "50" for 50, words below ten."""
    if n < 20:
        return number(n)
    step = 10 if n < 200 else 100
    floor = n - n % step
    return f"{floor:,}" if floor == n else f"over {floor:,}"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    return singular if n == 1 else (plural_form or singular + "s")


def join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
