"""Fig. 1's expected complexity reductions in closed form, at every n (d = 1 Gaussian data).

For a mixed sample whose points are linear in the data, x̃ = A·x (A fixed by λ and the partner),
R̂ = (1/n)E_σ|σᵀAx| (Λ = 1), and for x of n i.i.d. N(0, σ²) scalars E_x|cᵀx| = σ√(2/π)‖c‖; so
E_x[R̂(x) − R̂*(x)] = σ√(2/π)/n·(√n − E_σ‖Aᵀσ‖) exactly (eq. 16-17 with Fig. 1's data):

* surrogate x̃_i = λx_i + (1-λ)x̄: ‖λσ + (1-λ)(S/n)·1‖² = λ²n + (1-λ²)S²/n, S = Σσ_i ~ 2·Bin(n, ½) − n;
* real mixup x̃_i = λx_i + (1-λ)x_π(i), π uniform: ‖λσ + (1-λ)σ∘π‖² = n(2λ-1)² + A·(1 − (2λ-1)²) with
  A = #{i : σ_i = σ_π(i)}, whose law follows from the cycles of π (:func:`agreement_law`).
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np

from mixcheck.engine.outcomes import holds, refuted
from mixcheck.engine.search import record_grid
from mixcheck.exact import frac, mp

__all__ = ["expected_reduction", "agreement_law", "exact_trend_outcome", "recompute_step", "EXACT_N"]

LAMBDA = 0.5  # Fig. 1's λ

#: the largest n of an exact trend grid, per profile (surrogate; real mixup)
EXACT_N = {"ci": 1000, "dev": 1000, "thorough": 4000}  # surrogate: every n from the grid's start to this
EXACT_N_REAL = {"ci": 64, "dev": 64, "thorough": 160}  # real mixup: every n from the grid's start to this


def agreement_law(n_max, exact=False):
    """P(A = k), k = 0..n, for n = 0..n_max: A = #{i : σ_i = σ_π(i)}, π uniform, σ uniform on {±1}ⁿ.
    A cycle of length ℓ ≥ 2 has ℓ − k agreements with probability C(ℓ, k)/2^(ℓ-1), k even (a fixed point
    agrees); the cycle of element 1 has a uniform length ℓ, so a_n = (1/n)Σ_ℓ g_ℓ·a_(n-ℓ) (convolution)."""
    one = Fraction(1) if exact else 1.0
    g = [None]
    for l in range(1, n_max + 1):
        p = [0 * one] * (l + 1)
        if l == 1:
            p[1] = one
        else:
            for k in range(0, l + 1, 2):
                p[l - k] += one * math.comb(l, k) / 2 ** (l - 1)
        g.append(np.array(p, dtype=object if exact else float))
    laws = [np.array([one], dtype=object if exact else float)]
    for n in range(1, n_max + 1):
        acc = sum(np.convolve(g[l], laws[n - l]) for l in range(1, n + 1))
        laws.append(acc / n)
    return laws


def _norm_means(n, lam, mixup, law=None, digits=None):
    """E_σ‖σ‖ and E_σ‖Aᵀσ‖ for the mixing; float64, or at ``digits`` digits (mpmath, exact weights)."""
    if digits is None:
        from scipy.stats import binom

        if mixup == "surrogate":
            j = np.arange(n + 1)
            S2 = (2.0 * j - n) ** 2
            return math.sqrt(n), float(np.sum(binom.pmf(j, n, 0.5) * np.sqrt(lam ** 2 * n + (1 - lam ** 2) * S2 / n)))
        c = (2 * lam - 1) ** 2
        return math.sqrt(n), float(np.sum(law * np.sqrt(n * c + np.arange(n + 1) * (1 - c))))
    lam = frac(lam)
    with mpmath.workdps(digits):
        if mixup == "surrogate":
            w = [(Fraction(math.comb(n, j), 2 ** n), lam ** 2 * n + (1 - lam ** 2) * Fraction((2 * j - n) ** 2, n))
                 for j in range(n + 1)]
        else:
            c = (2 * lam - 1) ** 2
            w = [(p, n * c + k * (1 - c)) for k, p in enumerate(agreement_law(n, exact=True)[n])]
        return mpmath.sqrt(n), mpmath.fsum(mp(p) * mpmath.sqrt(mp(q)) for p, q in w if p)


def expected_reduction(n, lam=LAMBDA, mixup="surrogate", law=None, digits=None):
    """E_x[R̂(x) − R̂*(x)] for x of n i.i.d. N(0, 1) scalars (Λ = 1), exactly (float64, or at ``digits``)."""
    base, mixed = _norm_means(n, lam, mixup, law, digits)
    if digits is None:
        return math.sqrt(2 / math.pi) / n * (base - mixed)
    with mpmath.workdps(digits):
        return mpmath.sqrt(2 / mpmath.pi) / n * (base - mixed)


def recompute_step(inp):
    """(E[reduction] at the larger n, at the smaller n), 50 digits: the claimed trend says lhs ≤ rhs."""
    n1, n2 = inp["n"]
    f = lambda n: mp(frac(inp["sigma"])) * expected_reduction(n, inp["lambda"], inp["mixup"], digits=50)  # noqa: E731
    return f(n2), f(n1)


def _exact_trend(ctx, mixup, n_from, name, top=None):
    """Every n from ``n_from`` to the profile's largest: the values and the first rising step."""
    top = top or (EXACT_N if mixup == "surrogate" else EXACT_N_REAL)[ctx.profile.name]
    law = agreement_law(top) if mixup == "real" else None
    ns = list(range(n_from, top + 1))
    vals = [expected_reduction(n, LAMBDA, mixup, None if law is None else law[n]) for n in ns]
    steps = [b - a for a, b in zip(vals, vals[1:])]
    record_grid(ctx, [(n,) for n in ns], domain=f"every n in {n_from}..{top} ({name}; exact expectation over x, "
                f"σ and the partner; float64, a rising step re-verified at 50 digits)", worst_margin=max(steps))
    ups = [ns[i] for i, s in enumerate(steps) if s > 0]
    return ns, vals, ups


