"""Shared fixtures: the real published list files live outside the project (never copied in)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from entitylist.store import Store

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """`../shared/data/` beside the project: real list files (see its README.md)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real list data not found at {SHARED_DATA} (expected ../shared/data/)")
    return SHARED_DATA


# -- databases -----------------------------------------------------------------------------
# Store tests run on the embedded SQLite file and on the PostgreSQL server that runs locally
# (127.0.0.1:5432). Each test gets a fresh database; PostgreSQL is skipped, with the reason
# shown, only when no server answers.

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _pg_reason() -> str | None:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # any failure to connect means: no server here
        return f"no PostgreSQL server reachable at 127.0.0.1:5432 ({exc.__class__.__name__})"
    return None


@pytest.fixture(scope="session")
def pg_unavailable() -> str | None:
    return _pg_reason()


def _fresh_pg_database(reason: str | None) -> Iterator[str]:
    import uuid

    import sqlalchemy as sa

    if reason:
        pytest.skip(reason)
    name = f"entitylist_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, pg_unavailable: str | None
) -> Iterator[str]:
    """A fresh, empty database URL (as a user would give it): SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        yield str(tmp_path / "entitylist.sqlite")
    else:
        yield from _fresh_pg_database(pg_unavailable)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    from entitylist.settings import database_url

    opened = Store.open(database_url(db_url))
    try:
        yield opened
    finally:
        opened.close()
