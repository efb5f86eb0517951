"""``eq23`` — proof of Theorem 3, eq. (23): the norm-based network bound (Neyshabur et al.) used for H_{L,W_L}.

Every claim registered here has an id ``eq23/…``.
"""

from __future__ import annotations

import numpy as np

from mixcheck import strategies as mst
from mixcheck.engine.outcomes import holds, inconclusive, unexpected_violation
from mixcheck.engine.search import search
from mixcheck.engine.registry import claim
from mixcheck.exact import single_neuron_rademacher
from mixcheck.engine.templates import hold_by_search
from mixcheck.paper.sec5_network._common import _bound23


REF23 = "Section 5, proof of Theorem 3, eq. (23)"


# --------------------------------------------------------------------------- eq. (23)

@claim("eq23/L1-exact", paper_ref=REF23,
       statement="R̂_B(H_{L,W_L}) ≤ (1/√n)·2^{L+½}·W_L·max_i‖x_i‖",
       reading="L = 1, d ∈ {1, 2}: the left side computed exactly (sup over the network reduces to one "
               "neuron, then all 2ⁿ σ and the exact maximum over unit directions); W_L = 1; n up to 14 (the exact "
               "single-neuron complexity needs d ≤ 2 and n ≤ 14; ci draws n ≤ 12)",
       method="property-search", expected="holds")
def eq23_l1(ctx):
    def holding(res):
        return holds(f"exact R̂(H_1) ≤ bound on {res.examples} samples; largest relative excess "
                     f"{res.worst_margin:.3f} (< 0: below the bound)", examples=res.examples,
                     worst_margin=res.worst_margin)

    return hold_by_search(ctx, mst.profile_samples(ctx.profile, max_n=14, max_d=2), holding=holding,
                          sides=(single_neuron_rademacher, _bound23), tol=1e-9, known=(np.array([[1.0]]),),
                          what="exact R̂ above the bound")


@claim("eq23/cited-bound", paper_ref=REF23,
       statement="R̂_B(H_{L,W_L}) ≤ (1/√n)·2^{L+½}·W_L·max_i‖x_i‖ (Neyshabur, Tomioka and Srebro 2015)",
       reading="L ≥ 2: R̂ of deep ReLU networks is not computable exactly here; the exact lower bound "
               "R̂(H_{L,W}) ≥ R̂(H_{1,W}) (a single neuron followed by 1×1 identity layers) is compared with "
               "the bound for L = 2, 3",
       method="property-search", expected="inconclusive")
def eq23_cited(ctx):
    worst = [0.0]

    def margin(X):
        if not np.any(X):
            return -1.0
        lb = single_neuron_rademacher(X)
        r = max(lb / _bound23(X, L) for L in (2, 3))
        worst[0] = max(worst[0], r)
        return r - 1

    res = search(ctx, mst.profile_samples(ctx.profile, max_n=14, max_d=2), margin)
    if res.found:
        return unexpected_violation(res, "an exact lower bound above the cited bound")
    return inconclusive(
        f"never contradicted: exact lower bounds reach at most {worst[0]:.3f} of the bound (L = 2, 3, "
        f"{res.examples} samples); an upper bound on R̂ for L ≥ 2 cannot be computed here",
        reason="the statement is a cited theorem; only lower bounds on R̂ of deep networks are computable, and "
               "they sit far below it (the bound grows like 2^L); the printed constant was not checked against "
               "the cited paper",
        settle="the exact statement and constant of Neyshabur et al. (2015) for the ℓ2/Frobenius group norm, or "
               "a certified upper bound on R̂ for L ≥ 2",
        examples=res.examples, max_ratio=worst[0])
