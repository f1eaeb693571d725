"""Long lists are cut into pieces of one named size, in order, none lost."""

from __future__ import annotations

import pytest

from entitylist.chunks import in_chunks


def test_pieces_keep_the_order_and_the_last_may_be_shorter() -> None:
    assert [list(c) for c in in_chunks(list(range(7)), 3)] == [[0, 1, 2], [3, 4, 5], [6]]


def test_an_empty_list_gives_no_piece() -> None:
    assert list(in_chunks([], 500)) == []


def test_a_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1, not 0"):
        list(in_chunks([1], 0))
