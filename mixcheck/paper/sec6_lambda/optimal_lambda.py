"""``sec6.optimal-lambda`` — Section 6, first paragraph: a large 1-λ regularises well; by swapping i and j, λ should be close to 0 or 1.

Every claim registered here has an id ``sec6.optimal-lambda/…``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from mixcheck import strategies as mst
from mixcheck.engine.outcomes import holds, inconclusive
from mixcheck.engine.registry import claim
from mixcheck.exact import (
    as_fraction_rows,
    frac,
    linear_rademacher_exact,
    linear_rademacher_float,
    perm_mixup_rademacher_exact,
    perm_mixup_rademacher_float,
    surrogate_rows,
)
from mixcheck.engine.templates import refute_by_search, hold_by_search
from mixcheck.paper._kit import exact_sample, recomputed_counterexample, rows_of, sample_and_lambda, surrogate_float
from mixcheck.paper._relations import paired
from mixcheck.paper.sec6_lambda._common import REF6


def _samples(min_n=2, max_n=4, max_d=2):
    return mst.samples(min_n=min_n, max_n=max_n, min_d=1, max_d=max_d, bound=10.0)


def _red_surr(X, lam):
    return linear_rademacher_float(X) - linear_rademacher_float(surrogate_float(X, lam))


def _red_real(X, lam):
    return linear_rademacher_float(X) - perm_mixup_rademacher_float(X, lam)


# --------------------------------------------------------------------------- sec6.optimal-lambda

@claim("sec6.optimal-lambda/bound-coefficient", paper_ref=REF6,
       statement="From (17) and (22), we can see that a large 1-λ has a good regularization effect",
       reading="read for what it says about the BOUNDS only: the right sides of (17), Λ(1-λ)√s²/√n, and of (22), "
               "2^{L+½}W(1-λ)max‖ε‖/√n, carry the factor 1-λ and so decrease in λ (d(1-λ)/dλ = −1, SymPy). It is "
               "true by inspection and says nothing about the regularization effect R̂ − R̂* itself: that is "
               "surrogate-reduction-monotone (holds: the surrogate's actual reduction falls with λ) and "
               "real-mixup-endpoints (refuted: real mixup's reduction is largest at λ = ½)",
       method="symbolic", expected="holds")
def opt_bound(ctx):
    import sympy as sp

    lam = sp.symbols("lambda", positive=True)
    d = sp.diff(1 - lam, lam)
    if not d.is_negative:
        return inconclusive(f"d(1-λ)/dλ = {d}", reason="SymPy did not find a negative derivative", settle="inspect")
    return holds(f"the bounds' factor 1-λ has d(1-λ)/dλ = {d} < 0: the BOUNDS fall with λ (a property of the bounds, "
                 "not of the reduction: see surrogate-reduction-monotone, real-mixup-endpoints)",
                 proof="by inspection", derivation={"d/dlambda(1-lambda)": str(d)},
                 scope="the bounds (17), (22) only; the effect R̂ − R̂* is not tested here")


_PAIR = np.array([[1.0], [-1.0]])  # x̄ = 0: surrogate reduction ½(1-λ), real-mixup reduction min(λ, 1-λ)/2


@claim("sec6.optimal-lambda/surrogate-reduction-monotone", paper_ref=REF6,
       statement="a large 1-λ has a good regularization effect",
       reading="the actual surrogate reduction R̂(X) − R̂(λX + (1-λ)x̄) (exact) is non-increasing in λ ∈ [0, 1]: "
               "searched pairs λ₁ < λ₂, n and d up to the profile's search sizes (ci 12 and 6; n ≤ 16, the float "
               "enumeration's limit, under thorough)",
       method="property-search", expected="holds")
def opt_surr_monotone(ctx):
    def lams(ex):
        return min(ex[1], ex[2]), max(ex[1], ex[2])

    sides = (lambda ex: _red_surr(ex[0], lams(ex)[1]), lambda ex: _red_surr(ex[0], lams(ex)[0]))

    def holding(res):
        return holds(f"non-increasing on {res.examples} (X, λ₁, λ₂)", examples=res.examples,
                     worst_margin=res.worst_margin,
                     proof="g(λ) = E_σ‖Sx̄ + λD_σ‖ (S = Σσ_i, D_σ = Σσ_i(x_i − x̄)) is convex with "
                           "g'(0+) = E[‖D_σ‖; S = 0] ≥ 0 (E[sign(S)σ_i] is the same for all i and Σ(x_i − x̄) = 0), so g "
                           "is non-decreasing on [0, 1]")

    strat = st.tuples(mst.profile_samples(ctx.profile, min_n=2, max_n=16), st.floats(0, 1), st.floats(0, 1))
    return hold_by_search(ctx, strat, holding=holding, sides=sides, tol=1e-9, known=((_PAIR, 0.25, 0.75),),
                          what="not monotone")


def _recompute_swap(inp):
    rows, lam = exact_sample(inp, "lambda")
    if inp["mixup"] == "surrogate":
        return (linear_rademacher_exact(surrogate_rows(rows, lam)),
                linear_rademacher_exact(surrogate_rows(rows, 1 - lam)))
    return perm_mixup_rademacher_exact(rows, lam), perm_mixup_rademacher_exact(rows, 1 - lam)


@claim("sec6.optimal-lambda/swap-symmetry-surrogate", paper_ref=REF6,
       statement="By swapping i and j, we can see that λ should be close to 0 or 1",
       reading="the swap argument requires the mixed complexity at λ to equal that at 1-λ; for the proofs' "
               "surrogate λx_i + (1-λ)x̄: R̂(X̃_λ) = R̂(X̃_{1-λ})?",
       method="property-search", expected="refuted", recompute=_recompute_swap)
def opt_swap_surr(ctx):
    def margin(ex):
        X, lam = ex
        at, swapped = surrogate_float(X, lam), surrogate_float(X, 1 - lam)
        return abs(linear_rademacher_float(at) - linear_rademacher_float(swapped)) - 1e-9

    counterexample = recomputed_counterexample(
        _recompute_swap, sample_and_lambda(mixup="surrogate"),
        lambda inp, lhs, rhs: f"X = {inp['X']}: R̂ at λ = {inp['lambda']} is {float(lhs):.4g} but at 1-λ it is "
                              f"{float(rhs):.4g}; the surrogate is not symmetric (λ → 1 means no mixing at all)",
        relation="==")

    return refute_by_search(ctx, st.tuples(_samples(), mst.lambdas(allow_endpoints=False)), margin, counterexample)


@claim("sec6.optimal-lambda/swap-symmetry-real", paper_ref=REF6,
       statement="By swapping i and j …",
       reading="real mixup with a uniformly random permutation partner: E_πR̂(λX + (1-λ)X_π) = E_πR̂((1-λ)X + λX_π) "
               "(exactly: π ↦ π⁻¹ maps one multiset of mixed points onto the other); all n! permutations, 50 digits, "
               "n ≤ 4 and d ≤ 3 (n!·2ⁿ norms at 50 digits)",
       method="property-search", expected="holds")
def opt_swap_real(ctx):
    def sides_of(ex):
        return _recompute_swap({"X": rows_of(ex[0]), "lambda": ex[1], "mixup": "real"})

    def holding(res):
        return holds(f"equal to 50 digits on {res.examples} (X, λ)", examples=res.examples,
                     worst_margin=res.worst_margin, proof="{λx_π(i) + (1-λ)x_i} = {λx_k + (1-λ)x_π⁻¹(k)}; π⁻¹ is uniform")

    strat = st.tuples(mst.profile_samples(ctx.profile, min_n=2, max_n=4, max_d=3), mst.lambdas(allow_endpoints=False))
    return hold_by_search(ctx, strat, holding=holding, sides=paired(sides_of),
                          relation="==", tol=1e-30, known=((_PAIR, 0.25),), what="asymmetric",
                          max_examples=ctx.examples(20))


def _recompute_endpoints(inp):
    rows = as_fraction_rows(inp["X"])
    r0 = linear_rademacher_exact(rows)
    return (r0 - perm_mixup_rademacher_exact(rows, frac(inp["lambda_near_end"])),
            r0 - perm_mixup_rademacher_exact(rows, frac(inp["lambda_mid"])))


@claim("sec6.optimal-lambda/real-mixup-endpoints", paper_ref=REF6,
       statement="λ should be close to 0 or 1",
       reading="real mixup (random permutation partner), fixed λ: the complexity reduction R̂(X) − E_πR̂(mixed X) "
               "is at least as large for λ near an end (λ ≤ 0.2 or ≥ 0.8) as at λ = ½; exact (all σ, all π)",
       method="property-search", expected="refuted", recompute=_recompute_endpoints)
def opt_real_endpoints(ctx):
    def margin(ex):
        X, lam = ex
        return _red_real(X, 0.5) - _red_real(X, lam) - 1e-9

    lam_end = st.one_of(st.floats(0.01, 0.2), st.floats(0.8, 0.99))
    counterexample = recomputed_counterexample(
        _recompute_endpoints, sample_and_lambda("lambda_near_end", lambda_mid=0.5),
        lambda inp, lhs, rhs: f"X = {inp['X']}: reduction {float(lhs):.4g} at λ = {inp['lambda_near_end']} < "
                              f"{float(rhs):.4g} at λ = ½; for real mixup the reduction is 0 at λ ∈ {{0, 1}} and "
                              "largest at ½",
        relation=">=")

    return refute_by_search(ctx, st.tuples(_samples(max_n=4), lam_end), margin, counterexample)


@claim("sec6.optimal-lambda/real-mixup-optimum-half", paper_ref=REF6,
       statement="(corrected) for real mixup the complexity reduction is largest at λ = ½",
       reading="real mixup, fixed λ: R̂(X) − E_πR̂(mixed X) ≤ its value at λ = ½ for all λ ∈ [0, 1]; exact over all σ "
               "and all n! permutations, so n ≤ 6; d up to the profile's search_d",
       method="property-search", expected="holds")
def opt_real_half(ctx):
    def holding(res):
        return holds(f"λ = ½ maximal on {res.examples} (X, λ)", examples=res.examples, worst_margin=res.worst_margin,
                     proof="λ ↦ E_πR̂(λX + (1-λ)X_π) is convex (R̂ convex in the sample) and symmetric about ½ "
                           "(swap-symmetry-real), hence minimal at ½")

    strat = st.tuples(mst.profile_samples(ctx.profile, min_n=2, max_n=6), st.floats(0, 1))
    return hold_by_search(ctx, strat, holding=holding, sides=(lambda ex: _red_real(*ex), lambda ex: _red_real(ex[0], 0.5)),
                          tol=1e-9, known=((_PAIR, 0.25),), what="violation")
