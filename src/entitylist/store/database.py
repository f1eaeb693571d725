"""Opening the store: the engine for a URL, and the schema migrated to the newest revision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from entitylist.errors import StoreUnavailable

MIGRATIONS = Path(__file__).parent / "migrations"


def create_engine(url: str) -> sa.Engine:
    """An engine for `url`; SQLite files get WAL, foreign keys and a busy timeout so that
    concurrent readers and one writer work, and a killed writer leaves a consistent file."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(_alembic_config()).get_heads())


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest revisions (named, transactional, recorded by Alembic).

    Features add their tables in their own revisions; "heads" applies every branch.
    """
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except sa.exc.OperationalError as exc:
        raise unreachable(engine, exc) from None
    if current == head_revisions():
        return
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")


def unreachable(engine: sa.Engine, exc: sa.exc.OperationalError) -> StoreUnavailable:
    """One line for a database that cannot be opened (the driver's own text, trimmed)."""
    where = engine.url.render_as_string(hide_password=True)
    text = str(exc.orig or exc)
    reason = " ".join(line.strip() for line in text.strip().splitlines()[:2])
    reason = reason.removeprefix("connection failed: ")
    if "does not exist" in text and engine.url.database:
        name = engine.url.database
        return StoreUnavailable(
            f"{where}: database {name!r} does not exist: create the database first "
            f"(e.g. `createdb {name}`), then run the command again"
        )
    return StoreUnavailable(f"{where}: cannot open the store ({reason})")
