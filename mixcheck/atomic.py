"""Atomic file writes: a reader sees the old file or the whole new one, never half of it.

:func:`write_bytes` writes a temporary file next to the destination (``.<name>.tmp-<pid>-<k>``),
fsyncs it, then renames it over the destination (:func:`os.replace`, atomic on one file system)
— or, with ``exclusive=True``, links it into place only if no file is there yet — and fsyncs the
folder. :func:`temporary_path` names such a temporary (also for folders being assembled) and
:func:`writer_pid` reads back which process made one, so that a clean-up can tell a dead
writer's leftovers from a live writer's work.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from pathlib import Path

__all__ = ["write_bytes", "write_text", "write_json", "temporary_path", "writer_pid", "fsync_dir"]

_counter = itertools.count()


def temporary_path(path: str | Path) -> Path:
    """A fresh temporary name next to ``path``: ``.<name>.tmp-<pid>-<k>``."""
    path = Path(path)
    return path.with_name(f".{path.name}.tmp-{os.getpid()}-{next(_counter)}")


def writer_pid(name: str) -> int | None:
    """The pid in a temporary's name (``.x.tmp-<pid>`` or ``.x.tmp-<pid>-<k>``), or None if ``name``
    is not such a temporary."""
    if not (name.startswith(".") and ".tmp-" in name):
        return None
    pid = name.rsplit(".tmp-", 1)[1].split("-", 1)[0]
    return int(pid) if pid.isdigit() else None


def fsync_dir(path: str | Path) -> None:
    """fsync a folder (so a rename in it is durable); silently skipped where a file system does
    not let a folder be opened."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_bytes(path: str | Path, data: bytes, *, exclusive: bool = False, mode: int | None = None) -> bool:
    """Write ``data`` to ``path`` atomically, creating parent folders.

    ``mode``: the file's permissions (default: what a plain ``open`` gives under the umask).
    ``exclusive=True`` leaves an existing ``path`` alone and returns False; otherwise True.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    if mode is not None and not (isinstance(mode, int) and 0 <= mode <= 0o7777):
        raise ValueError(f"mode must be a permission number 0..0o7777 or None, got {mode!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(path)
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if exclusive:
            try:
                os.link(tmp, path)  # fails if path exists: never replaces another writer's file
            except FileExistsError:
                return False
        else:
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    fsync_dir(path.parent)
    return True


def write_text(path: str | Path, text: str, **kw) -> bool:
    """Write UTF-8 ``text`` to ``path`` atomically (keywords as :func:`write_bytes`)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return write_bytes(path, text.encode("utf-8"), **kw)


def write_json(path: str | Path, obj, **kw) -> bool:
    """Write ``obj`` as indented JSON (UTF-8; NaN and infinities refused) atomically."""
    return write_text(path, json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False) + "\n", **kw)
