"""Running claims in several worker processes: the same results, sooner.

A claim's result depends only on (profile, seed, claim id), so a claim may run in any process.
:func:`run_claim_dicts` cuts the selected claims into contiguous chunks of the registry order,
only between two statements (the claims of one statement share derivations and simulations,
so each is built in one worker), and hands the chunks in order to ``jobs`` fresh interpreters
(``spawn``; each imports the claims module itself), the next chunk to whichever is free, so
that one slow statement does not leave the other worker idle. It returns every result as a
dict, in registry order — exactly what one process gives (``tests/test_report_parallel.py``
compares them).

    from mixcheck.report.parallel import run_claim_dicts
    dicts = run_claim_dicts(None, profile="ci", seed=0, jobs=2, claims_module="mixcheck.claims")
"""

from __future__ import annotations

import os
from typing import Callable, Iterable

__all__ = ["run_claim_dicts", "split_at_statements", "default_jobs", "PARALLEL_FROM",
           "CHUNKS_PER_JOB", "prestart", "FigureQueue", "stop_workers"]

#: below this many selected claims, starting workers costs more than it saves
PARALLEL_FROM = 40

#: chunks per worker: enough for the queue to even out the statements' unequal costs
CHUNKS_PER_JOB = 8


def default_jobs(n_claims: int) -> int:
    """Two workers (at most the CPUs this process may use) for a selection of at least
    :data:`PARALLEL_FROM` claims, else one."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(2, cpus)) if n_claims >= PARALLEL_FROM else 1


def _positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def split_at_statements(ids: list[str], chunks: int) -> list[list[str]]:
    """``ids`` cut into at most ``chunks`` contiguous chunks of near-equal length, cutting only
    where the statement (the part of the id before ``/``) changes.

    >>> split_at_statements(["a/1", "a/2", "b/1", "c/1", "c/2", "c/3"], 2)
    [['a/1', 'a/2', 'b/1'], ['c/1', 'c/2', 'c/3']]
    """
    _positive_int("chunks", chunks)
    groups: list[list[str]] = []
    for cid in ids:
        if groups and groups[-1][0].split("/", 1)[0] == cid.split("/", 1)[0]:
            groups[-1].append(cid)
        else:
            groups.append([cid])
    target = len(ids) / chunks if ids else 1
    out: list[list[str]] = []
    for g in groups:
        # start a new chunk where this statement's middle lies past the current chunk's share
        if out and len(out) < chunks and sum(map(len, out)) + len(g) / 2 > target * len(out):
            out.append([])
        if not out:
            out.append([])
        out[-1].extend(g)
    return [c for c in out if c]


def _worker(ids: list[str], profile: str, seed: int, claims_module: str) -> list[dict]:
    """In a fresh interpreter: import the claims module, run ``ids``, return their dicts."""
    from mixcheck.engine.runner import run_claims
    from mixcheck.report.model import load_claims, module_inventory

    inventory = module_inventory(load_claims(claims_module))
    return [r.to_dict() for r in run_claims(ids, profile=profile, seed=seed, inventory=inventory)]


def run_claim_dicts(ids: Iterable[str] | None, *, profile: str, seed: int, jobs: int, claims_module: str,
                    inventory=None, progress: Callable[[str, int, int], None] | None = None,
                    keep_workers: bool = False, on_results: Callable[[list[dict]], None] | None = None) -> list[dict]:
    """The results (dicts, registry order) of the claims ``ids`` selects (all for None) of the
    inventory that ``claims_module`` declares (imported here too), in ``jobs`` worker processes
    (``jobs == 1``: here).

    ``progress(last_id, done, total)`` is called as each chunk's results arrive, in order. An
    exception in a worker (not a failing check: that is a result) is raised here. The workers
    end when the results are in, unless ``keep_workers`` (then :func:`stop_workers` ends them).
    ``on_results(dicts)`` is called here with each chunk's results as they arrive, while the
    workers go on (the report renders their formulas meanwhile)."""
    from mixcheck.engine.runner import run_claims, select_claims
    from mixcheck.report.model import load_claims, module_inventory

    _positive_int("jobs", jobs)
    if inventory is None:
        inventory = module_inventory(load_claims(claims_module))
    selected = [c.id for c in select_claims(None if ids is None else list(ids), inventory=inventory)]
    if jobs == 1 or len(selected) < 2:
        return [r.to_dict() for r in run_claims(selected, profile=profile, seed=seed, progress=progress,
                                                inventory=inventory)]
    runs = split_at_statements(selected, jobs * CHUNKS_PER_JOB)
    # each claim runs on one BLAS thread wherever it runs (run_claim), so two workers share two
    # CPUs without changing a result; the pool hands the chunks out in order as workers free up
    pool = _pool(jobs, claims_module)
    out: list[dict] = []

    def take(i: int, chunk: list[dict]) -> None:
        out.extend(chunk)
        if progress is not None:
            progress(runs[i][-1], len(out), len(selected))
        if on_results is not None:
            on_results(chunk)

    _in_order([pool.submit(_worker, run, profile, seed, claims_module) for run in runs], take)
    if not keep_workers:
        stop_workers()
    return out


# --------------------------------------------------------------------------- the worker pool

#: the pool of this process's report, kept from :func:`prestart` to :func:`stop_workers`
_POOL: dict = {}


def _pool(jobs: int, claims_module: str):
    """The workers started for (``jobs``, ``claims_module``), or new ones."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    key = (jobs, claims_module)
    if key not in _POOL:
        stop_workers()
        _POOL[key] = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
    return _POOL[key]


