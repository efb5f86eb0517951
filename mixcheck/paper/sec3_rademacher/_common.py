"""Helpers that several statements of Section 3 share (lemma1, lemma2, thm1).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import binom

from mixcheck.engine.outcomes import holds, refuted
from mixcheck.concentration import clopper_pearson, coverage_test
from mixcheck.paper.sec3_rademacher._coverage import with_cell_power


T_STAR = 0.3


FALSE_ALARM = 1e-3


# --------------------------------------------------------------------------- exact helpers

def expected_running_max(n: int) -> float:
    """E[max_{0≤k≤n} S_k] for a simple random walk of n steps (reflection principle)."""
    m = np.arange(1, n + 2)
    # P(S_n ≥ m): S_n = 2J − n with J ~ Bin(n, ½)  ⇒  J ≥ (n + m)/2
    tail = lambda mm: binom.sf(np.ceil((n + mm) / 2) - 1, n, 0.5)  # noqa: E731
    return float(np.sum(tail(m) + tail(m + 1)))


def threshold_rademacher(n: int) -> float:
    """R̂_S(H) = R_n(H) of thresholds on n distinct points: (2/n)E[M_n]."""
    return 2.0 * expected_running_max(n) / n


def threshold_patterns(n: int) -> np.ndarray:
    """The (n + 1) × n predictions of thresholds on n sorted distinct points."""
    k = np.arange(n + 1)[:, None]
    return np.where(np.arange(n)[None, :] < k, -1.0, 1.0)


def sup_deviation(Xs: np.ndarray, t_star: float = T_STAR) -> np.ndarray:
    """Φ(B) = sup_t (R(h_t) − R̂(h_t)) for each row of sorted uniform samples Xs (M × n)."""
    M, n = Xs.shape
    j0 = (Xs < t_star).sum(axis=1, keepdims=True)  # points below t*
    pos = np.arange(n)[None, :]
    above = pos >= j0
    # t → x_pos (above t*): R = x − t*, misclassified count = pos − j0
    v_above = np.where(above, Xs - t_star - (pos - j0) / n, -np.inf)
    # t → x_pos⁺ (below t*): R = t* − x, misclassified count = j0 − pos − 1
    v_below = np.where(~above, t_star - Xs - (j0 - pos - 1) / n, -np.inf)
    end_hi = (1 - t_star) - (n - j0[:, 0]) / n
    end_lo = t_star - j0[:, 0] / n
    return np.maximum.reduce([v_above.max(axis=1), v_below.max(axis=1), end_hi, end_lo, np.zeros(M)])


_SHARED: dict = {}


def _simulate(ctx, cells, bound_fn, name):
    """For each (n, δ): the violation frequency of Φ(B) ≤ bound_fn(n, δ) over simulated samples.

    The samples depend on (profile, seed, ``name``) only — not on the claim — so claims that
    simulate the same bound (eq. (6) and eq. (14): one right side) share one computation per
    process, and each one's evidence is the same whether it runs alone or with the others."""
    key = (ctx.profile.name, ctx.mc_scale, ctx.seed, name, tuple(cells), bound_fn.__name__)
    if key not in _SHARED:
        _SHARED[key] = _simulate_uncached(ctx, cells, bound_fn, name)
    rows, ok = _SHARED[key]
    return [dict(r) for r in rows], ok


def _simulate_uncached(ctx, cells, bound_fn, name):
    rows, all_ok = [], True
    T = ctx.mc(2000)
    for n, delta in cells:
        rng = ctx.shared_rng(f"threshold-coverage-{name}-{n}-{delta}")
        Xs = np.sort(rng.random((T, n)), axis=1)
        phi = sup_deviation(Xs)
        b = bound_fn(n, delta)
        viol = int(np.sum(phi > b))
        test = coverage_test(T - viol, T, 1 - delta, false_alarm=FALSE_ALARM)
        ci = clopper_pearson(viol, T, level=1 - FALSE_ALARM)
        all_ok &= test.passed
        rows.append({"n": n, "delta": delta, "trials": T, "violations": viol, "frequency": viol / T,
                     "ci": [ci.low, ci.high], "bound": b, "mean_sup_deviation": float(phi.mean()),
                     "p_value": test.pvalue, "passed": test.passed})
    return rows, all_ok


