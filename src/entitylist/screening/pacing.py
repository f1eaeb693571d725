"""Background work in a serving process that leaves the CPU to the requests.

A service swaps in a new index from a background thread while its event loop answers
requests. Both need the GIL, and CPython hands it over only when the holder blocks or every
5 ms (`sys.getswitchinterval`): a thread loading a new index at full speed makes every
request wait up to 5 ms each time it gets the GIL back after a system call, several times
per request, so that under 200 requests a second the loop falls behind and its queue grows
for as long as the load runs (issue 8, item 13). A `Pacer` is called at points where the
work can stop for a moment: once the thread has used `slice_s` of CPU since its last pause,
it sleeps long enough that the work takes at most `share` of the wall clock. The sleep
releases the GIL at once, so a request that arrives meanwhile runs without waiting, and a
request that arrives mid-slice waits for at most the rest of one slice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

SHARE = 0.25
"""Of the wall clock, what background work may take (it then takes 4 times its CPU time)."""
SLICE_S = 0.002
"""CPU time between pauses: what a request arriving mid-slice may wait at most."""


class Pacer:
    """A pause point for background work (see the module docstring)."""

    def __init__(self, share: float = SHARE, slice_s: float = SLICE_S) -> None:
        if not 0 < share <= 1 or slice_s <= 0:
            raise ValueError("a pacer needs 0 < share <= 1 and slice_s > 0")
        self.share = share
        self.slice_s = slice_s
        self.cpu_s = 0.0
        """CPU time this thread spent between its first and last pause (what the work cost)."""
        self.slept_s = 0.0
        self._since = time.thread_time()

    def __call__(self) -> None:
        now = time.thread_time()
        used = now - self._since
        if used < self.slice_s:
            return
        self.cpu_s += used
        rest = used * (1 - self.share) / self.share
        self.slept_s += rest
        time.sleep(rest)
        self._since = time.thread_time()


def paced(items: Iterable[T], pause: Callable[[], None]) -> Iterator[T]:
    """`items`, with `pause` called after each."""
    for item in items:
        yield item
        pause()


def no_pause() -> None:
    """Work that runs at full speed (a command line run, where nothing waits on it)."""
    return None