def exact_trend_outcome(ctx, mixup, n_from, note="", top=None, **evidence):
    """holds when E[reduction] strictly decreases at every n from ``n_from`` to the profile's largest
    (or ``top``), else refuted with the first rising step re-verified at 50 digits; ``evidence``
    (e.g. why a recorded verdict changed) is added to either outcome."""
    ns, vals, ups = _exact_trend(ctx, mixup, n_from, "surrogate" if mixup == "surrogate" else "random permutation",
                                 top)
    shown = {str(n): vals[i] for i, n in enumerate(ns) if n in (2, 3, 4, 5, 8, 16, 32, 64, 1000)}
    if not ups:
        return holds(f"E[reduction] strictly decreasing at every n = {ns[0]}..{ns[-1]} (exact){note}",
                     examples=len(ns), grid={"n": [ns[0], ns[-1]], "every_n": True}, values=shown,
                     all_positive=bool(min(vals) > 0),
                     smallest_drop=-max(b - a for a, b in zip(vals, vals[1:])), **evidence)
    n1 = ups[0]
    inp = {"n": [n1, n1 + 1], "lambda": LAMBDA, "mixup": mixup, "sigma": 1.0}
    lhs, rhs = recompute_step(inp)
    return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="<=",
                   summary=f"E[reduction] rises from n={n1} ({float(rhs):.6f}σ) to n={n1 + 1} ({float(lhs):.6f}σ), "
                           f"exactly; rising steps in n = {ns[0]}..{ns[-1]}: {ups[:10]}{note}",
                   increasing_steps=[[u, u + 1] for u in ups][:10], values=shown,
                   grid={"n": [ns[0], ns[-1]], "every_n": True}, **evidence)
