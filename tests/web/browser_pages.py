"""Opening pages in the real browser as a logged-in user, shared by the browser tests."""

from __future__ import annotations

from typing import Any


def new_page(browser: Any, base_url: str, *, height: int = 900, timeout_ms: int = 120_000) -> Any:
    """A page in a context of its own (JavaScript off: the pages need none); close it with
    `page.context.close()`. Its waits are generous: CI machines are busy."""
    context = browser.new_context(
        viewport={"width": 1280, "height": height},
        java_script_enabled=False,
        base_url=base_url,
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    return page


def log_in(page: Any, username: str, password: str, *, then: str) -> None:
    """Go to `then`, which must send an anonymous visitor to the login page, log in, and
    wait to be sent back."""
    page.goto(then)
    assert "/login" in page.url, "pages need a login"
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{then}")
