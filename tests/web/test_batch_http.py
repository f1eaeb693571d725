"""The batch page's job endpoints over plain HTTP: an XLSX upload, progress, results."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook

from entitylist.screening.batch import OUTPUT_COLUMNS
from formulas import HOSTILE, cells, live_formulas, originals
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
        assert wait_for(lambda: client.get(f"{job}/status").json()["finished"])
        status = client.get(f"{job}/status").json()
        results = client.get(f"{job}/results.csv")
        page = client.get(job).text
        job_id = job.rsplit("/", 1)[1]
        queue = client.get("/queue", params={"origin": f"job:{job_id}", "status": "all"}).text
    assert status["status"] == "done" and status["percent"] == 100
    assert status["report"]["screened"] == 2 and status["report"]["parties_with_alerts"] == 1
    # The job's hits are alerts in the review queue, found by the job's id.
    saved = status["report"]["saved"]
    assert saved["origin"] == "job" and saved["origin_id"] == job_id and saved["alerts"] >= 1
    assert f'href="/queue?origin=job:{job_id}&amp;status=all"' in page
    assert "Afghan-German Construction Company" in queue and "Contoso" not in queue
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


def _submit(client: httpx.Client, name: str, data: bytes) -> str:
    submitted = client.post("/batch", data={"csrf": csrf_of(client)}, files={"file": (name, data)})
    assert submitted.status_code == 303, submitted.text
    return str(submitted.headers["location"])


def test_workbook_bombs_fail_in_one_line_and_never_hold_the_workers(server: Server) -> None:
    import hostile_files

    with logged_in(server, "viewer") as client:
        bombs = [
            _submit(client, "dims.xlsx", hostile_files.dimension_bomb()),
            _submit(client, "strings.xlsx", hostile_files.shared_strings_bomb()),
            _submit(client, "xml.xlsx", hostile_files.expanded_xml_bomb()),
        ]
        after = _submit(client, "after.csv", b"id,name\n1,CHITRON ELECTRONICS CO LTD\n")
        jobs = [*bombs, after]
        assert wait_for(lambda: all(client.get(f"{j}/status").json()["finished"] for j in jobs))
        status = [client.get(f"{j}/status").json() for j in jobs]
    assert status[0]["status"] == "done" and status[0]["report"]["parties_with_alerts"] == 1
    assert status[1]["status"] == "failed" and "shared-strings bomb" in status[1]["error"]
    assert status[2]["status"] == "failed" and "possible zip bomb" in status[2]["error"]
    assert status[3]["status"] == "done" and status[3]["report"]["parties_with_alerts"] == 1


def test_ctrl_c_stops_the_service_while_a_job_runs(
    fresh_server: Callable[..., Server], tmp_path: Path
) -> None:
    import signal
    import subprocess

    from servers import CSL_2019

    server = fresh_server(lists=[("csl", CSL_2019)])
    rows = "".join(f"{n},Harmless Trading Company Number {n} Ltd,US\n" for n in range(400_000))
    with logged_in(server, "viewer") as client:
        job = _submit(client, "big.csv", ("id,name,country\n" + rows).encode())
        assert wait_for(lambda: client.get(f"{job}/status").json()["status"] == "running")
    server.process.send_signal(signal.SIGINT)
    try:
        server.process.wait(timeout=60)  # a safety net: without the fix it waits for the job
    except subprocess.TimeoutExpired:
        pytest.fail("the service ignored SIGINT while a batch job ran")
    job_file = server.data_dir / "jobs" / job.rsplit("/", 1)[1] / "job.json"
    status = json.loads(job_file.read_text(encoding="utf-8"))
    assert status["status"] == "failed" and "service stopped" in status["error"]


def test_downloads_carry_no_live_formula_and_keep_the_original_text(server: Server) -> None:
    """Party names and ids a spreadsheet would run are written as text in the results and in
    the bad-rows download, recoverable with `entitylist.cells.original_text`."""
    body = io.StringIO(newline="")
    writer = csv.writer(body)
    writer.writerow(["id", "name", "country"])
    writer.writerows([text, f"{text} Trading", "DE"] for text in HOSTILE)
    writer.writerow(["=bad", "", "DE"])  # no name: a bad row, its id written back
    with logged_in(server, "viewer") as client:
        job = _submit(client, "formulas.csv", body.getvalue().encode("utf-8"))
        assert wait_for(lambda: client.get(f"{job}/status").json()["finished"])
        assert client.get(f"{job}/status").json()["status"] == "done"
        results = cells(client.get(f"{job}/results.csv").text)
        errors = cells(client.get(f"{job}/errors.csv").text)
        report = cells(client.get(f"{job}/report.csv").content[3:].decode("utf-8"))
    assert live_formulas(results) == [] and live_formulas(errors) == []
    assert live_formulas(report) == [] and {t.strip() for t in HOSTILE} <= originals(report)
    # ids and names are read stripped of surrounding white space (tab, CR)
    assert {t.strip() for t in HOSTILE} <= originals(results)
    assert "=bad" in originals(errors)


def test_a_job_page_shows_its_hits_maps_columns_and_hands_out_the_report(
    server: Server,
) -> None:
    upload = "ref,customer,land\nk1,Afghan-German Construction Company,AF\nk2,Contoso Pharma,CH\n"
    with logged_in(server, "viewer") as client:
        job = client.post(
            "/batch",
            data={
                "csrf": csrf_of(client),
                "name_column": "customer",
                "id_column": "ref",
                "country_column": "land",
            },
            files={"file": ("mapped.csv", upload.encode())},
        ).headers["location"]
        assert wait_for(lambda: client.get(f"{job}/status").json()["finished"])
        page = client.get(job).text
        as_csv = client.get(f"{job}/report.csv")
        as_xlsx = client.get(f"{job}/report.xlsx")
        unknown = client.get(f"{job}/report.pdf")
    assert "Afghan-German Construction Company" in page and 'href="/queue"' in page
    assert "Contoso Pharma" not in page, "the page lists matches, not clear parties"
    assert as_csv.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(as_csv.content[3:].decode("utf-8"))))
    assert {r["Party ID"]: r["Result"] for r in rows if r["Result"] == "clear"} == {"k2": "clear"}
    assert any(r["Party ID"] == "k1" and r["Result"] == "alert" for r in rows)
    assert as_xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert as_xlsx.content[:2] == b"PK"
    assert as_xlsx.headers["content-disposition"].endswith('mapped-report.xlsx"')
    assert unknown.status_code == 404


def test_a_missing_column_is_named_without_a_server_path_or_a_command_flag(
    server: Server,
) -> None:
    with logged_in(server, "viewer") as client:
        job = client.post(
            "/batch",
            data={"csrf": csrf_of(client)},
            files={"file": ("nonames.csv", b"customer\nAcme\n")},
        ).headers["location"]
        assert wait_for(lambda: client.get(f"{job}/status").json()["finished"])
        status = client.get(f"{job}/status").json()
        page = client.get(job).text
    assert status["status"] == "failed"
    assert status["error"].startswith("nonames.csv: no 'name' column (columns: customer)")
    assert "/" not in status["error"] and "--" not in status["error"]
    assert status["error"] in page.replace("&#39;", "'")
