"""Hypothesis, driven programmatically: search for a violation, shrink it, report the effort.

``search(ctx, strategy, margin)`` runs Hypothesis over ``strategy`` with the profile's budget;
``margin(example)`` is ``lhs - rhs`` of the claimed ``lhs <= rhs`` (or any number that is
positive exactly when the claimed relation fails). ``target()`` drives the search toward large
margins; the first violation is shrunk to a minimal example. The result says how many examples
ran, the worst (largest) margin seen and, on a violation, the shrunk example; the search's
effort (domain, sizes tried, margins, seed) is also recorded on ``ctx`` for the claim's grade.

Determinism: a search's randomness comes from ``ctx.search_seed()`` only — a hash of (profile,
seed, claim id, the search's rank within the check) — and never from what else is loaded.
Hypothesis's provider mixes in constants mined from every loaded *local* module (what is local
depends on the import order, the test selection and on an editable vs a regular install); a
search runs inside :func:`isolated_provider`, where that pool is empty and only Hypothesis's
fixed global constants remain.
"""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from hypothesis import given, seed as hyp_seed, target
from hypothesis.internal.conjecture import providers as _providers

__all__ = ["SearchResult", "search", "isolated_provider", "describe_examples", "record_grid", "record_exhaustive"]


class _Violation(Exception):
    pass


# --------------------------------------------------------------------------- provider

_LOCK = threading.RLock()
_PATCHABLE = all(hasattr(_providers, a) for a in ("_get_local_constants", "CONSTANTS_CACHE", "Constants"))
if _PATCHABLE:
    _NO_LOCAL = _providers.Constants()
    # (choice type, constraints) → (global pool, local pool): with the local pool always empty,
    # what this cache holds depends on the constraints alone
    _ISOLATED_CACHE = type(_providers.CONSTANTS_CACHE)(1024)


def _no_local_constants():
    return _NO_LOCAL


@contextmanager
def isolated_provider():
    """Within the block Hypothesis's provider sees no constants from loaded local modules.

    The stock provider draws, with a small probability, a constant either from Hypothesis's
    fixed global pool (boundary floats, small integers) or from the literals of every loaded
    local module. Here the local pool is empty and the cache of permitted constants is private
    to these searches, so generation depends on the seed alone; the engine, its phases and its
    global pool are Hypothesis's own. A lock serialises searches across threads."""
    if not _PATCHABLE:  # pragma: no cover - another Hypothesis layout: nothing to isolate from
        yield
        return
    with _LOCK:
        saved = _providers._get_local_constants, _providers.CONSTANTS_CACHE
        _providers._get_local_constants, _providers.CONSTANTS_CACHE = _no_local_constants, _ISOLATED_CACHE
        try:
            yield
        finally:
            _providers._get_local_constants, _providers.CONSTANTS_CACHE = saved


# --------------------------------------------------------------------------- what was tried

class _Tried:
    """Ranges of what a search actually generated: n and d of every 2-d array, the range of the
    array entries, and the range of each scalar position of the example."""

    def __init__(self) -> None:
        self.n: list[int] | None = None
        self.d: list[int] | None = None
        self.entries: list[float] | None = None
        self.scalars: dict[str, list[float]] = {}
        self.digest = hashlib.sha256()

    @staticmethod
    def _widen(rng, lo, hi):
        return [lo, hi] if rng is None else [min(rng[0], lo), max(rng[1], hi)]

    def add(self, example) -> None:
        self.digest.update(_fingerprint(example))
        self._walk(example, "")

    def _walk(self, x, path: str) -> None:
        if hasattr(x, "X") and isinstance(getattr(x, "X"), np.ndarray):  # OutlierSample and the like
            x = x.X
        if isinstance(x, np.ndarray):
            a = np.asarray(x, dtype=float) if x.dtype != object else None
            if a is not None and a.ndim == 2 and a.size:
                self.n = self._widen(self.n, a.shape[0], a.shape[0])
                self.d = self._widen(self.d, a.shape[1], a.shape[1])
                self.entries = self._widen(self.entries, float(a.min()), float(a.max()))
            elif a is not None and a.ndim == 1 and a.size:
                self.entries = self._widen(self.entries, float(a.min()), float(a.max()))
            return
        if isinstance(x, (tuple, list)):
            if x and all(isinstance(v, (list, tuple)) for v in x) and path.count("[") < 2:
                self.n = self._widen(self.n, len(x), len(x))
            for i, v in enumerate(x):
                self._walk(v, f"{path}[{i}]")
            return
        if isinstance(x, (bool, np.bool_)):
            return
        if isinstance(x, (int, float, np.integer, np.floating)):
            v = float(x)
            if v == v:
                self.scalars[path or "[]"] = self._widen(self.scalars.get(path or "[]"), v, v)

    def to_dict(self) -> dict:
        out: dict[str, Any] = {}
        if self.n is not None:
            out["n"] = self.n
        if self.d is not None:
            out["d"] = self.d
        if self.entries is not None:
            out["entries"] = self.entries
        if self.scalars:
            out["scalars"] = {k: self.scalars[k] for k in sorted(self.scalars)[:8]}
        return out


