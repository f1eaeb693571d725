"""Request limits over HTTP: body sizes (413). The token bucket per API key (429 +
Retry-After) is `service.limits.RateLimiter`, shared with the web UI.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entitylist.api.errors import error_body, send_error


class BodySizeLimit:
    """Refuse request bodies over a limit with 413, before the app reads them.

    `limit_for(path, method)` gives the limit. A declared Content-Length over it is refused
    at once; a body sent without one is counted as it arrives and cut off at the limit.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str, str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"], scope["method"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        seen = 0
        refused = False

        async def counting_receive() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit and not refused:
                    refused = True
                    await _refuse(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, counting_receive, guarded_send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = error_body(
        "payload_too_large",
        f"the request body is larger than this endpoint accepts ({limit:,} bytes)",
        {"limit_bytes": limit},
    )
    await send_error(send, 413, body, close=True)
