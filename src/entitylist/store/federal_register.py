"""The Federal Register documents kept in the store (one row per document number)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from entitylist.federal_register.documents import FrDocument
from entitylist.store.schema import fr_documents, snapshots


@dataclass(frozen=True)
class FrSaved:
    """What a sync changed: documents new to the store, updated, and unchanged."""

    new: int
    updated: int
    unchanged: int
    kept_published: int = 0
    """Public-inspection records not taken because the published document is already kept."""


def save(conn: sa.Connection, documents: Iterable[FrDocument], fetched_at: datetime) -> FrSaved:
    """Insert or update documents; a public-inspection record never replaces a published one."""
    incoming = {d.document_number: d for d in documents}
    existing = (
        {
            row.document_number: FrDocument.from_dict(row.data)
            for row in conn.execute(
                sa.select(fr_documents.c.document_number, fr_documents.c.data).where(
                    fr_documents.c.document_number.in_(list(incoming))
                )
            )
        }
        if incoming
        else {}
    )
    new = updated = unchanged = kept = 0
    for number, document in sorted(incoming.items()):
        old = existing.get(number)
        if old is not None and document.public_inspection and not old.public_inspection:
            kept += 1
            continue
        if old == document:
            unchanged += 1
            continue
        values = _row(document, fetched_at)
        if old is None:
            conn.execute(sa.insert(fr_documents).values(**values))
            new += 1
        else:
            conn.execute(
                sa.update(fr_documents)
                .where(fr_documents.c.document_number == number)
                .values(**values)
            )
            updated += 1
    return FrSaved(new, updated, unchanged, kept)


def revision(conn: sa.Connection) -> tuple[int, int, str]:
    """What the pending rules depend on, in one small query: the newest snapshot id (a
    snapshot is never removed), and the documents kept and when last saved (a sync that
    changes a document stamps it)."""
    row = conn.execute(
        sa.select(
            sa.select(sa.func.max(snapshots.c.id)).scalar_subquery(),
            sa.select(sa.func.count()).select_from(fr_documents).scalar_subquery(),
            sa.select(sa.func.max(fr_documents.c.fetched_at)).scalar_subquery(),
        )
    ).one()
    return (row[0] or 0, row[1] or 0, str(row[2] or ""))


def load(conn: sa.Connection) -> list[FrDocument]:
    rows = conn.execute(sa.select(fr_documents.c.data).order_by(fr_documents.c.document_number))
    return [FrDocument.from_dict(row.data) for row in rows]


def _row(document: FrDocument, fetched_at: datetime) -> dict[str, object]:
    return {
        "document_number": document.document_number,
        "volume": document.volume,
        "start_page": document.start_page,
        "end_page": document.end_page,
        "publication_date": document.publication_date,
        "effective_on": document.effective_on,
        "public_inspection": document.public_inspection,
        "title": document.title,
        "data": document.to_dict(),
        "fetched_at": fetched_at,
    }
