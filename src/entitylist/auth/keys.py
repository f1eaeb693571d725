"""API keys: created once, shown once, kept only as a hash, revocable.

A key reads `el_<prefix>_<secret>`. The prefix (8 hex characters) names the key in lists
and logs without revealing it; the secret is 32 random bytes from `secrets`. The store keeps
`sha256(key)`, never the key: a leaked database gives nobody a working key.

Why a plain sha256 and not bcrypt/argon2: slow hashes protect guessable passwords; these
keys carry 256 bits of randomness, so no amount of hashing speed makes guessing feasible,
and a fast hash lets the service check a key on every request in microseconds.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from entitylist.errors import InputError, NotFound
from entitylist.model import json_fields
from entitylist.store.columns import row_id, string, timestamp
from entitylist.store.rows import typed

KEY_PREFIX = "el_"

metadata = sa.MetaData()
"""The tables of keys and users (created by their migrations, apart from the store's)."""


def table(name: str, *items: sa.schema.SchemaItem) -> sa.Table:
    """A table of keys and users (in `metadata`), its columns and constraints."""
    return sa.Table(name, metadata, *items)


api_keys = table(
    "api_keys",
    row_id(),
    string("prefix", 16),
    string("key_hash", 64, unique=True),
    string("name", 200),
    string("role", 16),
    timestamp("created_at"),
    timestamp("revoked_at", nullable=True),
)


class Role(StrEnum):
    """What a key or a user may do, each role everything the one before may: a viewer
    searches and reads, a reviewer decides on alerts, an approver is the second pair of eyes
    on a reviewer's false positive, an admin manages users, keys and list updates."""

    VIEWER = "viewer"
    REVIEWER = "reviewer"
    APPROVER = "approver"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A key as kept (never the secret itself)."""

    id: int
    prefix: str
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, Any]:
        # Named, not all fields: a field added to the record is not shown until chosen here.
        return {
            **json_fields(self, "id", "prefix", "name", "role", "created_at", "revoked_at"),
            "active": self.active,
        }


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _row(row: sa.Row[Any]) -> ApiKey:
    return typed(ApiKey, row)


class KeyStore:
    """API keys in the store's database (table created by migration `0002_keys`)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def create(self, role: Role | str, name: str | None = None) -> tuple[ApiKey, str]:
        """A new key: the record and the key itself, which is never shown again."""
        try:
            chosen = Role(role)
        except ValueError:
            raise InputError(
                f"unknown role {role!r}; use one of {', '.join(r.value for r in Role)}"
            ) from None
        prefix = secrets.token_hex(4)
        key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        values = {
            "prefix": prefix,
            "key_hash": hash_key(key),
            "name": (name or "").strip() or f"{chosen.value} key {prefix}",
            "role": chosen.value,
            "created_at": datetime.now(UTC),
        }
        with self.engine.begin() as conn:
            new_id = conn.execute(sa.insert(api_keys).values(**values)).inserted_primary_key
        assert new_id is not None
        return self.get(int(new_id[0])), key

    def get(self, key_id: int) -> ApiKey:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(api_keys).where(api_keys.c.id == key_id)).first()
        if row is None:
            raise NotFound(f"no API key with id {key_id}")
        return _row(row)

    def list(self) -> list[ApiKey]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(api_keys).order_by(api_keys.c.id)).all()
        return [_row(r) for r in rows]

    def revoke(self, key_id: int) -> ApiKey:
        """Revoke a key (kept in the table for the record); revoking twice is harmless."""
        key = self.get(key_id)
        if key.active:
            with self.engine.begin() as conn:
                conn.execute(
                    sa.update(api_keys)
                    .where(api_keys.c.id == key_id)
                    .values(revoked_at=datetime.now(UTC))
                )
        return self.get(key_id)

    def authenticate(self, key: str) -> ApiKey | None:
        """The active key whose hash this is, or None (unknown, malformed or revoked)."""
        if not key.startswith(KEY_PREFIX) or len(key) > 200:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(api_keys).where(api_keys.c.key_hash == hash_key(key))
            ).first()
        if row is None or row.revoked_at is not None:
            return None
        return _row(row)
