"""Logging in and the session cookie, over plain HTTP against a real server."""

from __future__ import annotations

import re

import httpx
import pytest

from servers import Server

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
        csrf = login_form(client)
        done = client.post(
            "/login", data={"key": server.viewer_key, "csrf": csrf, "next": "/changes?source=dpl"}
        )
    assert done.status_code == 303
    assert done.headers["location"] == "/changes?source=dpl"
    cookie = done.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert server.viewer_key not in done.headers["set-cookie"], "the key never goes in a cookie"


def test_a_wrong_key_does_not_log_in(server: Server) -> None:
    with server.client() as client:
        csrf = login_form(client)
        response = client.post("/login", data={"key": "el_00000000_wrong", "csrf": csrf})
        assert response.status_code == 401
        assert client.get("/search").status_code == 303


def test_login_without_the_csrf_token_is_refused(server: Server) -> None:
    with server.client() as client:
        login_form(client)
        response = client.post("/login", data={"key": server.viewer_key, "csrf": "forged"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"


def test_forms_after_login_need_the_csrf_token(server: Server) -> None:
    with server.client() as client:
        csrf = login_form(client)
        client.post("/login", data={"key": server.viewer_key, "csrf": csrf})
        upload = client.post(
            "/batch", files={"file": ("p.csv", b"name\nAcme\n")}, data={"csrf": "not-the-token"}
        )
        logout = client.post("/logout", data={})
    assert upload.status_code == 403
    assert logout.status_code == 403


def test_a_tampered_cookie_is_not_a_session(server: Server) -> None:
    with server.client() as client:
        csrf = login_form(client)
        client.post("/login", data={"key": server.viewer_key, "csrf": csrf})
        value = client.cookies["entitylist_session"]
        client.cookies.set(
            "entitylist_session", value[:-2] + ("AA" if value[-2:] != "AA" else "BB")
        )
        assert client.get("/search").status_code == 303


def test_login_never_redirects_off_site(server: Server) -> None:
    with server.client() as client:
        csrf = login_form(client)
        response = client.post(
            "/login", data={"key": server.viewer_key, "csrf": csrf, "next": "//evil.example/phish"}
        )
    assert response.headers["location"] == "/search"


def test_search_works_as_a_plain_get_form(server: Server) -> None:
    with server.client() as client:
        csrf = login_form(client)
        client.post("/login", data={"key": server.viewer_key, "csrf": csrf})
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
