"""Reading published files from a URL or a local path.

The same code serves the official download and `--from`: an `http(s)://` or `file://` URL,
or a path on disk. Multi-file sources (OFAC's legacy CSV set) pass a base location (a
directory or a base URL) and the member names.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx

from entitylist.errors import FetchError, SourceFormatError
from entitylist.model import ParseResult
from entitylist.sources.base import Bundle, DeclaredSource

USER_AGENT = "entitylist (restricted-party screening; +https://pypi.org/project/entitylist/)"


def is_url(location: str) -> bool:
    return urlparse(location).scheme in ("http", "https", "file")


def read_location(location: str, *, timeout: float = 60.0) -> bytes:
    """Bytes at a URL or path; a clear FetchError (suggesting `--from`) when unreachable."""
    parsed = urlparse(location)
    if parsed.scheme == "file":
        return _read_path(Path(unquote(parsed.path)))
    if parsed.scheme in ("http", "https"):
        try:
            with httpx.Client(
                timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
            ) as client:
                response = client.get(location)
        except httpx.HTTPError as exc:
            raise FetchError(
                f"could not download {location}: {exc.__class__.__name__}: {exc}. "
                "Without network access, load a saved copy with --from PATH."
            ) from exc
        if response.status_code != 200:
            raise FetchError(f"could not download {location}: HTTP {response.status_code}")
        return response.content
    return _read_path(Path(location))


def fetch_one(location: str, file_name: str, *, timeout: float = 60.0) -> Bundle:
    """A single-file source: `location` is the file itself (path or URL)."""
    return Bundle(files={file_name: read_location(location, timeout=timeout)}, origin=location)


def fetch_set(
    location: str,
    members: tuple[str, ...],
    *,
    optional: tuple[str, ...] = (),
    timeout: float = 60.0,
) -> Bundle:
    """A multi-file source: `location` is a directory or base URL holding `members`.

    Member names are matched case-insensitively on disk (OFAC publishes SDN.CSV and sdn.csv).
    """
    files: dict[str, bytes] = {}
    for name in members + optional:
        try:
            files[name] = _read_member(location, name, timeout=timeout)
        except FetchError:
            if name in optional:
                continue
            raise
    return Bundle(files=files, origin=location)


def _read_member(base: str, name: str, *, timeout: float) -> bytes:
    parsed = urlparse(base)
    if parsed.scheme in ("http", "https"):
        # Servers differ in the case of member names (OFAC serves SDN.CSV; mirrors often
        # keep sdn.csv): try the name as given, then its other case.
        url = base.rstrip("/") + "/"
        try:
            return read_location(url + name, timeout=timeout)
        except FetchError as first:
            other = name.lower() if name != name.lower() else name.upper()
            try:
                return read_location(url + other, timeout=timeout)
            except FetchError:
                raise first from None
    directory = Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(base)
    if not directory.is_dir():
        raise FetchError(f"{directory} is not a directory holding {name}")
    for candidate in directory.iterdir():
        if candidate.name.casefold() == name.casefold():
            return _read_path(candidate)
    raise FetchError(f"{directory} has no file {name}")


def _read_path(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise FetchError(f"no such file: {path}") from exc
    except IsADirectoryError as exc:
        raise FetchError(f"{path} is a directory; give the list file itself") from exc
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror}") from exc


class SingleFileSource(DeclaredSource):
    """A source published as one file (DPL, UN): fetch it and parse its bytes.

    Subclasses set `name`, `file_name` and `parse_file` (their module's parser of the file's
    bytes, as a staticmethod); the title, official location and minimum count are declared
    in `sources/data/sources.yml`.
    """

    file_name: str

    def required_files(self) -> tuple[str, ...]:
        return (self.file_name,)

    def fetch(self, location: str, *, timeout: float = 60.0) -> Bundle:
        return fetch_one(location, self.file_name, timeout=timeout)

    def parse(self, bundle: Bundle) -> ParseResult:
        if len(bundle.files) != 1:
            raise SourceFormatError(
                f"expected the one file {self.file_name}, got {', '.join(sorted(bundle.files))}",
                file=self.file_name,
            )
        ((file, data),) = bundle.files.items()
        return self.parse_file(data, file)

    def parse_file(self, data: bytes, file: str) -> ParseResult:
        raise NotImplementedError
