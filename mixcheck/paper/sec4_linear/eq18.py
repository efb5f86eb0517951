"""``eq18`` — proof of Theorem 2, eq. (18): R̂_B(H_ℓ) for the L2-ball linear class, its closed form and its Jensen bound (Λ/n)(Σ‖x_i‖²)^½.

Every claim registered here has an id ``eq18/…``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from mixcheck.engine.outcomes import holds, inconclusive
from mixcheck.engine.search import search
from mixcheck.engine.registry import claim
from mixcheck.exact import (
    as_fraction_rows,
    frac,
    linear_rademacher_exact,
    linear_rademacher_float,
    mp,
    sign_vectors,
)
from mixcheck.engine.templates import hold_by_search
from mixcheck.paper._derivations import attach
from mixcheck.paper._kit import refuted_at
from mixcheck.paper.sec4_linear._common import _rows, _small_samples, _sq, _sum_norm2


REF18 = "Section 4, proof of Theorem 2, eq. (18)"


READ_RHAT = ("R̂_B(H_ℓ) = E_σ[sup_{‖w‖₂≤Λ} (1/n)Σσ_i w·x_i] (Definition 3 with eq. 16), "
             "σ uniform on {-1,+1}ⁿ, computed exactly by enumerating all 2ⁿ sign vectors")


def _Lams():
    return st.one_of(st.just(1.0), st.floats(0.125, 8.0))


# --------------------------------------------------------------------------- eq. (18)

def _recompute_eq18_printed(inp):
    X, Lam = inp["X"], inp["Lambda"]
    n = len(X)
    rows = as_fraction_rows(X)
    # LHS: E_σ sup_{‖w‖≤Λ} w·Σσx / n ≤ (Λ/n)E‖Σσx‖ (Cauchy-Schwarz; attained at w = Λv/‖v‖)
    lhs = linear_rademacher_exact(rows, Lam)
    # printed RHS: (1/n)E_σ[Λ‖Σσx‖²] = (Λ/n)Σ‖x_i‖² (cross terms cancel), exactly rational
    rhs = mp(frac(Lam) * _sq(rows) / n)
    return lhs, rhs


@claim("eq18/as-printed", paper_ref=REF18,
       statement="(1/n)E_σ[sup_{‖w‖₂≤Λ} wᵀΣσ_i x_i] = (1/n)E_σ[Λ‖Σσ_i x_i‖₂²]",
       reading=READ_RHAT + "; the printed right side squares the norm",
       method="property-search", expected="refuted", recompute=_recompute_eq18_printed)
@attach("thm2.eq18")
def eq18_as_printed(ctx):
    def margin(ex):
        X, Lam = ex
        lhs = linear_rademacher_float(X, Lam)
        rhs = Lam * _sum_norm2(X) / X.shape[0]
        return abs(lhs - rhs) - 1e-9 * max(1.0, abs(lhs), abs(rhs))

    res = search(ctx, st.tuples(_small_samples(), _Lams()), margin)
    if not res.found:
        return inconclusive("no violation found", reason="search found no counterexample",
                            settle="a larger search", **res.effort())
    X, Lam = res.violation
    return refuted_at(
        _recompute_eq18_printed, {"X": _rows(X), "Lambda": Lam},
        lambda inp, lhs, rhs: f"X={inp['X']}, Λ={Lam}: E sup = {float(lhs):.4g} but the printed "
                              f"Λ·E‖Σσx‖²/n = {float(rhs):.4g}; the sup is Λ‖v‖₂, not Λ‖v‖₂² (typo)",
        relation="==", correction="sup_{‖w‖≤Λ} wᵀv = Λ‖v‖₂ (no square): see eq18/corrected",
        search=res.effort())


@claim("eq18/corrected", paper_ref=REF18,
       statement="(1/n)E_σ[sup_{‖w‖₂≤Λ} wᵀΣσ_i x_i] = (Λ/n)E_σ‖Σσ_i x_i‖₂ (the printed equality "
                 "without the square)",
       reading="the sup over the Λ-ball of wᵀv is computed by a generic constrained optimiser "
               "(SciPy SLSQP) and compared with Λ‖v‖₂, for v = Σσ_i x_i over sampled X and σ",
       method="property-search", expected="holds")
@attach("thm2.eq18")
def eq18_corrected(ctx):
    from scipy.optimize import minimize

    rng = ctx.rng("sigma")
    worst = [0.0]

    def margin(ex):
        X, Lam = ex
        n = X.shape[0]
        for _ in range(2):
            s = rng.choice([-1.0, 1.0], size=n)
            v = s @ X
            nv = float(np.linalg.norm(v))
            if nv == 0:
                continue
            w0 = rng.standard_normal(v.shape) * Lam / (2 * math.sqrt(len(v)))
            r = minimize(lambda w: -float(w @ v) / nv, w0, jac=lambda w: -v / nv, method="SLSQP",
                         constraints=[{"type": "ineq", "fun": lambda w: Lam ** 2 - float(w @ w),
                                       "jac": lambda w: -2 * w}], options={"ftol": 1e-13, "maxiter": 200})
            sup = float(-r.fun) * nv
            gap = abs(sup - Lam * nv) / (Lam * nv)
            worst[0] = max(worst[0], gap)
            if gap > 1e-5:
                return gap
        return -1.0

    res = search(ctx, st.tuples(_small_samples(max_n=6, max_d=4), _Lams()), margin)
    if res.found:
        X, Lam = res.violation
        return inconclusive("optimiser disagreed with Λ‖v‖", reason="SLSQP found a different sup",
                            settle="inspect the optimiser", X=_rows(X), Lam=Lam)
    return holds(f"generic optimiser's sup matched Λ‖v‖₂ on {res.examples} samples (largest relative "
                 f"gap {worst[0]:.1e}); Cauchy-Schwarz gives ≤, w = Λv/‖v‖ attains it",
                 examples=res.examples, max_relative_gap=worst[0],
                 ranges={"n": [1, 6], "d": [1, 4], "entries": [-10, 10], "Lambda": [0.125, 8]},
                 proof="wᵀv ≤ ‖w‖‖v‖ ≤ Λ‖v‖ (Cauchy-Schwarz), equality at w = Λv/‖v‖")


@claim("eq18/expansion", paper_ref=REF18,
       statement="E_σ‖Σσ_i x_i‖₂² = Σ‖x_i‖₂²",
       reading="σ uniform on {-1,+1}ⁿ; both sides in exact rational arithmetic (all 2ⁿ σ)",
       method="property-search", expected="holds")
@attach("lin.eq18-expansion")
def eq18_expansion(ctx):
    def margin(X):
        rows = as_fraction_rows(X)
        n, d = len(rows), len(rows[0])
        S = sign_vectors(n)
        tot = Fraction(0)
        for s in S.tolist():
            v = [sum(si * r[k] for si, r in zip(s, rows)) for k in range(d)]
            tot += sum(c * c for c in v)
        return 1.0 if tot / len(S) != _sq(rows) else -1.0

    def holding(res):
        return holds(f"exact equality (fractions) on {res.examples} samples, n ≤ 6, d ≤ 3",
                     examples=res.examples, ranges={"n": [1, 6], "d": [1, 3]}, arithmetic="fractions",
                     proof="E[σ_iσ_j] = 0 for i ≠ j, σ_i² = 1")

    return hold_by_search(ctx, _small_samples(max_n=6, max_d=3), margin, holding, what="exact mismatch")


@claim("eq18/jensen-bound", paper_ref=REF18,
       statement="(Λ/n)E_σ‖Σσ_i x_i‖₂ ≤ (Λ/n)(E_σ‖Σσ_i x_i‖₂²)^½ = (Λ/n)(Σ‖x_i‖₂²)^½",
       reading=READ_RHAT + "; the Jensen step of (18) applied to the corrected (unsquared) middle term",
       method="property-search", expected="holds")
@attach("lin.eq18-jensen")
def eq18_jensen(ctx):
    def margin(ex):
        X, Lam = ex
        lhs = linear_rademacher_float(X, Lam)
        rhs = Lam * math.sqrt(_sum_norm2(X)) / X.shape[0]
        return (lhs - rhs) / max(rhs, 1e-300) if rhs > 0 else lhs

    def holding(res):
        return holds(f"R̂ ≤ (Λ/n)(Σ‖x‖²)^½ on {res.examples} samples; largest (lhs-rhs)/rhs = "
                     f"{res.worst_margin:.3g} (equality for n = 1 or orthogonal rows)",
                     examples=res.examples, worst_margin=res.worst_margin,
                     max_ratio=1 + res.worst_margin, ranges={"n": [1, 8], "d": [1, 3]},
                     proof="Jensen: E‖V‖ ≤ (E‖V‖²)^½")

    return hold_by_search(ctx, st.tuples(_small_samples(max_n=8), _Lams()), margin, holding, tol=1e-12, what="violation in float")
