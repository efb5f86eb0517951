"""The results store of a sweep: a folder of JSONL files, one record per (run, epoch).

Layout of a store ``DIR``::

    DIR/sweep.json               the sweep's protocol (everything that fixes a run's results,
                                 except α and the seed) and its hash; written once
    DIR/records/<run>.jsonl      one JSON line per finished epoch of run <run> (α, seed)
    DIR/checkpoints/<run>.pt     the latest checkpoint of a run in progress (deleted when the
                                 run finishes; never commit these)
    DIR/locks/<run>.lock         advisory locks, so two processes never train the same run
    DIR/.gitignore               keeps checkpoints/ and locks/ out of git

A record holds the run (``run_id``, ``alpha``, ``seed``, ``epoch`` 1-based, ``epochs``,
``config_hash``), the measurements (``train_loss_mixed``, ``train_acc_mixed``,
``clean_train_loss``, ``clean_train_acc``, ``test_loss``, ``test_acc``, the readings of
:data:`GAP_READINGS`; the evaluated ones are null on epochs without evaluation), timing
(``epoch_time_s``; ``wall_time_s``, the run's training and evaluation time up to this epoch,
across restarts, not counting work lost to an interruption; ``time_utc``) and ``provenance``
(git commit, package versions, device, host, data source). Accuracies are fractions in [0, 1].

One file per run means that processes working on different shards never write the same
file, and stores from different machines merge by copying their ``records/`` folders
together. Records are only ever appended — one ``write`` of a whole line, then ``fsync`` — and
nothing already written is rewritten. A line torn by a crash mid-write (no final newline) is
skipped by readers with a warning and left in place; the next append starts a fresh line.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import warnings
from pathlib import Path
from typing import Any, Iterator

from mixcheck.atomic import fsync_dir as _fsync_dir
from mixcheck.atomic import write_bytes as atomic_write_bytes
from mixcheck.atomic import writer_pid

__all__ = ["ConfigMismatch", "ResultsStore", "GAP_READINGS", "config_hash", "atomic_write_bytes", "clean_floats",
           "remove_stale_temporaries"]

CONFIG_FILE = "sweep.json"

# The generalization-gap readings every evaluated epoch record holds (name → definition).
# "mixed-batch train loss" is the epoch's mean training loss on mixed batches (what the
# reference logs as "train loss"); "clean train loss" is the eval-mode loss on un-augmented
# training images. The paper does not say which one Table 1 uses.
GAP_READINGS = {
    "gap_clean": "test loss − clean train loss",
    "gap_mixed": "test loss − mixed-batch train loss",
    "abs_gap_clean": "|test loss − clean train loss|",
    "abs_gap_mixed": "|test loss − mixed-batch train loss|",
}


class ConfigMismatch(ValueError):
    """The store holds another sweep (a different protocol); nothing was written."""


def config_hash(protocol: dict) -> str:
    """A short, stable hash of a protocol dict (canonical JSON)."""
    blob = json.dumps(protocol, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def clean_floats(obj: Any) -> Any:
    """NaN and ±inf → None (strict JSON), recursively."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: clean_floats(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean_floats(v) for v in obj]
    return obj


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete ``.<name>.tmp-<pid>`` files and folders left in ``folder`` by a writer that died
    (its pid no longer runs); return what was removed. A live writer's temporary is kept."""
    import shutil

    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for p in folder.iterdir():
        name = p.name
        if not (name.startswith(".") and ".tmp-" in name):
            continue
        pid = writer_pid(name)
        if pid is not None and pid != os.getpid() and _pid_alive(pid):
            continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        removed.append(p)
    return removed


