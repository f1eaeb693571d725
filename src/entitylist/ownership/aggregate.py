"""The 50 percent test: how much of a company one or more listed parties own, through any
chain (15 CFR part 744, supplement no. 8, paragraph (b)).

Along a chain, shares multiply (a listed owner holding 100 % of a holding that holds 60 %
holds 60 %); across chains and across listed owners they add. A chain stops at the first
listed party it meets, so one holding is never counted twice. An intermediate company that
is itself owned 50 % or more is "subject to restrictions based upon ownership" (supplement
no. 8 (b)): its share then counts in full, not multiplied. A band counts by its lower bound
(the upper bound is reported beside it). A chain that meets a company twice is cut there
(cycles). A link whose share is not stated cannot be added up: a chain through it to a
listed party is reported as undetermined, which supplement no. 8 (a) treats as a concern of
its own. Pure functions over an `OwnershipGraph`; nothing here knows of the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from entitylist.ownership.model import OwnershipLink

THRESHOLD = 50.0
MAX_DEPTH = 12
"""Chains longer than this are not followed (registry graphs have no meaningful ones)."""


@dataclass(frozen=True)
class OwnershipGraph:
    """The links in force on one day, indexed by the company owned."""

    owners_of: Mapping[str, tuple[OwnershipLink, ...]]
    names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        links: Iterable[OwnershipLink],
        *,
        on: date | None = None,
        names: Mapping[str, str] | None = None,
    ) -> OwnershipGraph:
        by_owned: dict[str, list[OwnershipLink]] = defaultdict(list)
        for link in links:
            if link.in_force(on) and link.owner != link.owned:
                by_owned[link.owned].append(link)
        return cls({k: tuple(v) for k, v in by_owned.items()}, dict(names or {}))

    def label(self, key: str) -> str:
        return self.names.get(key) or key


@dataclass(frozen=True)
class OwnershipPath:
    """One chain from a listed party (`root`) down to the company, with what it adds."""

    root: str
    links: tuple[OwnershipLink, ...]
    """From the listed party downward: links[0].owner is `root`, links[-1].owned the company."""
    percent_low: float
    percent_high: float
    full_from: str | None = None
    """An intermediate owned 50 % or more whose share counts in full (not multiplied)."""

    def describe(self, graph: OwnershipGraph) -> str:
        shares = " x ".join(link.share_text for link in self.links)
        via = [graph.label(link.owned) for link in self.links[:-1]]
        text = f"{_pct(self.percent_low, self.percent_high)} from {graph.label(self.root)}"
        if via:
            text += f" through {' -> '.join(via)}"
        text += f" ({shares})"
        if self.full_from:
            text += (
                f"; {graph.label(self.full_from)} is itself owned 50 % or more, so its share "
                "counts in full"
            )
        return text


@dataclass(frozen=True)
class Aggregate:
    """The 50 percent test for one company."""

    company: str
    percent_low: float
    percent_high: float
    paths: tuple[OwnershipPath, ...]
    undetermined: tuple[OwnershipPath, ...] = ()
    """Chains to a listed party through a link whose share is not stated."""

    @property
    def meets_threshold(self) -> bool:
        return self.percent_low >= THRESHOLD - 1e-9

    @property
    def roots(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.root for p in self.paths))


def aggregate(graph: OwnershipGraph, company: str, listed: Mapping[str, object]) -> Aggregate:
    """How much of `company` the parties in `listed` (keys of the graph) own, with paths."""
    paths, undetermined = _walk(graph, company, listed, frozenset({company}))
    low = min(100.0, sum(p.percent_low for p in paths))
    high = min(100.0, sum(p.percent_high for p in paths))
    return Aggregate(company, round(low, 6), round(high, 6), tuple(paths), tuple(undetermined))


def _walk(
    graph: OwnershipGraph, company: str, listed: Mapping[str, object], seen: frozenset[str]
) -> tuple[list[OwnershipPath], list[OwnershipPath]]:
    paths: list[OwnershipPath] = []
    undetermined: list[OwnershipPath] = []
    if len(seen) > MAX_DEPTH:
        return paths, undetermined
    for link in graph.owners_of.get(company, ()):
        owner = link.owner
        if owner in seen:
            continue  # a cycle: this chain has already passed through `owner`
        low, high = _bounds(link)
        if owner in listed:
            target = paths if link.counted else undetermined
            target.append(OwnershipPath(owner, (link,), low, high))
            continue
        above, above_undetermined = _walk(graph, owner, listed, seen | {owner})
        undetermined.extend(_extend(p, link, 0.0, 0.0) for p in above_undetermined)
        if not link.counted:
            undetermined.extend(_extend(p, link, 0.0, 0.0) for p in above)
            continue
        owner_low = sum(p.percent_low for p in above)
        if owner_low >= THRESHOLD - 1e-9:
            # The intermediate is itself restricted: its share counts in full, once.
            best = max(above, key=lambda p: p.percent_low)
            paths.append(OwnershipPath(best.root, (*best.links, link), low, high, owner))
            continue
        paths.extend(
            _extend(p, link, p.percent_low * low / 100, p.percent_high * high / 100) for p in above
        )
    return paths, undetermined


def _extend(path: OwnershipPath, link: OwnershipLink, low: float, high: float) -> OwnershipPath:
    return OwnershipPath(path.root, (*path.links, link), low, high, path.full_from)


def _bounds(link: OwnershipLink) -> tuple[float, float]:
    if not link.counted or link.share_low is None:
        return 0.0, 0.0
    return link.share_low, link.share_high if link.share_high is not None else link.share_low


def _pct(low: float, high: float) -> str:
    if abs(high - low) < 1e-9:
        return f"{low:.4g} %"
    return f"{low:.4g}-{high:.4g} %"
