"""The session cookie: signed, tamper-evident, expiring; CSRF tokens compared safely."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from entitylist.web.deps import safe_next
from entitylist.web.session import COOKIE, SessionCodec, csrf_ok, load_secret, new_session


def request_with(cookie: str | None) -> Request:
    headers = [(b"cookie", f"{COOKIE}={cookie}".encode())] if cookie else []
    return Request({"type": "http", "headers": headers})


def cookie_of(response: Response) -> str:
    header = response.headers["set-cookie"]
    return header.split(";", 1)[0].split("=", 1)[1]


def test_a_session_round_trips_and_a_forged_one_does_not() -> None:
    codec = SessionCodec(b"secret", max_age_seconds=60)
    response = Response()
    session = new_session(token="t0k3n")
    codec.write(response, session)
    value = cookie_of(response)
    assert codec.read(request_with(value)) == session
    assert codec.read(request_with(value[:-3] + "abc")) is None
    assert SessionCodec(b"other", max_age_seconds=60).read(request_with(value)) is None
    header = response.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header and "secure" not in header


def test_an_expired_session_is_no_session() -> None:
    value_response = Response()
    SessionCodec(b"s", max_age_seconds=60).write(value_response, new_session("t"))
    expired = SessionCodec(b"s", max_age_seconds=-1)
    assert expired.read(request_with(cookie_of(value_response))) is None


def test_csrf_tokens() -> None:
    session = new_session()
    assert csrf_ok(session, session.csrf)
    assert not csrf_ok(session, session.csrf + "x")
    assert not csrf_ok(session, None)
    assert not csrf_ok(None, session.csrf)


def test_only_local_paths_are_followed_after_login() -> None:
    assert safe_next("/entries/4?x=1") == "/entries/4?x=1"
    for bad in ("//evil.example", "https://evil.example", "/\\evil", "", None):
        assert safe_next(bad) == "/search"


def test_the_secret_is_made_once_and_shared(tmp_path: Path) -> None:
    first = load_secret(tmp_path, environ={})
    assert load_secret(tmp_path, environ={}) == first and len(first) == 64
    assert (tmp_path / "session.key").stat().st_mode & 0o777 == 0o600
    assert load_secret(tmp_path, environ={"ENTITYLIST_SECRET": "x"}) == b"x"
