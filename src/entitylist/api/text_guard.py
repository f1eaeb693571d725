"""Refuse text no database column can store (422), wherever a request carries it.

PostgreSQL text cannot hold NUL, and neither backend stores a lone surrogate. Checking each
parameter of each endpoint would leave the next new endpoint unguarded, so one middleware
looks at the decoded path and query string of every request, and at every string (keys
included) of a JSON body, before any route sees them. It sits inside the body-size limit,
so the body it reads has already been bounded.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entitylist.api.errors import error_body, send_error

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# In a UTF-8 body a NUL or a surrogate is an escape (`\u0000`, `\ud800`) or, for a
# surrogate, its UTF-8 form (json.loads decodes bytes with "surrogatepass"); a raw NUL is not
# JSON. A body with none of these needs no parse; UTF-16 and UTF-32 bodies hold NUL bytes,
# so they are always parsed.
_MAY_HIDE_UNSTORABLE = re.compile(rb"\x00|\xed[\xa0-\xbf]|\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def unstorable(scope: Scope) -> str | None:
    """Which part of the request URL holds unstorable text, if any."""
    query = scope.get("query_string", b"").decode("latin-1")
    parts = {"path": scope.get("path", ""), "query": unquote(query, errors="surrogateescape")}
    for part, text in parts.items():
        if _UNSTORABLE.search(text.replace("+", " ")):
            return part
    return None


def unstorable_in_json(value: Any, where: str = "body") -> str | None:
    """The location (`body.party_id`, `body.names[2]`) of the first unstorable string."""
    if isinstance(value, str):
        return where if _UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if _UNSTORABLE.search(key):
                return f"{where} (a key)"
            found = unstorable_in_json(item, f"{where}.{key}")
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = unstorable_in_json(item, f"{where}[{index}]")
            if found:
                return found
    return None


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return b"json" in value.lower()
    return False


class UnstorableText:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        part = unstorable(scope)
        if part is not None:
            await _refuse(send, part)
            return
        if scope["method"] not in _BODY_METHODS or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:  # the client went away, or the size limit already answered 413
            return
        part = unstorable_in_body(body)
        if part is not None:
            await _refuse(send, part)
            return
        await self.app(scope, _replay(body, receive), send)


async def _read_body(receive: Receive) -> bytes | None:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def unstorable_in_body(body: bytes) -> str | None:
    """The location of the first unstorable string of a JSON request body, if any (a body
    that is not JSON is the route's to refuse)."""
    # The byte tests first: each is a fast scan, the pattern is not.
    hints = b"\x00" in body or b"\xed" in body or b"\\u" in body
    if not hints or not _MAY_HIDE_UNSTORABLE.search(body):
        return None
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        return None  # not JSON: the route's own validation answers it
    try:
        return unstorable_in_json(parsed)
    except RecursionError:
        return "body"


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _refuse(send: Send, part: str) -> None:
    body = error_body(
        "invalid_request",
        f"the request {part} contains a NUL character or a lone surrogate",
        [{"field": part, "message": "NUL or lone surrogate", "type": "value_error"}],
    )
    await send_error(send, 422, body)
