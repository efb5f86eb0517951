"""``eq31`` — proof of Theorem 4, eq. (31): ∇∇ψ(θ) = Var(x); ψ is convex.

Every claim registered here has an id ``eq31/…``.
"""

from __future__ import annotations

import numpy as np

from mixcheck.paper import _proofs
from mixcheck.engine.outcomes import inconclusive
from mixcheck.engine.registry import Outcome, claim, jsonable
from mixcheck.concentration import mean_interval
from mixcheck.paper.sec7_geometry._common import EXPFAM, FALSE_ALARM, _bern_mc, _named_steps_hold, _step_ok


@claim("eq31/families", paper_ref="Section 7, proof of Theorem 4, eq. (31)",
       statement="∇∇ψ(θ) = Var(x); ψ is convex (its Hessian is positive definite)",
       reading="as in eq30/families; the printed intermediate '∫ −∂²ψ/∂θ_i∂θ_j dx' lacks the density p(x; θ) "
               "(with it the step is right); 'positive definite' holds for minimal families only (the "
               "over-complete categorical family has a singular Hessian: positive SEMI-definite)",
       method="symbolic", expected="holds")
def eq31(ctx):
    ok = _named_steps_hold("eq31")
    psd = all(all(_step_ok(i, "psd")) for i in EXPFAM)
    p = 1 / (1 + np.exp(-0.3))
    x = _bern_mc(ctx, "eq31", ctx.mc(20000), p, lam=1.0)
    est = mean_interval((x - p) ** 2, 0, 1, level=1 - FALSE_ALARM)
    ev = _proofs.evidence(*EXPFAM)
    ev.update(estimate=est.value, ci=[est.low, est.high], level=1 - FALSE_ALARM, formula=float(p * (1 - p)),
              test="Hoeffding ∩ empirical Bernstein on (x − p)²", false_alarm=FALSE_ALARM,
              typos=["∫ −∂²ψ dx should be ∫ −∂²ψ · p(x; θ) dx", "positive definite → positive semi-definite"])
    if ok and psd and est.covers(p * (1 - p)):
        return Outcome("holds", jsonable(ev), f"∇∇ψ = Var(x) and ψ convex, derived for all {len(EXPFAM)} families; "
                       f"Bernoulli MC variance {est.value:.4f} covers ψ''(0.3) = {p * (1 - p):.4f}")
    return inconclusive("a derivation or the MC check failed", reason="see evidence", settle="inspect", **ev)
