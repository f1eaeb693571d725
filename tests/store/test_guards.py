"""Fail-closed checks, as pure functions."""

from __future__ import annotations

import pytest

from entitylist.errors import UpdateRefused
from entitylist.model import Entry, ParseResult
from entitylist.sources.base import CountBounds
from entitylist.store.guards import check_update


def parsed(n: int) -> ParseResult:
    return ParseResult(
        entries=[
            Entry(list_code="EL", source_id=str(i), key=f"EL:{i}", name=f"P{i}") for i in range(n)
        ],
        rows_read=n,
    )


def check(n: int, previous: int | None, *, force: bool = False, min_entries: int = 1) -> None:
    check_update(
        "csl",
        parsed(n),
        CountBounds(min_entries=min_entries),
        previous,
        max_shrink=0.2,
        max_skipped_fraction=0.05,
        force=force,
    )


def test_a_list_may_shrink_up_to_the_bound() -> None:
    check(80, 100)


def test_a_list_that_shrinks_past_the_bound_is_refused_unless_forced() -> None:
    with pytest.raises(UpdateRefused, match=r"from 100 to 79 entries \(21%\).*--force"):
        check(79, 100)
    check(79, 100, force=True)


def test_a_list_below_its_declared_minimum_is_truncated() -> None:
    with pytest.raises(UpdateRefused, match="looks truncated"):
        check(40, None, min_entries=50, force=True)


def test_growth_is_always_accepted() -> None:
    check(1000, 10)
