"""Shared test set-up: the Hypothesis profile (``$MIXCHECK_PROFILE``, default ``ci``)."""

from __future__ import annotations

import pytest

from mixcheck.profiles import load_profile

PROFILE = load_profile()


def pytest_report_header(config):
    return f"mixcheck profile: {PROFILE.name} (set MIXCHECK_PROFILE=ci|dev|thorough)"


@pytest.fixture(scope="module")
def one_torch_thread():
    """Torch on one intra-op thread for the module: tiny models gain nothing from threads, on a
    busy 2-core CPU two threads can be many times slower, and one thread makes CPU results
    bit-reproducible. Use with ``pytestmark = pytest.mark.usefixtures("one_torch_thread")``."""
    import torch

    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


#: the child that computes a session's planned claim runs (JSON lines: one result per line);
#: it stops when the test process that started it is gone
_BACKGROUND_RUNNER = """
import json, os, sys
from mixcheck.engine.runner import run_claim
from mixcheck.claims import CLAIMS
by_id = {c.id: c for c in CLAIMS}
parent = int(sys.argv[3])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    if sys.argv[4]:  # first every derivation, as bytes, checked faithful by a copy made from them
        from mixcheck import proofs
        from mixcheck.derivation_pickle import dumps, loads, same_as
        source = proofs.source_digest()  # the sources these derivations are built from
        built = proofs.all_derivations()
        blob = dumps(built)
        differ = same_as(loads(blob), built)
        with open(sys.argv[4] + ".part", "wb") as f:
            f.write(blob)
        os.replace(sys.argv[4] + ".part", sys.argv[4])
        out.write(json.dumps({"derivations": sys.argv[4], "differ": differ, "source": source}) + "\\n")
        out.flush()
    for cid, profile, seed in json.loads(sys.argv[1]):
        if os.getppid() != parent:
            sys.exit("the test session that started these claim runs has ended")
        d = run_claim(by_id[cid], profile=profile, seed=seed).to_dict()
        out.write(json.dumps({"key": [cid, profile, seed], "result": d}) + "\\n")
        out.flush()
"""

#: fewer planned runs than this are computed here, as the tests ask for them
BACKGROUND_FROM = 40

#: the longest wait for the background's next result before the test that waits fails
BACKGROUND_STALL_S = 1800


