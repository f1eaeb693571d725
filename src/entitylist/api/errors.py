"""One error shape for every API response: `{"error": {"code", "message", "details"}}`.

Library errors carry their HTTP status (`EntitylistError.status_code`); the service adds
its own (401, 403, 413, 429). FastAPI's validation errors become 422 with one detail per
field; unknown paths and methods 404/405 in the same shape; anything unexpected a 500 that
names no internals (and is logged).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Send

from entitylist.errors import EntitylistError
from entitylist.service.limits import RateLimited

log = logging.getLogger("entitylist.api")


class Unauthorized(EntitylistError, code="unauthorized", status=401):
    """No credentials, or ones the service does not know (a revoked key, an ended session)."""


class Forbidden(EntitylistError, code="forbidden", status=403):
    """The caller's role may not do this."""


class PayloadTooLarge(EntitylistError, code="payload_too_large", status=413):
    """More than the service accepts in one request."""


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def error_body(code: str, message: str, details: object = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


async def send_error(
    send: Send, status: int, body: Mapping[str, Any], *, close: bool = False
) -> None:
    """Answer with `body` straight from ASGI middleware, before any route has run; `close`
    ends the connection (the rest of a refused body is never read)."""
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


def headers_for(exc: EntitylistError) -> dict[str, str]:
    if isinstance(exc, RateLimited):
        return {"Retry-After": str(exc.retry_after)}
    if isinstance(exc, Unauthorized):
        return {"WWW-Authenticate": 'Bearer realm="entitylist"'}
    return {}


def field_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """FastAPI/pydantic errors as `{field, message, type}`; `field` is a dotted path
    inside the part of the request it came from (`body.parties.3.name`, `query.limit`)."""
    out: list[dict[str, Any]] = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ())]
        if err.get("type") == "json_invalid":
            where = f" at character {loc[1]}" if len(loc) > 1 else ""
            reason = (err.get("ctx") or {}).get("error", "")
            out.append(
                {
                    "field": "body",
                    "type": "json_invalid",
                    "message": f"the body is not valid JSON{where}"
                    + (f" ({reason})" if reason else ""),
                }
            )
            continue
        out.append(
            {
                "field": ".".join(loc) or None,
                "message": err.get("msg", "invalid value"),
                "type": err.get("type", "value_error"),
            }
        )
    return out


def _validation_message(details: list[dict[str, Any]]) -> str:
    first = details[0] if details else None
    if first is None:
        return "the request is not valid"
    more = f" (and {len(details) - 1} more problems)" if len(details) > 1 else ""
    return f"{first['field']}: {first['message']}{more}"


def install(app: FastAPI, *, html: Any = None) -> None:
    """Register the handlers. `html(request, status, code, message)` may render a page for
    browsers on non-API paths; everything under /v1 (and every non-browser) gets JSON."""

    def wants_html(request: Request) -> bool:
        return (
            html is not None
            and not request.url.path.startswith("/v1")
            and "text/html" in request.headers.get("accept", "")
        )

    def respond(
        request: Request,
        status: int,
        code: str,
        message: str,
        details: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        if wants_html(request):
            return html(request, status, code, message)
        return JSONResponse(
            error_body(code, message, details), status_code=status, headers=dict(headers or {})
        )

    @app.exception_handler(EntitylistError)
    async def _library(request: Request, exc: EntitylistError) -> Any:
        return respond(
            request, exc.status_code, exc.code, exc.message, exc.details, headers_for(exc)
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Any:
        details = field_errors(exc.errors())
        return respond(request, 422, "invalid_request", _validation_message(details), details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return respond(request, exc.status_code, code, message, None, exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Any:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(
            request, 500, "internal_error", "the server failed on this request; it has been logged"
        )
