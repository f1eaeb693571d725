"""Exporting the lists in force as FollowTheMoney (the library call behind the CLI)."""

from __future__ import annotations

from pathlib import Path

from entitylist.audit import AuditLog
from entitylist.audit.kinds import LIST_EXPORT
from entitylist.errors import InputError, NoListLoaded
from entitylist.federal_register.listing import listing_date
from entitylist.federal_register.rules import RuleIndex
from entitylist.ftm.export import ExportResult, export_entries
from entitylist.model import Entry
from entitylist.store import Store


def export_lists(
    store: Store,
    path: Path,
    format_: str = "ftm",
    *,
    audit: AuditLog | None = None,
    actor: str | None = None,
) -> ExportResult:
    """Every entry in force, as FtM entities; refused when no list is in force. Audited."""
    if format_ != "ftm":
        raise InputError(f"unknown export format {format_!r}: the lists export as ftm")
    current = store.current()
    if not current:
        raise NoListLoaded("no list is in force: nothing to export (load one with update)")
    rules = RuleIndex.of(store.fr_documents())

    def listed(entry: Entry) -> str | None:
        found = listing_date(entry, rules)
        return found.describe() if found is not None and found.derived else None

    result = export_entries(store.entries_in_force(snapshots=current), path, listed)
    if audit is not None:
        audit.record(
            LIST_EXPORT,
            {
                "format": format_,
                "snapshots": {s: snap.id for s, snap in sorted(current.items())},
                **result.to_dict(),
            },
            actor=actor,
        )
    return result
