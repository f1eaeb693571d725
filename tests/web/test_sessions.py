"""Logging in with a username and password, the session cookie, logging out: over plain
HTTP against a real server."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from entitylist.auth import Role
from servers import PASSWORD, Server, log_in

pytestmark = pytest.mark.slow


def login_form(client: httpx.Client, next_path: str = "/search") -> str:
    page = client.get("/login", params={"next": next_path})
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match, "the login form carries a CSRF token"
    return match.group(1)


def test_pages_redirect_to_login_and_back(server: Server) -> None:
    with server.client() as client:
        response = client.get("/changes?source=dpl")
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/changes%3Fsource%3Ddpl"
        done = log_in(client, "viewer", next_path="/changes?source=dpl")
    assert done.status_code == 303
    assert done.headers["location"] == "/changes?source=dpl"
    cookie = done.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert PASSWORD not in done.headers["set-cookie"], "the password never goes in a cookie"


def test_a_wrong_password_or_unknown_user_does_not_log_in(server: Server) -> None:
    with server.client() as client:
        wrong = log_in(client, "viewer", "not the password")
        unknown = log_in(client, "nobody-by-this-name", PASSWORD)
        assert client.get("/search").status_code == 303
    assert wrong.status_code == unknown.status_code == 401
    # One message for both: a login page does not confirm which usernames exist.
    assert "unknown username or wrong password" in wrong.text
    assert "unknown username or wrong password" in unknown.text


def test_repeated_failures_throttle_the_username_even_with_the_right_password(
    server: Server,
) -> None:
    name = server.new_user()
    with server.client() as client:
        for _ in range(5):
            assert log_in(client, name, "guess guess guess").status_code == 401
        throttled = log_in(client, name, PASSWORD)
    assert throttled.status_code == 429
    assert "too many failed logins" in throttled.text
    with server.client() as other:  # another user is not affected
        assert log_in(other, "viewer").status_code == 303


def test_the_per_client_login_limit_is_a_setting(fresh_server: Callable[..., Server]) -> None:
    server = fresh_server(env={"ENTITYLIST_API_LOGIN_FAILURES_PER_CLIENT": "2"})
    with server.client() as client:
        for name in ("first-guess", "second-guess"):
            assert log_in(client, name, "guess guess guess").status_code == 401
        assert log_in(client, "viewer").status_code == 429


def test_logout_ends_the_session_on_the_server(server: Server) -> None:
    with server.client() as client:
        log_in(client, "viewer")
        copied = client.cookies["entitylist_session"]
        page = client.get("/search")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf
        assert client.post("/logout", data={"csrf": csrf.group(1)}).status_code == 303
    with server.client() as thief:  # the cookie, replayed after logout, is no session
        thief.cookies.set("entitylist_session", copied)
        assert thief.get("/search").status_code == 303


def test_disabling_a_user_ends_their_sessions(server: Server) -> None:
    from entitylist.audit.actors import Actor
    from entitylist.auth import UserStore
    from entitylist.store import Store

    name = server.new_user(Role.REVIEWER)
    with server.client() as client:
        log_in(client, name)
        assert client.get("/search").status_code == 200
        store = Store.open(server.db_url)
        try:
            UserStore(store).disable(name, Actor("os", "tests"))
        finally:
            store.close()
        assert client.get("/search").status_code == 303
        assert log_in(client, name).status_code == 401


def test_login_without_the_csrf_token_is_refused(server: Server) -> None:
    with server.client() as client:
        login_form(client)
        response = client.post(
            "/login", data={"username": "viewer", "password": PASSWORD, "csrf": "forged"}
        )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"


def test_forms_after_login_need_the_csrf_token(server: Server) -> None:
    with server.client() as client:
        log_in(client, "viewer")
        upload = client.post(
            "/batch", files={"file": ("p.csv", b"name\nAcme\n")}, data={"csrf": "not-the-token"}
        )
        logout = client.post("/logout", data={})
    assert upload.status_code == 403
    assert logout.status_code == 403


def test_a_tampered_cookie_is_not_a_session(server: Server) -> None:
    with server.client() as client:
        log_in(client, "viewer")
        value = client.cookies["entitylist_session"]
        client.cookies.set(
            "entitylist_session", value[:-2] + ("AA" if value[-2:] != "AA" else "BB")
        )
        assert client.get("/search").status_code == 303


def test_login_never_redirects_off_site(server: Server) -> None:
    with server.client() as client:
        response = log_in(client, "viewer", next_path="//evil.example/phish")
    assert response.headers["location"] == "/search"


def test_search_works_as_a_plain_get_form(server: Server) -> None:
    with server.client() as client:
        log_in(client, "viewer")
        page = client.get("/search", params={"name": "Afghan German Construction", "country": "AF"})
    assert page.status_code == 200
    assert "Afghan-German Construction Company" in page.text
    assert "<script" not in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_browsers_get_an_error_page_and_machines_json(server: Server) -> None:
    with server.client() as client:
        html = client.get("/no-such-page", headers={"accept": "text/html"})
        machine = client.get("/no-such-page")
    assert html.status_code == machine.status_code == 404
    assert html.headers["content-type"].startswith("text/html")
    assert machine.json()["error"]["code"] == "not_found"
