"""`screen-file --engine spark`: the same engine in Spark executors (local mode, two cores)
writes byte for byte what the local engine writes, reports the same bad rows, and records
one audit event; a missing list fails closed before Spark starts."""

from __future__ import annotations

import csv
import importlib.util
import itertools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entitylist.audit import AuditLog, kinds
from entitylist.cli import app
from entitylist.countries import to_iso2
from entitylist.settings import Settings
from entitylist.store import Store

ROWS = 2_000
"""The 20,000-row identity is measured by benchmarks/bench_spark.py: on a busy 2-core
machine Spark's start alone can take a minute, so a smaller file keeps the test bounded."""
LISTED_EVERY = 10
"""One listed party's published name in ten rows; the rest are real unlisted names."""
PARTITION_ROWS = "200"
"""Small tasks, so that the file goes out as two waves of several partitions each."""


def spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install -e '.[spark]')"
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home, "bin", "java")) if java_home else shutil.which("java")
    if java is None or not Path(java).exists():
        return "no Java runtime (Spark needs Java 17+; .ci/run installs Debian's)"
    shown = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    found = re.search(r'version "(\d+)', shown)
    if found is None or int(found.group(1)) < 17:
        return f"Spark 4 needs Java 17+; {java} says {shown.splitlines()[:1]}"
    return None


needs_spark = pytest.mark.skipif(spark_missing() is not None, reason=str(spark_missing()))


@pytest.fixture(scope="module")
def spark_session() -> Iterator[object]:
    """One local-mode session for the module's runs (starting Spark's JVM is most of their
    cost on a busy machine); the commands find it active and use it as it is."""
    from pyspark.sql import SparkSession

    session = SparkSession.builder.master("local[2]").appName("entitylist tests").getOrCreate()
    yield session
    session.stop()


