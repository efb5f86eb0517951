"""``eq30`` — proof of Theorem 4, eq. (30): ∇ψ(θ) = E[x] for an exponential family.

Every claim registered here has an id ``eq30/…``.
"""

from __future__ import annotations

import numpy as np

from mixcheck.paper import _proofs
from mixcheck.engine.outcomes import inconclusive
from mixcheck.engine.registry import Outcome, claim, jsonable
from mixcheck.concentration import mean_interval
from mixcheck.paper.sec7_geometry._common import EXPFAM, FALSE_ALARM, _bern_mc, _named_steps_hold


# --------------------------------------------------------------------------- eq. (30), (31)

@claim("eq30/families", paper_ref="Section 7, proof of Theorem 4, eq. (30)",
       statement="∂ψ(θ)/∂θ_i = ∫x_i p(x; θ)dx = E[x_i], i.e. ∇ψ(θ) = E[x]",
       reading="ψ the log-normaliser of p(x; θ) = exp{θ·x + k(x) − ψ(θ)} (eq. 27-28; the printed '∇ψ(x)' is read "
               "as ∇ψ(θ)); SymPy derivations from the normaliser for 11 families (proofs: expfam.*), and a "
               "Monte-Carlo check for Bernoulli(θ = 0.3)",
       method="symbolic", expected="holds")
def eq30(ctx):
    ok = _named_steps_hold("eq30")
    p = 1 / (1 + np.exp(-0.3))
    est = mean_interval(_bern_mc(ctx, "eq30", ctx.mc(20000), p, lam=1.0), 0, 1, level=1 - FALSE_ALARM)
    ev = _proofs.evidence(*EXPFAM)
    ev.update(estimate=est.value, ci=[est.low, est.high], level=1 - FALSE_ALARM, formula=float(p),
              test="Hoeffding ∩ empirical Bernstein", false_alarm=FALSE_ALARM,
              typos=["eq. (30) writes ∇ψ(x) for ∇ψ(θ)"])
    if ok and est.covers(p) and ev["derivations_ok"]:
        return Outcome("holds", jsonable(ev), f"eq. (30) derived for all {len(EXPFAM)} families; Bernoulli sample mean "
                       f"{est.value:.4f} ∈ CI covers ψ'(0.3) = {p:.4f}")
    return inconclusive("a derivation or the MC check failed", reason="see evidence", settle="inspect", **ev)
