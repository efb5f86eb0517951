"""Section 4: linear classifiers — eq. (18), (19), (20), Theorem 2, Fig. 1, intro bullet 1.

Throughout, ``H_ℓ = {x ↦ w·x : ‖w‖₂ ≤ Λ}`` (eq. 16) and ``R̂(X) = (Λ/n)E_σ‖Σσ_i x_i‖₂``
(the sup of ``w·v`` over the Λ-ball is ``Λ‖v‖₂`` by Cauchy-Schwarz, attained at
``w = Λv/‖v‖``). Mixed samples:

* surrogate (the proofs' reading of ``x̃_i = E_{x_j}[λx_i + (1-λ)x_j]``, E over the sample):
  ``x̃_i = λx_i + (1-λ)x̄``;
* real mixup: ``λx_i + (1-λ)x_{π(i)}`` with π a uniformly random permutation of the sample
  (the reference implementation), ``R̂*`` = the expectation over π of ``R̂`` of the mixed sample.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from .. import strategies as mst
from ..counterexample import (
    as_fraction_rows,
    frac,
    linear_rademacher_exact,
    linear_rademacher_float,
    mp,
    perm_mixup_rademacher_exact,
    perm_mixup_rademacher_float,
    sign_vectors,
    surrogate_rows,
    total_variance,
    norm_variance,
)
from ._evidence import holds, inconclusive, refuted
from ._search import search
from .registry import claim

REF18 = "Section 4, proof of Theorem 2, eq. (18)"
REF19 = "Section 4, proof of Theorem 2, eq. (19)"
REF20 = "Section 4, proof of Theorem 2, eq. (20)"
REF_T2 = "Section 4, Theorem 2, eq. (17)"

READ_RHAT = ("R̂_B(H_ℓ) = E_σ[sup_{‖w‖₂≤Λ} (1/n)Σσ_i w·x_i] (Definition 3 with eq. 16), "
             "σ uniform on {-1,+1}ⁿ, computed exactly by enumerating all 2ⁿ sign vectors")
READ_SURR = ("x̃_i = E_{x_j}[λx_i + (1-λ)x_j] = λx_i + (1-λ)x̄ with x_j uniform over the sample "
             "(the proof's own reading; eq. 20 writes x̄), fixed λ ∈ (0, 1); "
             "R̂*_B = R̂ of the sample (x̃_1, …, x̃_n)")
READ_REAL = ("real mixup: R̂*_B = E_π R̂(λx_i + (1-λ)x_{π(i)}), π a uniformly random permutation "
             "of the sample (the reference mixup implementation), fixed λ ∈ (0, 1); "
             "computed exactly over all n! permutations")


# --------------------------------------------------------------------------- helpers

def _rows(X) -> list[list[float]]:
    return np.asarray(X, dtype=float).tolist()


def _small_samples(max_n=4, max_d=3, bound=10.0, min_n=1):
    return mst.samples(min_n=min_n, max_n=max_n, min_d=1, max_d=max_d, bound=bound)


def _lams():
    return mst.lambdas(allow_endpoints=False)


def _Lams():
    return st.one_of(st.just(1.0), st.floats(0.125, 8.0))


def _sq(rows) -> Fraction:
    return sum(sum(v * v for v in r) for r in rows)


def _mean(rows):
    n, d = len(rows), len(rows[0])
    return [sum(r[k] for r in rows) / n for k in range(d)]


def _sqrt(q) -> mpmath.mpf:
    return mpmath.sqrt(mp(frac(q)))


def _sum_norm2(X) -> float:
    return float(np.sum(np.asarray(X, dtype=float) ** 2))


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
    inp = {"X": _rows(X), "Lambda": Lam}
    lhs, rhs = _recompute_eq18_printed(inp)
    return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="==",
                   summary=f"X={_rows(X)}, Λ={Lam}: E sup = {float(lhs):.4g} but the printed "
                           f"Λ·E‖Σσx‖²/n = {float(rhs):.4g}; the sup is Λ‖v‖₂, not Λ‖v‖₂² (typo)",
                   correction="sup_{‖w‖≤Λ} wᵀv = Λ‖v‖₂ (no square): see eq18/corrected",
                   search=res.effort())


@claim("eq18/corrected", paper_ref=REF18,
       statement="(1/n)E_σ[sup_{‖w‖₂≤Λ} wᵀΣσ_i x_i] = (Λ/n)E_σ‖Σσ_i x_i‖₂ (the printed equality "
                 "without the square)",
       reading="the sup over the Λ-ball of wᵀv is computed by a generic constrained optimiser "
               "(SciPy SLSQP) and compared with Λ‖v‖₂, for v = Σσ_i x_i over sampled X and σ",
       method="property-search", expected="holds")
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

    res = search(ctx, _small_samples(max_n=6, max_d=3), margin)
    if res.found:
        return inconclusive("exact mismatch?!", reason="unexpected", settle="inspect", X=_rows(res.violation))
    return holds(f"exact equality (fractions) on {res.examples} samples, n ≤ 6, d ≤ 3",
                 examples=res.examples, ranges={"n": [1, 6], "d": [1, 3]}, arithmetic="fractions",
                 proof="E[σ_iσ_j] = 0 for i ≠ j, σ_i² = 1")


@claim("eq18/jensen-bound", paper_ref=REF18,
       statement="(Λ/n)E_σ‖Σσ_i x_i‖₂ ≤ (Λ/n)(E_σ‖Σσ_i x_i‖₂²)^½ = (Λ/n)(Σ‖x_i‖₂²)^½",
       reading=READ_RHAT + "; the Jensen step of (18) applied to the corrected (unsquared) middle term",
       method="property-search", expected="holds")
def eq18_jensen(ctx):
    def margin(ex):
        X, Lam = ex
        lhs = linear_rademacher_float(X, Lam)
        rhs = Lam * math.sqrt(_sum_norm2(X)) / X.shape[0]
        return (lhs - rhs) / max(rhs, 1e-300) if rhs > 0 else lhs

    res = search(ctx, st.tuples(_small_samples(max_n=8), _Lams()), margin, tol=1e-12)
    if res.found:
        return inconclusive("violation in float", reason="float violation", settle="inspect",
                            X=_rows(res.violation[0]))
    return holds(f"R̂ ≤ (Λ/n)(Σ‖x‖²)^½ on {res.examples} samples; largest (lhs-rhs)/rhs = "
                 f"{res.worst_margin:.3g} (equality for n = 1 or orthogonal rows)",
                 examples=res.examples, worst_margin=res.worst_margin,
                 max_ratio=1 + res.worst_margin, ranges={"n": [1, 8], "d": [1, 3]},
                 proof="Jensen: E‖V‖ ≤ (E‖V‖²)^½")


# --------------------------------------------------------------------------- eq. (19)

def _recompute_eq19_step3(inp):
    rows, lam = as_fraction_rows(inp["X"]), frac(inp["lambda"])
    n = len(rows)
    m = _mean(rows)
    lhs = _sq(surrogate_rows(rows, lam))
    rhs = lam ** 2 * _sq(rows) + n * (1 - lam) ** 2 * sum(c * c for c in m)
    return mp(lhs), mp(rhs)


@claim("eq19/step3", paper_ref=REF19,
       statement="Σ_i‖λx_i + (1-λ)E_{x_j}[x_j]‖₂² ≤ Σ_i(‖λx_i‖₂² + ‖(1-λ)E_{x_j}[x_j]‖₂²)",
       reading="E_{x_j}[x_j] = x̄ (the sample mean), fixed λ ∈ (0, 1); the step drops the cross "
               "term 2λ(1-λ)Σ_i x_i·x̄ = 2λ(1-λ)n‖x̄‖², which is ≥ 0; exact rational arithmetic",
       method="property-search", expected="refuted", recompute=_recompute_eq19_step3)
def eq19_step3(ctx):
    def margin(ex):
        X, lam = ex
        lhs, rhs = _recompute_eq19_step3({"X": _rows(X), "lambda": lam})
        return float(lhs - rhs)

    res = search(ctx, st.tuples(_small_samples(), _lams()), margin)
    X, lam = res.violation
    inp = {"X": _rows(X), "lambda": lam}
    lhs, rhs = _recompute_eq19_step3(inp)
    return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="<=",
                   summary=f"X={_rows(X)}, λ={lam}: Σ‖x̃_i‖² = {float(lhs):.4g} > {float(rhs):.4g}; the "
                           "dropped cross term 2λ(1-λ)n‖x̄‖² is > 0 whenever x̄ ≠ 0",
                   correction="Σ‖λx_i + (1-λ)x̄‖² = λ²Σ‖x_i‖² + (1-λ²)n‖x̄‖² exactly (eq19/corrected)",
                   search=res.effort())


# --------------------------------------------------------------------------- eq. (20)

def _recompute_s2(kind):
    def rec(inp):
        rows = as_fraction_rows(inp["X"])
        n = len(rows)
        lhs = mp(_sq(rows) / n - sum(c * c for c in _mean(rows)))
        if kind == "total-unbiased":
            rhs = mp(total_variance(rows, ddof=1))
        elif kind == "norms":
            rhs = norm_variance(rows, ddof=0)
        elif kind == "norms-unbiased":
            rhs = norm_variance(rows, ddof=1)
        else:
            rhs = mp(total_variance(rows, ddof=0))
        return lhs, rhs
    return rec


_S2_READINGS = {
    "total-variance": ("s²(‖x‖₂) = (1/n)Σ‖x_i - x̄‖₂² (total variance, 1/n)", "holds", "total"),
    "total-variance-unbiased": ("s²(‖x‖₂) = (1/(n-1))Σ‖x_i - x̄‖₂² (total variance, 1/(n-1))",
                                "refuted", "total-unbiased"),
    "norm-variance": ("s²(‖x‖₂) = (1/n)Σ(‖x_i‖ - mean_j‖x_j‖)² (variance of the norms, 1/n — the "
                      "theorem's own words 'sample variance of the norm of the input vectors')",
                      "refuted", "norms"),
    "norm-variance-unbiased": ("s²(‖x‖₂) = (1/(n-1))Σ(‖x_i‖ - mean_j‖x_j‖)² (variance of the norms, "
                               "1/(n-1))", "refuted", "norms-unbiased"),
}


def _make_s2_claim(name, reading, expected, kind):
    rec = _recompute_s2(kind)

    @claim(f"eq20/step3-{name}", paper_ref=REF20,
           statement="(1/n)Σ‖x_i‖₂² - ‖x̄‖₂² = s²(‖x‖₂)   (the third line of (20): "
                     "(1/n)Σ‖x_i‖² = s²(‖x‖₂) + ‖x̄‖²)",
           reading=reading + "; exact arithmetic (fractions; norms at 50 digits)",
           method="property-search", expected=expected, recompute=rec)
    def check(ctx):
        def margin(X):
            lhs, rhs = rec({"X": _rows(X)})
            return float(abs(lhs - rhs)) - 1e-12 * float(max(abs(lhs), abs(rhs), 1))

        res = search(ctx, _small_samples(min_n=2, max_n=5), margin)
        if not res.found:
            return holds(f"identity exact on {res.examples} samples (n 2..5, d 1..3)",
                         examples=res.examples, worst_margin=res.worst_margin,
                         ranges={"n": [2, 5], "d": [1, 3], "entries": [-10, 10]},
                         proof="(1/n)Σ‖x_i - x̄‖² = (1/n)Σ‖x_i‖² - ‖x̄‖² (expand the square)")
        X = res.violation
        lhs, rhs = rec({"X": _rows(X)})
        return refuted(inputs={"X": _rows(X)}, lhs=lhs, rhs=rhs, relation="==",
                       summary=f"X={_rows(X)}: (1/n)Σ‖x‖² - ‖x̄‖² = {float(lhs):.4g} but this s² = "
                               f"{float(rhs):.4g}", search=res.effort())

    return check


for _name, (_reading, _expected, _kind) in _S2_READINGS.items():
    _make_s2_claim(_name, _reading, _expected, _kind)


# --------------------------------------------------------------------------- Theorem 2

def _recompute_thm2_norms(inp):
    rows, lam, Lam = as_fraction_rows(inp["X"]), frac(inp["lambda"]), frac(inp["Lambda"])
    n = len(rows)
    if inp.get("mixup", "surrogate") == "surrogate":
        mixed = linear_rademacher_exact(surrogate_rows(rows, lam), Lam)
    else:
        mixed = perm_mixup_rademacher_exact(rows, lam, Lam)
    lhs = linear_rademacher_exact(rows, Lam) - mixed
    s2 = norm_variance(rows, ddof=1 if inp.get("ddof", 0) else 0)
    rhs = mp(frac(inp["C"])) / mpmath.sqrt(n) * mpmath.sqrt(s2)
    return lhs, rhs


def _make_thm2_norm_claim(cid, mixup, expected):
    reading = (READ_SURR if mixup == "surrogate" else READ_REAL) + (
        "; s²‖x‖₂ = the sample variance of the norms ‖x_i‖₂ (the theorem's words: 'the sample "
        "variance of the norm of the input vectors'), 1/n or 1/(n-1) (both vanish on the counterexample); "
        "C = Λ(1-λ) as the proof gives — the counterexample has s² = 0, so NO constant C works")

    @claim(cid, paper_ref=REF_T2,
           statement="R̂_B(H_ℓ) - R̂*_B(H_ℓ) ≤ (C_λ^Λ/√n)·√(s²‖x‖₂), C_λ^Λ a constant depending on λ (and Λ)",
           reading=reading, method="property-search", expected=expected, recompute=_recompute_thm2_norms)
    def check(ctx):
        def margin(ex):
            X, lam = ex
            if mixup == "surrogate":
                mixed = linear_rademacher_float(surrogate_rows_float(X, lam))
            else:
                mixed = perm_mixup_rademacher_float(X, lam)
            return linear_rademacher_float(X) - mixed - 1e-9

        strat = st.tuples(mst.sphere_samples(n=st.integers(2, 4), d=st.integers(1, 3)), _lams())
        res = search(ctx, strat, margin)
        X, lam = res.violation
        inp = {"X": _rows(X), "lambda": lam, "Lambda": 1.0, "C": 1.0 - lam, "mixup": mixup, "ddof": 0}
        lhs, rhs = _recompute_thm2_norms(inp)
        return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="<=",
                       summary=f"all ‖x_i‖ equal (s² of the norms = 0) yet R̂ - R̂* = {float(lhs):.4g} > 0: "
                               f"X={_rows(X)}, λ={lam}; no constant C can work in this reading",
                       any_constant_fails=True, search=res.effort())

    return check


def surrogate_rows_float(X, lam):
    X = np.asarray(X, dtype=float)
    return lam * X + (1 - lam) * X.mean(0, keepdims=True)


_make_thm2_norm_claim("thm2/as-printed", "surrogate", "refuted")
_make_thm2_norm_claim("thm2/norm-variance-real-mixup", "real", "refuted")
