"""What changed between the hits of the previous run and those of this one (pure).

Pipeline order: the open results of the previous run, the fresh hits of the parties screened
in this run, the current decisions -> every hit gets the decision that applies to it ->
pairs by (party, source, entry key) -> result rows to keep, supersede or insert, and the
events to report.

Events, one per (party, entry), with every reason that holds:
- `new`: the party matches an entry it did not match before (the first run: every hit);
- `entry_changed`: the matched entry's content changed (content hash);
- `party_changed`: the party's record changed and it still matches;
- `alert_raised` / `alert_lowered`: the score crossed the alert threshold;
- `decision_lapsed`: nothing else changed, but the decision that covered it expired or was
  superseded by one that no longer suppresses;
- `removed`: the hit went because its entry is no longer on any list in force;
- `cleared`: the hit went although the entry is still listed (the party changed, or the
  score fell below the review threshold).
A hit covered by a decision that applies (same party and entry content, not expired) is
not reported: it is already decided; false positives are what that suppresses in practice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from entitylist.monitoring.decisions import Decision, HitKey, Verdict, applicable

KIND_ORDER = (
    "new",
    "entry_changed",
    "party_changed",
    "alert_raised",
    "alert_lowered",
    "decision_lapsed",
    "removed",
    "cleared",
)
_SCORE_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Hit:
    """A party's match against one entry version, as a run found or recorded it."""

    party_ref: int
    party_version_id: int
    party_hash: str
    source: str
    entry_key: str
    entry_version_id: int
    entry_hash: str
    snapshot_id: int
    list_code: str
    score: float
    alert: bool
    matched_name: str
    summary: str
    decision_id: int | None = None
    suppressed: bool = False
    basis: str = "name"
    """name, ownership or affiliate_lead (see ScreeningHit.basis)."""

    @property
    def key(self) -> HitKey:
        return (self.party_ref, self.source, self.entry_key)

    def same_result(self, other: Hit) -> bool:
        """Whether a stored row still says everything about `other` (else: supersede)."""
        return (
            self.party_version_id == other.party_version_id
            and self.entry_version_id == other.entry_version_id
            and abs(self.score - other.score) <= _SCORE_EPSILON
            and self.alert == other.alert
            and self.matched_name == other.matched_name
            and self.summary == other.summary
            and self.decision_id == other.decision_id
            and self.suppressed == other.suppressed
            and self.basis == other.basis
        )


@dataclass(frozen=True, slots=True)
class OpenResult:
    """A stored result row still current after the previous run."""

    id: int
    hit: Hit


@dataclass(frozen=True, slots=True)
class Event:
    kind: str
    reasons: tuple[str, ...]
    before: Hit | None
    after: Hit | None
    lapsed: Decision | None = None
    """The newest decision on this hit when it no longer applies (what a reviewer decided
    before the change), for the report."""

    @property
    def hit(self) -> Hit:
        found = self.after or self.before
        assert found is not None
        return found


@dataclass
class Delta:
    insert: list[Hit] = field(default_factory=list)
    supersede: list[int] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    already_decided: int = 0
    """Changes not reported because a decision applies to the hit."""
    kept: int = 0


def with_decision(hit: Hit, decision: Decision | None, now: datetime) -> Hit:
    found = applicable(decision, hit.party_hash, hit.entry_hash, now)
    return replace(
        hit,
        decision_id=found.id if found else None,
        suppressed=found is not None and found.verdict is Verdict.FALSE_POSITIVE,
    )


def compute_delta(
    previous: Mapping[int, Sequence[OpenResult]],
    fresh: Mapping[int, Sequence[Hit]],
    active: Mapping[int, tuple[int, str]],
    in_force: Callable[[str, str], bool],
    decisions: Mapping[HitKey, Decision],
    now: datetime,
) -> Delta:
    """`previous`: open rows by party ref; `fresh`: hits of the parties screened now (a party
    screened with no hit maps to an empty list); `active`: party ref -> (current version id,
    content hash) of every monitored party; `in_force(source, key)`: whether the entry is on
    a list in force."""
    delta = Delta()
    for ref in sorted(previous.keys() | fresh.keys() | active.keys()):
        rows = previous.get(ref, ())
        if ref not in active:
            # No longer monitored: close its rows quietly (not a change in the lists).
            delta.supersede.extend(r.id for r in rows)
            continue
        if ref in fresh:
            now_hits = [with_decision(h, decisions.get(h.key), now) for h in fresh[ref]]
        else:
            now_hits = [with_decision(r.hit, decisions.get(r.hit.key), now) for r in rows]
        _pair(
            delta, {r.hit.key: r for r in rows}, {h.key: h for h in now_hits}, in_force, decisions
        )
    return delta


def _pair(
    delta: Delta,
    before: Mapping[HitKey, OpenResult],
    after: Mapping[HitKey, Hit],
    in_force: Callable[[str, str], bool],
    decisions: Mapping[HitKey, Decision],
) -> None:
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is not None and new is not None and old.hit.same_result(new):
            delta.kept += 1
            continue
        if old is not None:
            delta.supersede.append(old.id)
        if new is not None:
            delta.insert.append(new)
        reasons = _reasons(old.hit if old else None, new, in_force)
        if not reasons:
            continue
        if new is not None and new.decision_id is not None:
            delta.already_decided += 1
            continue
        if new is None and old is not None and old.hit.suppressed:
            continue  # a hit decided as a false positive went away: nothing to act on
        lapsed = decisions.get(key) if new is not None else None
        delta.events.append(Event(reasons[0], reasons, old.hit if old else None, new, lapsed))


def _reasons(
    old: Hit | None, new: Hit | None, in_force: Callable[[str, str], bool]
) -> tuple[str, ...]:
    if old is None:
        return ("new",)
    if new is None:
        return ("removed",) if not in_force(old.source, old.entry_key) else ("cleared",)
    reasons = []
    if old.entry_hash != new.entry_hash:
        reasons.append("entry_changed")
    if old.party_hash != new.party_hash:
        reasons.append("party_changed")
    if new.alert and not old.alert:
        reasons.append("alert_raised")
    if old.alert and not new.alert:
        reasons.append("alert_lowered")
    if not reasons and old.decision_id is not None and new.decision_id is None:
        reasons.append("decision_lapsed")
    return tuple(reasons)
