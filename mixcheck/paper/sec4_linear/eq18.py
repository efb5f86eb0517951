"""``eq18`` — proof of Theorem 2, eq. (18): R̂_B(H_ℓ) for the L2-ball linear class, its closed form and its Jensen bound (Λ/n)(Σ‖x_i‖²)^½.

Every claim registered here has an id ``eq18/…``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from math import lcm

import numpy as np
from hypothesis import strategies as st

from mixcheck.engine.outcomes import holds
from mixcheck.engine.registry import claim
from mixcheck.exact import (
    as_fraction_rows,
    frac,
    linear_rademacher_exact,
    linear_rademacher_float,
    mp,
    sign_vectors,
)
from mixcheck.engine.templates import hold_by_search, refute_by_search
from mixcheck.paper._derivations import attach
from mixcheck import strategies as mst
from mixcheck.paper._kit import recomputed_counterexample, rows_of
from mixcheck.paper._relations import paired
from mixcheck.paper.sec4_linear._common import _lin_exact, _sq, _sum_norm2


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

    counterexample = recomputed_counterexample(
        _recompute_eq18_printed, lambda ex: {"X": rows_of(ex[0]), "Lambda": ex[1]},
        lambda inp, lhs, rhs: f"X={inp['X']}, Λ={inp['Lambda']}: E sup = {float(lhs):.4g} but the printed "
                              f"Λ·E‖Σσx‖²/n = {float(rhs):.4g}; the sup is Λ‖v‖₂, not Λ‖v‖₂² (typo)",
        relation="==", correction="sup_{‖w‖≤Λ} wᵀv = Λ‖v‖₂ (no square): see eq18/corrected")
    # n ≤ 16: the 50-digit recompute (linear_rademacher_exact) enumerates 2^(n-1) σ in mpmath
    return refute_by_search(ctx, st.tuples(mst.profile_samples(ctx.profile, max_n=16), _Lams()), margin, counterexample)


_KNOWN_UNIT = ((np.array([[1.0]]), 1.0),)  # X = [[1]], Λ = 1: both sides 1 (equality): a planted scale breaks it


def _optimised_sup(ex):
    """(sup over the Λ-ball of wᵀv by SLSQP, Λ‖v‖) for v = σᵀX, σ drawn from the example's own seed."""
    from scipy.optimize import minimize

    X, Lam, seed = ex
    rng = np.random.default_rng(seed)
    v = rng.choice([-1.0, 1.0], size=X.shape[0]) @ X
    nv = float(np.linalg.norm(v))
    if nv == 0:
        return 0.0, 0.0
    w0 = rng.standard_normal(v.shape) * Lam / (2 * math.sqrt(len(v)))
    r = minimize(lambda w: -float(w @ v) / nv, w0, jac=lambda w: -v / nv, method="SLSQP",
                 constraints=[{"type": "ineq", "fun": lambda w: Lam ** 2 - float(w @ w), "jac": lambda w: -2 * w}],
                 options={"ftol": 1e-13, "maxiter": 200})
    return float(-r.fun) * nv, Lam * nv


@claim("eq18/corrected", paper_ref=REF18,
       statement="(1/n)E_σ[sup_{‖w‖₂≤Λ} wᵀΣσ_i x_i] = (Λ/n)E_σ‖Σσ_i x_i‖₂ (the printed equality "
                 "without the square)",
       reading="the sup over the Λ-ball of wᵀv is computed by a generic constrained optimiser "
               "(SciPy SLSQP) and compared with Λ‖v‖₂, for v = Σσ_i x_i over sampled X and σ "
               "(n and d up to the profile's search sizes: ci 12 and 6)",
       method="property-search", expected="holds")
