"""Background work paced so that a serving process's requests keep the CPU."""

from __future__ import annotations

import pytest

from entitylist.screening.pacing import Pacer, paced


def _busy(pacer: Pacer, slices: int) -> None:
    """Work in small steps with a pause point after each, until `slices` pauses were taken."""
    total = 0
    while pacer.slept_s == 0 or pacer.cpu_s < slices * pacer.slice_s:
        total += sum(range(2_000))
        pacer()
    assert total


def test_work_sleeps_so_that_it_takes_its_share_of_the_clock() -> None:
    pacer = Pacer(share=0.5, slice_s=0.001)
    _busy(pacer, slices=5)
    # At a share of one half it sleeps as long as it works; at a quarter, three times as long.
    assert pacer.slept_s == pytest.approx(pacer.cpu_s)
    quarter = Pacer(share=0.25, slice_s=0.001)
    _busy(quarter, slices=5)
    assert quarter.slept_s == pytest.approx(3 * quarter.cpu_s)


def test_no_pause_is_taken_before_a_slice_of_cpu_is_used() -> None:
    pacer = Pacer(slice_s=60.0)
    for _ in paced(range(1_000), pacer):
        pass
    assert pacer.slept_s == 0 and pacer.cpu_s == 0


def test_paced_items_come_out_unchanged_with_a_pause_after_each() -> None:
    calls: list[int] = []
    items = list(paced(iter("abc"), lambda: calls.append(1)))
    assert items == ["a", "b", "c"] and len(calls) == 3


@pytest.mark.parametrize(("share", "slice_s"), [(0.0, 0.002), (1.5, 0.002), (0.25, 0.0)])
def test_a_pacer_that_would_never_run_or_never_pause_is_refused(
    share: float, slice_s: float
) -> None:
    with pytest.raises(ValueError, match="0 < share <= 1"):
        Pacer(share=share, slice_s=slice_s)
