"""Helpers that several statements of Section 5 share (eq23, eq24, fig2, thm3, and the introduction).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from mixcheck import strategies as mst
from mixcheck.exact import frac, mp
from mixcheck.paper._kit import rows_of


FALSE_ALARM = 1e-3


def _samples(min_n=2, max_n=5, max_d=2, bound=10.0):
    return mst.samples(min_n=min_n, max_n=max_n, min_d=1, max_d=max_d, bound=bound)


def _norm(v):
    return mpmath.sqrt(mpmath.fsum(mp(frac(c)) ** 2 for c in v))


def _c(L, W, n):
    return mpmath.mpf(2) ** (L + mpmath.mpf(1) / 2) * mp(frac(W)) / mpmath.sqrt(n)


def _bound23(X, L=1, W=1.0):
    from mixcheck.bounds import network_norm_bound

    return network_norm_bound(np.asarray(X, dtype=float), L, W)


def _pop_inputs(example):
    """(ε, μ) drawn by :func:`_pop_strategy` → the inputs {"X": μ + ε_i rows, "mu": μ}."""
    E, M = example
    return {"X": rows_of(E + M[0]), "mu": rows_of(M)[0]}


def _pop_lambda_inputs(**fixed):
    """((ε, μ), λ) → :func:`_pop_inputs` with "lambda": λ and the ``fixed`` entries."""
    def inputs(example):
        pop, lam = example
        return {**_pop_inputs(pop), "lambda": lam, **fixed}
    return inputs


def _pop_strategy(max_n: int = 4, max_d: int = 2):
    """(X, μ): a population mean μ and noise ε_i; x_i = μ + ε_i, for n in 2..max_n and d in
    1..max_d (the largest size always among the candidates, so a search surely reaches it)."""
    from hypothesis.extra import numpy as hnp

    def arr(shape, lo, hi):
        # fill=nothing(): every entry drawn on its own (no run of one repeated fill value)
        return st.one_of(hnp.arrays(np.float64, shape, elements=st.integers(lo, hi).map(float), fill=st.nothing()),
                         hnp.arrays(np.float64, shape, elements=st.floats(lo, hi, allow_subnormal=False),
                                    fill=st.nothing()))

    sizes = st.one_of(st.just((max_n, max_d)), st.tuples(st.integers(2, max_n), st.integers(1, max_d)))
    return sizes.flatmap(
        lambda s: st.tuples(arr((s[0], s[1]), -3, 3), arr((1, s[1]), -20, 20)))


# --------------------------------------------------------------------------- Fig. 2 and intro bullet 2

def _normal_ci(v, level):
    from scipy.stats import norm

    m, se = float(np.mean(v)), float(np.std(v, ddof=1) / math.sqrt(len(v)))
    z = float(norm.ppf(1 - (1 - level) / 2))
    return m, [m - z * se, m + z * se]


def _grid_claim(ctx, ns, scales, T, name, fn):
    cells = []
    level = 1 - FALSE_ALARM / (len(ns) * len(scales))
    for n in ns:
        for s in scales:
            m, ci = _normal_ci(fn(ctx, n, s, T, name), level)
            cells.append({"n": n, "noise_scale": s, "estimate": m, "ci": ci, "draws": T})
    get = {(c["n"], c["noise_scale"]): c for c in cells}
    dec_n = all(get[(b, s)]["ci"][1] < get[(a, s)]["ci"][0] for s in scales for a, b in zip(ns, ns[1:]))
    inc_s = all(get[(n, b)]["ci"][0] > get[(n, a)]["ci"][1] for n in ns for a, b in zip(scales, scales[1:]))
    return cells, dec_n, inc_s


_FIG2_TEST = ("normal-approximation (CLT) intervals per cell, Bonferroni over the cells; a trend counts when "
              "adjacent intervals are separated")


def _fig2_evidence(cells, cell):
    """Evidence of a Fig. 2 grid: its cells, the test and its levels, and cell ``cell``'s estimate and interval."""
    return dict(grid=cells, test=_FIG2_TEST, false_alarm=FALSE_ALARM, level=1 - FALSE_ALARM,
                estimate=cells[cell]["estimate"], ci=cells[cell]["ci"])
