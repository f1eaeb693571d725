"""Load benchmark of the screening API: sustained `POST /v1/screen` over HTTP.

Starts `entitylist serve` on 127.0.0.1 with the 2023 CSL loaded (a temporary SQLite
database, rate limiting off), offers `--rate` screen requests per second on a fixed schedule
over keep-alive connections for `--duration` seconds (60 by default; it always stops by
itself), then runs at full speed for `--saturate` seconds, and reports sustained
requests/s, p50/p99 latency and errors, for each `--workers` setting asked for.

Baseline, measured in the same run: the same names screened in-process by `Screener.screen`
(no HTTP), so the ratio shows what the service adds on top of the matcher.

The client is a minimal HTTP/1.1 keep-alive client on asyncio streams rather than httpx:
on a 2-core machine the client shares the CPUs with the server, and httpx's per-request
cost would be measured as much as the server's.

    python benchmarks/load_api.py                      # 250 req/s for 60 s, 1 and 2 workers
    python benchmarks/load_api.py --duration 10 --workers 2 --rate 400
    python benchmarks/load_api.py --url http://127.0.0.1:8000 --key el_...   # a running server

With `--update-from FILE`, every sustained run starts on its own copy of the database and an
`entitylist update --source SOURCE --from FILE` lands `--update-at` seconds into it (the
2026 CSL by default in `--update-mid`: 4,227 -> 25,921 entries, the largest change the
shared files offer); the server must swap in the new index without stalling the requests
(target: p99 < 100 ms and 0 errors over the whole run, issue 8 item 13). The run is reported
whole, before the update (the same run's steady state), and for the window from the update's
start until 10 s after it finished or after the new index came into use, whichever is later.

    python benchmarks/load_api.py --update-mid --rate 200 --duration 60 --saturate 0
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent
DATA = ROOT.parent.parent / "shared" / "data"
CSL = DATA / "csl" / "consolidated_2023-11-30.csv"
CSL_2026 = DATA / "csl" / "2026" / "consolidated_2026-07-31.json"
NEGATIVES = DATA / "benchmarks" / "yente" / "negatives_global.csv"
RESULTS = ROOT / "results"
TARGET_RPS, TARGET_P99_MS = 200.0, 50.0
UPDATE_P99_MS = 100.0


@dataclass
class Outcome:
    label: str
    duration_s: float
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    client_cpu_s: float = 0.0
    error_samples: list[str] = field(default_factory=list)


def summarise(
    label: str,
    latencies: list[float],
    errors: int,
    duration: float,
    client_cpu: float = 0.0,
    samples: list[str] | None = None,
) -> Outcome:
    ms = sorted(x * 1000 for x in latencies) or [0.0]

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, int(p * len(ms)))]

    return Outcome(
        label,
        round(duration, 2),
        len(latencies),
        errors,
        round(len(latencies) / duration, 1),
        round(statistics.median(ms), 2),
        round(pct(0.90), 2),
        round(pct(0.99), 2),
        round(ms[-1], 2),
        round(client_cpu, 2),
        (samples or [])[:5],
    )


# -- workload --------------------------------------------------------------------------


def workload(size: int, seed: int = 7) -> list[dict[str, str]]:
    """Half listed names (some with a typo or without legal form), half names on no list."""
    rng = random.Random(seed)
    listed: list[dict[str, str]] = []
    with CSL.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = (row.get("name") or "").strip()
            if name and name != "name":
                listed.append({"name": name})
    negatives: list[dict[str, str]] = []
    with NEGATIVES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            negatives.append({"name": row["full_name"]})
            if len(negatives) >= size:
                break
    out = []
    for party in rng.sample(listed, size // 2):
        name = party["name"]
        if rng.random() < 0.3 and len(name) > 6:  # a typo: drop one letter
            i = rng.randrange(1, len(name) - 1)
            name = name[:i] + name[i + 1 :]
        out.append({"name": name})
    out += rng.sample(negatives, size - len(out))
    rng.shuffle(out)
    return out


# -- server ----------------------------------------------------------------------------


def prepare_database(folder: Path) -> tuple[str, str]:
    """A SQLite database with the 2023 CSL and one viewer key: (db path, key)."""
    from entitylist.auth import KeyStore, Role
    from entitylist.settings import Settings
    from entitylist.store import Store
    from entitylist.updates.lists import update_source

    db = folder / "bench.sqlite"
    settings = Settings.load(str(db), environ={"ENTITYLIST_DATA_DIR": str(folder / "data")})
    store = Store.open(settings.db_url)
    try:
        update_source(store, settings, "csl", str(CSL), accept_truncated=True)  # cut as published
        key = KeyStore(store.engine).create(Role.VIEWER, "load benchmark")[1]
    finally:
        store.close()
    return str(db), key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


SERVER_LOG = RESULTS / "load_api-server.log"


def start_server(db: str, data_dir: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    RESULTS.mkdir(exist_ok=True)
    log = SERVER_LOG.open("ab")
    env = {**os.environ, "ENTITYLIST_DATA_DIR": str(data_dir)}
    env.pop("ENTITYLIST_DB", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from entitylist.cli import main; main()",
            "--db",
            db,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--rate-limit",
            "0",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("entitylist serve exited early")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("entitylist serve did not start")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


# -- client ----------------------------------------------------------------------------


class Connection:
    """One HTTP/1.1 keep-alive connection: send a request, read one response."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, head: bytes, body: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(head + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("server closed the connection")
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        payload = await self.reader.readexactly(length)
        if close:
            await self.close()
        return status, payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


