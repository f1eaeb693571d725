"""Updating from the real published files: counts, fail-closed refusals, downloads, crashes.

These run the whole path (fetch -> parse -> guards -> snapshot) on SQLite and PostgreSQL.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from entitylist.errors import FetchError, UpdateRefused
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.updates.lists import update_source

CSL_2023_COUNTS = {
    "CAP": 1,
    "CMIC": 68,
    "DPL": 577,
    "DTC": 142,
    "EL": 919,
    "FSE": 1,
    "ISN": 144,
    "MBS": 14,
    "MEU": 71,
    "PLC": 78,
    "SDN": 1738,
    "SSI": 288,
    "UVL": 186,
}


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(db_url=database_url(db_url), data_dir=tmp_path / "data")


def csl_2023(shared_data: Path) -> Path:
    return shared_data / "csl" / "consolidated_2023-11-30.csv"


def test_the_2023_csl_loads_with_exact_counts_per_list(
    store: Store, settings: Settings, shared_data: Path
) -> None:
    outcome = update_source(
        store, settings, "csl", str(csl_2023(shared_data)), accept_truncated=True
    )
    assert outcome.status == "created"
    assert outcome.snapshot.entry_count == 4227
    assert {r["list"]: r["entries"] for r in store.lists()} == CSL_2023_COUNTS
    reasons = {s["reason"] for s in outcome.snapshot.skipped}
    assert any("header" in r for r in reasons), reasons


def test_every_shared_list_loads_side_by_side(
    store: Store, settings: Settings, shared_data: Path
) -> None:
    loads = {
        "csl": shared_data / "csl" / "consolidated_2023-11-30.csv",
        "ofac": shared_data / "ofac_sdn" / "2021-07_complete",
        "ofac-cons": shared_data / "ofac_cons",
        "dpl": shared_data / "bis_dpl" / "dpl_2023-11-30.txt",
        "un": shared_data / "un" / "UN_consolidated_2026-02-27.xml",
    }
    for source, path in loads.items():
        loaded = update_source(store, settings, source, str(path), accept_truncated=source == "csl")
        assert loaded.status == "created"
    totals: dict[str, int] = {}
    for row in store.lists():
        totals[row["source"]] = totals.get(row["source"], 0) + row["entries"]
    assert totals["csl"] == 4227
    assert totals["ofac"] == 8976
    assert totals["ofac-cons"] == 442
    assert totals["un"] == 1003


def test_reloading_the_same_file_is_unchanged(
    store: Store, settings: Settings, shared_data: Path
) -> None:
    first = update_source(store, settings, "csl", str(csl_2023(shared_data)), accept_truncated=True)
    again = update_source(store, settings, "csl", str(csl_2023(shared_data)), accept_truncated=True)
    assert again.status == "unchanged"
    assert again.snapshot.id == first.snapshot.id
    assert len(store.snapshots()) == 1


def test_dpl_vintages_diff_obeys_the_invariant(
    store: Store, settings: Settings, shared_data: Path
) -> None:
    for vintage in ("2019-06-29", "2022-09-07", "2023-11-30"):
        update_source(store, settings, "dpl", str(shared_data / "bis_dpl" / f"dpl_{vintage}.txt"))
    snaps = store.snapshots("dpl")
    assert len(snaps) == 3
    for older, newer in itertools.pairwise(snaps):
        d = store.diff("dpl", older.id, newer.id)
        assert newer.entry_count == older.entry_count + len(d.added) - len(d.removed)
        assert d.added or d.removed or d.changed
    whole = store.diff("dpl", snaps[0].id, snaps[2].id)
    assert snaps[2].entry_count == snaps[0].entry_count + len(whole.added) - len(whole.removed)


def test_the_two_csl_layouts_diff_by_stable_identity(
    store: Store, settings: Settings, shared_data: Path
) -> None:
    update_source(store, settings, "csl", str(shared_data / "csl" / "consolidated_2019-12-03.csv"))
    # The 2019 file is a 115-row extract: growing to 4,227 is accepted, shrinking back is not.
    update_source(store, settings, "csl", str(csl_2023(shared_data)), accept_truncated=True)
    d = store.diff("csl")
    assert d.to_snapshot.entry_count == d.from_snapshot.entry_count + len(d.added) - len(d.removed)
    assert d.unchanged + len(d.changed) > 0, "some 2019 entries should pair with 2023 ones"
    with pytest.raises(UpdateRefused, match="shrink"):
        update_source(
            store, settings, "csl", str(shared_data / "csl" / "consolidated_2019-12-03.csv")
        )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "cannot be read|no entries"),
        (b"\x00\xff garbage \x01\x02", "cannot be read"),
        (b"name,country\nACME,CN\n", "cannot be read"),
    ],
    ids=["empty", "garbage", "missing-columns"],
)
def test_a_broken_csl_file_is_refused_and_lists_stay(
    store: Store,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    content: bytes,
    reason: str,
) -> None:
    update_source(store, settings, "csl", str(csl_2023(shared_data)), accept_truncated=True)
    before = store.lists()
    bad = tmp_path / "consolidated.csv"
    bad.write_bytes(content)
    with pytest.raises(UpdateRefused, match=reason):
        update_source(store, settings, "csl", str(bad))
    assert store.lists() == before


def test_a_truncated_csl_download_is_refused(
    store: Store, settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    update_source(store, settings, "csl", str(csl_2023(shared_data)), accept_truncated=True)
    before = store.lists()
    data = csl_2023(shared_data).read_bytes()
    cut = tmp_path / "consolidated.csv"
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(UpdateRefused):
        update_source(store, settings, "csl", str(cut))
    assert store.lists() == before


def test_a_csl_cut_inside_a_quoted_field_is_refused_naming_the_line(
    store: Store, settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    """Cut at 90 % of its bytes, the file still parses to thousands of entries and shrinks
    less than the bound: only the unclosed quote shows the cut, and that refuses it."""
    update_source(store, settings, "csl", str(csl_2023(shared_data)), accept_truncated=True)
    before = store.lists()
    data = csl_2023(shared_data).read_bytes()
    cut = tmp_path / "consolidated.csv"
    cut.write_bytes(data[: data.index(b'"', int(len(data) * 0.9)) + 5])
    with pytest.raises(UpdateRefused) as refused:
        update_source(store, settings, "csl", str(cut))
    message = refused.value.message
    line = data[: data.index(b'"', int(len(data) * 0.9)) + 1].count(b"\n") + 1
    assert f"consolidated.csv line {line}: the file ends inside a quoted field" in message
    assert "the current list stays" in message and "--accept-truncated" in message
    assert "\n" not in message
    assert store.lists() == before


def test_the_2023_csl_as_published_needs_accept_truncated(
    store: Store, settings: Settings, shared_data: Path
) -> None:
    """The real 2023 export ends inside a quoted field of its last record (SDN 11476, line
    4233): refused by default like any cut download; accepted, on request, with the cut
    record kept and reported."""
    with pytest.raises(UpdateRefused, match="line 4233: the file ends inside a quoted field"):
        update_source(store, settings, "csl", str(csl_2023(shared_data)))
    assert store.lists() == []
    outcome = update_source(
        store, settings, "csl", str(csl_2023(shared_data)), accept_truncated=True
    )
    assert outcome.snapshot.entry_count == 4227
    assert any("truncated" in s["reason"] and s["line"] == 4233 for s in outcome.snapshot.skipped)


def test_a_truncated_un_xml_is_refused(
    store: Store, settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    data = (shared_data / "un" / "UN_consolidated_2026-02-27.xml").read_bytes()
    cut = tmp_path / "consolidated.xml"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(UpdateRefused, match="cannot be read"):
        update_source(store, settings, "un", str(cut))
    assert store.lists() == []


@pytest.fixture
def http_server(shared_data: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving the shared list files."""
    handler = functools.partial(_QuietHandler, directory=str(shared_data))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_lists_download_over_http(store: Store, settings: Settings, http_server: str) -> None:
    csl = update_source(
        store,
        settings,
        "csl",
        f"{http_server}/csl/consolidated_2023-11-30.csv",
        accept_truncated=True,
    )
    ofac = update_source(store, settings, "ofac", f"{http_server}/ofac_sdn/2021-07_complete")
    assert (csl.snapshot.entry_count, ofac.snapshot.entry_count) == (4227, 8976)
    assert csl.snapshot.origin.startswith("http://127.0.0.1")


