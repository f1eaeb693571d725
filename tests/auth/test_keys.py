"""API keys: shown once, kept hashed, checked by hash, revocable (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from entitylist.auth import KeyStore, Role
from entitylist.auth.keys import api_keys, hash_key
from entitylist.errors import InputError, NotFound
from entitylist.store import Store


def test_a_key_is_kept_only_as_its_hash(store: Store) -> None:
    keys = KeyStore(store.engine)
    record, key = keys.create(Role.VIEWER, "ERP connector")
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(api_keys)).one()
    assert key not in [str(v) for v in row]
    assert row.key_hash == hash_key(key)
    assert key.startswith(f"el_{record.prefix}_")
    assert (record.name, record.role, record.active) == ("ERP connector", Role.VIEWER, True)


def test_authenticate_finds_the_key_and_nothing_else(store: Store) -> None:
    keys = KeyStore(store.engine)
    admin, admin_key = keys.create("admin")
    viewer, viewer_key = keys.create("viewer")
    assert keys.authenticate(admin_key) == admin
    assert keys.authenticate(viewer_key) == viewer
    assert keys.authenticate(admin_key[:-1]) is None
    assert keys.authenticate("not-even-the-format") is None
    assert admin.name == f"admin key {admin.prefix}", "an unnamed key is named by its prefix"


def test_a_revoked_key_no_longer_authenticates_but_stays_listed(store: Store) -> None:
    keys = KeyStore(store.engine)
    record, key = keys.create(Role.ADMIN, "leaver")
    revoked = keys.revoke(record.id)
    assert revoked.revoked_at is not None and not revoked.active
    assert keys.authenticate(key) is None
    assert keys.revoke(record.id).revoked_at == revoked.revoked_at, "revoking twice is harmless"
    assert [k.id for k in keys.list()] == [record.id]


def test_roles_and_unknown_ids_are_checked(store: Store) -> None:
    keys = KeyStore(store.engine)
    with pytest.raises(InputError, match="unknown role 'owner'"):
        keys.create("owner")
    with pytest.raises(NotFound):
        keys.revoke(12345)
    assert Role.ADMIN.allows(Role.VIEWER) and Role.ADMIN.allows(Role.ADMIN)
    assert Role.VIEWER.allows(Role.VIEWER) and not Role.VIEWER.allows(Role.ADMIN)
