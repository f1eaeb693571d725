"""Uploaded files, saved where the library reads files: under their own base name, in a
temporary folder that goes when the request is done."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import UploadFile

from entitylist.errors import InputError


def save_upload(upload: UploadFile, folder: Path) -> Path:
    """Write `upload` into `folder`; a name that is no file's (empty, hidden) is refused,
    and only its last part is kept, so an upload never writes outside `folder`."""
    name = Path(upload.filename or "").name
    if not name or name.startswith("."):
        raise InputError(f"unusable upload file name {upload.filename!r}")
    target = folder / name
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out)
    return target


@contextmanager
def saved_upload(upload: UploadFile, *, purpose: str) -> Iterator[Path]:
    """The upload saved in a temporary folder for the time of the `with` block."""
    with tempfile.TemporaryDirectory(prefix=f"entitylist-{purpose}-") as folder:
        yield save_upload(upload, Path(folder))
