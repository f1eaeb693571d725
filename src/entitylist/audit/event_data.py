"""What the audit log keeps of each kind of work: small functions turning library results
into event data, shared by every face (CLI, API) so each records the same thing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from entitylist.audit import kinds
from entitylist.audit.chain import AuditEvent
from entitylist.audit.log import AuditLog
from entitylist.errors import EntitylistError, UpdateFailed
from entitylist.store import UpdateOutcome

if TYPE_CHECKING:
    from entitylist.screening import ScreeningResult


def record_update(
    log: AuditLog,
    source: str,
    location: str | None,
    outcome: UpdateOutcome | None,
    error: EntitylistError | None,
    *,
    actor: str | None = None,
    conn: sa.Connection | None = None,
) -> AuditEvent:
    """`conn`: record in the caller's transaction (the one writing the snapshot)."""
    data: dict[str, Any] = {"source": source, "location": location}
    if outcome is not None:
        snap = outcome.snapshot
        data.update(
            {
                "outcome": outcome.status,
                "snapshot": snap.id,
                "sha256": snap.sha256,
                "entries": snap.entry_count,
                "counts": snap.counts,
                "origin": snap.origin,
                "published_at": snap.published_at,
                "publication": snap.publication,
                "previous_snapshot": outcome.previous.id if outcome.previous else None,
            }
        )
    else:
        data.update(
            {
                "outcome": "failed" if isinstance(error, UpdateFailed) else "refused",
                "error": error.code if error else None,
                "reason": error.message if error else None,
            }
        )
    return log.record(kinds.LIST_UPDATE, data, actor, conn=conn)


def screenings_data(results: Sequence[ScreeningResult]) -> dict[str, Any]:
    """Parties screened in one call (one or many, from any face): each party and its hits (entry id,
    content hash, score, alert), with the snapshots, engine and thresholds they share."""
    first = results[0].to_dict() if results else {}
    return {
        "count": len(results),
        "snapshots": first.get("snapshots"),
        "engine_version": first.get("engine_version"),
        "thresholds": first.get("thresholds"),
        "lists": first.get("lists"),
        "as_of": first.get("as_of"),
        "results": [
            {
                "party": r.to_dict()["party"],
                "alert": r.alert,
                "hits": [
                    {
                        "entry_id": h.stored.id,
                        "source": h.stored.source,
                        "key": h.stored.key,
                        "content_hash": h.stored.content_hash,
                        "name": h.stored.entry.name,
                        "matched_name": h.match.matched_name,
                        "score": round(h.match.score, 4),
                        "alert": h.alert,
                    }
                    for h in r.hits
                ],
            }
            for r in results
        ],
    }


def file_sha256(path: Path) -> str | None:
    import hashlib

    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_key(
    log: AuditLog,
    event: str,
    *,
    key_id: int,
    name: str,
    role: str | None = None,
    prefix: str | None = None,
    actor: str | None = None,
) -> AuditEvent:
    """An API key created or revoked (`event`: "created" | "revoked"). Never the key itself:
    its id, name, role and public prefix identify it."""
    kind = {"created": kinds.KEY_CREATED, "revoked": kinds.KEY_REVOKED}.get(event)
    if kind is None:
        raise ValueError(f"key event must be 'created' or 'revoked', not {event!r}")
    return log.record(kind, {"key_id": key_id, "name": name, "role": role, "prefix": prefix}, actor)
