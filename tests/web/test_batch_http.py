"""The batch page's job endpoints over plain HTTP: an XLSX upload, progress, results."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook

from entitylist.screening.batch import OUTPUT_COLUMNS
from servers import Server, log_in, wait_for

pytestmark = pytest.mark.slow


@contextmanager
def logged_in(server: Server, username: str) -> Iterator[httpx.Client]:
    with server.client() as client:
        assert log_in(client, username).status_code == 303
        yield client


def xlsx(path: Path, rows: list[tuple[str, str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "name", "country"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path.read_bytes()


def csrf_of(client: httpx.Client) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', client.get("/batch").text)
    assert match
    return match.group(1)


def test_an_xlsx_upload_runs_in_the_background_and_yields_the_screen_file_csv(
    server: Server, tmp_path: Path
) -> None:
    data = xlsx(
        tmp_path / "parties.xlsx",
        [
            ("a1", "Afghan-German Construction Company", "AF"),
            ("a2", "Contoso Pharmaceuticals", "CH"),
        ],
    )
    with logged_in(server, "viewer") as client:
        submitted = client.post(
            "/batch", data={"csrf": csrf_of(client)}, files={"file": ("parties.xlsx", data)}
        )
        assert submitted.status_code == 303
        job = submitted.headers["location"]
        assert wait_for(lambda: client.get(f"{job}/status").json()["finished"], timeout=60)
        status = client.get(f"{job}/status").json()
        results = client.get(f"{job}/results.csv")
    assert status["status"] == "done" and status["percent"] == 100
    assert status["report"]["screened"] == 2 and status["report"]["parties_with_alerts"] == 1
    rows = list(csv.DictReader(io.StringIO(results.text)))
    assert list(rows[0]) == OUTPUT_COLUMNS
    assert results.headers["content-disposition"].endswith('parties-screened.csv"')


def test_a_job_is_visible_only_to_the_user_who_started_it(server: Server) -> None:
    with logged_in(server, "viewer") as owner:
        job = owner.post(
            "/batch", data={"csrf": csrf_of(owner)}, files={"file": ("p.csv", b"name\nAcme\n")}
        ).headers["location"]
    other = server.new_user()
    with logged_in(server, other) as other:
        assert other.get(f"{job}/status").status_code == 404
        assert other.get(f"{job}/results.csv").status_code == 404


def test_unsupported_files_and_bad_job_ids_are_clear_errors(server: Server) -> None:
    with logged_in(server, "viewer") as client:
        refused = client.post(
            "/batch", data={"csrf": csrf_of(client)}, files={"file": ("parties.pdf", b"%PDF-1.4")}
        )
        assert refused.status_code == 422
        assert "unsupported file type .pdf" in refused.text
        assert client.get("/batch/..%2F..%2Fetc/status").status_code == 404
        assert client.get("/batch/not-a-job-id-at-all-xx/status").status_code == 404
