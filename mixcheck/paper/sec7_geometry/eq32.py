"""``eq32`` — proof of Theorem 4, eq. (32): ∇ψ_λ(θ) = E[x̃] = E[x] for x̃ = λx + (1-λ)E[x].

Every claim registered here has an id ``eq32/…``.
"""

from __future__ import annotations

from mixcheck.paper import _proofs
from mixcheck.engine.outcomes import inconclusive
from mixcheck.engine.registry import Outcome, claim, jsonable
from mixcheck.concentration import mean_interval
from mixcheck.paper.sec7_geometry._common import FALSE_ALARM, _bern_mc


# --------------------------------------------------------------------------- eq. (32)

def _make_eq32(cid, did, partner, alpha, reading):
    @claim(cid, paper_ref="Section 7, proof of Theorem 4, eq. (32)",
           statement="∇ψ_λ(θ) = E[x̃] = E[λx + (1-λ)E[x]] = E[x]",
           reading=reading + "; SymPy (proofs: " + did + ") and Monte Carlo on Bernoulli(0.3)",
           method="symbolic", expected="holds")
    def check(ctx):
        p = 0.3
        v = _bern_mc(ctx, cid, ctx.mc(20000), p, lam=0.3 if alpha is None else None, alpha=alpha, partner=partner)
        est = mean_interval(v, 0, 1, level=1 - FALSE_ALARM)
        ev = _proofs.evidence(did)
        ev.update(estimate=est.value, ci=[est.low, est.high], level=1 - FALSE_ALARM, test="Hoeffding ∩ EB",
                  false_alarm=FALSE_ALARM)
        if ev["derivations_ok"] and est.covers(p):
            return Outcome("holds", jsonable(ev), f"E[x̃] = E[x] derived; MC {est.value:.4f} covers {p}")
        return inconclusive("failed", reason="see evidence", settle="inspect", **ev)

    return check


_make_eq32("eq32/surrogate", "mixup.surrogate-mean", "mean", None,
           "reading (a)/(c): x̃ = λx + (1-λ)E[x], λ = 0.3 fixed")


_make_eq32("eq32/real-mixup", "mixup.pair-mean", "independent", None,
           "real mixup x̃ = λx + (1-λ)x', x' an independent copy, λ = 0.3")


_make_eq32("eq32/beta-lambda", "mixup.pair-mean", "independent", 0.4,
           "real mixup with λ ~ Beta(0.4, 0.4) independent of x, x' (E[x̃] = E[λ]E[x] + E[1-λ]E[x'])")