def _import(module: str) -> None:
    from mixcheck.report.model import load_claims

    try:
        load_claims(module)
    except Exception:  # noqa: BLE001 — the report process imports it too and says what is wrong
        pass


def prestart(jobs: int, claims_module: str) -> None:
    """Start ``jobs`` workers now, each importing ``claims_module``, so that they are ready when
    the claims are handed out (the report process meanwhile checks its options). The next
    :func:`run_claim_dicts` and :class:`FigureQueue` with the same settings use them;
    :func:`stop_workers` ends them."""
    pool = _pool(jobs, claims_module)
    for _ in range(jobs):  # one task per worker starts every worker
        pool.submit(_import, claims_module)


def _figure_worker(module: str, kwargs: dict) -> list[dict]:
    import importlib

    return importlib.import_module(module).make_figures(**kwargs)


class FigureQueue:
    """The figures of a report, one ``module.make_figures(**call)`` each, drawn in the report's
    workers and collected in order. A figure goes to the workers as soon as the claims it
    draws from (``reads``, one tuple per call) are in (:meth:`claims_in`), the rest at
    :meth:`collect`; the workers take a figure once no claim chunk waits, so the figures fill
    the time in which one worker has no chunk left and the other is still checking. Each figure
    is drawn from the same claim results, whenever it is drawn.

        queue = FigureQueue("mixcheck.report.figures", calls, reads, jobs=2, claims_module="mixcheck.claims")
        queue.claims_in(chunk_of_claim_dicts)   # as the claims come in
        records = queue.collect()               # one list of records per call, in order
    """

    def __init__(self, module: str, calls: list[dict], reads: list[tuple[str, ...] | None], *, jobs: int,
                 claims_module: str) -> None:
        if len(reads) != len(calls):
            raise ValueError(f"reads must give one tuple of claim ids (or None) per call ({len(calls)}), "
                             f"got {len(reads)}")
        self._pool = _pool(jobs, claims_module)
        self._module, self._calls = module, list(calls)
        self._reads = [None if r is None else frozenset(r) for r in reads]   # None: every claim
        self._have: dict[str, dict] = {}
        self._futures: list = [None] * len(self._calls)

    def claims_in(self, dicts: Iterable[dict]) -> None:
        """These claim results are in: hand out every figure whose claims all are."""
        self._have.update((d["id"], d) for d in dicts)
        self._submit(only_ready=True)

    def _submit(self, only_ready: bool) -> None:
        for i, (call, reads) in enumerate(zip(self._calls, self._reads)):
            if self._futures[i] is not None or (only_ready and (reads is None or not reads <= self._have.keys())):
                continue
            results = list(self._have.values()) if reads is None else [self._have[c] for c in sorted(reads)
                                                                      if c in self._have]
            self._futures[i] = self._pool.submit(_figure_worker, self._module, dict(call, results=results))

    def collect(self, progress: Callable[[str, int, int], None] | None = None) -> list[list[dict]]:
        """Every figure's records, in call order (the figures not handed out yet go now; a claim
        a figure reads that is not among the results is run by the worker that draws it);
        ``progress(figure_id, i, total)`` as each is done."""
        self._submit(only_ready=False)
        out: list[list[dict]] = []

        def take(i: int, records: list[dict]) -> None:
            out.append(records)
            if progress is not None:
                progress(",".join(self._calls[i].get("only") or ()), i + 1, len(self._calls))

        _in_order(self._futures, take)
        return out


def _in_order(futures: list, take: Callable[[int, object], None]) -> None:
    """``take(i, result)`` for each future, in submission order; on any exception (a worker's or
    ``take``'s) the workers are stopped and the exception is raised here."""
    try:
        for i, fut in enumerate(futures):
            take(i, fut.result())
    except BaseException:
        stop_workers(wait=False)
        raise


def stop_workers(wait: bool = True) -> None:
    """End the report's workers (tasks not yet started are cancelled; ``wait``: until they have
    exited)."""
    while _POOL:
        _, pool = _POOL.popitem()
        pool.shutdown(wait=wait, cancel_futures=True)
