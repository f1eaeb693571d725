"""The users page over plain HTTP on a real server: only admins see it; an admin creates a
user with a role (a generated password shown once, which logs in) and disables one (their
session ends at once); each change is one audit event naming the admin; forms without the
CSRF token change nothing; nobody disables their own account."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from entitylist.audit import AuditLog, kinds
from entitylist.store import Store
from servers import Server, log_in

pytestmark = pytest.mark.slow


def csrf_of(client: httpx.Client) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', client.get("/users").text)
    assert match, "the users page carries the CSRF token"
    return match.group(1)


def events(server: Server, kind: str) -> list[dict]:
    store = Store.open(server.db_url)
    try:
        return [{"actor": e.actor, **e.data} for e in AuditLog(store).events(kind=kind)]
    finally:
        store.close()


def test_only_admins_see_the_users_page(fresh_server: Callable[..., Server]) -> None:
    server = fresh_server()
    with server.client() as viewer, server.client() as admin:
        assert log_in(viewer, "viewer").status_code == 303
        assert log_in(admin, "admin").status_code == 303
        refused = viewer.get("/users")
        shown = admin.get("/users")
        nav = admin.get("/search").text
        viewer_nav = viewer.get("/search").text
    assert refused.status_code == 403 and "needs the admin role" in refused.text
    assert shown.status_code == 200
    assert re.search(r"<td>admin</td><td>admin</td>", shown.text)
    assert re.search(r"<td>viewer</td><td>viewer</td>", shown.text)
    assert '<label for="new-username">Username</label>' in shown.text
    assert 'href="/users"' in nav and 'href="/users"' not in viewer_nav


def test_an_admin_creates_a_reviewer_who_logs_in_with_the_password_shown_once(
    fresh_server: Callable[..., Server],
) -> None:
    server = fresh_server()
    with server.client() as admin, server.client() as rita:
        assert log_in(admin, "admin").status_code == 303
        forged = admin.post("/users", data={"username": "mallory", "role": "admin"})
        made = admin.post(
            "/users", data={"username": "rita", "role": "reviewer", "csrf": csrf_of(admin)}
        )
        again = admin.post(
            "/users", data={"username": "rita", "role": "viewer", "csrf": csrf_of(admin)}
        )
        listed = admin.get("/users").text
        password = re.search(r"shown this once: <code>([^<]+)</code>", made.text)
        assert password, made.text
        assert log_in(rita, "rita", password.group(1)).status_code == 303
    assert forged.status_code == 403 and "mallory" not in listed
    assert (
        made.status_code == 201 and "<strong>rita</strong> can now log in as reviewer" in made.text
    )
    assert again.status_code == 422 and "already exists" in again.text
    assert password.group(1) not in listed, "the password is shown once"
    created = events(server, kinds.USER_CREATED)
    assert [(e["username"], e["role"], e["actor"]) for e in created if e["username"] == "rita"] == [
        ("rita", "reviewer", "user admin")
    ]


def test_an_admin_disables_a_user_whose_session_ends_at_once(
    fresh_server: Callable[..., Server],
) -> None:
    server = fresh_server()
    with server.client() as admin, server.client() as viewer:
        assert log_in(admin, "admin").status_code == 303
        assert log_in(viewer, "viewer").status_code == 303
        assert viewer.get("/search").status_code == 200
        forged = admin.post("/users/viewer/disable", data={})
        still = viewer.get("/search").status_code
        done = admin.post("/users/viewer/disable", data={"csrf": csrf_of(admin)})
        after = viewer.get("/search")
        own = admin.post("/users/admin/disable", data={"csrf": csrf_of(admin)})
        listed = admin.get("/users").text
        assert log_in(viewer, "viewer").status_code != 303, "a disabled user cannot log in"
    assert forged.status_code == 403 and still == 200
    assert done.status_code == 303 and done.headers["location"] == "/users"
    assert after.status_code == 303 and after.headers["location"].startswith("/login")
    assert own.status_code == 422 and "cannot disable their own account" in own.text
    assert re.search(r"<td>viewer</td><td>viewer</td>.*?disabled", listed, re.S)
    disabled = events(server, kinds.USER_DISABLED)
    assert [(e["username"], e["actor"]) for e in disabled] == [("viewer", "user admin")]
