"""Named users: a role, a password kept only as an Argon2id hash, and web sessions.

Passwords are hashed with argon2-cffi's defaults (Argon2id, 64 MiB, 3 passes): slow on
purpose, because people choose guessable passwords. A login is refused without checking
the password once a username (or a client address) has failed too often recently, and
every attempt is one audit event. A session is a random token kept as its sha256; logging
out or disabling the user ends it in the database, so a copied cookie stops working too.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from entitylist.audit import AuditLog, kinds
from entitylist.audit.actors import Actor
from entitylist.auth.keys import Role, table
from entitylist.dates import utc
from entitylist.errors import EntitylistError, InputError, NotFound
from entitylist.store import Store
from entitylist.store.columns import ref, row_id, string, timestamp
from entitylist.store.rows import typed

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 12
SESSION_HOURS = 12.0
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_CLIENT = 20

users = table(
    "users",
    row_id(),
    string("username", 64, unique=True),
    string("password_hash", 200),
    string("role", 16),
    timestamp("created_at"),
    timestamp("disabled_at", nullable=True),
)

web_sessions = table(
    "web_sessions",
    string("token_hash", 64, primary_key=True),
    ref("user_id", "users"),
    timestamp("created_at"),
    timestamp("expires_at"),
    timestamp("ended_at", nullable=True),
)

login_failures = table(
    "login_failures",
    row_id(),
    string("username", 200),
    string("client", 100, nullable=True),
    timestamp("at"),
)

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Checked when the username is unknown, so that a miss costs as long as a wrong
    password. Made on first use: an Argon2 hash at import would slow every CLI command."""
    return _hasher.hash(secrets.token_urlsafe(16))


class LoginRefused(EntitylistError, code="login_refused", status=401):
    """A login that does not hold: the same answer for an unknown user and a wrong password."""


