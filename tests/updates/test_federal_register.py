"""The Federal Register over the store: the pending rules, remembered until the store
changes (a snapshot added, a document saved), on SQLite and PostgreSQL, with the real DPL of
2023-11-30 in force (it carries no Entity List: every rule about it is pending)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from entitylist.federal_register.documents import read_page
from entitylist.settings import Settings
from entitylist.store import Store
from entitylist.updates.federal_register import PendingWatch
from entitylist.updates.lists import update_source
from fr_records import EL_RULES, ON_INSPECTION


def test_the_pending_rules_are_kept_until_the_store_changes(
    store: Store, shared_data: Path, tmp_path: Path
) -> None:
    watch = PendingWatch(store)
    empty = watch.current()
    assert empty.pending == [] and watch.current() is empty  # nothing known, nothing read
    store.save_fr_documents(read_page(ON_INSPECTION, "pi").documents)
    first = watch.current()
    assert [p.document.document_number for p in first.pending] == ["2026-99901"]
    assert watch.current() is first  # the same store: the same answer, not recomputed
    store.save_fr_documents(read_page(EL_RULES, "rules").documents)
    second = watch.current()
    assert second is not first
    # No list carrying the Entity List is in force: the published rules are pending too.
    assert [p.document.document_number for p in second.pending] == [
        "2026-99901",
        "2025-05426",
        "2025-05427",
    ]
    assert "no list carrying the Entity List" in second.pending[1].reason
    url = store.engine.url.render_as_string(hide_password=False)
    settings = Settings(db_url=url, data_dir=tmp_path / "data")
    update_source(
        store,
        settings,
        "dpl",
        str(shared_data / "bis_dpl" / "dpl_2023-11-30.txt"),
        published_at=datetime(2023, 11, 30, tzinfo=UTC),
    )
    third = watch.current()
    assert third is not second  # a snapshot was added: asked again
    assert [p.document.document_number for p in third.pending] == [
        p.document.document_number for p in second.pending
    ]