class ClaimRuns:
    """Each (claim id, profile, seed) checked at most once per test session, its result shared
    by the tests that read it (the per-claim test, the domain and determinism tests).

    Tests declare what they read with ``@pytest.mark.claim_runs(*ids, seeds=..., profile=...)``.
    Where a session selects at least :data:`BACKGROUND_FROM` such runs, one fresh interpreter
    computes them all in the background (in registry order, so neighbouring claims share their
    derivations) while the other tests run here, and the tests that read them run last. Sound
    because a verdict and its evidence depend only on (profile, seed, claim id), which
    ``test_determinism`` checks (here against that interpreter, and in fresh processes).

    Where such a session also has tests marked ``derivations``, that interpreter first builds
    every derivation of the proofs and hands them over as bytes
    (:mod:`mixcheck.derivation_pickle`), having checked that a copy made from the bytes equals
    each original (every step's trees, verdict, grade and method); those tests run after the
    others, with the copies preloaded (:func:`mixcheck.proofs.preload`); one that changed on the
    way is built here instead (``test_proofs_registry`` fails on it, and compares copies with
    derivations built here)."""

    def __init__(self) -> None:
        self._done: dict = {}
        self._origin: dict = {}
        self._planned: set = set()
        self._proc = None
        self._tmp = None
        self._stderr = None
        self._path = None
        self._pos = 0
        self._claims: dict = {}
        self._derivations = None         # None, "planned", or what was handed over
        self._derivations_record = None  # the background's line about them
        self._derivations_error = None
        self._source = None

    @staticmethod
    def key(c_or_id, *, profile=None, seed: int = 0) -> tuple:
        from mixcheck.profiles import active_profile

        cid = c_or_id if isinstance(c_or_id, str) else c_or_id.id
        return (cid, active_profile(profile).name, int(seed))

    def plan(self, keys, derivations: bool = False) -> bool:
        """Start computing ``keys`` in the background (at least :data:`BACKGROUND_FROM` of
        them, none started before), and first every derivation where ``derivations``; True
        when started. An id that is no claim is an error."""
        import json
        import os
        import subprocess
        import sys
        import tempfile

        from mixcheck.claims import CLAIMS

        self._claims = {c.id: c for c in CLAIMS}
        order = {cid: i for i, cid in enumerate(self._claims)}
        unknown = sorted({k[0] for k in keys} - set(order))
        if unknown:
            raise ValueError(f"claim_runs marks name ids that are no claims: {unknown}")
        todo = sorted({k for k in keys if k not in self._done}, key=lambda k: (k[1], k[2], order[k[0]]))
        if self._proc is not None or len(todo) < BACKGROUND_FROM:
            return False
        self._tmp = tempfile.TemporaryDirectory(prefix="mixcheck-claim-runs-")
        self._path = os.path.join(self._tmp.name, "runs.jsonl")
        self._stderr = open(os.path.join(self._tmp.name, "stderr.txt"), "w+", encoding="utf-8")
        blob = os.path.join(self._tmp.name, "derivations.pickle") if derivations else ""
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _BACKGROUND_RUNNER, json.dumps(todo), self._path, str(os.getpid()), blob],
            stdout=subprocess.DEVNULL, stderr=self._stderr)
        self._planned = set(todo)
        if derivations:
            from mixcheck import proofs

            self._derivations, self._source = "planned", proofs.source_digest()
        return True

    def _read_new_lines(self) -> None:
        """Take the complete lines the background has written since the last read."""
        import json

        from mixcheck.engine.registry import ClaimResult

        try:
            with open(self._path, "rb") as f:
                f.seek(self._pos)
                chunk = f.read()
        except FileNotFoundError:  # the interpreter is still starting
            return
        complete = chunk[: chunk.rfind(b"\n") + 1]  # a last line may still be being written
        self._pos += len(complete)
        for line in complete.decode("utf-8").splitlines():
            rec = json.loads(line)
            if "derivations" in rec:
                self._derivations_record = rec
                continue
            k, d = tuple(rec["key"]), rec["result"]
            self._done[k] = ClaimResult(
                claim=self._claims[k[0]], verdict=d["verdict"], evidence=d["evidence"],
                summary=d["evidence"]["summary"], seconds=d["seconds"], grade=d["grade"],
                grade_detail=d["grade_detail"])
            self._origin[k] = "background"

    def _from_background(self, key, ready=None):
        import time

        ready = ready or (lambda: key in self._done)
        last_news = time.monotonic()
        while not ready():
            finished = self._proc.poll() is not None
            before = self._pos
            self._read_new_lines()
            if ready():
                break
            if self._pos != before:
                last_news = time.monotonic()
            if finished or time.monotonic() - last_news > BACKGROUND_STALL_S:
                self._stderr.seek(0)
                why = "ended" if finished else f"gave no result for {BACKGROUND_STALL_S} s"
                raise RuntimeError(f"the background claim runs {why} before {key}:\n{self._stderr.read()[-4000:]}")
            time.sleep(0.05)
        return self._done.get(key)

    def preload_derivations(self) -> list[str]:
        """Where the background builds the derivations: wait for them and hand the faithful ones
        to :mod:`mixcheck.proofs` (once); returns the ids preloaded (none where it does not, and
        none where the sources changed between the two processes' imports: they are built here
        then). A failure is raised again for every later test that asks."""
        if self._derivations is None:
            return []
        if self._derivations_error is not None:
            raise RuntimeError(f"the derivations from the background could not be used: {self._derivations_error!r}")
        if self._derivations == "planned":
            from mixcheck import proofs
            from mixcheck.derivation_pickle import loads

            try:
                self._from_background("the derivations", ready=lambda: self._derivations_record is not None)
                rec = self._derivations_record
                skew = rec["source"] != self._source
                copies = []
                if not skew:
                    with open(rec["derivations"], "rb") as f:
                        copies = [d for d in loads(f.read()) if d.id not in rec["differ"]]
                proofs.preload(copies)
            except Exception as exc:
                self._derivations_error = exc
                raise
            self._derivations = {**rec, "skew": skew, "preloaded": [d.id for d in copies]}
        return list(self._derivations["preloaded"])

    def origin(self, c, *, profile=None, seed: int = 0) -> str | None:
        """Where the shared result was computed: ``"here"``, ``"background"`` or None (not yet)."""
        return self._origin.get(self.key(c, profile=profile, seed=seed))

    def result(self, c, *, profile=None, seed: int = 0, here: bool = False):
        """The result of claim ``c`` (shared); ``here=True``: computed in this process (once)."""
        from mixcheck.engine.runner import run_claim

        key = self.key(c, profile=profile, seed=seed)
        if here:
            if ("here",) + key not in self._done:
                self._done[("here",) + key] = run_claim(c, profile=key[1], seed=key[2])
            return self._done[("here",) + key]
        if key not in self._done:
            if key in self._planned:
                return self._from_background(key)
            self._done[key] = run_claim(c, profile=key[1], seed=key[2])
            self._origin[key] = "here"
        return self._done[key]

    def as_dict(self, c, *, profile=None, seed: int = 0, here: bool = False) -> dict:
        """A fresh JSON copy of the result's dict (safe to change)."""
        import json

        return json.loads(json.dumps(self.result(c, profile=profile, seed=seed, here=here).to_dict()))

    def close(self) -> None:
        """Stop the background interpreter (if it still runs), remove its files, forget all."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        if self._stderr is not None:
            self._stderr.close()
        if self._tmp is not None:
            self._tmp.cleanup()
        self.__init__()


_CLAIM_RUNS = ClaimRuns()


def _planned_keys(items) -> list[tuple]:
    keys = []
    for it in items:
        for m in it.iter_markers("claim_runs"):
            for cid in m.args:
                for seed in m.kwargs.get("seeds", (0,)):
                    keys.append(ClaimRuns.key(cid, profile=m.kwargs.get("profile"), seed=seed))
    return keys


def _skip_gpu_without_cuda(items):
    gpu_items = [it for it in items if "gpu" in it.keywords]
    if not gpu_items:
        return
    import torch

    if not torch.cuda.is_available():
        skip = pytest.mark.skip(reason="needs a CUDA device (torch.cuda.is_available() is False)")
        for it in gpu_items:
            it.add_marker(skip)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """After ``-m``/``-k`` selection: tests marked ``gpu`` skip with a reason where CUDA is absent."""
    _skip_gpu_without_cuda(items)


def pytest_collection_finish(session):
    """Once the selection is final (``-m``, ``-k``, ``--lf``): the declared claim runs start in
    the background where there are enough of them, and the tests that read them move to the end."""
    config = session.config
    if config.option.collectonly or hasattr(config, "workerinput"):  # --co, or an xdist worker
        return
    items = session.items
    reads = any(it.get_closest_marker("derivations") for it in items)
    if _CLAIM_RUNS.plan(_planned_keys(items), derivations=reads):
        def group(it):  # the others first, then those that read the derivations, then the claim runs
            return 2 if it.get_closest_marker("claim_runs") else 1 if it.get_closest_marker("derivations") else 0

        items[:] = sorted(items, key=group)  # stable: the order within each group is kept


def pytest_runtest_setup(item):
    """A test that reads the derivations gets those the background built, once they are in."""
    if item.get_closest_marker("derivations"):
        _CLAIM_RUNS.preload_derivations()


def pytest_sessionfinish(session, exitstatus):
    _CLAIM_RUNS.close()


@pytest.fixture(scope="session")
def claim_runs() -> ClaimRuns:
    """The session's :class:`ClaimRuns`."""
    return _CLAIM_RUNS
