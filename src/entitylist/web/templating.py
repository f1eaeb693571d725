"""Rendering pages: the Jinja2 environment, its filters, and the security headers pages carry."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from entitylist.auth import Role
from entitylist.countries import country_name
from entitylist.list_titles import list_table
from entitylist.reports.by_rule import country_label, rule_words
from entitylist.sources.licence_terms import terms_of
from entitylist.sources.meanings import meaning_of

if TYPE_CHECKING:  # deps renders its error pages through this module
    from entitylist.web.deps import WebUser

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

# Pages load nothing from elsewhere: no CDN, no inline script.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def when(value: datetime | str | None, fmt: str = "%d %b %Y %H:%M UTC") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime(fmt)


def day(value: Any) -> str:
    if value is None or value == "":
        return ""
    return value.strftime("%d %b %Y") if hasattr(value, "strftime") else str(value)


def published(snap: Any) -> str:
    """A snapshot's publication date, or that it is not known (never its retrieval day)."""
    if not snap.publication_known:
        return f"publication date unknown (retrieved {day(snap.retrieved_at)})"
    return day(snap.published_at) + (" per the file" if snap.published_basis == "file" else "")


def ago(value: datetime | None) -> str:
    if value is None:
        return ""
    seconds = (datetime.now(UTC) - value).total_seconds()
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


def country(code: str | None) -> str:
    if not code:
        return ""
    return country_name(code) or code


def list_title(code: str) -> str:
    info = list_table().by_code.get(code.casefold())
    return info.title if info else code


def sentence(text: str) -> str:
    """Upper-case the first letter only (`capitalize` would lower-case "EAR")."""
    return text[:1].upper() + text[1:]


def fr_link(citation: Any) -> str | None:
    """The Federal Register's own page for a citation with a volume and page."""
    volume, page = getattr(citation, "volume", None), getattr(citation, "page", None)
    if volume and page:
        return f"https://www.federalregister.gov/citation/{volume}-FR-{page}"
    return None


_CITED = re.compile(r"(\d{1,3})\s*F\.?\s*R\.?\s*(\d{1,6})")


def fr_text_link(text: str) -> str | None:
    """The Federal Register's page for a citation as published ("85 FR 51603")."""
    found = _CITED.search(text or "")
    return f"https://www.federalregister.gov/citation/{found[1]}-FR-{found[2]}" if found else None


templates.env.filters.update(
    when=when,
    day=day,
    published=published,
    sentence=sentence,
    ago=ago,
    country=country,
    list_title=list_title,
    fr_link=fr_link,
    country_label=country_label,
    rule_words=rule_words,
    fr_text_link=fr_text_link,
)
templates.env.globals["list_title"] = list_title
templates.env.globals["list_meaning"] = meaning_of
templates.env.globals["licence_terms"] = terms_of
templates.env.globals["ROLES"] = Role


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    user: WebUser | None = None,
    status: int = 200,
) -> Response:
    """The page `name` over `context`; `user` (who is logged in) gives every page its
    header: the person and the session that carries the forms' CSRF token."""
    if user is not None:
        context = {"user": user.user, "session": user.session, **context}
    status_of_rules = getattr(request.state, "pending_rules", None)  # set for logged-in users
    context.setdefault("pending", status_of_rules.pending if status_of_rules else [])
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers.update(PAGE_HEADERS)
    return response
