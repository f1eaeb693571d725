"""Users: Argon2id-hashed passwords, roles, throttled logins, sessions that end in the
database, and one audit event per change and per login attempt (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from entitylist.audit import AuditLog, kinds
from entitylist.audit.actors import Actor
from entitylist.auth import LoginRefused, LoginThrottled, Role, UserStore
from entitylist.auth.users import MAX_FAILURES_PER_USER, users
from entitylist.errors import InputError
from entitylist.store import Store

ADMIN = Actor("os", "ops")
PASSWORD = "a long enough password"


def test_a_password_is_kept_only_as_an_argon2id_hash(store: Store) -> None:
    people = UserStore(store)
    user, generated = people.create("alice", Role.REVIEWER, ADMIN, PASSWORD)
    assert generated is None
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(users)).one()
    assert row.password_hash.startswith("$argon2id$") and PASSWORD not in row.password_hash
    assert (user.username, user.role, user.active) == ("alice", Role.REVIEWER, True)


def test_a_generated_password_is_returned_once_and_works(store: Store) -> None:
    people = UserStore(store)
    _user, generated = people.create("bob", "approver", ADMIN)
    assert generated is not None and len(generated) >= 16
    assert people.login("bob", generated).user.role is Role.APPROVER


def test_bad_names_roles_passwords_and_duplicates_are_refused(store: Store) -> None:
    people = UserStore(store)
    with pytest.raises(InputError, match="username"):
        people.create("has space", Role.VIEWER, ADMIN, PASSWORD)
    with pytest.raises(InputError, match="unknown role 'boss'"):
        people.create("carol", "boss", ADMIN, PASSWORD)
    with pytest.raises(InputError, match="at least 12 characters"):
        people.create("carol", Role.VIEWER, ADMIN, "short")
    people.create("carol", Role.VIEWER, ADMIN, PASSWORD)
    with pytest.raises(InputError, match="already exists"):
        people.create("carol", Role.VIEWER, ADMIN, PASSWORD)


def test_roles_are_ordered_each_allowing_what_the_one_before_may() -> None:
    assert Role.ADMIN.allows(Role.APPROVER) and Role.APPROVER.allows(Role.REVIEWER)
    assert Role.REVIEWER.allows(Role.VIEWER) and not Role.REVIEWER.allows(Role.APPROVER)
    assert not Role.VIEWER.allows(Role.REVIEWER)


def test_every_login_attempt_is_one_audit_event(store: Store) -> None:
    people = UserStore(store)
    people.create("dave", Role.VIEWER, ADMIN, PASSWORD)
    people.login("dave", PASSWORD, client="10.0.0.1")
    with pytest.raises(LoginRefused):
        people.login("dave", "wrong wrong wrong")
    with pytest.raises(LoginRefused):
        people.login("nobody", PASSWORD)
    events = AuditLog(store).events(kind=kinds.LOGIN)
    assert [(e.data["username"], e.data["outcome"]) for e in events] == [
        ("dave", "ok"),
        ("dave", "refused"),
        ("nobody", "refused"),
    ]
    assert events[0].actor == "user dave" and events[0].data["client"] == "10.0.0.1"
    assert [e.kind for e in AuditLog(store).events()][:1] == [kinds.USER_CREATED]


def test_too_many_failures_throttle_the_name_without_checking_the_password(
    store: Store,
) -> None:
    people = UserStore(store)
    people.create("erin", Role.VIEWER, ADMIN, PASSWORD)
    for _ in range(MAX_FAILURES_PER_USER):
        with pytest.raises(LoginRefused):
            people.login("erin", "not it at all")
    with pytest.raises(LoginThrottled, match=r"try again in 1[56] minutes"):
        people.login("erin", PASSWORD)
    assert AuditLog(store).events(kind=kinds.LOGIN)[-1].data["outcome"] == "throttled"


def test_too_many_failures_from_one_client_throttle_every_name_it_tries(
    store: Store,
) -> None:
    people = UserStore(store, failures_per_client=3)
    people.create("hana", Role.VIEWER, ADMIN, PASSWORD)
    for name in ("ivan", "judy", "karl"):  # names spread thin: each stays under its own limit
        with pytest.raises(LoginRefused):
            people.login(name, "not it at all", client="10.0.0.9")
    with pytest.raises(LoginThrottled):
        people.login("hana", PASSWORD, client="10.0.0.9")
    assert people.login("hana", PASSWORD, client="10.0.0.10").user.username == "hana"


def test_logout_and_disabling_end_sessions_in_the_database(store: Store) -> None:
    people = UserStore(store)
    people.create("frank", Role.REVIEWER, ADMIN, PASSWORD)
    first, second = people.login("frank", PASSWORD), people.login("frank", PASSWORD)
    assert people.session_user(first.token) == first.user
    people.logout(first.token)
    assert people.session_user(first.token) is None
    assert people.session_user(second.token) is not None
    disabled = people.disable("frank", ADMIN)
    assert not disabled.active and people.session_user(second.token) is None
    with pytest.raises(LoginRefused):
        people.login("frank", PASSWORD)
    kinds_seen = [e.kind for e in AuditLog(store).events()]
    assert kinds_seen.count(kinds.LOGOUT) == 1 and kinds_seen.count(kinds.USER_DISABLED) == 1
    assert AuditLog(store).verify().ok


def test_an_expired_session_is_no_session(store: Store) -> None:
    people = UserStore(store, session_hours=-1)
    people.create("gina", Role.VIEWER, ADMIN, PASSWORD)
    assert people.session_user(people.login("gina", PASSWORD).token) is None