def customers(store: Store, shared_data: Path, path: Path) -> Path:
    """`ROWS` parties: listed names as the 2023 CSL publishes them, among the persons of
    yente's negative sets, and two bad rows (an empty name, an unknown country)."""
    listed = sorted(store.entries_in_force(), key=lambda s: (s.entry.list_code, s.key))
    wanted = ROWS // LISTED_EVERY
    step = max(1, len(listed) // wanted)
    names = [
        (s.entry.name, s.entry.countries[0] if s.entry.countries else "")
        for s in listed[::step][:wanted]
    ]
    unlisted: list[tuple[str, str]] = []
    for part in ("us", "global"):
        with (shared_data / "benchmarks" / "yente" / f"negatives_{part}.csv").open(
            encoding="utf-8", newline=""
        ) as handle:
            unlisted += [
                (r["full_name"], to_iso2(r["nationality"]) or "") for r in csv.DictReader(handle)
            ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["id", "name", "country"])
        for i in range(ROWS - 2):
            name, country = names[i // LISTED_EVERY] if i % LISTED_EVERY == 0 else unlisted[i]
            w.writerow([f"C{i}", name, country])
        w.writerow(["E1", "", "US"])
        w.writerow(["E2", unlisted[0][0], "Atlantis"])
    return path


def run(settings: Settings, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["--db", settings.db_url, *args],
        env={"ENTITYLIST_DATA_DIR": str(settings.data_dir)},
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.slow
@needs_spark
@pytest.mark.usefixtures("spark_session")
def test_spark_in_local_mode_writes_the_bytes_the_local_engine_writes(
    csl_store: Store, csl_settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    source = customers(csl_store, shared_data, tmp_path / "customers.csv")
    local, spark = tmp_path / "local.csv", tmp_path / "spark.csv"
    log = AuditLog(csl_store)
    before = log.head()[0]

    code, text = run(csl_settings, "screen-file", str(source), "-o", str(local), "--workers", "1")
    assert code == 0, text
    code, text = run(
        csl_settings, "screen-file", str(source), "-o", str(spark),
        "--engine", "spark", "--master", "local[2]", "--partition-rows", PARTITION_ROWS,
    )  # fmt: skip
    assert code == 0, text

    assert spark.read_bytes() == local.read_bytes()
    errors = Path(f"{spark}.errors.csv").read_text(encoding="utf-8")
    assert errors == Path(f"{local}.errors.csv").read_text(encoding="utf-8")
    assert "empty 'name'" in errors and "unknown country 'Atlantis'" in errors
    with local.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["input_id"] for r in rows} == {f"C{i}" for i in range(ROWS - 2)}
    assert sum(r["alert"] == "true" for r in rows) >= ROWS // LISTED_EVERY // 2

    events = log.events(after_seq=before, kind=kinds.SCREENING_BATCH)
    assert [e.data["options"]["engine"] for e in events] == ["local", "spark (local[2])"]
    assert events[0].data["output"]["sha256"] == events[1].data["output"]["sha256"]
    assert events[1].data["report"]["screened"] == ROWS - 2


def test_a_missing_list_fails_closed_before_spark_starts(
    csl_settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "customers.csv"
    source.write_text("id,name\n1,Inspur Taiwan\n", encoding="utf-8")
    out = tmp_path / "hits.csv"
    code, text = run(
        csl_settings, "screen-file", str(source), "-o", str(out), "--lists", "UN",
        "--engine", "spark", "--master", "local[2]",
    )  # fmt: skip
    assert code != 0
    assert "UN not loaded" in text
    assert not out.exists()


def test_spark_options_without_the_spark_engine_are_refused(
    csl_settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "customers.csv"
    source.write_text("id,name\n1,Inspur Taiwan\n", encoding="utf-8")
    code, text = run(
        csl_settings, "screen-file", str(source), "-o", str(tmp_path / "o.csv"),
        "--master", "local[2]",
    )  # fmt: skip
    assert code != 0
    assert "--master, --spark-conf and --partition-rows need --engine spark" in text


def monitored(root: Path, shared_data: Path) -> Path:
    """A store with the DPL of 2023-11-30 and a portfolio of its names among real unlisted
    ones (yente's negatives), not yet screened."""
    db = root / "el.sqlite"
    settings = Settings(db_url=f"sqlite:///{db}", data_dir=root)
    dpl = shared_data / "bis_dpl" / "dpl_2023-11-30.txt"
    code, text = run(settings, "update", "--source", "dpl", "--from", str(dpl))
    assert code == 0, text
    with dpl.open(encoding="utf-8", errors="replace", newline="") as handle:
        listed = [r["Name"] for r in csv.DictReader(handle, delimiter="\t")][::25]
    with (shared_data / "benchmarks" / "yente" / "negatives_us.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        unlisted = [r["full_name"] for r in itertools.islice(csv.DictReader(handle), 300)]
    portfolio = root / "portfolio.csv"
    with portfolio.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["id", "name"])
        w.writerows([f"P{i}", name] for i, name in enumerate(listed + unlisted))
    code, text = run(settings, "parties", "import", str(portfolio))
    assert code == 0, text
    return db


@pytest.mark.slow
@needs_spark
@pytest.mark.usefixtures("spark_session")
def test_monitor_run_on_spark_keeps_the_hits_the_local_engine_keeps(
    shared_data: Path, tmp_path: Path
) -> None:
    found = {}
    for engine in ("local", "spark"):
        root = tmp_path / engine
        root.mkdir()
        settings = Settings(db_url=f"sqlite:///{monitored(root, shared_data)}", data_dir=root)
        extra = ["--master", "local[2]"] if engine == "spark" else ["--workers", "1"]
        code, text = run(settings, "monitor", "run", "--engine", engine, *extra)
        assert code == 0, text
        code, text = run(settings, "monitor", "hits", "--json")
        assert code == 0, text
        found[engine] = sorted(
            (h["party_id"], h["entry"]["key"], h["score"], h["alert"], h["summary"])
            for h in json.loads(text)
        )
    assert found["spark"] == found["local"]
    assert len({hit[0] for hit in found["local"]}) >= 10