def test_the_configured_download_location_is_used_without_from(
    store: Store, db_url: str, tmp_path: Path, http_server: str
) -> None:
    settings = Settings(
        db_url=database_url(db_url),
        data_dir=tmp_path,
        source_urls={"dpl": f"{http_server}/bis_dpl/dpl_2023-11-30.txt"},
    )
    assert update_source(store, settings, "dpl").status == "created"


def test_a_download_that_fails_says_so_and_suggests_from(
    store: Store, settings: Settings, http_server: str
) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        update_source(store, settings, "csl", f"{http_server}/csl/no-such-file.csv")
    with pytest.raises(FetchError, match="--from"):
        update_source(store, settings, "csl", "http://127.0.0.1:9/consolidated.csv")
    assert store.lists() == []


def test_a_killed_update_leaves_the_previous_snapshot_in_force(
    db_url: str, tmp_path: Path, shared_data: Path
) -> None:
    """Kill a real `entitylist update` process in the middle of writing its snapshot."""
    settings = Settings(db_url=database_url(db_url), data_dir=tmp_path)
    store = Store.open(settings.db_url)
    update_source(store, settings, "dpl", str(shared_data / "bis_dpl" / "dpl_2022-09-07.txt"))
    lists_before = store.lists()

    victim = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "entitylist",
            "--db",
            db_url,
            "update",
            "--source",
            "csl",
            "--from",
            str(csl_2023(shared_data)),
            "--accept-truncated",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "ENTITYLIST_TEST_PAUSE_IN_UPDATE": "60"},
    )
    try:
        assert victim.stderr is not None
        seen = []
        for line in victim.stderr:
            seen.append(line)
            if "paused in update" in line:
                break
        else:
            pytest.fail("the update never reached its pause point:\n" + "".join(seen))
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)

    assert store.lists() == lists_before
    assert [s.source for s in store.snapshots()] == ["dpl"]
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
    retry = update_source(store, settings, "csl", str(csl_2023(shared_data)), accept_truncated=True)
    assert retry.snapshot.entry_count == 4227
    store.close()


