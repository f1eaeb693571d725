"""A bounded schemathesis run against the real server, as a viewer and as an admin: no
request makes it answer 500. The long run (`--checks all`, five minutes per role) is run by
hand: see benchmarks/README.md."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from servers import Server

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_generated_requests_never_get_a_server_error(server: Server, role: str) -> None:
    command = shutil.which("schemathesis") or shutil.which("st")
    if command is None:
        pytest.skip("schemathesis is not installed (pip install -e '.[dev]')")
    key = server.viewer_key if role == "viewer" else server.admin_key
    done = subprocess.run(
        [
            command,
            "run",
            f"{server.url}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--header",
            f"Authorization: Bearer {key}",
            "--exclude-path",
            "/v1/update",  # without files it downloads the official list: no network in CI
            "--max-examples",
            "5",
            "--no-color",
            "--request-timeout",
            "60",
        ],
        capture_output=True,
        text=True,
        timeout=900,  # a safety net for a hung server, not a speed check
    )
    assert done.returncode == 0, done.stdout[-4000:]
