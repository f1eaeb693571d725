"""Saving a search to the review queue over plain HTTP on a real server: the search page
offers it for a party with matches; the form needs its CSRF token; saving screens the party
once more (one screening event, naming the alerts) and leads to the queue filtered to that
screening's alerts."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from entitylist.audit import AuditLog, kinds
from entitylist.store import Store
from servers import Server, log_in

pytestmark = pytest.mark.slow
NAME = "AL NASER AIRLINES"


def test_a_search_saved_to_the_queue_opens_its_alerts(server: Server) -> None:
    with server.client() as client:
        assert log_in(client, "viewer").status_code == 303
        page = client.get("/search", params={"name": NAME, "country": "IQ"}).text
        form = re.search(r'<form method="post" action="/search/save".*?</form>', page, re.S)
        assert form, "the search page offers to save the screening"
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.group(0))
        assert csrf and 'name="name" value="AL NASER AIRLINES"' in form.group(0)
        fields = {"name": NAME, "country": "IQ"}
        forged = client.post("/search/save", data=fields)
        saved = client.post("/search/save", data={**fields, "csrf": csrf.group(1)})
        assert saved.status_code == 303, saved.text
        target = saved.headers["location"]
        queue = client.get(target).text
        clean = client.get("/search", params={"name": "Harbour Bakery of Tromsø"}).text
    assert forged.status_code == 403
    origin = parse_qs(urlsplit(target).query)["origin"][0]
    assert urlsplit(target).path == "/queue" and origin.startswith("screening:")
    assert "AL NASER AIRLINES" in queue and "from <a" in queue and origin in queue
    assert 'action="/search/save"' not in clean, "nothing to save without matches"
    store = Store.open(server.db_url)
    try:
        found = [
            e.data["saved"]
            for e in AuditLog(store).events(kind=kinds.SCREENING)
            if e.data.get("saved", {}).get("origin_id") == origin.split(":", 1)[1]
        ]
    finally:
        store.close()
    assert len(found) == 1 and found[0]["alerts"]


def test_an_unknown_country_is_refused_with_one_message_by_the_page_the_form_and_the_api(
    server: Server,
) -> None:
    refusal = "country 'Atlantis' is not a country we know"
    with server.client() as client:
        assert log_in(client, "viewer").status_code == 303
        page = client.get("/search", params={"name": NAME, "country": "Atlantis"})
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf, "the page carries a CSRF token"
        fields = {"name": NAME, "country": "Atlantis", "csrf": csrf.group(1)}
        saved = client.post("/search/save", data=fields)
    with server.client(server.viewer_key) as client:
        api = client.post("/v1/screen", json={"name": NAME, "country": "Atlantis"})
    assert page.status_code == 422 and refusal in page.text.replace("&#39;", "'")
    assert saved.status_code == 303
    assert parse_qs(urlsplit(saved.headers["location"]).query)["country"] == ["Atlantis"]
    assert api.status_code == 422 and refusal in api.text