class LoginThrottled(EntitylistError, code="login_throttled", status=429):
    """Too many failed logins in a row: the next attempt must wait."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: Role
    created_at: datetime
    disabled_at: datetime | None

    @property
    def name(self) -> str:
        return self.username

    @property
    def active(self) -> bool:
        return self.disabled_at is None

    @property
    def actor(self) -> Actor:
        return Actor.user(self.username, self.id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "role": str(self.role),
            "created_at": self.created_at.isoformat(),
            "disabled_at": self.disabled_at.isoformat() if self.disabled_at else None,
            "active": self.active,
        }


@dataclass(frozen=True, slots=True)
class Login:
    user: User
    token: str
    """The session token for the cookie; only its sha256 is kept."""


def _row(row: Any) -> User:
    return typed(User, row)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_username(name: str) -> str:
    name = name.strip()
    if not USERNAME.match(name):
        raise InputError(
            f"username {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password must be at least {MIN_PASSWORD} characters long")
    if len(password) > 1000:
        raise InputError("the password must be at most 1,000 characters long")
    return password


def parse_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InputError(
            f"unknown role {role!r}; use one of {', '.join(r.value for r in Role)}"
        ) from None


class UserStore:
    """Users, their sessions and login attempts, in the store's database (migration 0006);
    each change and each login attempt is recorded in the audit log by the method itself."""

    def __init__(
        self,
        store: Store,
        *,
        session_hours: float = SESSION_HOURS,
        failures_per_client: int = MAX_FAILURES_PER_CLIENT,
    ) -> None:
        self.store = store
        self.engine = store.engine
        self.log = AuditLog(store)
        self.session_hours = session_hours
        self.failures_per_client = failures_per_client

    # -- managing users -------------------------------------------------------------------

    def create(
        self, username: str, role: Role | str, actor: Actor, password: str | None = None
    ) -> tuple[User, str | None]:
        """A new user; returns the generated password (shown once) when none was given."""
        name, chosen = check_username(username), parse_role(role)
        generated = None if password is not None else secrets.token_urlsafe(15)
        secret = check_password(password) if password is not None else generated
        assert secret is not None
        with self.engine.begin() as conn:
            if conn.execute(sa.select(users.c.id).where(users.c.username == name)).first():
                raise InputError(f"a user named {name!r} already exists")
            new_id = conn.execute(
                sa.insert(users)
                .values(
                    username=name,
                    password_hash=_hasher.hash(secret),
                    role=chosen.value,
                    created_at=datetime.now(UTC),
                )
                .returning(users.c.id)
            ).scalar_one()
            data = {"user_id": new_id, "username": name, "role": chosen.value}
            self.log.record(kinds.USER_CREATED, data, actor.text, conn=conn)
        return self.get(name), generated

    def get(self, username: str) -> User:
        row = self._find(username)
        if row is None:
            raise NotFound(f"no user named {username!r}")
        return _row(row)

    def list(self) -> list[User]:
        with self.engine.connect() as conn:
            return [_row(r) for r in conn.execute(sa.select(users).order_by(users.c.id))]

    def disable(self, username: str, actor: Actor) -> User:
        """Disable a user (kept for the record) and end every session of theirs. Nobody
        disables their own account (another admin must: the last admin cannot lock all out)."""
        user = self.get(username)
        if actor == user.actor:
            raise InputError(
                f"{user.username} cannot disable their own account; another admin must"
            )
        if not user.active:
            return user
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            conn.execute(sa.update(users).where(users.c.id == user.id).values(disabled_at=now))
            ended = conn.execute(
                sa.update(web_sessions)
                .where(web_sessions.c.user_id == user.id, web_sessions.c.ended_at.is_(None))
                .values(ended_at=now)
            ).rowcount
            data = {"user_id": user.id, "username": user.username, "sessions_ended": ended}
            self.log.record(kinds.USER_DISABLED, data, actor.text, conn=conn)
        return self.get(username)

    # -- logging in and out -------------------------------------------------------------

    def login(self, username: str, password: str, *, client: str | None = None) -> Login:
        """Check a password and open a session; one audit event whatever the outcome.

        Raises `LoginThrottled` (password not even checked) after too many recent failures
        for this username or client, `LoginRefused` for a wrong name, password or a
        disabled user (one message for all three: nobody learns which names exist)."""
        name = username.strip()[:200]
        now = datetime.now(UTC)
        # Each refusal is committed (failure and audit event) before it is raised.
        with self.engine.begin() as conn:
            wait = self._throttled(conn, name, client, now, self.failures_per_client)
            if wait is not None:
                self._audit_login(conn, name, client, "throttled")
        if wait is not None:
            plural = "s" if wait != 1 else ""
            raise LoginThrottled(f"too many failed logins; try again in {wait} minute{plural}")
        row = self._find(name)
        if not _password_ok(row.password_hash if row is not None else None, password):
            row = None
        if row is None or row.disabled_at is not None:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(login_failures).values(username=name, client=client, at=now))
                self._audit_login(conn, name, client, "refused")
            raise LoginRefused("unknown username or wrong password")
        with self.engine.begin() as conn:
            token = secrets.token_urlsafe(32)
            conn.execute(
                sa.insert(web_sessions).values(
                    token_hash=_token_hash(token),
                    user_id=row.id,
                    created_at=now,
                    expires_at=now + timedelta(hours=self.session_hours),
                )
            )
            conn.execute(sa.delete(login_failures).where(login_failures.c.username == name))
            self._audit_login(conn, name, client, "ok")
        return Login(_row(row), token)

    def session_user(self, token: str) -> User | None:
        """The active user of an open, unexpired session, or None."""
        now = datetime.now(UTC)
        query = (
            sa.select(users, web_sessions.c.expires_at)
            .join(web_sessions, web_sessions.c.user_id == users.c.id)
            .where(web_sessions.c.token_hash == _token_hash(token))
            .where(web_sessions.c.ended_at.is_(None), users.c.disabled_at.is_(None))
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None or utc(row.expires_at) <= now:
            return None
        return _row(row)

    def logout(self, token: str) -> None:
        """End a session in the database (audited when it was open)."""
        user = self.session_user(token)
        with self.engine.begin() as conn:
            conn.execute(
                sa.update(web_sessions)
                .where(web_sessions.c.token_hash == _token_hash(token))
                .where(web_sessions.c.ended_at.is_(None))
                .values(ended_at=datetime.now(UTC))
            )
            if user is not None:
                data = {"user_id": user.id, "username": user.username}
                self.log.record(kinds.LOGOUT, data, user.actor.text, conn=conn)

    def _find(self, name: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(users).where(users.c.username == name)).first()

    @staticmethod
    def _throttled(
        conn: sa.Connection, name: str, client: str | None, now: datetime, per_client: int
    ) -> int | None:
        """Minutes to wait, when this username or client failed too often recently."""
        since = now - THROTTLE_WINDOW
        checks = [(login_failures.c.username == name, MAX_FAILURES_PER_USER)]
        if client:
            checks.append((login_failures.c.client == client, per_client))
        for condition, limit in checks:
            times = conn.execute(
                sa.select(login_failures.c.at)
                .where(condition, login_failures.c.at >= since)
                .order_by(login_failures.c.at.desc())
                .limit(limit)
            ).all()
            if len(times) >= limit:
                oldest = utc(times[-1].at)
                return max(1, int((oldest + THROTTLE_WINDOW - now).total_seconds() // 60) + 1)
        return None

    def _audit_login(
        self, conn: sa.Connection, name: str, client: str | None, outcome: str
    ) -> None:
        data = {"username": name, "outcome": outcome, "client": client}
        self.log.record(kinds.LOGIN, data, Actor.user(name).text, conn=conn)


def _password_ok(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _dummy_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
