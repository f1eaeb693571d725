"""Importing ownership data and replacing the rule data, audited once, for every face."""

from __future__ import annotations

from pathlib import Path

from entitylist.audit import AuditLog, kinds
from entitylist.audit.event_data import file_sha256
from entitylist.ownership.formats import read_ownership
from entitylist.rules.status import RuleStatus, update_rule
from entitylist.settings import Settings
from entitylist.store import Store
from entitylist.store.ownership import OwnershipSnapshot, OwnershipStore


def import_ownership(
    store: Store,
    path: Path,
    *,
    fmt: str | None = None,
    dataset: str | None = None,
    origin: str | None = None,
    actor: str | None = None,
) -> OwnershipSnapshot:
    """Read `path` (all rows or none) and keep it as a new snapshot of its data set."""
    data = read_ownership(path, fmt)
    sha256 = file_sha256(path)
    snap = OwnershipStore(store.engine).add(
        dataset or data.format, origin or str(path), data, sha256=sha256
    )
    AuditLog(store).record(
        kinds.OWNERSHIP_IMPORT,
        {
            "file": origin or str(path),
            "sha256": sha256,
            "format": data.format,
            "dataset": snap.dataset,
            "snapshot": snap.id,
            "counts": snap.counts,
            "notes": snap.notes,
        },
        actor,
    )
    return snap


def replace_rule_data(
    store: Store, settings: Settings, path: Path, *, actor: str | None = None
) -> RuleStatus:
    rule = update_rule(settings.data_dir, path)
    AuditLog(store).record(
        kinds.RULES_UPDATE,
        {
            "file": str(path),
            "sha256": file_sha256(path),
            "notices": [n.citation for n in rule.notices],
            "newest_notice": rule.newest_notice.isoformat(),
        },
        actor,
    )
    return rule
