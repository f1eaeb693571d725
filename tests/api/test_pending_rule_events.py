"""A monitoring run's pending Federal Register rules over HTTP (`GET /v1/monitor/runs/{id}/
events`), on a real server with the real DPL of 2022-09-07."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entitylist.cli import app
from fr_records import ON_INSPECTION, write
from servers import DPL, Server

pytestmark = pytest.mark.slow


def cli(server: Server, *args: str) -> None:
    result = CliRunner().invoke(
        app, ["--db", server.db_url, *args], env={"ENTITYLIST_DATA_DIR": str(server.data_dir)}
    )
    assert result.exit_code == 0, result.output


def test_the_run_events_name_the_pending_rules_once(
    fresh_server: Callable[..., Server], tmp_path: Path
) -> None:
    server = fresh_server(lists=[("dpl", DPL["2022-09-07"])])
    portfolio = tmp_path / "portfolio.csv"
    portfolio.write_text("id,name\nP1,Harbour Bakery of Tromsø\n", encoding="utf-8")
    cli(server, "parties", "import", str(portfolio))
    cli(server, "fr", "sync", "--from", write(tmp_path, "pi.json", ON_INSPECTION))
    cli(server, "monitor", "run")
    cli(server, "monitor", "run")
    with server.client(server.viewer_key) as client:
        second, first = client.get("/v1/monitor/runs", params={"limit": 2}).json()["runs"]
        found = client.get(f"/v1/monitor/runs/{first['id']}/events").json()
        again = client.get(f"/v1/monitor/runs/{second['id']}/events").json()
    (rule,) = found["pending_rules"]
    assert rule["kind"] == "rule_pending" and rule["document_number"] == "2026-99901"
    assert rule["title"] == "Additions to the Entity List" and rule["publication_date"]
    assert rule["link"] == "https://www.federalregister.gov/public-inspection/2026-99901/x"
    assert first["counts"]["pending_rules"] == 1
    assert again["pending_rules"] == [] and second["counts"]["pending_rules"] == 0
