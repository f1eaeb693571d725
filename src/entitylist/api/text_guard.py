"""Refuse a path or query string holding text no database column can store (422).

PostgreSQL text cannot hold NUL, and neither backend stores a lone surrogate. Checking each
parameter of each endpoint would leave the next new endpoint unguarded, so one middleware
looks at the decoded path and query string of every request before any route sees it.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

from starlette.types import ASGIApp, Receive, Scope, Send

from entitylist.api.errors import error_body

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(scope: Scope) -> str | None:
    """Which part of the request URL holds unstorable text, if any."""
    query = scope.get("query_string", b"").decode("latin-1")
    parts = {"path": scope.get("path", ""), "query": unquote(query, errors="surrogateescape")}
    for part, text in parts.items():
        if _UNSTORABLE.search(text.replace("+", " ")):
            return part
    return None


class UnstorableText:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        part = unstorable(scope) if scope["type"] == "http" else None
        if part is None:
            await self.app(scope, receive, send)
            return
        body = json.dumps(
            error_body(
                "invalid_request",
                f"the request {part} contains a NUL character or a lone surrogate",
                [{"field": part, "message": "NUL or lone surrogate", "type": "value_error"}],
            )
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 422,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})
