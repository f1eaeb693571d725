"""A real HTTP receiver on 127.0.0.1 for webhook tests: records each request and answers
with the statuses it is given, in order (then 200). As a receiver should, it keeps each
notification once by its event id (`delivered`). With `hold_first`, the first request is
recorded and then left unanswered until `release` is set (a sender can be killed there)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from entitylist.monitoring.webhook import EVENT_ID_HEADER


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    statuses: list[int]
    requests: list[Received] = field(default_factory=list)
    hold_first: bool = False
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    @property
    def delivered(self) -> dict[str, bytes]:
        """The notifications kept, one per event id (a repeat is dropped)."""
        kept: dict[str, bytes] = {}
        for r in self.requests:
            kept.setdefault(r.headers.get(EVENT_ID_HEADER, ""), r.body)
        return kept


@contextmanager
def receiver(statuses: list[int] | None = None, *, hold_first: bool = False) -> Iterator[Receiver]:
    state = Receiver(url="", statuses=list(statuses or []), hold_first=hold_first)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.requests.append(Received(dict(self.headers.items()), self.rfile.read(length)))
            if state.hold_first and len(state.requests) == 1:
                state.arrived.set()
                state.release.wait(timeout=60)
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/entitylist"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