def test_an_older_vintage_is_checked_against_its_neighbour_by_publication_date(
    store: Store, settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    """The 115-row 2019 CSL loaded after the 4,227-row 2023 one: not a 97 % shrink of the
    list in force, but the first vintage of its time. A vintage cut to two thirds, dated between
    two whole ones, is still refused against the one published before it."""
    csl_2019 = shared_data / "csl" / "consolidated_2019-12-03.csv"
    update_source(
        store,
        settings,
        "csl",
        str(csl_2023(shared_data)),
        accept_truncated=True,
        published_at=datetime(2023, 11, 30, tzinfo=UTC),
    )
    old = update_source(
        store, settings, "csl", str(csl_2019), published_at=datetime(2019, 12, 3, tzinfo=UTC)
    )
    assert old.status == "created" and old.previous is None
    assert store.current()["csl"].entry_count == 4227, "the newest vintage stays in force"
    dpl = shared_data / "bis_dpl"
    for day in ("2019-06-29", "2023-11-30"):
        when = datetime.fromisoformat(day).replace(tzinfo=UTC)
        update_source(store, settings, "dpl", str(dpl / f"dpl_{day}.txt"), published_at=when)
    data = (dpl / "dpl_2022-09-07.txt").read_bytes()
    half = tmp_path / "dpl_2022-09-07.txt"
    half.write_bytes(data[: data.index(b"\n", len(data) * 2 // 3) + 1])
    with pytest.raises(UpdateRefused, match="would shrink from"):
        update_source(
            store, settings, "dpl", str(half), published_at=datetime(2022, 9, 7, tzinfo=UTC)
        )
