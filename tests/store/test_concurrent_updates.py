"""Two `entitylist update` processes on one store at once: serialised on both backends, so
the second reads the first one's snapshot (one snapshot, the other update `unchanged`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from entitylist.settings import database_url
from entitylist.store import Store

pytestmark = pytest.mark.slow


def start_update(db_url: str, path: Path) -> subprocess.Popen[str]:
    # The pause inside the update transaction (after each chunk written) holds the first
    # writer there long enough for the second to read the store before it could commit.
    env = {**os.environ, "ENTITYLIST_TEST_PAUSE_IN_UPDATE": "1.5"}
    command = [sys.executable, "-m", "entitylist", "--db", db_url, "update", "--source", "dpl"]
    return subprocess.Popen(
        [*command, "--from", str(path), "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_updates_of_one_source_are_serialised(db_url: str, shared_data: Path) -> None:
    dpl = shared_data / "bis_dpl" / "dpl_2022-09-07.txt"
    url = database_url(db_url)
    Store.open(url).close()  # migrate once, so the processes race on the update only
    processes = [start_update(url, dpl) for _ in range(3)]
    done = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in processes]  # type: ignore[union-attr]
    for returncode, _out, err in done:
        assert returncode == 0, err
    statuses = sorted(json.loads(out)["status"] for _code, out, _err in done)
    assert statuses == ["created", "unchanged", "unchanged"]
    store = Store.open(url)
    try:
        assert len(store.snapshots("dpl")) == 1
        outcomes = [a["outcome"] for a in store.attempts("dpl")]
        assert sorted(outcomes) == ["created", "unchanged", "unchanged"]
    finally:
        store.close()
