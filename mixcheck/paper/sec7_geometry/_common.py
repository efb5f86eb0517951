"""Helpers that several statements of Section 7 share (eq30, eq31, eq32, eq33, thm4, and the introduction).
"""

from __future__ import annotations

import mpmath
import numpy as np

from mixcheck.paper import _proofs
from mixcheck.paper._kit import refuted_at
from mixcheck.engine.outcomes import inconclusive
from mixcheck.engine.registry import Outcome, claim, jsonable
from mixcheck.concentration import mean_interval
from mixcheck.exact import frac, mp


FALSE_ALARM = 1e-3


EXPFAM = ("expfam.bernoulli", "expfam.binomial", "expfam.poisson", "expfam.geometric", "expfam.exponential",
          "expfam.gamma", "expfam.gaussian-known-sigma", "expfam.gaussian", "expfam.categorical",
          "expfam.categorical-overcomplete", "expfam.beta")


def _step_ok(did, name):
    d = _proofs.derivation(did)
    return [s.holds for s in d.steps if s.name == name]


def _named_steps_hold(name):
    """Every exponential-family derivation has a step ``name`` and all such steps hold."""
    return all((steps := _step_ok(i, name)) and all(steps) for i in EXPFAM)


def _bern_mc(ctx, name, T, p, lam=None, alpha=None, partner="mean"):
    """Draws of x̃ = λx + (1-λ)·(p or x'), x ~ Bernoulli(p)."""
    rng = ctx.rng(name)
    x = (rng.random(T) < p).astype(float)
    lam_v = rng.beta(alpha, alpha, T) if alpha is not None else np.full(T, lam)
    other = p if partner == "mean" else (rng.random(T) < p).astype(float)
    return lam_v * x + (1 - lam_v) * other


def _families_and_bernoulli_mc(ctx, name, statistic, formula, *, test, typos, steps_hold, summary):
    """Theorem 4's per-family claims (eqs. (30), (31)): the exponential-family derivations hold,
    ``steps_hold``, and the mean of ``statistic(x, p)`` over Bernoulli draws at θ = 0.3 (``ctx.mc(20000)``)
    has an interval at level 1 − FALSE_ALARM (Hoeffding ∩ empirical Bernstein) covering
    ``formula(p)``; ``summary(estimate, value)`` words the verdict."""
    p = 1 / (1 + np.exp(-0.3))
    value = formula(p)
    est = mean_interval(statistic(_bern_mc(ctx, name, ctx.mc(20000), p, lam=1.0), p), 0, 1, level=1 - FALSE_ALARM)
    ev = _proofs.evidence(*EXPFAM)
    ev.update(estimate=est.value, ci=[est.low, est.high], level=1 - FALSE_ALARM, formula=float(value), test=test,
              false_alarm=FALSE_ALARM, typos=typos)
    if steps_hold and ev["derivations_ok"] and est.covers(value):
        return Outcome("holds", jsonable(ev), summary(est.value, value))
    return inconclusive("a derivation or the MC check failed", reason="see evidence", settle="inspect", **ev)


# --------------------------------------------------------------------------- eq. (33)

def _psi(family, theta):
    t = theta if isinstance(theta, mpmath.mpf) else mp(frac(theta))
    if family == "bernoulli":
        return mpmath.log(1 + mpmath.exp(t))
    if family == "gaussian-known-sigma":  # σ = 1, k(x) = −x²/2
        return t ** 2 / 2 + mpmath.log(2 * mpmath.pi) / 2
    raise ValueError(family)


def _bern_var_mixed(p, lam, partner):
    """Var of λx + (1-λ)·partner by enumerating the joint law of Bernoulli(p) draws (exact in p, λ given as mpf)."""
    if partner == "mean":
        pts = [(lam * v + (1 - lam) * p, p if v else 1 - p) for v in (0, 1)]
    else:
        pts = [(lam * a + (1 - lam) * b, (p if a else 1 - p) * (p if b else 1 - p)) for a in (0, 1) for b in (0, 1)]
    m = mpmath.fsum(v * w for v, w in pts)
    return mpmath.fsum((v - m) ** 2 * w for v, w in pts)


def _recompute_real(inp):
    t, lam = mp(frac(inp["theta"])), mp(frac(inp["lambda"]))
    p = 1 / (1 + mpmath.exp(-t))
    psi2 = mpmath.diff(lambda s: _psi("bernoulli", s), t, 2)  # ∇∇ψ(θ), independently of the enumeration
    return _bern_var_mixed(p, lam, "independent"), lam ** 2 * psi2


def _real_mc(ctx, name):
    p, lam = 0.5, 0.5
    v = _bern_mc(ctx, name, ctx.mc(20000), p, lam=lam, partner="independent")
    return mean_interval((v - p) ** 2, 0, 0.25, level=1 - FALSE_ALARM)


def _make_real(cid, ref, statement):
    @claim(cid, paper_ref=ref, statement=statement,
           reading="real mixup: x̃ = λx + (1-λ)x' with x' an independent copy (the random partner of training), "
                   "fixed λ; Var(x̃) by enumerating the joint law, ∇∇ψ by differentiating ψ(θ) = log(1 + e^θ); "
                   "plus a Monte-Carlo estimate of Var(x̃) whose interval excludes λ²∇∇ψ",
           method="symbolic", expected="refuted", recompute=_recompute_real)
    def check(ctx):
        est = _real_mc(ctx, cid)
        return refuted_at(
            _recompute_real, {"family": "bernoulli", "theta": "0", "lambda": "1/2"},
            lambda inp, lhs, rhs: f"Bernoulli(½), λ = ½: Var(λx + (1-λ)x') = {float(lhs):.4g} = (λ² + (1-λ)²)∇∇ψ, "
                                  f"not λ²∇∇ψ = {float(rhs):.4g}; MC {est.value:.4f} [{est.low:.4f}, {est.high:.4f}]",
            relation="==", estimate=est.value, ci=[est.low, est.high], level=1 - FALSE_ALARM, test="Hoeffding ∩ EB",
            false_alarm=FALSE_ALARM, correction="factor λ² + (1-λ)² for an independent partner",
            **_proofs.evidence("mixup.pair-variance"))

    return check


def _make_beta(cid, ref, did, partner, factor_name):
    @claim(cid, paper_ref=ref, statement="∇∇ψ_λ(θ) = Var(x̃), with λ ~ Beta(α, α) as in mixup training",
           reading=f"reading (a), λ ~ Beta(α, α) independent of x; corrected factor {factor_name} in place of λ² "
                   f"(proofs: {did}); Monte Carlo on Bernoulli(½), α = 0.4",
           method="symbolic", expected="holds")
    def check(ctx):
        a, p = 0.4, 0.5
        v = _bern_mc(ctx, cid, ctx.mc(20000), p, alpha=a, partner=partner)
        est = mean_interval((v - p) ** 2, 0, 0.25, level=1 - FALSE_ALARM)
        e2 = (a + 1) / (2 * (2 * a + 1))
        truth = (e2 if partner == "mean" else 2 * e2) * p * (1 - p)
        ev = _proofs.evidence(did)
        ev.update(estimate=est.value, ci=[est.low, est.high], level=1 - FALSE_ALARM, formula=truth,
                  test="Hoeffding ∩ EB", false_alarm=FALSE_ALARM)
        if ev["derivations_ok"] and est.covers(truth):
            return Outcome("holds", jsonable(ev), f"Var(x̃) = {factor_name}·Var(x) derived; MC {est.value:.4f} covers "
                           f"{truth:.4f}")
        return inconclusive("failed", reason="see evidence", settle="inspect", **ev)

    return check