def encode(url: str, key: str, parties: list[dict[str, str]]) -> list[tuple[bytes, bytes]]:
    host = urlparse(url).netloc
    out = []
    for party in parties:
        body = json.dumps(party).encode()
        head = (
            f"POST /v1/screen HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        out.append((head, body))
    return out


async def load(
    url: str,
    key: str,
    parties: list[dict[str, str]],
    duration: float,
    concurrency: int,
    label: str,
    rate: float | None = None,
    timeline: list[tuple[float, float]] | None = None,
) -> Outcome:
    """Closed loop (`rate` None: each connection sends its next request when the last one
    is answered, the server's maximum) or open loop (`rate` requests per second on a fixed
    schedule, latency counted from the scheduled time so a stalled server cannot hide its
    queue: no coordinated omission)."""
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    requests = encode(url, key, parties)
    latencies: list[float] = []
    errors = 0
    samples: list[str] = []
    started = time.perf_counter()
    stop_at = started + duration
    queue: asyncio.Queue[tuple[float, int] | None] = asyncio.Queue()

    async def send(conn: Connection, index: int, since: float) -> None:
        nonlocal errors
        head, body = requests[index % len(requests)]
        try:
            status, payload = await conn.request(head, body)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
            errors += 1
            samples.append(f"{type(exc).__name__}: {exc}")
            await conn.close()
            return
        if status == 200:
            latencies.append(time.perf_counter() - since)
            if timeline is not None:
                timeline.append((since, latencies[-1]))
        else:
            errors += 1
            samples.append(f"HTTP {status}: {payload[:200]!r}")

    async def closed_user(offset: int) -> None:
        conn = Connection(host, port)
        index = offset
        try:
            while (now := time.perf_counter()) < stop_at:
                await send(conn, index, now)
                index += concurrency
        finally:
            await conn.close()

    async def open_user() -> None:
        conn = Connection(host, port)
        try:
            while (item := await queue.get()) is not None:
                await send(conn, item[1], item[0])
        finally:
            await conn.close()

    async def dispatch(per_second: float) -> None:
        n = 0
        while (due := started + n / per_second) < stop_at:
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            queue.put_nowait((due, n))
            n += 1
        for _ in range(concurrency):
            queue.put_nowait(None)

    cpu0 = time.process_time()
    if rate is None:
        await asyncio.gather(*(closed_user(n) for n in range(concurrency)))
    else:
        await asyncio.gather(dispatch(rate), *(open_user() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return summarise(label, latencies, errors, elapsed, time.process_time() - cpu0, samples)


async def warm_up(url: str, key: str, parties: list[dict[str, str]], workers: int) -> None:
    """Wait until every worker has its index loaded (health on fresh connections, which the
    kernel spreads over the workers, reports it 10 times running), then send traffic for a
    few seconds so each worker has answered before the clock starts."""
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    head = f"GET /v1/health HTTP/1.1\r\nHost: {parsed.netloc}\r\n\r\n".encode()
    ready, deadline = 0, time.monotonic() + 120
    while ready < 10 * workers:
        if time.monotonic() > deadline:
            raise SystemExit("the server never reported its index loaded")
        conn = Connection(host, port)
        try:
            status, payload = await conn.request(head, b"")
        finally:
            await conn.close()
        loaded = status == 200 and json.loads(payload).get("index_snapshots")
        ready = ready + 1 if loaded else 0
        await asyncio.sleep(0.05 if loaded else 0.3)
    outcome = await load(url, key, parties[:200], 3.0, 4 * workers, "warm-up")
    if outcome.requests == 0:
        raise SystemExit(f"warm-up failed: {outcome.error_samples}; see {SERVER_LOG}")


# -- baseline ----------------------------------------------------------------------------


def baseline(db: str, data_dir: Path, parties: list[dict[str, str]], seconds: float) -> Outcome:
    """The same screening in-process, one thread, no HTTP."""
    from entitylist.screening import Party, Screener
    from entitylist.settings import Settings
    from entitylist.store import Store

    settings = Settings.load(db, environ={"ENTITYLIST_DATA_DIR": str(data_dir)})
    store = Store.open(settings.db_url)
    screener = Screener(store, settings)
    screener.refresh()
    latencies = []
    started = time.perf_counter()
    i = 0
    while time.perf_counter() - started < seconds:
        t0 = time.perf_counter()
        screener.screen(Party(name=parties[i % len(parties)]["name"])).to_dict()
        latencies.append(time.perf_counter() - t0)
        i += 1
    elapsed = time.perf_counter() - started
    store.close()
    return summarise("in-process Screener.screen (baseline)", latencies, 0, elapsed)


# -- main ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per run (60)")
    parser.add_argument(
        "--rate",
        type=float,
        default=250.0,
        help="offered requests/s for the sustained run (250; 0: skip it)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=32,
        help="connections (32; the open loop never waits for one)",
    )
    parser.add_argument(
        "--saturate",
        type=float,
        default=15.0,
        help="seconds of closed-loop run at full speed, for the maximum "
        "throughput (15; 0: skip it)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1, 2],
        help="server worker processes to measure (1 2)",
    )
    parser.add_argument("--names", type=int, default=2000, help="distinct parties (2000)")
    parser.add_argument("--url", help="measure a running server instead of starting one")
    parser.add_argument("--key", help="API key for --url")
    parser.add_argument("--baseline-seconds", type=float, default=10.0)
    parser.add_argument(
        "--update-from", type=Path, help="run `entitylist update --from` this file mid-run"
    )
    parser.add_argument("--update-source", default="csl", help="its source (csl)")
    parser.add_argument(
        "--update-at", type=float, default=15.0, help="seconds into the sustained run (15)"
    )
    parser.add_argument(
        "--update-mid",
        action="store_true",
        help=f"--update-from the 2026 CSL ({CSL_2026.name}) at 15 s",
    )
    args = parser.parse_args()
    if args.update_mid and not args.update_from:
        args.update_from = CSL_2026

    parties = workload(args.names)
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="entitylist-load-") as tmp:
        folder = Path(tmp)
        if args.url:
            if not args.key:
                raise SystemExit("--url needs --key")
            asyncio.run(warm_up(args.url, args.key, parties, 1))
            outcomes.append(
                asyncio.run(
                    load(
                        args.url,
                        args.key,
                        parties,
                        args.duration,
                        args.concurrency,
                        f"server at {args.url}",
                    )
                )
            )
        else:
            print(f"loading {CSL.name} into a temporary database ...", file=sys.stderr)
            db, key = prepare_database(folder)
            outcomes.append(baseline(db, folder / "data", parties, args.baseline_seconds))
            for workers in args.workers:
                outcomes += measure_server(db, folder, key, parties, workers, args)
    report(outcomes, args)


def measure_server(
    db: str,
    folder: Path,
    key: str,
    parties: list[dict[str, str]],
    workers: int,
    args: argparse.Namespace,
) -> list[Outcome]:
    """The sustained run (with the update landing in it, if asked) and the saturation run
    against one server with `workers` processes."""
    if args.update_from:  # each run updates its own copy (and so its own cached index)
        copy = folder / f"run-{workers}.sqlite"
        shutil.copyfile(db, copy)
        db = str(copy)
    process, url = start_server(db, folder / "data", workers)
    name = f"{workers} worker{'s' if workers > 1 else ''}"
    out: list[Outcome] = []
    try:
        asyncio.run(warm_up(url, key, parties, workers))
        if args.rate:
            label = f"HTTP, {name}, {args.rate:g} req/s offered"
            print(f"{name}: {args.rate:g} req/s offered for {args.duration:g} s", file=sys.stderr)
            if args.update_from:
                out += asyncio.run(
                    sustained_with_update(url, key, parties, (db, process.pid), folder, label, args)
                )
            else:
                out.append(
                    asyncio.run(
                        load(url, key, parties, args.duration, args.concurrency, label, args.rate)
                    )
                )
        if args.saturate:
            print(f"{name}: full speed for {args.saturate:g} s", file=sys.stderr)
            label = f"HTTP, {name}, max ({8 * workers} busy connections)"
            out.append(asyncio.run(load(url, key, parties, args.saturate, 8 * workers, label)))
    finally:
        stop_server(process)
    return out


async def sustained_with_update(
    url: str,
    key: str,
    parties: list[dict[str, str]],
    server: tuple[str, int],
    folder: Path,
    label: str,
    args: argparse.Namespace,
) -> list[Outcome]:
    """The sustained run with `entitylist update` run `--update-at` seconds into it; the
    whole run, the requests sent before the update (the same run's steady state), and those
    sent from the update's start until 10 s after its end or after the swap, whichever is
    later (a swap after the run ended is reported as not made). `server`: (database, server pid);
    the server's CPU time is sampled meanwhile (what the swap costs it, above its steady
    rate), and its health polled for the moment the new index is in use."""
    db, pid = server
    timeline: list[tuple[float, float]] = []
    before = await index_snapshots(url)
    samples: list[tuple[float, float, object]] = []
    stop_sampling = asyncio.Event()

    async def sample() -> None:
        while not stop_sampling.is_set():
            samples.append((time.perf_counter(), process_cpu(pid), await index_snapshots(url)))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop_sampling.wait(), 0.5)

    sampler = asyncio.create_task(sample())

    async def update() -> tuple[float, float]:
        await asyncio.sleep(args.update_at)
        env = {**os.environ, "ENTITYLIST_DATA_DIR": str(folder / "data")}
        env.pop("ENTITYLIST_DB", None)
        started = time.perf_counter()
        command = [sys.executable, "-c", "from entitylist.cli import main; main()"]
        child = await asyncio.create_subprocess_exec(
            *command,
            "--db",
            db,
            "update",
            "--source",
            args.update_source,
            "--from",
            str(args.update_from),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, err = await child.communicate()
        if child.returncode:
            raise SystemExit(f"the update failed: {err.decode(errors='replace')[-800:]}")
        return started, time.perf_counter()

    whole, (t0, t1) = await asyncio.gather(
        load(
            url,
            key,
            parties,
            args.duration,
            args.concurrency,
            label + ", update",
            args.rate,
            timeline,
        ),
        update(),
    )
    stop_sampling.set()
    await sampler
    after = await index_snapshots(url)
    swapped = "index swapped" if after != before else "INDEX NOT SWAPPED within the run"
    start = whole_start(timeline)
    print(
        f"update ran {t1 - t0:.1f} s (from {t0 - start:.1f} s); {swapped}: {before} -> {after}",
        file=sys.stderr,
    )
    print(swap_cost(samples, before, (t0, t1)), file=sys.stderr)
    steady = [lat for since, lat in timeline if since < t0]
    # The window runs until 10 s after the update or the swap, whichever came later.
    swap_at = next((t for t, _, ids in samples if t > t0 and ids != before), t1)
    end = max(t1, swap_at) + 10
    window = [lat for since, lat in timeline if t0 <= since <= end]
    return [
        whole,
        summarise(f"{label}, before the update", steady, 0, t0 - start),
        summarise(f"{label}, update and swap +10 s window", window, 0, end - t0),
    ]


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def swap_cost(
    samples: list[tuple[float, float, object]], before: object, times: tuple[float, float]
) -> str:
    """When the new index came into use, and the server's CPU from the update's start to
    then beyond its steady rate (measured before the update in the same run)."""
    t0, t1 = times
    ahead = [s for s in samples if s[0] <= t0]
    swapped = next((s for s in samples if s[0] > t0 and s[2] != before), None)
    if len(ahead) < 2 or swapped is None:
        return "server CPU: not enough samples to tell what the swap cost"
    rate = (ahead[-1][1] - ahead[0][1]) / (ahead[-1][0] - ahead[0][0])
    spent = swapped[1] - ahead[-1][1]
    extra = spent - rate * (swapped[0] - ahead[-1][0])
    return (
        f"new index in use {swapped[0] - t1:+.1f} s after the update ended; server CPU "
        f"{rate:.2f} s/s before the update, {spent:.1f} s from the update's start until the "
        f"swap: {extra:.1f} s above the steady rate"
    )


def whole_start(timeline: list[tuple[float, float]]) -> float:
    return min((since for since, _ in timeline), default=0.0)


async def index_snapshots(url: str) -> object:
    parsed = urlparse(url)
    conn = Connection(parsed.hostname or "127.0.0.1", parsed.port or 80)
    head = f"GET /v1/health HTTP/1.1\r\nHost: {parsed.netloc}\r\n\r\n".encode()
    try:
        _, payload = await conn.request(head, b"")
    finally:
        await conn.close()
    return json.loads(payload).get("index_snapshots")


def report(outcomes: list[Outcome], args: argparse.Namespace) -> None:
    base = outcomes[0].rps if outcomes and "baseline" in outcomes[0].label else None
    print(
        f"\ncores: {os.cpu_count()}  target: >= {TARGET_RPS:g} req/s sustained, "
        f"p99 <= {TARGET_P99_MS:g} ms, 0 errors\n"
    )
    print(
        f"{'run':52} {'req/s':>8} {'x base':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'errors':>7} {'requests':>9}"
    )
    for o in outcomes:
        ratio = f"{o.rps / base:.2f}" if base else "-"
        print(
            f"{o.label:52} {o.rps:8.1f} {ratio:>7} {o.p50_ms:8.2f} {o.p99_ms:8.2f} "
            f"{o.max_ms:8.2f} {o.errors:7d} {o.requests:9d}"
        )
        if o.error_samples:
            print(f"    errors, e.g.: {o.error_samples}")
    for o in outcomes:
        if "update" in o.label:
            ok = o.p99_ms < UPDATE_P99_MS and o.errors == 0
            print(f"{'MEETS' if ok else 'MISSES'} p99 < {UPDATE_P99_MS:g} ms, 0 errors: {o.label}")
        elif "offered" in o.label or o.label.startswith("server"):
            ok = o.rps >= TARGET_RPS and o.p99_ms <= TARGET_P99_MS and o.errors == 0
            print(f"{'MEETS' if ok else 'MISSES'} the target: {o.label}")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"load_api-{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
                "cores": os.cpu_count(),
                "outcomes": [asdict(o) for o in outcomes],
            },
            indent=2,
        )
    )
    print(f"\nresults: {path}")


if __name__ == "__main__":
    main()
