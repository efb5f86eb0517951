"""Atomic file writes: a reader never sees a half-written report file.

The report's files go through :mod:`mixcheck.atomic` (a temporary file beside the destination,
fsync, rename), the one atomic writer of the package.
"""

from __future__ import annotations

import json
from pathlib import Path

from mixcheck.atomic import write_bytes as _atomic_write_bytes

__all__ = ["write_bytes", "write_text", "write_json"]


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (:func:`mixcheck.atomic.write_bytes`), creating
    parent folders, readable by all (0644); return the path."""
    _atomic_write_bytes(path, data, mode=0o644)
    return Path(path)


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    return write_bytes(path, text.encode("utf-8"))


def write_json(path: str | Path, obj) -> Path:
    """Write ``obj`` as indented JSON (UTF-8, strict: NaN and infinities are refused)."""
    return write_text(path, json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
