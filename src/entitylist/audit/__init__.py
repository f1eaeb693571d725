"""The audit log: append-only, hash-chained records of updates, screenings, monitoring runs,
decisions and key events.

Pipeline order: a library function does its work -> `AuditLog.record(kind, data, actor)`
appends an event linked to the previous one by hash (in the caller's transaction when it
passes `conn`) -> `verify()` recomputes the chain and names the first broken event ->
`export` writes a period for an auditor -> `prune` cuts records past the retention period,
leaving an anchor so that what remains still verifies.
"""

from __future__ import annotations

from entitylist.audit import kinds
from entitylist.audit.chain import AuditEvent, Break, Verification, verify_chain
from entitylist.audit.export import ExportOutcome
from entitylist.audit.log import RETENTION_YEARS, AuditLog, PruneOutcome, PruneRefused

__all__ = [
    "RETENTION_YEARS",
    "AuditEvent",
    "AuditLog",
    "Break",
    "ExportOutcome",
    "PruneOutcome",
    "PruneRefused",
    "Verification",
    "kinds",
    "verify_chain",
]