class ResultsStore:
    """A sweep's results folder (see the module docstring for the layout)."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        self.stale_removed: list[Path] = []
        self.records_dir = self.root / "records"
        self.checkpoints_dir = self.root / "checkpoints"
        self.locks_dir = self.root / "locks"

    # -- the sweep's protocol
    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_FILE

    def read_config(self) -> dict | None:
        try:
            doc = json.loads(self.config_path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigMismatch(f"{self.config_path} is not valid JSON ({exc}); this folder is not a "
                                 "sweep store this harness wrote — choose another --out") from exc
        if not (isinstance(doc, dict) and isinstance(doc.get("config_hash"), str) and isinstance(doc.get("protocol"), dict)):
            raise ConfigMismatch(f"{self.config_path} is not a sweep.json this harness wrote (expected a JSON object "
                                 "with 'config_hash' and 'protocol'); choose another folder")
        return doc

    def init(self, protocol: dict, *, extra: dict | None = None) -> dict:
        """Create the store for ``protocol``, or check that it already holds the same one.

        Raises :class:`ConfigMismatch` (naming the differing fields) for another sweep's store,
        and for a non-empty folder that is not a store at all; nothing is written then.
        """
        protocol = clean_floats(protocol)
        h = config_hash(protocol)
        existing = self.read_config()
        if existing is None:
            if self.root.is_dir() and any(p.name not in (CONFIG_FILE,) and not p.name.startswith(".")
                                          for p in self.root.iterdir()):
                raise ConfigMismatch(f"{self.root} is not empty and holds no {CONFIG_FILE}: not a sweep store; "
                                     "choose an empty or new --out folder")
            self.root.mkdir(parents=True, exist_ok=True)
            doc = {"config_hash": h, "protocol": protocol, **(extra or {})}
            blob = (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode()
            if not atomic_write_bytes(self.config_path, blob, exclusive=True):
                existing = self.read_config()  # another shard created it a moment ago
        if existing is not None:
            self._check_same(existing, protocol, h)
        for d in (self.records_dir, self.checkpoints_dir, self.locks_dir):
            d.mkdir(exist_ok=True)
        self.stale_removed = [*remove_stale_temporaries(self.root), *remove_stale_temporaries(self.checkpoints_dir)]
        ignore = self.root / ".gitignore"
        if not ignore.exists():  # a store committed to git carries its records, not its checkpoints
            atomic_write_bytes(ignore, b"checkpoints/\nlocks/\n", exclusive=True)
        return self.read_config()

    def _check_same(self, existing: dict, protocol: dict, h: str) -> None:
        if existing.get("config_hash") == h:
            return
        old = existing.get("protocol") or {}
        diff = sorted(k for k in set(old) | set(protocol) if old.get(k) != protocol.get(k))
        shown = "; ".join(f"{k}: store has {old.get(k)!r}, this command gives {protocol.get(k)!r}" for k in diff[:6])
        raise ConfigMismatch(f"{self.root} holds another sweep's results (config {existing.get('config_hash')}, "
                             f"this command's is {h}). Differences — {shown or 'none visible'}. Use another --out, "
                             "or the same options as the stored sweep; nothing was written.")

    # -- records
    def record_path(self, run_id: str) -> Path:
        return self.records_dir / f"{run_id}.jsonl"

    def run_ids(self) -> list[str]:
        if not self.records_dir.is_dir():
            return []
        return sorted(p.stem for p in self.records_dir.glob("*.jsonl") if p.is_file())

    def read_run(self, run_id: str, problems: list[str] | None = None) -> list[dict]:
        """The run's records; a line that is not a JSON object is skipped with a warning naming the
        file and line (and, with ``problems`` given, the same text appended to it)."""
        return list(_read_jsonl(self.record_path(run_id), problems))

    def read_all(self, problems: list[str] | None = None) -> list[dict]:
        return [r for rid in self.run_ids() for r in self.read_run(rid, problems)]

    def append(self, run_id: str, record: dict) -> None:
        """Append one record as one line: a single write, then fsync (file and, when new, folder)."""
        path = self.record_path(run_id)
        line = (json.dumps(clean_floats(record), sort_keys=True, allow_nan=False) + "\n").encode()
        new = not path.exists()
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            if not new and _last_byte(path) not in (b"", b"\n"):
                line = b"\n" + line  # a torn line from a crash: start a fresh one, rewrite nothing
            if os.write(fd, line) != len(line):
                raise OSError(f"short write to {path}")
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:
            _fsync_dir(path.parent)

    # -- checkpoints and locks
    def checkpoint_path(self, run_id: str) -> Path:
        return self.checkpoints_dir / f"{run_id}.pt"

    @contextlib.contextmanager
    def lock(self, run_id: str) -> Iterator[bool]:
        """Yield True while this process holds run ``run_id``'s lock, False if another holds it."""
        import fcntl

        self.locks_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.locks_dir / f"{run_id}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _last_byte(path: Path) -> bytes:
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        if f.tell() == 0:
            return b""
        f.seek(-1, os.SEEK_END)
        return f.read(1)


def _read_jsonl(path: Path, problems: list[str] | None = None) -> Iterator[dict]:
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return
    lines = data.split(b"\n")
    for i, raw in enumerate(lines):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            rec = None
            where = "the last line (torn by an interrupted write)" if i == len(lines) - 1 else f"line {i + 1}"
        else:
            where = f"line {i + 1}"
        if not isinstance(rec, dict):
            msg = f"{path}: skipping {where}: not a complete JSON record"
            if problems is not None:
                problems.append(msg)
            warnings.warn(msg, RuntimeWarning, stacklevel=3)
            continue
        yield rec
