"""The monitored portfolio: parties imported from a file, with every version kept.

Pipeline order: a batch file (CSV, XLSX, Parquet, JSONL; the columns `screen-file` reads)
-> one `PartyRow` per row, bad rows reported with their line -> each row's content hash
(name, country, address, other columns) compared with the party's current version -> new
parties and changed rows get a new version; unchanged rows are left alone. A version is
never overwritten, so decisions and results keep pointing at what was screened.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from entitylist.audit import AuditLog, kinds
from entitylist.audit.chain import canonical_json, jsonable
from entitylist.audit.event_data import file_sha256
from entitylist.chunks import IDS_PER_QUERY, LINKS_PER_INSERT, in_chunks
from entitylist.errors import InputError, NotFound
from entitylist.monitoring.schema import monitored_parties, party_versions
from entitylist.screening.inputs import Columns, RowError, read_parties
from entitylist.screening.models import Party
from entitylist.store import Store
from entitylist.store.bulk import insert_returning_ids
from entitylist.store.rows import aware, record

DEFAULT_COLUMNS = Columns()
# Passed as the id column to the shared reader so that the real id column stays among the
# row's attributes: a monitored party needs its own stable id, never a line-number stand-in.
_NO_COLUMN = "\x00no-id-column"


@dataclass(frozen=True, slots=True)
class MonitoredParty:
    """One party of the portfolio in one version (the current one unless asked otherwise)."""

    ref: int
    party_id: str
    version_id: int
    version: int
    content_hash: str
    name: str
    country: str | None
    address: str | None
    attributes: dict[str, Any]
    imported_at: datetime
    active: bool = True

    def party(self) -> Party:
        return Party(name=self.name, country=self.country, address=self.address, id=self.party_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.party_id,
            "name": self.name,
            "country": self.country,
            "address": self.address,
            "attributes": self.attributes,
            "version": self.version,
            "version_id": self.version_id,
            "content_hash": self.content_hash,
            "imported_at": self.imported_at.isoformat(),
            "active": self.active,
        }


@dataclass(frozen=True, slots=True)
class IncomingParty:
    line: int
    party_id: str
    name: str
    country: str | None
    address: str | None
    attributes: dict[str, Any]
    content_hash: str


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    reactivated: int = 0
    deactivated: int = 0
    errors: list[RowError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.rows,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "reactivated": self.reactivated,
            "deactivated": self.deactivated,
            "bad_rows": len(self.errors),
            "errors": [e.__dict__ for e in self.errors],
        }


def party_hash(
    name: str, country: str | None, address: str | None, attributes: dict[str, Any]
) -> str:
    """sha256 over the canonical JSON of what was imported: a change to any of it is a
    new version (and voids false-positive decisions made on the old one)."""
    blob = canonical_json(
        {"name": name, "country": country, "address": address, "attributes": attributes}
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _clean_attributes(raw: dict[str, Any]) -> dict[str, Any]:
    # Spreadsheets hand back dates and decimals; blank cells mean nothing was said.
    out: dict[str, Any] = {}
    for key, value in raw.items():
        value = jsonable(value)
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "" or not str(key).strip():
            continue
        out[str(key).strip()] = value
    return out


def _id_problem(
    party_id: str, *, line: int, id_column: str, first_line: dict[str, int]
) -> RowError | None:
    """Why a row's id cannot stand for a monitored party (empty, too long, repeated)."""
    if not party_id:
        return RowError(
            line,
            f"empty {id_column!r}: a monitored party needs "
            "a stable id (name the column with --id-column)",
            field=id_column,
        )
    if len(party_id) > 256:
        return RowError(
            line, f"{id_column!r} longer than 256 characters", field=id_column, id=party_id[:40]
        )
    if party_id in first_line:
        return RowError(
            line,
            f"id {party_id!r} repeated (first on line "
            f"{first_line[party_id]}); the first row is kept",
            field=id_column,
            id=party_id,
        )
    return None


