"""SIGKILL at random moments during a sweep, many times: every restart resumes, and the finished
store equals an uninterrupted run's — nothing lost, duplicated, torn or left behind (``slow``)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mixcheck.experiments.fake_data import write_imagefolder
from mixcheck.experiments.store import ResultsStore

pytestmark = pytest.mark.slow

KILLS = 20
TIMING = ("epoch_time_s", "wall_time_s", "time_utc")


def _cmd(tree: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "mixcheck", "sweep", "--dataset", "imagefolder", "--data-root", str(tree),
            "--alphas", "1", "--seeds", "0", "--epochs", "12", "--width", "2", "--batch-size", "16",
            "--clean-subset", "0", "--device", "cpu", "--no-progress", "--checkpoint-every", "1", "--out", str(out)]


def _env() -> dict:
    return {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}


def _records(out: Path) -> dict[str, list[dict]]:
    store = ResultsStore(out)
    problems: list[str] = []
    recs = {rid: store.read_run(rid, problems) for rid in store.run_ids()}
    assert problems == [], problems  # no torn or unreadable line
    return {rid: [{k: v for k, v in r.items() if k not in TIMING} for r in rs] for rid, rs in recs.items()}


def test_random_sigkills_lose_duplicate_tear_and_leave_nothing(tmp_path):
    tree = write_imagefolder(tmp_path / "tree", n_train=256, n_test=64)
    ref = tmp_path / "reference"
    subprocess.run(_cmd(tree, ref), check=True, env=_env(), capture_output=True, cwd=tmp_path)
    out = tmp_path / "killed"
    rng = random.Random(0)
    kills = 0
    for _ in range(KILLS * 3):
        proc = subprocess.Popen(_cmd(tree, out), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                cwd=tmp_path)
        time.sleep(rng.uniform(1.5, 6.0))
        if proc.poll() is not None:
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        if kills >= KILLS:
            break
    # a stale temporary from a dead writer (as a kill during a checkpoint write leaves) is removed on start
    (out / "checkpoints").mkdir(parents=True, exist_ok=True)
    (out / "checkpoints" / ".alpha1.0-seed0.pt.tmp-999999999").write_bytes(b"x" * 100)
    subprocess.run(_cmd(tree, out), check=True, env=_env(), capture_output=True, cwd=tmp_path)
    print(f"{kills} SIGKILLs before the final run")
    got, want = _records(out), _records(ref)
    assert sorted(got) == sorted(want) == ["alpha0.0-seed0", "alpha1.0-seed0"]
    for rid in want:
        assert [r["epoch"] for r in got[rid]] == list(range(1, 13)), rid  # nothing lost or duplicated
        assert [{k: v for k, v in r.items() if k != "provenance"} for r in got[rid]] == \
               [{k: v for k, v in r.items() if k != "provenance"} for r in want[rid]], rid
    left = [p for p in out.rglob("*") if ".tmp-" in p.name or p.suffix == ".pt"]
    assert left == [], left
    assert json.loads((out / "sweep.json").read_text())["config_hash"] == json.loads((ref / "sweep.json").read_text())["config_hash"]
