"""`/docs` works on a machine without the network: every asset comes from the server."""

from __future__ import annotations

import re

import pytest

from servers import Server

pytestmark = pytest.mark.slow


def test_the_docs_page_loads_only_local_assets(server: Server) -> None:
    with server.client() as client:
        page = client.get("/docs")
        assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        fetched = {a: client.get(a) for a in assets}
    assert page.status_code == 200 and "swagger-ui" in page.text
    assert assets and all(a.startswith("/") for a in assets), assets
    assert all(r.status_code == 200 and r.content for r in fetched.values())
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
