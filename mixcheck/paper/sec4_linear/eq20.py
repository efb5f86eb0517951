"""``eq20`` — proof of Theorem 2, eq. (20): the chain ending in (Λ|1-λ|/√n)·√(s²(‖x‖₂)) ≥ 0.

Every claim registered here has an id ``eq20/…``.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from mixcheck import strategies as mst

from mixcheck.engine.outcomes import holds, refuted
from mixcheck.engine.registry import claim
from mixcheck.exact import (
    as_fraction_rows,
    frac,
    linear_rademacher_exact,
    mp,
    surrogate_rows,
    total_variance,
    norm_variance,
)
from mixcheck.engine.templates import refute_by_search, hold_by_search
from mixcheck.paper._derivations import attach
from mixcheck.profiles import search_sizes
from mixcheck.paper._kit import (
    exact_sample,
    open_lambdas,
    recomputed_counterexample,
    refute_by_recompute,
    rows_of,
    sample_and_lambda,
    surrogate_float,
)
from mixcheck.paper.sec4_linear._common import (
    READ_SURR,
    _lin_exact,
    _n_mean_sq,
    _small_samples,
    _sq,
    _sqrt,
    _sum_norm2,
)
from mixcheck.paper._partner_checks import register_partner_claims
from mixcheck.paper._relations import confirmed, paired


REF20 = "Section 4, proof of Theorem 2, eq. (20)"


# --------------------------------------------------------------------------- eq. (20)

def _recompute_s2(kind):
    def rec(inp):
        rows = as_fraction_rows(inp["X"])
        lhs = mp((_sq(rows) - _n_mean_sq(rows)) / len(rows))
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
           reading=reading + "; exact arithmetic (fractions; norms at 50 digits); n from 2 and d up to the profile's "
                             "search sizes (ci 12 and 6, thorough 20 and 8)",
           method="property-search", expected=expected, recompute=rec)
    @attach(*(("lin.eq20-total-variance",) if name == "total-variance" else ()), "thm2.s2-readings")
    def check(ctx):
        n_hi, d_hi = search_sizes(ctx.profile)
        strat = mst.profile_samples(ctx.profile, min_n=2)

        def margin(X):
            lhs, rhs = rec({"X": rows_of(X)})
            return float(abs(lhs - rhs)) - 1e-12 * float(max(abs(lhs), abs(rhs), 1))

        def holding(res):
            return holds(f"identity exact on {res.examples} samples (n 2..{n_hi}, d 1..{d_hi})",
                         examples=res.examples, worst_margin=res.worst_margin,
                         ranges={"n": [2, n_hi], "d": [1, d_hi], "entries": [-10, 10]},
                         proof="(1/n)Σ‖x_i - x̄‖² = (1/n)Σ‖x_i‖² - ‖x̄‖² (expand the square)",
                         known_input={"X": [[1.0], [-1.0]]})

        def found(X):  # the arguments of refuted: both sides recomputed exactly
            lhs, rhs = rec({"X": rows_of(X)})
            return dict(inputs={"X": rows_of(X)}, lhs=lhs, rhs=rhs, relation="==",
                        summary=f"X={rows_of(X)}: (1/n)Σ‖x‖² - ‖x̄‖² = {float(lhs):.4g} but this s² = {float(rhs):.4g}")

        if expected == "holds":  # the relation stated (both sides equal; X = [[1], [-1]]: 1 = 1), re-checked exactly
            out = hold_by_search(ctx, strat, holding=holding,
                                 sides=paired(lambda X: rec({"X": rows_of(X)})), relation="==", tol=1e-12,
                                 known=(np.array([[1.0], [-1.0]]),), what="a mismatch")
            return confirmed(out, lambda X, effort: refuted(**found(X), search=effort) if margin(np.asarray(X)) > 0
                             else out)
        return refute_by_search(ctx, strat, margin, found)  # a miss is inconclusive, never holds

    return check


for _name, (_reading, _expected, _kind) in _S2_READINGS.items():
    _make_s2_claim(_name, _reading, _expected, _kind)


# --------------------------------------------------------------------------- eq. (20), continued

def _bounds_ab(rows, lam, Lam, corrected):
    n = len(rows)
    a = _sq(rows)
    b = _n_mean_sq(rows)
    coef = (1 - lam ** 2) if corrected else (1 - lam) ** 2
    A = mp(Lam) / n * _sqrt(a)
    B = mp(Lam) / n * _sqrt(lam ** 2 * a + coef * b)
    return A, B, a, b


def _recompute_eq20_step1(inp):
    rows, lam, Lam = exact_sample(inp, "lambda", "Lambda")
    n = len(rows)
    A, B, a, b = _bounds_ab(rows, lam, Lam, inp.get("corrected", False))
    return A - B, mp(Lam) * abs(mp(1 - lam)) / n * _sqrt(a - b)


@claim("eq20/step1-as-printed", paper_ref=REF20,
       statement="[bound (18)] − [bound (19)] ≤ (Λ|1-λ|/n)(Σ‖x_i‖₂² − Σ‖E_{x_j}[x_j]‖₂²)^½",
       reading="'From (18) and (19)': the difference of the two printed bound values, (Λ/n)(Σ‖x_i‖²)^½ − "
               "(Λ/n)(λ²Σ‖x_i‖² + (1-λ)²n‖x̄‖²)^½, against the first line of (20); exact arithmetic",
       method="property-search", expected="refuted", recompute=_recompute_eq20_step1)
@attach("thm2.eq20")
def eq20_step1_printed(ctx):
    return refute_by_recompute(
        ctx, st.tuples(_small_samples(min_n=2, max_n=4), open_lambdas()), _recompute_eq20_step1,
        sample_and_lambda(Lambda=1.0, corrected=False),
        lambda inp, lhs, rhs: f"X={inp['X']}, λ={inp['lambda']}: difference of the printed bounds {float(lhs):.4g} > "
                              f"{float(rhs):.4g} (e.g. equal points: right side 0, left side (1-√(λ²+(1-λ)²))·A > 0)",
        slack=1e-12,
        correction="with the corrected (19) the step holds with the same factor (1-λ): eq20/step1-corrected")


@claim("eq20/step1-corrected", paper_ref=REF20,
       statement="[bound (18)] − [corrected bound (19)] ≤ (Λ(1-λ)/n)(Σ‖x_i‖₂² − n‖x̄‖₂²)^½",
       reading="the corrected (19) bound (Λ/n)(λ²a + (1-λ²)b)^½, a = Σ‖x_i‖², b = n‖x̄‖² ≤ a; exact arithmetic; "
               "also the weaker factor √(1-λ²); n and d up to the profile's search sizes (ci 12 and 6, thorough 20 and 8)",
       method="property-search", expected="holds")
@attach("lin.eq20-step1-corrected")
def eq20_step1_corrected(ctx):
    inputs = sample_and_lambda(Lambda=1.0, corrected=True)

    def holding(res):
        return holds(f"exact check on {res.examples} samples (worst (lhs - rhs)/max = {res.worst_margin:.3g}); proof: with "
                     "u = √((a-b)/a), g(u) = 1 - √(1-(1-λ²)u²) - (1-λ)u is convex with g(0) = g(1) = 0",
                     examples=res.examples, worst_margin=res.worst_margin, known_input={"X": [[1.0], [-1.0]], "lambda": 0.5},
                     proof="√a − √(a − (1-λ²)t) ≤ (1-λ)√t for 0 ≤ t ≤ a: divide by √a, u = √(t/a) ∈ [0,1]; "
                           "u ↦ 1 − √(1 − (1-λ²)u²) − (1-λ)u is convex, zero at u = 0 and u = 1; "
                           "the factor √(1-λ²) ≥ 1-λ also works (√a − √c ≤ √(a−c)) but is weaker")

    # X = [[1], [-1]], λ = ½ (x̄ = 0, u = 1): both sides (1-λ)√2/2, equality
    return hold_by_search(ctx, st.tuples(mst.profile_samples(ctx.profile), open_lambdas()), holding=holding,
                          sides=paired(lambda ex: _recompute_eq20_step1(inputs(ex))), tol=1e-25,
                          known=((np.array([[1.0], [-1.0]]), 0.5),), what="violation")


def _orth_pair_lhs_rhs(inp):
    rows, lam, Lam = exact_sample(inp, "lambda", "Lambda")
    A, B, _, _ = _bounds_ab(rows, lam, Lam, True)
    lhs = linear_rademacher_exact(rows, Lam) - linear_rademacher_exact(surrogate_rows(rows, lam), Lam)
    return lhs, A - B


@claim("eq20/bounds-to-complexities", paper_ref=REF20,
       statement="R̂_B(H) − R̂*_B(H) ≤ [bound (18)] − [bound (19)]   ('From (18) and (19), we can have')",
       reading=READ_SURR + "; the inference 'R̂ ≤ A and R̂* ≤ B ⟹ R̂ − R̂* ≤ A − B' tested with the corrected "
               "bound B of (19) (with the printed B it fails more easily)",
       method="property-search", expected="refuted", recompute=_orth_pair_lhs_rhs)
def eq20_bounds_to_complexities(ctx):
    def margin(ex):
        X, lam = ex
        n = X.shape[0]
        lhs = _lin_exact(X) - _lin_exact(surrogate_float(X, lam))
        A = math.sqrt(_sum_norm2(X)) / n
        B = math.sqrt(lam ** 2 * _sum_norm2(X) + (1 - lam ** 2) * n * float(np.sum(X.mean(0) ** 2))) / n
        return lhs - (A - B) - 1e-9

    counterexample = recomputed_counterexample(
        _orth_pair_lhs_rhs, sample_and_lambda(Lambda=1.0),
        lambda inp, lhs, rhs: f"X={inp['X']}, λ={inp['lambda']}: R̂ − R̂* = {float(lhs):.4g} > {float(rhs):.4g} = "
                              "A − B: upper bounds cannot be subtracted (R̂* lies strictly below its bound B)",
        note="the final inequality of (20) may still hold: see thm2/total-variance-surrogate")

    return refute_by_search(ctx, st.tuples(_small_samples(min_n=2, max_n=4), open_lambdas()), margin, counterexample)


@claim("eq20/step2", paper_ref=REF20,
       statement="(Λ|1-λ|/n)(Σ‖x_i‖² − Σ‖x̄‖²)^½ = (Λ|1-λ|/√n)((1/n)Σ‖x_i‖² − (1/n)Σ‖x̄‖²)^½",
       reading="pulling 1/√n out of the square root; exact (squares compared in fractions)",
       method="property-search", expected="holds")
@attach("lin.eq20-step2")
def eq20_step2(ctx):
    def sides(ex):
        X, lam = ex
        rows = as_fraction_rows(X)
        n = len(rows)
        a, b = _sq(rows), _n_mean_sq(rows)
        return (1 - frac(lam)) ** 2 * (a - b) / n ** 2, (1 - frac(lam)) ** 2 / n * (a / n - b / n)

    def holding(res):
        return holds(f"exact on {res.examples} samples", examples=res.examples, arithmetic="fractions")

    return hold_by_search(ctx, st.tuples(mst.profile_samples(ctx.profile), open_lambdas()), holding=holding,
                          sides=paired(sides), relation="==",
                          known=((np.array([[1.0], [-1.0]]), 0.5),), what="mismatch")


# --------------------------------------------------------------------------- every partner law
# The statement under each partner law of x̃_i = E_{x_j}[λx_i + (1-λ)x_j]: x_j over the whole sample,
# over j ≠ i, a uniformly random permutation, a uniformly random derangement (mixcheck.partners;
# the checks: mixcheck.paper._partner_checks and its sibling modules, each registered here through a
# delegating check of this module).

register_partner_claims("eq20", lambda spec: lambda ctx: spec.check(ctx))