def read_portfolio(path: Path, columns: Columns) -> tuple[list[IncomingParty], list[RowError]]:
    """The parties of a file, each id once; bad rows (no id, no name, unknown country,
    an id repeated) come back as errors with their line."""
    shared = Columns(
        id=_NO_COLUMN, name=columns.name, country=columns.country, address=columns.address
    )
    parties: list[IncomingParty] = []
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    for row in read_parties(path, shared):
        if isinstance(row, RowError):
            errors.append(row)
            continue
        attributes = _clean_attributes(row.attributes)
        ident = attributes.pop(columns.id, None)
        party_id = str(ident).strip() if ident is not None else ""
        problem = _id_problem(party_id, line=row.line, id_column=columns.id, first_line=first_line)
        if problem is not None:
            errors.append(problem)
            continue
        first_line[party_id] = row.line
        p = row.party
        parties.append(
            IncomingParty(
                line=row.line,
                party_id=party_id,
                name=p.name,
                country=p.country,
                address=p.address,
                attributes=attributes,
                content_hash=party_hash(p.name, p.country, p.address, attributes),
            )
        )
    if not parties and errors and all(e.field == columns.id for e in errors):
        raise InputError(
            f"{path}: no row has an {columns.id!r} value; name the id column with --id-column"
        )
    return parties, errors


