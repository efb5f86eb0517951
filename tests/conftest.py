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


#: the child that computes a session's planned claim runs. Started before collection, it builds
#: every derivation (the claims attach them) while the session collects. It waits for
#: ``plan.json`` in its folder, then computes the runs in order, each taken first (a file
#: ``taken/<i>`` made exclusively, so that the test process can take the last ones itself), one
#: JSON line of ``runs.jsonl`` per result; where asked, first the derivations as bytes, checked
#: faithful by a copy made from them. Where the test process that started it is gone while it
#: still runs (killed), it removes the folder that process can no longer remove, and stops.
_BACKGROUND_RUNNER = """
import json, os, shutil, sys, time
folder, parent, prebuild = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "prebuild"
def stop_if_orphaned():
    if os.getppid() != parent:  # gone without cleaning up (killed): its folder goes with this
        shutil.rmtree(folder, ignore_errors=True)
        sys.exit("the test session that started these claim runs has ended")
from mixcheck import proofs
from mixcheck.engine.runner import run_claim
from mixcheck.claims import CLAIMS
by_id = {c.id: c for c in CLAIMS}
source = proofs.source_digest()  # the sources these derivations are built from
if prebuild:
    proofs.all_derivations()
plan_path = os.path.join(folder, "plan.json")
while not os.path.exists(plan_path):
    stop_if_orphaned()
    time.sleep(0.05)
with open(plan_path, encoding="utf-8") as f:
    plan = json.load(f)
with open(os.path.join(folder, "runs.jsonl"), "w", encoding="utf-8") as out:
    if plan["derivations"]:
        from mixcheck.atomic import write_bytes
        from mixcheck.derivation_pickle import dumps, loads, same_as
        built = proofs.all_derivations()
        blob, path = dumps(built), os.path.join(folder, "derivations.pickle")
        differ = same_as(loads(blob), built)
        write_bytes(path, blob)
        out.write(json.dumps({"derivations": path, "differ": differ, "source": source}) + "\\n")
        out.flush()
    for i, (cid, profile, seed) in enumerate(plan["keys"]):
        stop_if_orphaned()
        try:
            os.close(os.open(os.path.join(folder, "taken", str(i)), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:  # the test process took it, and so every later one
            break
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
    computes them in the background (in registry order, so neighbouring claims share their
    derivations) while the other tests run here, and the tests that read them run last, in the
    order their runs come in; one that would wait first computes here the last runs the
    background has not taken (:meth:`share_work`), so that both processes work to the end. Sound
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
        self._planned: dict = {}
        self._plan: list = []
        self._take_from = -1
        self._reserved = 0
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

    def start(self, prebuild: bool = False) -> None:
        """Start the background interpreter (once); it waits for :meth:`plan`, building every
        derivation meanwhile where ``prebuild`` (before collection: the claims attach them)."""
        import os
        import subprocess
        import sys
        import tempfile

        if self._proc is not None:
            return
        self._tmp = tempfile.TemporaryDirectory(prefix="mixcheck-claim-runs-")
        os.mkdir(os.path.join(self._tmp.name, "taken"))
        self._path = os.path.join(self._tmp.name, "runs.jsonl")
        self._stderr = open(os.path.join(self._tmp.name, "stderr.txt"), "w+", encoding="utf-8")
        argv = [sys.executable, "-c", _BACKGROUND_RUNNER, self._tmp.name, str(os.getpid()), "prebuild" if prebuild else ""]
        self._proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=self._stderr)

    def plan(self, keys, derivations: bool = False, elsewhere=()) -> bool:
        """Have the background compute ``keys`` (at least :data:`BACKGROUND_FROM` of them, where
        none was planned before), and first hand over every derivation where ``derivations``;
        True when planned. The keys in ``elsewhere`` (read by tests that compare them with a run
        in this process) come first and are never taken here. A background started for fewer is
        stopped. An id that is no claim is an error."""
        import os

        from mixcheck.atomic import write_json
        from mixcheck.claims import CLAIMS

        self._claims = {c.id: c for c in CLAIMS}
        order = {cid: i for i, cid in enumerate(self._claims)}
        unknown = sorted({k[0] for k in keys} - set(order))
        if unknown:
            raise ValueError(f"claim_runs marks name ids that are no claims: {unknown}")
        if self._plan:
            return False
        elsewhere = set(elsewhere)
        todo = sorted({k for k in keys if k not in self._done},
                      key=lambda k: (k not in elsewhere, k[1], k[2], order[k[0]]))
        if len(todo) < BACKGROUND_FROM:
            self.close()  # a background started before the selection was known is not needed
            return False
        self.start()
        plan = os.path.join(self._tmp.name, "plan.json")
        write_json(plan, {"keys": todo, "derivations": derivations})  # whole or absent: the background waits for it
        self._plan = todo
        self._planned = {k: i for i, k in enumerate(todo)}  # each key's place in the background's order
        self._take_from = len(todo) - 1
        self._reserved = sum(k in elsewhere for k in todo)  # the first ones: the background's alone
        if derivations:
            from mixcheck import proofs

            self._derivations, self._source = "planned", proofs.source_digest()
        return True

    def share_work(self, keys) -> int:
        """While ``keys`` are not all in: compute the last planned runs that the background has not
        taken yet here, from the end of its order (never those reserved for it), so that both
        processes work until the last one; returns how many this process took."""
        import os

        taken = 0
        while self._take_from >= self._reserved:
            self._read_new_lines()
            if all(k in self._done for k in keys if k in self._planned):
                break
            key = self._plan[self._take_from]
            try:
                os.close(os.open(os.path.join(self._tmp.name, "taken", str(self._take_from)),
                                 os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:  # the background has come this far: the rest is its
                self._take_from = -1
                break
            self._take_from -= 1
            self._run_here(key, self._claims[key[0]])
            taken += 1
        return taken

    def _run_here(self, key, c) -> None:
        from mixcheck.engine.runner import run_claim

        self._done[key] = run_claim(c, profile=key[1], seed=key[2])
        self._origin[key] = "here"

    def arrival(self, keys) -> int:
        """When the last of ``keys`` comes from the background: its place in the background's
        order (-1 for keys computed here)."""
        return max((self._planned.get(k, -1) for k in keys), default=-1)

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
            self._done[k] = ClaimResult.from_dict(d, self._claims[k[0]])
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
            self._run_here(key, c)
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


def _planned_keys(items, elsewhere_only: bool = False) -> list[tuple]:
    """The claim runs the items' ``claim_runs`` marks name (only those marked ``elsewhere=True``:
    read to be compared with a run in the test process, so computed in another interpreter
    where the session has one)."""
    keys = []
    for it in items:
        for m in it.iter_markers("claim_runs"):
            if elsewhere_only and not m.kwargs.get("elsewhere", False):
                continue
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
    the background where there are enough of them, and the tests that read them move to the end,
    in the order in which their runs will come in (so they run while the background still works)."""
    config = session.config
    if not _reads_claim_runs(config):
        return
    items = session.items
    reads = any(it.get_closest_marker("derivations") for it in items)
    if _CLAIM_RUNS.plan(_planned_keys(items), derivations=reads, elsewhere=_planned_keys(items, elsewhere_only=True)):
        def group(it):  # the others first, then those that read the derivations, then the claim runs
            if it.get_closest_marker("claim_runs"):
                return (2, _CLAIM_RUNS.arrival(_planned_keys([it])))
            return (1 if it.get_closest_marker("derivations") else 0, 0)

        items[:] = sorted(items, key=group)  # stable: the order within each group is kept


