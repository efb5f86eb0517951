"""``eq33`` — proof of Theorem 4, eq. (33): ∇∇ψ_λ(θ) = Var(λx + (1-λ)E[x]) = λ²Var(x) = λ²ψ(θ).

Every claim registered here has an id ``eq33/…``.
"""

from __future__ import annotations

import mpmath

from mixcheck.paper import _proofs
from mixcheck.paper._kit import refuted_at
from mixcheck.engine.outcomes import inconclusive
from mixcheck.engine.registry import Outcome, claim, jsonable
from mixcheck.concentration import mean_interval
from mixcheck.exact import frac, mp
from mixcheck.paper.sec7_geometry._common import (
    FALSE_ALARM,
    _bern_mc,
    _bern_var_mixed,
    _make_beta,
    _make_real,
    _psi,
)
from mixcheck.paper._partner_checks import register_partner_claims


def _recompute_eq33_printed(inp):
    t, lam = mp(frac(inp["theta"])), mp(frac(inp["lambda"]))
    p = 1 / (1 + mpmath.exp(-t))
    return _bern_var_mixed(p, lam, "mean"), lam ** 2 * _psi("bernoulli", inp["theta"])


@claim("eq33/as-printed", paper_ref="Section 7, proof of Theorem 4, eq. (33)",
       statement="∇∇ψ_λ(θ) = Var(λx + (1-λ)E[x]) = λ²Var(x) + (1-λ)²Var(E[x]) = λ²Var(x) = λ²ψ(θ)",
       reading="the last equality as printed (ψ, not ∇∇ψ); x ~ Bernoulli with natural parameter θ, "
               "ψ(θ) = log(1 + e^θ); Var of the surrogate by enumerating the law of x; 50 digits",
       method="symbolic", expected="refuted", recompute=_recompute_eq33_printed)
def eq33_printed(ctx):
    return refuted_at(
        _recompute_eq33_printed, {"family": "bernoulli", "theta": "0", "lambda": "1/2"},
        lambda inp, lhs, rhs: f"Bernoulli, θ = 0, λ = ½: Var(x̃) = {float(lhs):.4g} = λ²Var(x) but λ²ψ(θ) = λ²log 2 = "
                              f"{float(rhs):.4g}: a typo for λ²∇∇ψ(θ) (the rest of the chain holds: "
                              "eq33/surrogate-variance)",
        relation="==", **_proofs.evidence("mixup.eq33"))


@claim("eq33/surrogate-variance", paper_ref="Section 7, proof of Theorem 4, eq. (33)",
       statement="Var(λx + (1-λ)E[x]) = λ²Var(x) + (1-λ)²Var(E[x]) = λ²Var(x) (= λ²∇∇ψ(θ))",
       reading="surrogate, fixed λ; SymPy (proofs: mixup.surrogate-variance, mixup.surrogate-covariance) and "
               "Monte Carlo on Bernoulli(0.3), λ = 0.6",
       method="symbolic", expected="holds")
def eq33_surrogate(ctx):
    p, lam = 0.3, 0.6
    v = _bern_mc(ctx, "eq33s", ctx.mc(20000), p, lam=lam)
    est = mean_interval((v - p) ** 2, 0, lam ** 2, level=1 - FALSE_ALARM)
    truth = lam ** 2 * p * (1 - p)
    ev = _proofs.evidence("mixup.surrogate-variance", "mixup.surrogate-covariance")
    ev.update(estimate=est.value, ci=[est.low, est.high], level=1 - FALSE_ALARM, formula=truth,
              test="Hoeffding ∩ EB", false_alarm=FALSE_ALARM)
    if ev["derivations_ok"] and est.covers(truth):
        return Outcome("holds", jsonable(ev), f"derived; MC {est.value:.4f} covers λ²Var(x) = {truth:.4f}")
    return inconclusive("failed", reason="see evidence", settle="inspect", **ev)


_make_real("eq33/real-mixup", "Section 7, proof of Theorem 4, eq. (33)",
           "Var(x̃) = λ²Var(x) for the mixed variable x̃ (here with the random partner of mixup training)")


_make_beta("eq33/beta-lambda-surrogate", "Section 7, proof of Theorem 4, eq. (33)",
           "mixup.surrogate-variance-random-lambda", "mean", "E[λ²] = (α+1)/(2(2α+1))")


# --------------------------------------------------------------------------- every partner law
# The statement under each partner law of x̃_i = E_{x_j}[λx_i + (1-λ)x_j]: x_j over the whole sample,
# over j ≠ i, a uniformly random permutation, a uniformly random derangement (mixcheck.partners;
# the checks: mixcheck.paper._partner_checks and its sibling modules, each registered here through a
# delegating check of this module).

register_partner_claims("eq33", lambda spec: lambda ctx: spec.check(ctx))