def _fingerprint(x) -> bytes:
    if isinstance(x, np.ndarray):
        return repr((x.shape, str(x.dtype))).encode() + np.ascontiguousarray(x).tobytes()
    if hasattr(x, "X") and isinstance(getattr(x, "X"), np.ndarray):
        return _fingerprint(x.X)
    if isinstance(x, (tuple, list)):
        return b"(" + b",".join(_fingerprint(v) for v in x) + b")"
    return repr(x).encode()


def record_grid(ctx, points, *, domain: str, worst_margin: float | None = None, tolerance: float = 0.0) -> None:
    """Record on ``ctx`` a finite grid evaluated over an infinite domain (graded as a search:
    the points tried, their ranges, the closest margin)."""
    points = list(points)
    ctx.record_effort({"kind": "grid", "examples": len(points), "domain": domain,
                       "tried": describe_examples(points), "worst_margin": worst_margin, "tolerance": tolerance,
                       "found": worst_margin is not None and worst_margin > tolerance})


def record_exhaustive(ctx, cases: int, *, domain: str) -> None:
    """Record on ``ctx`` that every one of ``cases`` cases of a finite domain was checked."""
    ctx.record_effort({"kind": "exhaustive", "cases": int(cases), "domain": domain})


def describe_examples(examples) -> dict:
    """The ranges (n, d, entries, scalars) spanned by ``examples`` (for grids and sweeps)."""
    t = _Tried()
    for ex in examples:
        t.add(ex)
    return t.to_dict()


# --------------------------------------------------------------------------- search

@dataclass
class SearchResult:
    examples: int = 0
    worst_margin: float = float("-inf")
    worst_example: Any = None
    violation: Any = None  # the shrunk example, or None
    violation_margin: float | None = None
    extra: dict = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.violation is not None

    def effort(self) -> dict:
        return {"examples": self.examples, "worst_margin": self.worst_margin}


def search(ctx, strategy, margin: Callable[[Any], float], *, tol: float = 0.0,
           max_examples: int | None = None, label: str = "margin") -> SearchResult:
    """Search ``strategy`` for an example with ``margin(example) > tol``; shrink it."""
    res = SearchResult()
    tried = _Tried()
    budget = max_examples or ctx.max_examples
    seed = ctx.search_seed()

    @ctx.settings(max_examples=budget)
    @given(strategy)
    def probe(example):
        m = float(margin(example))
        res.examples += 1
        tried.add(example)
        if m == m:  # not NaN
            target(max(min(m, 1e12), -1e12), label=label)
            if m > res.worst_margin:
                res.worst_margin, res.worst_example = m, example
        if m > tol:
            res.violation, res.violation_margin = example, m
            raise _Violation(m)

    probe = hyp_seed(seed)(probe)  # overrides derandomize: the stream is fixed by (profile, seed, claim)
    with isolated_provider():
        try:
            probe()
        except _Violation:
            pass  # res.violation holds the last (shrunk) failing example
    ctx.record_effort({
        "kind": "search", "examples": res.examples, "budget": int(budget),
        "domain": _domain(strategy), "tried": tried.to_dict(), "worst_margin": res.worst_margin,
        "tolerance": tol, "found": res.found, "violation_margin": res.violation_margin,
        "hypothesis_seed": seed, "examples_digest": tried.digest.hexdigest()[:16],
    })
    return res


def _domain(strategy, limit: int = 400) -> str:
    """The strategy as Hypothesis prints it (its bounds as passed), shortened."""
    try:
        text = repr(strategy)
    except Exception:  # noqa: BLE001 - a repr must never break a search
        text = type(strategy).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
