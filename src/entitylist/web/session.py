"""Web sessions: a signed cookie carrying the session token a user's login opened.

The cookie holds the session token (the database keeps only its sha256, see
`entitylist.auth.users`), a CSRF token and the time, signed with the server's secret
(itsdangerous, HMAC-SHA256) so it cannot be forged or edited; it is HttpOnly and
SameSite=Lax, and Secure when the service is configured for HTTPS. Logging out or disabling
the user ends the session in the database. Forms carry the CSRF token; each POST is checked.
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE = "entitylist_session"
ENV_SECRET = "ENTITYLIST_SECRET"


@dataclass(frozen=True)
class Session:
    csrf: str
    token: str | None = None

    @property
    def logged_in(self) -> bool:
        return self.token is not None


class SessionCodec:
    def __init__(self, secret: bytes, *, max_age_seconds: int, secure: bool = False) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="entitylist.session")
        self.max_age = max_age_seconds
        self.secure = secure

    def read(self, request: Request) -> Session | None:
        raw = request.cookies.get(COOKIE)
        if not raw:
            return None
        try:
            data = self.serializer.loads(raw, max_age=self.max_age)
        except BadSignature:  # also expired (SignatureExpired is a BadSignature)
            return None
        if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
            return None
        token = data.get("sid")
        return Session(csrf=data["csrf"], token=token if isinstance(token, str) else None)

    def write(self, response: Response, session: Session) -> None:
        value = self.serializer.dumps({"csrf": session.csrf, "sid": session.token})
        response.set_cookie(
            COOKIE,
            value,
            max_age=self.max_age,
            httponly=True,
            samesite="lax",
            secure=self.secure,
            path="/",
        )

    @staticmethod
    def clear(response: Response) -> None:
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")


def new_session(token: str | None = None) -> Session:
    return Session(csrf=secrets.token_urlsafe(24), token=token)


def csrf_ok(session: Session | None, token: str | None) -> bool:
    if session is None or not token:
        return False
    return hmac.compare_digest(session.csrf.encode(), token.encode())


def load_secret(data_dir: Path, environ: dict[str, str] | None = None) -> bytes:
    """`$ENTITYLIST_SECRET`, else `<data dir>/session.key` (created once, mode 0600), so
    every worker process of one installation signs with the same secret."""
    env = os.environ if environ is None else environ
    if env.get(ENV_SECRET):
        return env[ENV_SECRET].encode()
    path = data_dir / "session.key"
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    secret = path.read_text().strip()
    if not secret:  # another process is between create and write: wait for it
        import time

        for _ in range(50):
            time.sleep(0.05)
            secret = path.read_text().strip()
            if secret:
                break
    return secret.encode()
