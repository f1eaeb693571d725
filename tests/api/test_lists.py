"""Reading the lists over HTTP: lists, entries, snapshots and changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entitylist.cli import app as cli_app
from entitylist.store import Store
from entitylist.updates.lists import update_source
from servers import Server, log_in, wait_for

DPL_2022 = "dpl_2022-09-07.txt"


def day(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%d %b %Y")


pytestmark = pytest.mark.slow


def test_lists_in_force(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        rows = client.get("/v1/lists").json()["lists"]
    el = next(r for r in rows if r["list"] == "EL" and r["source"] == "csl")
    assert el["entries"] == 919


def test_search_then_read_an_entry_with_its_history(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        found = client.get("/v1/entries", params={"q": "afghan-german"}).json()["entries"]
        assert [e["name"] for e in found] == ["Afghan-German Construction Company"]
        entry = client.get(f"/v1/entries/{found[0]['id']}", params={"history": True}).json()
    assert entry["list_code"] == "EL"
    assert "raw" not in entry
    assert entry["licence"]["summary"].startswith("a licence is required")
    assert entry["history"]["in_newest_snapshot"] is True


def test_the_cli_the_api_and_the_web_tell_one_entry_history_by_publication_dates(
    server: Server,
) -> None:
    """An entry on every DPL vintage since 2019: first seen when the 2019 list was
    published, not when it was loaded, whichever face asks."""
    with server.client(server.viewer_key) as client:
        dpl = client.get("/v1/snapshots", params={"source": "dpl"}).json()["snapshots"]
        oldest = min(dpl, key=lambda s: s["published_at"])
        entries = client.get("/v1/entries", params={"q": "alexander fishenko"}).json()
        found = next(e for e in entries["entries"] if e["source"] == "dpl")
        api = client.get(f"/v1/entries/{found['id']}", params={"history": True}).json()["history"]
    assert oldest["published_at"][:10] == "2019-06-29"
    assert oldest["retrieved_at"][:10] != "2019-06-29"
    assert api["first_seen"] == oldest["published_at"]
    done = CliRunner().invoke(
        cli_app, ["--db", server.db_url, "history", str(found["id"]), "--json"]
    )
    assert done.exit_code == 0, done.output
    cli = json.loads(done.stdout)
    assert {k: cli[k] for k in api} == api
    username = server.new_user()
    with server.client() as client:
        log_in(client, username)
        page = client.get(f"/entries/{found['id']}").text
    assert f"First seen {day(oldest['published_at'])}" in page
    assert f"last seen {day(api['last_seen'])}" in page


def test_browsing_pages_through_the_entries_in_force(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        first = client.get("/v1/entries", params={"list": "EL", "limit": 5}).json()
        second = client.get("/v1/entries", params={"list": "EL", "limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] == 919
    ids = [e["id"] for e in first["entries"] + second["entries"]]
    assert len(set(ids)) == 10


def test_changes_between_two_dpl_snapshots(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        dpl = client.get("/v1/snapshots", params={"source": "dpl"}).json()["snapshots"]
        first, second = dpl[0]["id"], dpl[1]["id"]
        diff = client.get(
            "/v1/changes", params={"source": "dpl", "from": first, "to": second}
        ).json()
        timeline = client.get("/v1/changes/timeline", params={"source": "dpl"}).json()
    summary = diff["summary"]
    assert summary["from_entries"] + summary["added"] - summary["removed"] == summary["to_entries"]
    assert summary["added"] > 0 and summary["removed"] > 0
    point = timeline["points"][0]
    assert point["totals"]["added"] == summary["added"]
    assert sum(c["added"] for c in point["by_list"].values()) == summary["added"]


def test_openapi_documents_every_v1_route(server: Server) -> None:
    with server.client() as client:
        spec = client.get("/openapi.json").json()
        docs = client.get("/docs")
    assert docs.status_code == 200
    assert {
        "/v1/health",
        "/v1/lists",
        "/v1/entries",
        "/v1/entries/{ident}",
        "/v1/snapshots",
        "/v1/changes",
        "/v1/screen",
        "/v1/screen/batch",
        "/v1/update",
    } <= set(spec["paths"])
    assert not any(p.startswith(("/search", "/batch", "/login")) for p in spec["paths"])


def test_a_text_search_filters_by_list_in_the_database_not_after_the_page(
    server: Server,
) -> None:
    """The first page of "co" over every list holds fewer than five EL entries, so a list
    filter applied to that page after the limit would come up short."""
    with server.client(server.viewer_key) as client:
        unfiltered = client.get("/v1/entries", params={"q": "co", "limit": 10}).json()
        page = client.get("/v1/entries", params={"q": "co", "list": "EL", "limit": 5}).json()
        after = client.get(
            "/v1/entries", params={"q": "co", "list": "EL", "limit": 5, "offset": 5}
        ).json()
    assert sum(e["list_code"] == "EL" for e in unfiltered["entries"]) < 5
    entries = page["entries"] + after["entries"]
    assert len(entries) == 10 and {e["list_code"] for e in entries} == {"EL"}
    assert len({e["id"] for e in entries}) == 10


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v1/entries/99999999999999999999999", {}),
        ("/v1/entries", {"offset": 10**30}),
        ("/v1/entries", {"q": "co", "offset": 2**63}),
        ("/v1/changes", {"source": "dpl", "from": 10**20}),
        ("/v1/changes", {"source": ""}),
        ("/v1/changes/timeline", {"source": ""}),
        ("/v1/entries", {"q": "a\x00b"}),
    ],
)
def test_out_of_range_and_empty_parameters_are_422_not_500(
    server: Server, path: str, params: dict[str, object]
) -> None:
    with server.client(server.viewer_key) as client:
        answer = client.get(path, params=params)
    assert answer.status_code in (404, 422), answer.text
    assert answer.json()["error"]["code"] in ("invalid_request", "not_found")


def test_a_digit_that_is_not_ascii_is_an_unknown_entry_not_a_crash(server: Server) -> None:
    with server.client(server.viewer_key) as client:
        answer = client.get("/v1/entries/%C2%B2")  # "²" is a digit to str.isdigit
    assert answer.status_code == 404


def test_a_list_loaded_without_a_date_says_its_publication_is_unknown(
    fresh_server: Callable[..., Server], shared_data: Path
) -> None:
    """Over the API (documented in OpenAPI), and on the web search page: never shown as
    published the day it was retrieved."""
    server = fresh_server()
    store = Store.open(server.db_url)
    try:  # as `entitylist update --from FILE` without --published does
        update_source(store, server.settings, "dpl", str(shared_data / "bis_dpl" / DPL_2022))
    finally:
        store.close()
    with server.client(server.viewer_key) as client:
        (row,) = client.get("/v1/lists").json()["lists"]
        (snap,) = client.get("/v1/snapshots").json()["snapshots"]
        assert wait_for(lambda: client.post("/v1/screen", json={"name": "x"}).status_code == 200)
        screened = client.post("/v1/screen", json={"name": "Aaron Abraham Villa"}).json()
        spec = client.get("/openapi.json").json()["components"]["schemas"]
    retrieved = snap["retrieved_at"][:10]
    assert row["published_at"] is None and row["publication_known"] is False
    assert row["publication"].startswith(f"publication date unknown (retrieved {retrieved})")
    assert snap["file_date"]["field"] == "Last_Update" and snap["publication_basis"] is None
    assert screened["snapshots"]["dpl"]["publication"] == row["publication"]
    assert {"published_at", "publication_known", "publication"} <= set(
        spec["ListRow"]["properties"]
    )
    assert (
        "null when that is not known"
        in spec["ListRow"]["properties"]["published_at"]["description"]
    )
    with server.client() as browser:
        assert log_in(browser, "viewer").status_code == 303
        page = browser.get("/search").text
    assert f"publication date unknown (retrieved {day(snap['retrieved_at'])})" in page
    assert "newest dated row 2022-09-02 per the file (Last_Update)" in page
