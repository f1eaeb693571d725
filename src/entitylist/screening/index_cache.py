"""The cached match index of a set of snapshots: where it lives, who builds it, how it loads.

Building an index takes seconds of CPU (2 s for all shared lists, 7 s for the 2026 CSL); in
the service that would stall every request for as long. So the index is built where it
takes no serving CPU: `entitylist update` builds and caches it right after a new snapshot
(`build_cached`), and a service that finds no cached file builds it in a child process
(`build_in_child`, the same function run by `python -m entitylist.screening.index_cache`).
A service process only ever loads the file, in small steps (`matching.persist`), with the
cyclic garbage collector held off meanwhile (`gc_paused`) and the loaded index frozen out of
its sight afterwards (`freeze_heap`), which every long run (service, `screen-file`,
`monitor run`) gets this way.

Two builders of one index (the update command and a service child, or several service
workers) take turns on a lock file beside it: the later one finds the file written and stops.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from entitylist.errors import EntitylistError
from entitylist.matching import ENGINE_VERSION, IndexRecord, MatchIndex
from entitylist.model import Entry
from entitylist.packaged import packaged_yaml
from entitylist.settings import ENV_DATA_DIR, Settings
from entitylist.store import SnapshotInfo, Store, StoredEntry

try:
    import fcntl
except ImportError:  # not on Windows: builders there do not wait for each other
    fcntl = None  # type: ignore[assignment]

BUILD_TIMEOUT_S = 600.0


def index_record(stored: StoredEntry) -> IndexRecord:
    return entry_record(stored.entry, str(stored.id))


def entry_record(entry: Entry, ref: str) -> IndexRecord:
    """An entry as the index sees it, named `ref` in the matches."""
    return IndexRecord(
        ref=ref,
        list_code=entry.list_code,
        entity_type=str(entry.entry_type),
        names=entry.names,
        countries=entry.countries,
        addresses=tuple(a.text for a in entry.addresses),
        identifiers=indexed_identifiers(entry),
    )


def indexed_identifiers(entry: Entry) -> tuple[str, ...]:
    """The entry's identifier values of the kinds matched exactly (not its website, dates
    or notes)."""
    kinds = _identifier_kinds()
    return tuple(i.value for i in entry.identifiers if i.kind.casefold() in kinds)


@cache
def _identifier_kinds() -> frozenset[str]:
    """The identifier kinds matched exactly (`data/identifier_kinds.yml`), read when an
    index is first built rather than at import."""
    data = packaged_yaml("entitylist.screening", "data/identifier_kinds.yml")
    return frozenset(str(k).casefold() for k in data["kinds"])


def db_tag(settings: Settings) -> str:
    """Tells the cache files of one database from another's in a shared cache directory."""
    return hashlib.sha256(settings.db_url.encode()).hexdigest()[:12]


def cache_path(settings: Settings, snapshots: dict[str, SnapshotInfo]) -> Path:
    """The file of the index over `snapshots`: a new snapshot or engine means a new file."""
    ident = ",".join(f"{s}:{snap.id}:{snap.sha256}" for s, snap in sorted(snapshots.items()))
    db = db_tag(settings)
    digest = hashlib.sha256(f"{ident}|{ENGINE_VERSION}".encode()).hexdigest()[:24]
    return settings.cache_dir / f"index-{db}-{digest}.bin"


def load_cached(
    path: Path, entries: int, pause: Callable[[], None] | None = None
) -> MatchIndex | None:
    """The index in `path`, or None when there is none usable (a stale, partial or foreign
    file is rebuilt, never trusted). `pause`: called between the file's slices (a service's
    `pacing.Pacer`, so that its requests keep the CPU)."""
    if not path.exists():
        return None
    try:
        with gc_paused():
            index = MatchIndex.load(path, pause=pause)
            if len(index) != entries:
                return None
            freeze_heap()
    except Exception:
        return None
    return index


def build_cached(
    store: Store,
    settings: Settings,
    snapshots: dict[str, SnapshotInfo],
    stored: list[StoredEntry] | None = None,
) -> MatchIndex:
    """The index over `snapshots`: the cached file when usable, else built and cached."""
    path = cache_path(settings, snapshots)
    size = len(stored) if stored is not None else sum(s.entry_count for s in snapshots.values())
    with _build_lock(path):
        index = load_cached(path, size)
        if index is None:
            if stored is None:
                stored = store.entries_in_force(snapshots=snapshots)
            with gc_paused():
                index = MatchIndex.build([index_record(s) for s in stored])
                freeze_heap()
            save_atomically(index, path)
        return index


def build_in_child(settings: Settings, snapshots: dict[str, SnapshotInfo]) -> None:
    """`build_cached` in a separate process, so that this one's CPU stays free."""
    command = [sys.executable, "-m", __name__, "--db", settings.db_url]
    command += [f"{source}={snap.id}" for source, snap in sorted(snapshots.items())]
    env = {**os.environ, ENV_DATA_DIR: str(settings.data_dir)}
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S
        )
    except subprocess.TimeoutExpired as exc:
        raise EntitylistError(f"building the screening index took over {exc.timeout:g} s") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise EntitylistError(f"building the screening index failed: {tail[0]}")


def save_atomically(index: MatchIndex, path: Path) -> None:
    # Write then rename: a process killed mid-write never leaves a truncated cache behind.
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    index.save(tmp)
    os.replace(tmp, path)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection while an index loads: the collections its hundreds of thousands
    of new objects would trigger each walk the growing heap in one GIL-holding call."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_heap() -> None:
    """Move every object alive now (the index: a million of them) out of the cyclic
    collector's sight for good, before collections resume: otherwise the first collections
    after a load walk the whole new index (100 ms and more, the GIL held), and every full
    one walks it again. Unreachable frozen objects are still freed by reference counting
    (the index is acyclic: `matching.retrieval` memos hold their retriever weakly)."""
    gc.freeze()


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    with path.with_name(f".{path.stem}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main(argv: list[str] | None = None) -> None:
    """Build the cached index over the snapshots given as SOURCE=ID (the child process)."""
    parser = argparse.ArgumentParser(prog="python -m entitylist.screening.index_cache")
    parser.add_argument("--db", required=True)
    parser.add_argument("snapshots", nargs="+", metavar="SOURCE=ID")
    args = parser.parse_args(argv)
    settings = Settings.load(args.db)
    try:
        store = Store.open(settings.db_url)
        try:
            snapshots = {}
            for item in args.snapshots:
                source, _, ident = item.partition("=")
                snapshots[source] = store.snapshot(int(ident))
            build_cached(store, settings, snapshots)
        finally:
            store.close()
    except EntitylistError as exc:  # one line for the parent's error message
        print(exc.message, file=sys.stderr)
        raise SystemExit(1) from exc


if __name__ == "__main__":
    main()