def _reads_claim_runs(config) -> bool:
    """This process runs tests that read claim runs: not ``--co``, ``--fixtures``,
    ``--fixtures-per-test``, ``--setup-only`` or ``--setup-plan``, nor an xdist worker (whose
    runs are computed where it reads them)."""
    o = config.option
    return not (hasattr(config, "workerinput")
                or any(getattr(o, a, False) for a in ("collectonly", "showfixtures", "show_fixtures_per_test",
                                                      "setuponly", "setupplan")))


def _default_run(config) -> bool:
    """The default run: no paths named (the ``testpaths``), the mark expression of the ini's
    ``addopts`` (not ``-m integration`` and the like, which plan no claim runs), and no
    narrower selection (``-k``, ``--lf``, ``--deselect``)."""
    if getattr(getattr(config, "args_source", None), "name", None) != "TESTPATHS":
        return False
    o = config.option
    if o.keyword or getattr(o, "lf", False) or getattr(o, "deselect", None):
        return False
    addopts = config.getini("addopts")
    default_m = next((addopts[i + 1] for i, a in enumerate(addopts[:-1]) if a == "-m"), "")
    return o.markexpr == default_m


def pytest_sessionstart(session):
    """The default run starts the background interpreter before collecting, so that it builds
    the derivations meanwhile (it is stopped after collection where the selection plans too few
    claim runs); other runs start it after collection, where they plan enough."""
    config = session.config
    if _default_run(config) and _reads_claim_runs(config) and not getattr(config.option, "numprocesses", None):
        _CLAIM_RUNS.start(prebuild=True)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A test that reads the derivations gets those the background built, once they are in; one
    that reads claim runs not yet in first computes here the last ones the background has not
    taken (before its own fixtures are set up; not for a test that may be skipped, since this
    runs before its skip marks are evaluated)."""
    if item.get_closest_marker("derivations"):
        _CLAIM_RUNS.preload_derivations()
    may_skip = any(item.iter_markers(n) for n in ("skip", "skipif", "xfail"))
    if item.get_closest_marker("claim_runs") and not may_skip:
        _CLAIM_RUNS.share_work(_planned_keys([item]))


def pytest_sessionfinish(session, exitstatus):
    _CLAIM_RUNS.close()


@pytest.fixture(scope="session")
def claim_runs() -> ClaimRuns:
    """The session's :class:`ClaimRuns`."""
    return _CLAIM_RUNS
