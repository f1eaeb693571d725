"""The hash chain, as pure functions: canonical JSON, an event's hash, checking a sequence.

Each event's hash is sha256 over the canonical JSON (sorted keys, no spaces, UTF-8) of its
sequence number, time, kind, actor, data and the previous event's hash. Editing an event
changes its hash; deleting one leaves a gap in the sequence numbers and a link that no
longer matches; deleting the newest is caught by the head row kept beside the log.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any


def jsonable(value: Any) -> Any:
    """Plain JSON values from what callers hand in (dates, enums, tuples, dataclasses)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=canonical_json) if isinstance(value, set | frozenset) else items
    return str(value)


def canonical_json(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def utc_text(when: datetime) -> str:
    """One spelling of a time for hashing: UTC, microseconds, `Z` (naive means UTC)."""
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    seq: int,
    recorded_at: datetime,
    kind: str,
    actor: str | None,
    data: str,
    prev_hash: str | None,
) -> str:
    body = canonical_json(
        {
            "seq": seq,
            "recorded_at": utc_text(recorded_at),
            "kind": kind,
            "actor": actor,
            "data": data,
            "prev_hash": prev_hash,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditEvent:
    seq: int
    recorded_at: datetime
    kind: str
    actor: str | None
    data_text: str
    prev_hash: str | None
    hash: str

    @property
    def data(self) -> Any:
        return json.loads(self.data_text)

    def computed_hash(self) -> str:
        return event_hash(
            self.seq, self.recorded_at, self.kind, self.actor, self.data_text, self.prev_hash
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "recorded_at": utc_text(self.recorded_at),
            "kind": self.kind,
            "actor": self.actor,
            "data": self.data,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True, slots=True)
class Break:
    """The first event at which the chain fails, and why."""

    seq: int
    reason: str


@dataclass(frozen=True)
class Verification:
    checked: int
    first_seq: int | None
    last_seq: int | None
    last_hash: str | None
    broken: Break | None = None
    anchored_at: int | None = None
    """Set when older events were pruned: the first kept event, anchored by a prune event."""
    anchor: str | None = None
    """The external anchor the log was checked against (`audit verify --anchor`)."""

    @property
    def ok(self) -> bool:
        return self.broken is None

    def message(self) -> str:
        if self.broken is not None:
            return f"audit log broken at event {self.broken.seq}: {self.broken.reason}"
        if not self.checked:
            return "audit log empty: nothing recorded yet"
        pruned = f" (events before {self.anchored_at} pruned)" if self.anchored_at else ""
        extends = f"; it extends the anchor of {self.anchor}" if self.anchor else ""
        return (
            f"audit log intact: {self.checked} events, {self.first_seq}..{self.last_seq}"
            f"{pruned}; newest hash {self.last_hash}{extends}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "last_hash": self.last_hash,
            "pruned_before": self.anchored_at,
            "anchor": self.anchor,
            "broken": dataclasses.asdict(self.broken) if self.broken else None,
            "message": self.message(),
        }


def verify_chain(
    events: Iterable[AuditEvent],
    *,
    start_seq: int = 1,
    start_prev_hash: str | None = None,
    head: tuple[int, str | None] | None = None,
) -> Verification:
    """Check that `events` (in seq order) start at `start_seq` with `start_prev_hash`, are
    contiguous, each matches its hash and links to the one before, and end at `head`."""
    expected_seq, expected_prev = start_seq, start_prev_hash
    checked, first, last_hash = 0, None, start_prev_hash

    def result(broken: Break | None) -> Verification:
        return Verification(
            checked,
            first,
            expected_seq - 1 if checked else None,
            last_hash,
            broken,
            start_seq if start_seq > 1 else None,
        )

    for event in events:
        broken = _event_break(event, expected_seq, expected_prev)
        if broken is not None:
            return result(broken)
        first = event.seq if first is None else first
        checked += 1
        expected_seq, expected_prev = event.seq + 1, event.hash
        last_hash = event.hash
    return result(None if head is None else _head_break(head, expected_seq, last_hash))


def _event_break(event: AuditEvent, expected_seq: int, expected_prev: str | None) -> Break | None:
    """Why `event` cannot follow the events checked so far, if it cannot."""
    if event.seq != expected_seq:
        missing = f"event {expected_seq} is missing (deleted); the next event kept is {event.seq}"
        return Break(expected_seq, missing)
    if event.computed_hash() != event.hash:
        return Break(event.seq, "its content does not match its hash (edited)")
    if event.prev_hash != expected_prev:
        return Break(
            event.seq,
            f"its link to event {event.seq - 1} does not match that event's hash "
            f"(event {event.seq - 1} or {event.seq} was edited or replaced)",
        )
    return None


def _head_break(
    head: tuple[int, str | None], expected_seq: int, last_hash: str | None
) -> Break | None:
    """Why the log's head disagrees with the events checked (ending before `expected_seq`)."""
    head_seq, head_hash = head
    if head_seq >= expected_seq:
        return Break(
            expected_seq,
            f"event {expected_seq} is missing (deleted): the log's head records events "
            f"up to {head_seq}",
        )
    if head_seq == expected_seq - 1 and head_hash != last_hash:
        return Break(
            head_seq, "it does not match the hash recorded in the log's head (edited or replaced)"
        )
    if head_seq < expected_seq - 1:
        return Break(
            head_seq + 1,
            f"events after {head_seq} are not recorded in the log's head (inserted "
            "outside the log)",
        )
    return None