@attach("thm2.eq18")
def eq18_corrected(ctx):

    def holding(res):
        return holds(f"generic optimiser's sup matched Λ‖v‖₂ on {res.examples} (X, Λ, σ) (largest relative "
                     f"gap {max(res.worst_margin, 0.0):.1e}); Cauchy-Schwarz gives ≤, w = Λv/‖v‖ attains it",
                     examples=res.examples, max_relative_gap=max(res.worst_margin, 0.0),
                     proof="wᵀv ≤ ‖w‖‖v‖ ≤ Λ‖v‖ (Cauchy-Schwarz), equality at w = Λv/‖v‖")

    strat = st.tuples(mst.profile_samples(ctx.profile), _Lams(), mst.seeds())
    known = tuple((X, Lam, 0) for X, Lam in _KNOWN_UNIT)
    return hold_by_search(ctx, strat, holding=holding, sides=paired(_optimised_sup), relation="==", tol=1e-5,
                          known=known, what="an optimiser sup different from Λ‖v‖")


def _integer_rows(X):
    """(integer matrix, denominator D) with X = matrix / D exactly (floats are dyadic rationals)."""
    rows = as_fraction_rows(X)
    D = lcm(*(v.denominator for r in rows for v in r))
    return np.array([[v.numerator * (D // v.denominator) for v in r] for r in rows], dtype=object), D


def _expected_square_norm(X):
    """E_σ‖Σσ_i x_i‖² over all 2ⁿ σ (half of them: ±σ agree), in exact integer arithmetic."""
    M, D = _integer_rows(X)
    S = sign_vectors(M.shape[0])[: 2 ** (M.shape[0] - 1)].astype(object)
    V = S.dot(M)
    return Fraction(int((V * V).sum()), 2 ** (M.shape[0] - 1) * D * D)


@claim("eq18/expansion", paper_ref=REF18,
       statement="E_σ‖Σσ_i x_i‖₂² = Σ‖x_i‖₂²",
       reading="σ uniform on {-1,+1}ⁿ; both sides in exact rational arithmetic (all 2ⁿ σ, integer matrix "
               "products); n up to 12 (ci and thorough: the exact enumeration costs 2ⁿ·n·d big-integer "
               "products), d up to the profile's search_d",
       method="property-search", expected="holds")
@attach("lin.eq18-expansion")
def eq18_expansion(ctx):
    def holding(res):
        return holds(f"exact equality (integer arithmetic) on {res.examples} samples",
                     examples=res.examples, arithmetic="exact rationals",
                     proof="E[σ_iσ_j] = 0 for i ≠ j, σ_i² = 1")

    return hold_by_search(ctx, mst.profile_samples(ctx.profile, max_n=12), holding=holding,
                          sides=(_expected_square_norm, lambda X: _sq(as_fraction_rows(X))), relation="==",
                          known=tuple(X for X, _ in _KNOWN_UNIT), what="exact mismatch")


def _frobenius(X) -> float:
    """(Σ‖x_i‖²)^½ without underflow or overflow (scaled by the largest entry first)."""
    X = np.asarray(X, dtype=float)
    top = float(np.max(np.abs(X)))
    return top * float(np.linalg.norm(X / top)) if top > 0 else 0.0


@claim("eq18/jensen-bound", paper_ref=REF18,
       statement="(Λ/n)E_σ‖Σσ_i x_i‖₂ ≤ (Λ/n)(E_σ‖Σσ_i x_i‖₂²)^½ = (Λ/n)(Σ‖x_i‖₂²)^½",
       reading=READ_RHAT + "; the Jensen step of (18) applied to the corrected (unsquared) middle term; n and d "
               "up to the profile's search sizes (ci 12 and 6, thorough 20 and 8)",
       method="property-search", expected="holds")
@attach("lin.eq18-jensen")
def eq18_jensen(ctx):
    def holding(res):
        return holds(f"R̂ ≤ (Λ/n)(Σ‖x‖²)^½ on {res.examples} samples; largest (lhs-rhs)/max = "
                     f"{res.worst_margin:.3g} (equality for n = 1 or orthogonal rows)",
                     examples=res.examples, worst_margin=res.worst_margin,
                     proof="Jensen: E‖V‖ ≤ (E‖V‖²)^½")

    sides = (lambda ex: _lin_exact(ex[0], ex[1]), lambda ex: ex[1] * _frobenius(ex[0]) / ex[0].shape[0])
    return hold_by_search(ctx, st.tuples(mst.profile_samples(ctx.profile), _Lams()), holding=holding, sides=sides,
                          tol=1e-12, known=_KNOWN_UNIT, what="violation in float")
