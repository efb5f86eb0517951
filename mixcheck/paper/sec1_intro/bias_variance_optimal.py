"""``intro.bias-variance-optimal`` — Section 1, bullet 4: λ near its optimal value reduces both bias and variance.

Every claim registered here has an id ``intro.bias-variance-optimal/…``.
"""

from __future__ import annotations

from mixcheck.paper import _proofs
from mixcheck.engine.outcomes import holds, inconclusive
from mixcheck.engine.registry import claim
from mixcheck.paper._kit import as_printed


REF_I4 = "Section 1, fourth bullet"


ST_I4 = "When the parameter λ has near the optimal value, mixup can reduce both the bias and variance of the estimator."


as_printed("intro.bias-variance-optimal/as-printed", paper_ref=REF_I4, statement=ST_I4,
           summary="'the optimal value' of λ and 'the estimator' are not defined",
           reason="no optimality criterion and no estimator are given",
           settle="a definition; the natural reading is intro.bias-variance-optimal/mean-estimator")


@claim("intro.bias-variance-optimal/mean-estimator", paper_ref=REF_I4, statement=ST_I4,
       reading="estimator of E[x] from two independent draws: x̃ = λx + (1-λ)x'. Bias 0 for every λ (proofs: "
               "mixup.pair-mean), variance (λ² + (1-λ)²)Var(x) minimised at the optimal λ* = ½ (half of the "
               "no-mixing variance); near λ* the variance is reduced and the bias is not increased (it is 0 "
               "throughout — 'reduces the bias' holds only weakly)",
       method="symbolic", expected="holds")
def bv_opt_mean(ctx):
    import sympy as sp

    lam = sp.symbols("lambda", real=True)
    f = lam ** 2 + (1 - lam) ** 2
    crit = sp.solve(sp.diff(f, lam), lam)
    ev = _proofs.evidence("mixup.pair-mean", "mixup.pair-variance")
    if crit != [sp.Rational(1, 2)] or f.subs(lam, crit[0]) != sp.Rational(1, 2) or not ev["derivations_ok"]:
        return inconclusive(f"critical points {crit} of λ² + (1-λ)²", reason="the optimum or a derivation is not as "
                            "stated", settle="inspect", **ev)
    return holds(f"argmin of λ² + (1-λ)² is {crit} with value {f.subs(lam, crit[0])}; bias 0 for all λ",
                 **ev)
