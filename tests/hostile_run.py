"""Runs `screen-file` and `parties import` on each hostile file, each run in its own forked
process, and records what each did: exit code, output, peak RSS, CPU seconds.

Used by tests/screening/test_hostile_files.py as `python hostile_run.py SPEC.json`. The parent
imports the project once and forks a child per run, so each run's resource use is its own
(`os.wait4`) while startup is paid once. A run still going after `timeout` seconds is killed
and recorded as hung: a safety net, not a speed check.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any


def _child(args: list[str], out: Path, err: Path) -> None:
    os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 1)
    os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
    from entitylist.cli import app

    code = 0
    try:
        app(args, prog_name="entitylist")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # a crash is what the test looks for: show it, exit 99
        import traceback

        traceback.print_exc()
        code = 99
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run(args: list[str], folder: Path, label: str, timeout: float) -> dict[str, Any]:
    out, err = folder / f"{label}.stdout", folder / f"{label}.stderr"
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(args, out, err)
    hung = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - start > timeout:
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            hung = True
            break
        time.sleep(0.02)
    return {
        "rc": None if hung else os.waitstatus_to_exitcode(status),
        "hung": hung,
        "stdout": out.read_text(encoding="utf-8", errors="replace"),
        "stderr": err.read_text(encoding="utf-8", errors="replace"),
        "max_rss_mb": usage.ru_maxrss / 1024,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
    }


def main(spec_path: Path) -> None:
    import hostile_files
    from entitylist.store import Store

    spec = json.loads(spec_path.read_text())
    root = Path(spec["folder"])
    template = root / "parties-template.sqlite"
    Store.open(f"sqlite:///{template}").close()  # migrated once, copied per run
    import entitylist.cli  # noqa: F401  # imported before forking: each child starts warm

    results: dict[str, Any] = {}
    for case in hostile_files.ALL:
        folder = root / case.name
        folder.mkdir()
        path = case.write(folder)
        screen = ["--db", spec["csl_db"], "screen-file", str(path), "-o", str(folder / "out.csv")]
        parties_db = folder / "parties.sqlite"
        shutil.copy(template, parties_db)
        imports = ["--db", f"sqlite:///{parties_db}", "parties", "import", str(path), "--json"]
        results[case.name] = {
            "screen-file": run(screen, folder, "screen", spec["timeout"]),
            "parties import": run(imports, folder, "import", spec["timeout"]),
        }
        path.unlink()  # some are large
    (root / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
