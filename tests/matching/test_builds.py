"""The two builds of the matching core (setup.py): compiled with mypyc where a C compiler
is found, pure Python otherwise. They are one source and must answer alike, to the last
digit of every score and every word of every explanation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from entitylist.matching_build import PURE_ENV, is_compiled

HERE = Path(__file__).resolve().parent
UN_LIST = ("un", "UN_consolidated_2026-02-27.xml")


def probe(shared_data: Path, *, pure: bool) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), str(HERE)])}
    env.pop(PURE_ENV, None)
    if pure:
        env[PURE_ENV] = "1"
    done = subprocess.run(
        [sys.executable, str(HERE / "build_probe.py"), str(shared_data.joinpath(*UN_LIST))],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_pure_python_build_matches_exactly_what_the_installed_build_matches(
    shared_data: Path,
) -> None:
    installed = probe(shared_data, pure=False)
    pure = probe(shared_data, pure=True)
    assert pure["build"] == "pure Python"
    # The installed build is whichever setup.py could make (this process may be pure).
    assert installed["build"] in ("compiled (mypyc)", "pure Python")
    matches = installed["matches"]
    assert isinstance(matches, list) and sum(map(len, matches)) > 1000
    assert pure["matches"] == matches


@pytest.mark.skipif(
    not os.environ.get("ENTITYLIST_REQUIRE_COMPILED"),
    reason="the compiled build is required only where ENTITYLIST_REQUIRE_COMPILED is set (CI)",
)
def test_ci_runs_the_compiled_build() -> None:
    assert is_compiled(), "the matching core was installed as pure Python (see pip's output)"
