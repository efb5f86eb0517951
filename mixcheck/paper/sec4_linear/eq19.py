"""``eq19`` — proof of Theorem 2, eq. (19): the chain bounding R̂*_B(H_ℓ) with x̃_i = E_{x_j}[λx_i + (1-λ)x_j].

Every claim registered here has an id ``eq19/…``.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from mixcheck import strategies as mst
from mixcheck.engine.outcomes import holds
from mixcheck.engine.registry import claim
from mixcheck.exact import (
    as_fraction_rows,
    frac,
    linear_rademacher_exact,
    mp,
    perm_mixup_rademacher_exact,
    perm_mixup_rademacher_float,
    surrogate_rows,
)
from mixcheck.engine.templates import refute_by_search, hold_by_search
from mixcheck.paper._derivations import attach
from mixcheck.profiles import search_sizes
from mixcheck.paper._kit import (
    exact_sample,
    open_lambdas,
    recomputed_counterexample,
    refute_by_recompute,
    sample_and_lambda,
    surrogate_float,
)
from mixcheck.paper.sec4_linear._common import (
    READ_REAL,
    READ_SURR,
    _lin_exact,
    _n_mean_sq,
    _small_samples,
    _sq,
    _sqrt,
    _sum_norm2,
)
from mixcheck.paper._partner_checks import register_partner_claims
from mixcheck.paper._relations import chain_margin, paired


REF19 = "Section 4, proof of Theorem 2, eq. (19)"


# --------------------------------------------------------------------------- eq. (19)

def _recompute_eq19_step3(inp):
    rows, lam = exact_sample(inp, "lambda")
    lhs = _sq(surrogate_rows(rows, lam))
    rhs = lam ** 2 * _sq(rows) + (1 - lam) ** 2 * _n_mean_sq(rows)
    return mp(lhs), mp(rhs)


@claim("eq19/step3", paper_ref=REF19,
       statement="Σ_i‖λx_i + (1-λ)E_{x_j}[x_j]‖₂² ≤ Σ_i(‖λx_i‖₂² + ‖(1-λ)E_{x_j}[x_j]‖₂²)",
       reading="E_{x_j}[x_j] = x̄ (the sample mean), fixed λ ∈ (0, 1); the step drops the cross "
               "term 2λ(1-λ)Σ_i x_i·x̄ = 2λ(1-λ)n‖x̄‖², which is ≥ 0; exact rational arithmetic",
       method="property-search", expected="refuted", recompute=_recompute_eq19_step3)
@attach("thm2.eq19-expansion")
def eq19_step3(ctx):
    return refute_by_recompute(
        ctx, st.tuples(_small_samples(min_n=2), open_lambdas()), _recompute_eq19_step3, sample_and_lambda(),
        lambda inp, lhs, rhs: f"X={inp['X']}, λ={inp['lambda']}: Σ‖x̃_i‖² = {float(lhs):.4g} > {float(rhs):.4g}; the "
                              "dropped cross term 2λ(1-λ)n‖x̄‖² is > 0 whenever x̄ ≠ 0",
        correction="Σ‖λx_i + (1-λ)x̄‖² = λ²Σ‖x_i‖² + (1-λ²)n‖x̄‖² exactly (eq19/corrected)")


# --------------------------------------------------------------------------- eq. (19), continued

@claim("eq19/step2", paper_ref=REF19,
       statement="‖E_{x_j}[λx_i + (1-λ)x_j]‖ = ‖λx_i + (1-λ)E_{x_j}[x_j]‖, with E_{x_j}[x_j] = x̄",
       reading="E_{x_j} the average over j uniform on the sample; linearity of the average, exact (fractions): the rows "
               "themselves compared, as the relation Σ_i‖E_j[λx_i + (1-λ)x_j] − x̃_i‖² + Σ_i‖x̃_i‖² = Σ_i‖x̃_i‖² (true "
               "exactly when every averaged row equals λx_i + (1-λ)x̄, which implies the equality of the norms); n and d up to "
               "the profile's search sizes (ci 12 and 6, thorough 20 and 8)",
       method="property-search", expected="holds")
@attach("lin.eq19-step2")
def eq19_step2(ctx):
    def sides(ex):
        X, lam = ex
        rows, lamf = as_fraction_rows(X), frac(lam)
        n, d = len(rows), len(rows[0])
        avg = [[sum(lamf * r[k] + (1 - lamf) * rows[j][k] for j in range(n)) / n for k in range(d)] for r in rows]
        sur = surrogate_rows(rows, lamf)
        offset = _sq(sur)  # Σ‖x̃_i‖² on both sides: equal iff every averaged row is its surrogate row
        return _sq([[a - b for a, b in zip(ra, rb)] for ra, rb in zip(avg, sur)]) + offset, offset

    def holding(res):
        return holds(f"exact equality (fractions) on {res.examples} samples", examples=res.examples,
                     arithmetic="fractions", proof="the average is linear",
                     relation="Σ_i‖E_j[λx_i + (1-λ)x_j] − (λx_i + (1-λ)x̄)‖² + Σ_i‖x̃_i‖² = Σ_i‖x̃_i‖² (exact)",
                     known_input={"X": [[1.0]], "lambda": 0.5})

    return hold_by_search(ctx, st.tuples(mst.profile_samples(ctx.profile), open_lambdas()), holding=holding,
                          sides=paired(sides),
                          relation="==", known=((np.array([[1.0]]), 0.5),), what="mismatch")


def _recompute_eq19_real(inp):
    rows, lam, Lam = exact_sample(inp, "lambda", "Lambda")
    n = len(rows)
    lhs = perm_mixup_rademacher_exact(rows, lam, Lam)
    rhs = mp(Lam) / n * _sqrt(_sq(surrogate_rows(rows, lam)))
    return lhs, rhs


@claim("eq19/step1-real-mixup", paper_ref=REF19,
       statement="R̂*_B(H) ≤ (Λ/n)(Σ_i‖x̃_i‖₂²)^½ with x̃_i = E_{x_j}[λx_i + (1-λ)x_j]",
       reading=READ_REAL + "; x̃_i the expected partner λx_i + (1-λ)x̄ as in the proof: the bound of the "
               "surrogate applied to the complexity of real mixup",
       method="property-search", expected="refuted", recompute=_recompute_eq19_real)
def eq19_step1_real(ctx):
    def margin(ex):
        X, lam = ex
        lhs = perm_mixup_rademacher_float(X, lam)
        rhs = math.sqrt(_sum_norm2(surrogate_float(X, lam))) / X.shape[0]
        return lhs - rhs - 1e-9

    counterexample = recomputed_counterexample(
        _recompute_eq19_real, sample_and_lambda(Lambda=1.0),
        lambda inp, lhs, rhs: f"X={inp['X']}, λ={inp['lambda']}: real mixup E_πR̂ = {float(lhs):.4g} > "
                              f"{float(rhs):.4g} = (Λ/n)(Σ‖λx_i+(1-λ)x̄‖²)^½; the expected partner understates "
                              "the random partner (E‖·‖² ≥ ‖E·‖²)",
        correction="for real mixup: R̂* ≤ (Λ/n)(E_πΣ‖λx_i+(1-λ)x_π(i)‖²)^½ (Jensen over σ and π)")

    return refute_by_search(ctx, st.tuples(_small_samples(min_n=2, max_n=4), open_lambdas()), margin, counterexample)


def _recompute_eq19_end(inp):
    rows, lam, Lam = exact_sample(inp, "lambda", "Lambda")
    n = len(rows)
    lhs = linear_rademacher_exact(surrogate_rows(rows, lam), Lam)
    rhs = mp(Lam) / n * _sqrt(lam ** 2 * _sq(rows) + (1 - lam) ** 2 * _n_mean_sq(rows))
    return lhs, rhs


@claim("eq19/chain-end", paper_ref=REF19,
       statement="R̂*_B(H) ≤ (Λ/n)(λ²Σ_i‖x_i‖₂² + (1-λ)²Σ_i‖E_{x_j}[x_j]‖₂²)^½ (the last line of (19))",
       reading=READ_SURR + "; R̂* computed exactly; n ≥ 2",
       method="property-search", expected="refuted", recompute=_recompute_eq19_end)
@attach("thm2.eq19-expansion")
def eq19_chain_end(ctx):
    def margin(ex):
        X, lam = ex
        n = X.shape[0]
        lhs = _lin_exact(surrogate_float(X, lam))
        rhs = math.sqrt(lam ** 2 * _sum_norm2(X) + (1 - lam) ** 2 * n * float(np.sum(X.mean(0) ** 2))) / n
        return lhs - rhs - 1e-9

    counterexample = recomputed_counterexample(
        _recompute_eq19_end, sample_and_lambda(Lambda=1.0),
        lambda inp, lhs, rhs: f"X={inp['X']}, λ={inp['lambda']}: R̂(surrogate) = {float(lhs):.4g} > "
                              f"{float(rhs):.4g}, the last line of (19) (its coefficient (1-λ)² should be 1-λ²)",
        correction="R̂* ≤ (Λ/n)(λ²Σ‖x_i‖² + (1-λ²)n‖x̄‖²)^½ (eq19/corrected)")

    return refute_by_search(ctx, st.tuples(_small_samples(min_n=2, max_n=6), open_lambdas()), margin, counterexample)


@claim("eq19/corrected", paper_ref=REF19,
       statement="R̂*_B(H) ≤ (Λ/n)(Σ‖x̃_i‖²)^½ = (Λ/n)(λ²Σ_i‖x_i‖₂² + (1-λ²)n‖x̄‖₂²)^½",
       reading=READ_SURR + "; the first line of (19) (eq. 18 applied to the surrogate sample) and the "
               "exact expansion of Σ‖x̃_i‖² (cross term kept): coefficient 1-λ² instead of the printed (1-λ)²; n from 2 and d "
               "up to the profile's search sizes (ci 12 and 6, thorough 20 and 8)",
       method="property-search", expected="holds")
@attach("lin.eq19-corrected", "thm2.eq19-expansion")
def eq19_corrected(ctx):
    def identity(ex):  # Σ‖x̃_i‖² against its expansion, exactly
        X, lam = ex
        rows, lamf = as_fraction_rows(X), frac(lam)
        return _sq(surrogate_rows(rows, lamf)), lamf ** 2 * _sq(rows) + (1 - lamf ** 2) * _n_mean_sq(rows)

    worst = [-math.inf]

    def bound(ex):  # eq. (18) on the surrogate sample, noting the largest (lhs − rhs)/rhs
        X, lam = ex
        Y = surrogate_float(X, lam)
        top = float(np.max(np.abs(Y)))  # (Σ‖x̃_i‖²)^½ scaled first: squares of entries near 1e-308 underflow to 0
        lhs, rhs = _lin_exact(Y), (top * math.sqrt(_sum_norm2(Y / top)) if top > 0 else 0.0) / X.shape[0]
        if rhs > 0:
            worst[0] = max(worst[0], (lhs - rhs) / rhs)
        return lhs, rhs

    def holding(res):
        return holds(f"identity exact (fractions) and bound on {res.examples} samples (n 2..{n_hi}, d 1..{d_hi}); largest "
                     f"(lhs-rhs)/rhs = {worst[0]:.3g}", examples=res.examples, worst_margin=worst[0],
                     proof="Σ‖λx_i+(1-λ)x̄‖² = λ²Σ‖x_i‖² + 2λ(1-λ)n‖x̄‖² + (1-λ)²n‖x̄‖², and 2λ(1-λ)+(1-λ)² = 1-λ²; "
                           "the bound is eq. (18) on the surrogate sample",
                     relations=["Σ‖x̃_i‖² = λ²Σ‖x_i‖² + (1-λ²)n‖x̄‖² (exact)", "R̂(x̃) ≤ (1/n)(Σ‖x̃_i‖²)^½ (float)"],
                     known_input={"X": [[1.0], [1.0]], "lambda": 0.5})

    n_hi, d_hi = search_sizes(ctx.profile)
    # X = [[1], [1]], λ = ½: the identity 2 = 2, the bound ½ ≤ √2/2
    return hold_by_search(ctx, st.tuples(mst.profile_samples(ctx.profile, min_n=2), open_lambdas()),
                          chain_margin((identity, "=="), (bound, "<=")), holding, tol=1e-12,
                          known=((np.array([[1.0], [1.0]]), 0.5),), what="violation")


# --------------------------------------------------------------------------- every partner law
# The statement under each partner law of x̃_i = E_{x_j}[λx_i + (1-λ)x_j]: x_j over the whole sample,
# over j ≠ i, a uniformly random permutation, a uniformly random derangement (mixcheck.partners;
# the checks: mixcheck.paper._partner_checks and its sibling modules, each registered here through a
# delegating check of this module).

register_partner_claims("eq19", lambda spec: lambda ctx: spec.check(ctx))
