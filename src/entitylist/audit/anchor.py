"""External anchors of the audit log: the head (seq, hash, time) kept outside the database.

Someone with write access to the database can rewrite the whole chain consistently (every
hash recomputed, the head row moved), which the chain alone cannot reveal. An anchor written
to a file or posted to another system records the head at a moment; `verify` with that
anchor then fails unless the log still holds that very event, so the log can only have
grown since. Pure functions here; `AuditLog` reads the events they are checked against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from entitylist.audit.chain import AuditEvent, Break, utc_text
from entitylist.dates import timestamp
from entitylist.errors import InputError

ANCHOR_FORMAT = "entitylist.audit-anchor/1"


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    anchored_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": ANCHOR_FORMAT,
            "seq": self.seq,
            "hash": self.hash,
            "anchored_at": utc_text(self.anchored_at),
        }

    def describe(self) -> str:
        return f"event {self.seq} (anchored {utc_text(self.anchored_at)[:19]}Z)"


def read_anchor(path: Path) -> Anchor:
    """An anchor file as `audit anchor` writes it; a clear error naming the file otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != ANCHOR_FORMAT:
            raise ValueError(f"format is {data.get('format')!r}, not {ANCHOR_FORMAT!r}")
        seq, digest = int(data["seq"]), str(data["hash"])
        when = timestamp(data["anchored_at"])
    except OSError as exc:
        raise InputError(f"{path}: cannot read the anchor file ({exc.strerror})") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{path}: not an audit anchor written by `audit anchor` ({exc})") from exc
    if seq < 1 or len(digest) != 64:
        raise InputError(f"{path}: not an audit anchor (seq {seq}, hash {digest[:16]!r})")
    return Anchor(seq, digest, when)


def check_anchor(
    anchor: Anchor,
    *,
    last_seq: int | None,
    event: AuditEvent | None,
    first_seq: int | None,
    start_prev_hash: str | None,
) -> Break | None:
    """Whether a verified chain (`first_seq`..`last_seq`) still extends `anchor`: `event`
    is the log's event at the anchor's seq (None when absent or pruned)."""
    if last_seq is None or anchor.seq > last_seq:
        ends = f"ends at event {last_seq}" if last_seq else "is empty"
        return Break(
            anchor.seq,
            f"the log {ends} but the anchor records {anchor.describe()}: "
            "events were deleted or the log replaced",
        )
    if event is None:
        if first_seq is not None and anchor.seq == first_seq - 1 and start_prev_hash == anchor.hash:
            return None  # pruned up to the anchor, and the first kept event links to it
        return Break(
            anchor.seq,
            f"the anchored {anchor.describe()} is no longer in the log (pruned): this anchor "
            "cannot be checked; anchor again after a prune",
        )
    if event.hash != anchor.hash:
        return Break(
            anchor.seq,
            f"its hash differs from the anchor of {anchor.describe()}: the log was rewritten "
            "from this event on",
        )
    return None


def write_anchor(anchor: Anchor, path: Path) -> None:
    """Write the anchor file whole (a temporary file renamed), never half an anchor."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(anchor.to_dict(), indent=2) + "\n", encoding="utf-8")
    partial.replace(path)


def post_anchor(anchor: Anchor, url: str, *, timeout: float = 30.0) -> None:
    """POST the anchor as JSON; anything but a 2xx answer is an error naming the URL."""
    import httpx

    from entitylist.errors import EntitylistError

    try:
        response = httpx.post(url, json=anchor.to_dict(), timeout=timeout)
    except httpx.HTTPError as exc:
        raise EntitylistError(f"posting the audit anchor to {url} failed: {exc}") from exc
    if not response.is_success:
        raise EntitylistError(
            f"posting the audit anchor to {url} failed: HTTP {response.status_code}"
        )
