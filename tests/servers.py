"""Real `entitylist serve` processes for the API and web tests (not the in-process client).

A server runs in a subprocess on a free 127.0.0.1 port, on its own database (a SQLite file
or a fresh PostgreSQL database) and data directory. Servers with the 2023 CSL loaded are
expensive (the load takes seconds), so one per backend is shared by every test module of a
pytest process (kept on `config.stash`, stopped when the session ends). Tests that need a
pristine server (no list loaded, small limits) start their own.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from entitylist.audit.actors import Actor
from entitylist.auth import KeyStore, Role, UserStore
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.updates.lists import update_source

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CSL_2023 = SHARED_DATA / "csl" / "consolidated_2023-11-30.csv"
CSL_2019 = SHARED_DATA / "csl" / "consolidated_2019-12-03.csv"
OFAC_CONS = SHARED_DATA / "ofac_cons"
DPL = {
    v: SHARED_DATA / "bis_dpl" / f"dpl_{v}.txt" for v in ("2019-06-29", "2022-09-07", "2023-11-30")
}
BACKENDS = ["sqlite", "postgresql"]
PASSWORD = "correct horse battery staple"
"""The password of the users every test server starts with (`admin` and `viewer`)."""


def cut_as_published(path: Path) -> bool:
    """The 2023 CSL export ends inside a quoted field as published: loading it needs
    `accept_truncated` (every other file must load without it)."""
    return path.name == CSL_2023.name


def vintage(path: Path) -> datetime:
    """The publication day in the shared files' names (`dpl_2022-09-07.txt`)."""
    day = path.stem.rsplit("_", 1)[-1]
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def free_port() -> int:
    """A free port below the kernel's ephemeral range (32768+), where the local ends of
    client connections (HTTP clients, database connections) would otherwise collide."""
    rng = random.Random()
    for _ in range(100):
        port = rng.randrange(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 20000-32000")


@dataclass
class Database:
    url: str
    cleanup: Callable[[], None] = lambda: None


def new_database(backend: str, folder: Path, *, template: str | None = None) -> Database:
    if backend == "sqlite":
        return Database(database_url(str(folder / "entitylist.sqlite")))
    reason = pg_unavailable()
    if reason:
        pytest.skip(reason)
    name = f"entitylist_svc_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
    admin.dispose()
    return Database(
        database_url(f"postgresql://postgres@127.0.0.1:5432/{name}"), lambda: _drop_pg(name)
    )


def _drop_pg(name: str) -> None:
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


_PG_REASON: list[str | None] = []


def pg_unavailable() -> str | None:
    if not _PG_REASON:
        try:
            engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
            with engine.connect():
                pass
            engine.dispose()
            _PG_REASON.append(None)
        except Exception as exc:  # any failure to connect means: no server here
            _PG_REASON.append(f"no PostgreSQL server at 127.0.0.1:5432 ({type(exc).__name__})")
    return _PG_REASON[0]


@dataclass
class Server:
    """One running `entitylist serve`, its database, two keys and two users (admin and
    viewer, both with the password `PASSWORD`)."""

    url: str
    db_url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    admin_key: str
    viewer_key: str
    log_path: Path
    _cleanups: list[Callable[[], None]] = field(default_factory=list)

    @property
    def settings(self) -> Settings:
        return Settings(db_url=self.db_url, data_dir=self.data_dir)

    def client(self, key: str | None = None, **kwargs: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        # Generous: a first screening waits for an index built by a child process, which
        # takes far longer than usual on a machine whose cores are all busy.
        kwargs.setdefault("timeout", 120)
        return httpx.Client(base_url=self.url, headers=headers, **kwargs)  # type: ignore[arg-type]

    def new_key(self, role: Role = Role.VIEWER, name: str | None = None) -> str:
        store = Store.open(self.db_url)
        try:
            return KeyStore(store.engine).create(role, name)[1]
        finally:
            store.close()

    def new_user(self, role: Role = Role.VIEWER, name: str | None = None) -> str:
        """A user with the password `PASSWORD`; returns the username."""
        store = Store.open(self.db_url)
        try:
            username = name or f"{role.value}-{uuid.uuid4().hex[:8]}"
            UserStore(store).create(username, role, Actor("os", "tests"), PASSWORD)
            return username
        finally:
            store.close()

    def load(self, source: str, path: Path) -> None:
        """Load a list straight into the server's database (as `entitylist update` would)."""
        store = Store.open(self.db_url)
        try:
            update_source(
                store,
                self.settings,
                source,
                str(path),
                published_at=vintage(path),
                accept_truncated=cut_as_published(path),
            )
        finally:
            store.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for cleanup in reversed(self._cleanups):
            cleanup()
        self._cleanups.clear()


def start_server(
    backend: str,
    folder: Path,
    *,
    lists: list[tuple[str, Path]] = (),  # type: ignore[assignment]
    env: dict[str, str] | None = None,
    workers: int = 1,
    database: Database | None = None,
) -> Server:
    """A database with `lists` loaded (or `database` as it is), two keys, and
    `entitylist serve` answering on it."""
    folder.mkdir(parents=True, exist_ok=True)
    database = database or new_database(backend, folder)
    data_dir = folder / "data"
    settings = Settings(db_url=database.url, data_dir=data_dir)
    store = Store.open(database.url)
    try:
        for source, path in lists:
            update_source(
                store,
                settings,
                source,
                str(path),
                published_at=vintage(path),
                accept_truncated=cut_as_published(path),
            )
        keys = KeyStore(store.engine)
        admin_key = keys.create(Role.ADMIN, "test admin")[1]
        viewer_key = keys.create(Role.VIEWER, "test viewer")[1]
        people = UserStore(store)
        for role in (Role.ADMIN, Role.VIEWER):
            people.create(role.value, role, Actor("os", "tests"), PASSWORD)
    finally:
        store.close()
    log_path = folder / "server.log"
    process_env = {
        **os.environ,
        "ENTITYLIST_DATA_DIR": str(data_dir),
        "ENTITYLIST_API_REFRESH_SECONDS": "0.5",
        # Every test logs in from 127.0.0.1, and schemathesis alone makes dozens of failed
        # logins: the per-client limit would throttle whichever login test comes next.
        # Tests of that limit set their own.
        "ENTITYLIST_API_LOGIN_FAILURES_PER_CLIENT": "100000",
        **(env or {}),
    }
    process_env.pop("ENTITYLIST_DB", None)
    for attempt in range(3):
        port = free_port()  # free now; another process may take it before the server binds
        command = [
            sys.executable,
            "-c",
            "from entitylist.cli import main; main()",
            "--db",
            database.url,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command, env=process_env, stdout=log, stderr=subprocess.STDOUT
            )
        server = Server(
            url=f"http://127.0.0.1:{port}",
            db_url=database.url,
            data_dir=data_dir,
            process=process,
            admin_key=admin_key,
            viewer_key=viewer_key,
            log_path=log_path,
            _cleanups=[database.cleanup],
        )
        if _answers(server):
            return server
        if "address already in use" in server.log().lower() and attempt < 2:
            process.wait()
            continue
        server.stop()
        raise RuntimeError(f"entitylist serve did not start:\n{server.log()}")
    raise AssertionError("unreachable")


def _answers(server: Server, timeout: float = 240) -> bool:
    # Generous: on a machine whose cores are all busy a server can take a minute to answer.
    deadline = time.monotonic() + timeout
    while server.process.poll() is None:
        try:
            httpx.get(server.url + "/v1/health", timeout=1)
            return True
        except httpx.TransportError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
    return False


def log_in(
    client: httpx.Client, username: str, password: str = PASSWORD, next_path: str = "/search"
) -> httpx.Response:
    """Log a plain HTTP client in through the web login form (the cookie stays on it)."""
    import re

    page = client.get("/login", params={"next": next_path})
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match, "the login form carries a CSRF token"
    form = {"username": username, "password": password, "csrf": match.group(1), "next": next_path}
    return client.post("/login", data=form)


WAIT_SECONDS = 300.0


def wait_for(
    predicate: Callable[[], bool], timeout: float = WAIT_SECONDS, every: float = 0.1
) -> bool:
    """Whether `predicate` came true within `timeout`: a bound on something that must
    happen, generous because CI machines are busy (never a measure of speed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


# -- one loaded database for every pytest process ------------------------------------------
# Loading the CSL takes seconds, so the first pytest process (xdist worker) to need it loads
# a template database under a file lock; each server then gets a copy: the file for SQLite,
# CREATE DATABASE ... TEMPLATE for PostgreSQL. The last process to finish drops the template.

SHARED_LISTS = [("csl", CSL_2023), *(("dpl", path) for path in DPL.values())]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pg_exists(name: str) -> bool:
    admin = sa.create_engine(PG_ADMIN_URL)
    try:
        with admin.connect() as conn:
            return (
                conn.execute(
                    sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
                ).first()
                is not None
            )
    finally:
        admin.dispose()


def cloned_database(
    backend: str, folder: Path, shared: Path
) -> tuple[Database, Callable[[], None]]:
    """A copy of the loaded template, and the release to call when this process is done."""
    state_path = shared / f"template-{backend}.json"
    with _locked(shared / f"template-{backend}.lock"):
        state = json.loads(state_path.read_text()) if state_path.exists() else None
        if state is not None and backend == "postgresql" and not _pg_exists(state["name"]):
            state = None  # dropped by a process that finished first: load it again
        if state is None:
            template_dir = shared / f"template-{backend}"
            # A template left by a process that finished first holds the lists already:
            # start from an empty folder, or the reload is refused as a duplicate vintage.
            shutil.rmtree(template_dir, ignore_errors=True)
            template_dir.mkdir()
            template = new_database(backend, template_dir)
            settings = Settings(db_url=template.url, data_dir=template_dir / "data")
            store = Store.open(template.url)
            try:
                for source, path in SHARED_LISTS:
                    update_source(
                        store,
                        settings,
                        source,
                        str(path),
                        published_at=vintage(path),
                        accept_truncated=cut_as_published(path),
                    )
            finally:
                store.close()
            state = {"url": template.url, "name": template.url.rsplit("/", 1)[-1], "users": 0}
        state["users"] += 1
        state_path.write_text(json.dumps(state))
        if backend == "sqlite":
            source_file = Path(state["url"].split("///", 1)[1])
            target = folder / "entitylist.sqlite"
            shutil.copyfile(source_file, target)
            copy = Database(database_url(str(target)))
        else:
            copy = new_database(backend, folder, template=state["name"])

    def release() -> None:
        with _locked(shared / f"template-{backend}.lock"):
            current = json.loads(state_path.read_text())
            current["users"] -= 1
            if current["users"] > 0:
                state_path.write_text(json.dumps(current))
                return
            state_path.unlink()
            if backend == "postgresql":
                _drop_pg(current["name"])
            else:
                shutil.rmtree(shared / f"template-{backend}", ignore_errors=True)

    return copy, release


# -- fixtures (imported by tests/api/conftest.py and tests/web/conftest.py) ----------------

_SHARED = pytest.StashKey[dict[str, Server]]()


def shared_loaded_server(request: pytest.FixtureRequest, backend: str) -> Server:
    """The CSL 2023 and three DPL vintages loaded; shared by every module of this process."""
    if not CSL_2023.is_file():
        pytest.skip(f"real list data not found at {SHARED_DATA}")
    cache = request.config.stash.setdefault(_SHARED, {})
    if backend not in cache:
        factory = request.getfixturevalue("tmp_path_factory")
        folder = factory.mktemp(f"server-{backend}")
        base = factory.getbasetemp()
        shared = base.parent if base.name.startswith("popen-gw") else base  # xdist: siblings
        database, release = cloned_database(backend, folder, shared)
        request.config.add_cleanup(release)
        server = start_server(backend, folder, database=database)
        request.config.add_cleanup(server.stop)
        cache[backend] = server
        # The first screen waits for the index (built by a child process, then cached on
        # disk): do it once here, with room for a busy machine.
        with server.client(server.viewer_key) as client:
            client.post("/v1/screen", json={"name": "warm up"}).raise_for_status()
    return cache[backend]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and pg_unavailable():
        pytest.skip(pg_unavailable() or "")
    return str(request.param)


@pytest.fixture(scope="session")
def server(request: pytest.FixtureRequest, backend: str) -> Server:
    return shared_loaded_server(request, backend)


@pytest.fixture
def fresh_server(tmp_path: Path, backend: str) -> Iterator[Callable[..., Server]]:
    """Start a server of one's own (no list unless asked); stopped after the test."""
    started: list[Server] = []

    def start(**kwargs: object) -> Server:
        s = start_server(backend, tmp_path / f"server{len(started)}", **kwargs)  # type: ignore[arg-type]
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()