def import_parties(
    store: Store,
    path: Path,
    columns: Columns = DEFAULT_COLUMNS,
    *,
    replace: bool = False,
    actor: str | None = None,
    audit: AuditLog | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Import (or re-import) a portfolio file; `replace` stops monitoring parties absent
    from it (they and their history are kept, marked inactive). Audited."""
    incoming, errors = read_portfolio(path, columns)
    report = ImportReport(file=str(path), rows=len(incoming) + len(errors), errors=errors)
    when = now or datetime.now(UTC)
    log = audit or AuditLog(store)
    with store.engine.begin() as conn:
        existing = _current_by_id(conn)
        new = [p for p in incoming if p.party_id not in existing]
        versioned, reactivate = _plan_versions(incoming, existing, report)
        refs = _insert_parties(conn, [p.party_id for p in new], when)
        versioned.extend((ref, 1, p) for ref, p in zip(refs, new, strict=True))
        report.new = len(new)
        version_ids = _insert_versions(conn, versioned, path.name, when)
        _point_at(
            conn,
            [(ref, vid) for (ref, _, _), vid in zip(versioned, version_ids, strict=True)],
            when,
        )
        if reactivate:
            _set_active(conn, reactivate, True, when)
        if replace:
            seen = {p.party_id for p in incoming}
            gone = [
                ref for pid, (ref, _, _, active) in existing.items() if active and pid not in seen
            ]
            _set_active(conn, gone, False, when)
            report.deactivated = len(gone)
        log.record(
            kinds.PARTIES_IMPORT,
            _import_event(path, columns, replace=replace, report=report),
            actor,
            conn=conn,
        )
    return report


def _plan_versions(
    incoming: Sequence[IncomingParty],
    existing: dict[str, tuple[int, int, str, bool]],
    report: ImportReport,
) -> tuple[list[tuple[int, int, IncomingParty]], list[int]]:
    """The new versions of known parties, as (ref, next version, row), and the inactive
    refs to reactivate; counts changed, reactivated and unchanged rows in `report`."""
    versioned: list[tuple[int, int, IncomingParty]] = []
    reactivate: list[int] = []
    for p in incoming:
        found = existing.get(p.party_id)
        if found is None:
            continue
        ref, version, content_hash, active = found
        if content_hash != p.content_hash:
            versioned.append((ref, version + 1, p))
            report.changed += 1
        elif not active:
            # A new version even with the same content: the next run screens it again.
            versioned.append((ref, version + 1, p))
            report.reactivated += 1
        else:
            report.unchanged += 1
        if not active:
            reactivate.append(ref)
    return versioned, reactivate


def _import_event(
    path: Path, columns: Columns, *, replace: bool, report: ImportReport
) -> dict[str, Any]:
    """The audit event of one import: the file, its hash, the columns and the counts."""
    return {
        "file": str(path),
        "sha256": file_sha256(path),
        "columns": {
            "id": columns.id,
            "name": columns.name,
            "country": columns.country,
            "address": columns.address,
        },
        "replace": replace,
        **{k: v for k, v in report.to_dict().items() if k not in ("errors", "file")},
    }


def _current_by_id(conn: sa.Connection) -> dict[str, tuple[int, int, str, bool]]:
    """party id -> (ref, current version number, content hash, active)."""
    rows = conn.execute(
        sa.select(
            monitored_parties.c.party_id,
            monitored_parties.c.id,
            party_versions.c.version,
            party_versions.c.content_hash,
            monitored_parties.c.active,
        )
        .join(party_versions, party_versions.c.id == monitored_parties.c.current_version_id)
        .where(monitored_parties.c.transient.is_(False))
    )
    return {r.party_id: (r.id, r.version, r.content_hash, bool(r.active)) for r in rows}


def _insert_parties(conn: sa.Connection, party_ids: Sequence[str], when: datetime) -> list[int]:
    rows = [
        {
            "party_id": pid,
            "current_version_id": None,
            "active": True,
            "created_at": when,
            "updated_at": when,
        }
        for pid in party_ids
    ]
    return insert_returning_ids(conn, monitored_parties, rows)


def _insert_versions(
    conn: sa.Connection,
    versioned: Sequence[tuple[int, int, IncomingParty]],
    origin: str,
    when: datetime,
) -> list[int]:
    rows = [
        {
            "party_ref": ref,
            "version": version,
            "content_hash": p.content_hash,
            "name": p.name,
            "country": p.country,
            "address": p.address,
            "attributes": p.attributes,
            "origin": origin,
            "line": p.line,
            "imported_at": when,
        }
        for ref, version, p in versioned
    ]
    return insert_returning_ids(conn, party_versions, rows)


def _point_at(conn: sa.Connection, pairs: Iterable[tuple[int, int]], when: datetime) -> None:
    params = [{"b_ref": ref, "b_vid": vid} for ref, vid in pairs]
    statement = (
        sa.update(monitored_parties)
        .where(monitored_parties.c.id == sa.bindparam("b_ref"))
        .values(current_version_id=sa.bindparam("b_vid"), updated_at=when)
    )
    for chunk in in_chunks(params, LINKS_PER_INSERT):
        conn.execute(statement, list(chunk))


def _set_active(conn: sa.Connection, refs: Sequence[int], active: bool, when: datetime) -> None:
    for chunk in in_chunks(refs, IDS_PER_QUERY):
        conn.execute(
            sa.update(monitored_parties)
            .where(monitored_parties.c.id.in_(chunk))
            .values(active=active, updated_at=when)
        )


# -- reading ---------------------------------------------------------------------------------


def _from_row(row: Any) -> MonitoredParty:
    return record(
        MonitoredParty,
        row,
        **aware(row, "imported_at"),
        attributes=dict(row.attributes or {}),
        active=bool(row.active),
    )


def _select_versions() -> sa.Select[Any]:
    return sa.select(
        monitored_parties.c.id.label("ref"),
        monitored_parties.c.party_id,
        monitored_parties.c.active,
        party_versions.c.id.label("version_id"),
        party_versions.c.version,
        party_versions.c.content_hash,
        party_versions.c.name,
        party_versions.c.country,
        party_versions.c.address,
        party_versions.c.attributes,
        party_versions.c.imported_at,
    )


def current_parties(conn: sa.Connection, *, active_only: bool = True) -> list[MonitoredParty]:
    query = (
        _select_versions()
        .join(party_versions, party_versions.c.id == monitored_parties.c.current_version_id)
        .where(monitored_parties.c.transient.is_(False))  # screened outside the portfolio
        .order_by(monitored_parties.c.id)
    )
    if active_only:
        query = query.where(monitored_parties.c.active.is_(True))
    return [_from_row(r) for r in conn.execute(query)]


def list_parties(store: Store, *, include_inactive: bool = False) -> list[MonitoredParty]:
    with store.engine.connect() as conn:
        return current_parties(conn, active_only=not include_inactive)


def get_party(store: Store, party_id: str) -> MonitoredParty:
    with store.engine.connect() as conn:
        row = conn.execute(
            _select_versions()
            .join(party_versions, party_versions.c.id == monitored_parties.c.current_version_id)
            .where(monitored_parties.c.party_id == party_id)
        ).first()
    if row is None:
        raise NotFound(f"no monitored party with id {party_id!r} (see `entitylist parties list`)")
    return _from_row(row)


def party_history(store: Store, party_id: str) -> list[MonitoredParty]:
    """Every version of a party, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            _select_versions()
            .join(party_versions, party_versions.c.party_ref == monitored_parties.c.id)
            .where(monitored_parties.c.party_id == party_id)
            .order_by(party_versions.c.id)
        ).all()
    if not rows:
        raise NotFound(f"no monitored party with id {party_id!r}")
    return [_from_row(r) for r in rows]


def versions_by_ids(conn: sa.Connection, ids: Iterable[int]) -> dict[int, MonitoredParty]:
    wanted = sorted(set(ids))
    out: dict[int, MonitoredParty] = {}
    for chunk in in_chunks(wanted, IDS_PER_QUERY):
        rows = conn.execute(
            _select_versions()
            .join(party_versions, party_versions.c.party_ref == monitored_parties.c.id)
            .where(party_versions.c.id.in_(chunk))
        )
        out.update({r.version_id: _from_row(r) for r in rows})
    return out
