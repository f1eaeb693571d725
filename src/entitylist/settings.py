"""Settings, built once from the command line and environment and passed down.

Nothing reads the environment below this module: the CLI, the API app factory and tests
build a `Settings` and hand it to the library.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

ENV_DB = "ENTITYLIST_DB"
ENV_DATA_DIR = "ENTITYLIST_DATA_DIR"
ENV_SOURCE_URL = "ENTITYLIST_URL_"
"""`ENTITYLIST_URL_CSL=https://mirror/consolidated.csv` overrides a source's download location
(for a mirror or proxy); the source name is upper-cased with `-` as `_` (`OFAC_CONS`)."""


@dataclass(frozen=True)
class Settings:
    """Where the store lives and how updates and screening behave."""

    db_url: str
    data_dir: Path
    max_shrink: float = 0.20
    """An update that shrinks a list by more than this fraction is refused (unless forced)."""
    max_skipped_fraction: float = 0.05
    """An update whose parser skipped more than this fraction of rows is refused as broken."""
    source_urls: Mapping[str, str] = field(default_factory=dict)
    """Overrides of the official download locations, by source name."""

    @property
    def store_location(self) -> str:
        """Where the store is, for people: the SQLite file, or the URL without a password."""
        if self.db_url.startswith("sqlite:///"):
            return self.db_url.removeprefix("sqlite:///") or ":memory:"
        return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", self.db_url)

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @classmethod
    def load(
        cls, db: str | None = None, *, environ: Mapping[str, str] | None = None, **overrides: object
    ) -> Settings:
        """`--db` if given, else `ENTITYLIST_DB` (a path or URL), else the user's data dir."""
        env = os.environ if environ is None else environ
        data_dir = Path(env.get(ENV_DATA_DIR) or user_data_dir("entitylist", appauthor=False))
        chosen = db or env.get(ENV_DB) or str(data_dir / "entitylist.sqlite")
        urls = {
            name[len(ENV_SOURCE_URL) :].lower().replace("_", "-"): value
            for name, value in env.items()
            if name.startswith(ENV_SOURCE_URL) and value
        }
        overrides.setdefault("source_urls", urls)
        return cls(db_url=database_url(chosen), data_dir=data_dir, **overrides)  # type: ignore[arg-type]


def database_url(value: str) -> str:
    """A database URL from a URL or a file path. `postgresql://` uses the psycopg 3 driver."""
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    return f"sqlite:///{path}"
