"""Alerts from screenings outside monitoring: batch jobs (the web batch page, `POST
/v1/screen/batch`) and single screenings the user chose to save.

A party screened outside the portfolio has no portfolio id, so it is given one: a
*transient* party (`monitored_parties.transient`) keyed by the submitted name and country
(`screened:` and a hash of both, case and spacing ignored), with a version per distinct
name, country and address as submitted (`party_versions`, hashed as portfolio imports
are). The same name and country screened again is the same party: its alerts are the same
alerts (one per real listed party, grouped as monitoring groups them), and a decision made
on it applies again as long as neither the submitted party nor the entry changed. A
transient party is never monitored and never touched by a portfolio import.

Each screening's alerts are written in one transaction, with the alert's origin (`job` or
`screening`, and the job or screening id); the rows an alert stands for are the hits as
screened (`result_id` None: no monitoring result stands behind them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from entitylist.audit import AuditLog
from entitylist.audit.chain import canonical_json
from entitylist.monitoring.parties import party_hash
from entitylist.monitoring.schema import monitored_parties, party_versions
from entitylist.review.approvals import load_trust
from entitylist.review.policy import load_policy
from entitylist.review.schema import alerts
from entitylist.review.status import derive
from entitylist.review.sync import (
    close_missing,
    fingerprint,
    hit_row,
    row_versions,
    upsert,
    with_decisions,
)
from entitylist.screening.models import Party, ScreeningHit, ScreeningResult
from entitylist.store import Store
from entitylist.store.bulk import insert_returning_id

PREFIX = "screened:"
KINDS = ("job", "screening")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where alerts came from: a batch `job` or a saved `screening`, and its id."""

    kind: str
    ref: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"origin kind must be one of {', '.join(KINDS)}, not {self.kind!r}")

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.ref}


@dataclass(frozen=True, slots=True)
class _Version:
    ref: int
    party_id: str
    version_id: int
    content_hash: str


def transient_id(name: str, country: str | None) -> str:
    """The party id of a name and country screened outside the portfolio."""
    words = " ".join(name.split()).casefold()
    code = (country or "").strip().upper()
    digest = hashlib.sha256(canonical_json([words, code]).encode("utf-8")).hexdigest()
    return PREFIX + digest[:24]


def open_alerts(
    store: Store,
    results: Sequence[ScreeningResult],
    origin: Origin,
    *,
    now: datetime | None = None,
) -> list[int]:
    """Write the alerts of every result with hits (one transaction); returns the ids of
    the alerts the hits stand for, in the order of the results. An alert keeps the origin
    that opened it or last changed it: found again unchanged, it keeps the older one."""
    when = now or datetime.now(UTC)
    found: list[int] = []
    log = AuditLog(store)
    with store.engine.begin() as conn:
        for result in results:
            if result.hits:
                found.extend(_open(conn, log, result, origin, when))
    return list(dict.fromkeys(found))


def _open(
    conn: sa.Connection, log: AuditLog, result: ScreeningResult, origin: Origin, when: datetime
) -> list[int]:
    party = _version(conn, result.party, when)
    trust = load_trust(conn, log, parties=[party.ref])
    existing = {
        row.group_key: row
        for row in conn.execute(sa.select(alerts).where(alerts.c.party_ref == party.ref))
    }
    policy = load_policy()
    ids: list[int] = []
    fresh = set()
    for group in result.groups():
        best = group.best
        rows = with_decisions([_row(h, party) for h in group.items], party.ref, trust, when)
        values: dict[str, Any] = {
            "party_name": result.party.name,
            "country": result.party.country,
            "list_code": best.stored.entry.list_code,
            "source": best.stored.source,
            "entry_key": best.stored.key,
            "entry_name": best.stored.entry.name,
            "matched_name": best.match.matched_name,
            "score": float(best.match.score),
            "alert_level": any(h.alert for h in group.items),
            "severity": policy.of(best.stored.entry.list_code).severity,
            "row_count": len(rows),
            "rows": rows,
            "explanation": group.explanation(),
            "fingerprint": fingerprint(rows),
            "status_fields": derive(row_versions(rows, party.ref), trust, when),
        }
        key = (party.ref, group.key)
        before = existing.get(group.key)
        upsert(conn, before, key, values, now=when, origin=(origin.kind, origin.ref))
        fresh.add(group.key)
        ids.append(_alert_id(conn, key))
    gone = [row for k, row in existing.items() if k not in fresh]
    close_missing(conn, gone, now=when, origin=(origin.kind, origin.ref))
    return ids


def _alert_id(conn: sa.Connection, key: tuple[int, str]) -> int:
    return int(
        conn.execute(
            sa.select(alerts.c.id).where(alerts.c.party_ref == key[0], alerts.c.group_key == key[1])
        ).scalar_one()
    )


def _row(hit: ScreeningHit, party: _Version) -> dict[str, Any]:
    return hit_row(
        hit.stored,
        result_id=None,
        score=float(hit.match.score),
        alert=hit.alert,
        matched_name=hit.match.matched_name,
        party_version_id=party.version_id,
        party_hash=party.content_hash,
    )


def _version(conn: sa.Connection, party: Party, when: datetime) -> _Version:
    """The transient party for this name and country, in the version as submitted (a new
    version when the name's spelling or the address differs from its current one)."""
    pid = transient_id(party.name, party.country)
    content = party_hash(party.name, party.country, party.address, {})
    row = conn.execute(
        sa.select(
            monitored_parties.c.id,
            monitored_parties.c.current_version_id,
            party_versions.c.content_hash,
            party_versions.c.version,
        )
        .outerjoin(party_versions, party_versions.c.id == monitored_parties.c.current_version_id)
        .where(monitored_parties.c.party_id == pid)
    ).first()
    if row is None:
        ref = insert_returning_id(
            conn,
            monitored_parties,
            {
                "party_id": pid,
                "current_version_id": None,
                "active": False,
                "transient": True,
                "created_at": when,
                "updated_at": when,
            },
        )
        number = 1
    else:
        ref, number = int(row.id), int(row.version or 0) + 1
        if row.content_hash == content:
            return _Version(ref, pid, int(row.current_version_id), content)
    version_id = insert_returning_id(
        conn,
        party_versions,
        {
            "party_ref": ref,
            "version": number,
            "content_hash": content,
            "name": party.name,
            "country": party.country,
            "address": party.address,
            "attributes": {},
            "origin": "screening",
            "line": None,
            "imported_at": when,
        },
    )
    conn.execute(
        sa.update(monitored_parties)
        .where(monitored_parties.c.id == ref)
        .values(current_version_id=version_id, updated_at=when)
    )
    return _Version(int(ref), pid, int(version_id), content)