CELLS = [(n, d) for n in (10, 50, 200) for d in (0.05, 0.2, 0.5)]


_TEST = ("one-sided exact binomial test of H0 'violation frequency ≤ δ' per cell "
         "(mixcheck.concentration.coverage_test), Clopper-Pearson intervals")


def _coverage_claim(rows, ok, what, power=None):
    worst = max(rows, key=lambda r: (r["frequency"] / r["delta"], r["ci"][1] / r["delta"]))
    ev = dict(grid=rows, test=_TEST, false_alarm=FALSE_ALARM, level=1 - FALSE_ALARM,
              estimate=worst["frequency"], ci=worst["ci"], **{"class": "thresholds on U[0,1], t* = 0.3"},
              examples=sum(r["trials"] for r in rows))
    if power is not None:
        ev["power_check"] = power
    if ok:
        return holds(f"{what}: violation frequency ≤ δ in all {len(rows)} cells (n ∈ {{10, 50, 200}}, "
                     f"δ ∈ {{0.05, 0.2, 0.5}}, {rows[0]['trials']} samples each; largest "
                     f"{worst['violations']}/{worst['trials']} at n={worst['n']}, δ={worst['delta']})", **ev)
    return refuted(inputs={"cells": rows}, lhs=worst["frequency"], rhs=worst["delta"], relation="<=",
                   summary=f"{what}: violation frequency above δ", exact=False, **ev)


def _bound_without_complexity(n, delta):
    """eq. (6) with its Rademacher term dropped (the negative control)."""
    return math.sqrt(math.log(1 / delta) / (2 * n))


def _power(ctx):
    """The same simulation with the Rademacher term dropped: the test must detect violations."""
    rows, ok = _simulate(ctx, [(50, 0.5), (200, 0.5)], _bound_without_complexity, "power")
    return {"bound": "Ê_B[g] + √(log(1/δ)/2n) (Rademacher term dropped)", "cells": rows,
            "detected": not ok}


def _bound_expected_complexity(n, delta):
    """Right side of eq. (6) for the 0-1 loss class, equal to that of eq. (14) (2ℜ_n(G) = ℜ_n(H),
    Lemma 2): ℜ_n(H) + √(log(1/δ)/2n), m read as n."""
    return threshold_rademacher(n) + math.sqrt(math.log(1 / delta) / (2 * n))


def _bound_empirical_complexity(n, delta):
    """Right side of eq. (7) / eq. (15): R̂(H) + 3√(log(2/δ)/2n) (thresholds: R̂ = ℜ_n), m read as n."""
    return threshold_rademacher(n) + 3 * math.sqrt(math.log(2 / delta) / (2 * n))


def _expected_complexity_cells(ctx):
    """The coverage simulation over CELLS of the bound with the expected complexity (eq. 6 = eq. 14)."""
    return _simulate(ctx, CELLS, _bound_expected_complexity, "expected-complexity")


def _expected_complexity_coverage(ctx, what):
    """Verdict of the eq. (6) / (14) bound over CELLS, with the negative control's power check and
    the per-cell test's power against a violation rate of 2δ (:func:`._coverage.with_cell_power`)."""
    rows, ok = _expected_complexity_cells(ctx)
    return with_cell_power(_coverage_claim(rows, ok, what, power=_power(ctx)))


def _empirical_complexity_coverage(ctx, what):
    """Verdict of the eq. (7) / (15) bound over CELLS, with the per-cell test's power against 2δ."""
    rows, ok = _simulate(ctx, CELLS, _bound_empirical_complexity, "empirical-complexity")
    return with_cell_power(_coverage_claim(rows, ok, what))
