"""Section 7: Theorem 4 and eq. (30)-(33) — exponential families and the Bregman geometry of mixup;
intro bullet 5.

Readings of ψ_λ (the paper defines it only through eq. 34, p(x̃; θ) = exp{θ·x̃ + k(x̃) − ψ_λ(θ)}):

(a) ∇ψ_λ := E[x̃] and ∇∇ψ_λ := Var(x̃), by analogy with eq. (30)-(31) — what the proof computes;
(b) eq. (34) literally, with the same θ and the same k: then ψ_λ = ψ (a renamed integration variable);
(c) the law of x̃ = λx + c (c fixed) as an exponential family in its own natural parameter η = θ/λ:
    ψ_λ(η) = ψ(λη) + cη, so ∂²ψ_λ/∂η² = λ²ψ''(θ).

Mixing: the surrogate x̃ = λx + (1-λ)E[x] of the proof (eq. 32-33), or real mixup x̃ = λx + (1-λ)x' with x' an
independent copy; λ fixed or λ ~ Beta(α, α) independent of x.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ..concentration import mean_interval
from ..counterexample import frac, mp
from . import _proofs
from ._evidence import holds, inconclusive, refuted
from .registry import Outcome, claim, jsonable

REF_T4 = "Section 7, Theorem 4, eq. (26)"
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
    inp = {"family": "bernoulli", "theta": "0", "lambda": "1/2"}
    lhs, rhs = _recompute_eq33_printed(inp)
    return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="==",
                   summary=f"Bernoulli, θ = 0, λ = ½: Var(x̃) = {float(lhs):.4g} = λ²Var(x) but λ²ψ(θ) = λ²log 2 = "
                           f"{float(rhs):.4g}: a typo for λ²∇∇ψ(θ) (the rest of the chain holds: eq33/surrogate-variance)",
                   **_proofs.evidence("mixup.eq33"))


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
        inp = {"family": "bernoulli", "theta": "0", "lambda": "1/2"}
        lhs, rhs = _recompute_real(inp)
        est = _real_mc(ctx, cid)
        return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="==",
                       summary=f"Bernoulli(½), λ = ½: Var(λx + (1-λ)x') = {float(lhs):.4g} = (λ² + (1-λ)²)∇∇ψ, not "
                               f"λ²∇∇ψ = {float(rhs):.4g}; MC {est.value:.4f} [{est.low:.4f}, {est.high:.4f}]",
                       estimate=est.value, ci=[est.low, est.high], level=1 - FALSE_ALARM, test="Hoeffding ∩ EB",
                       false_alarm=FALSE_ALARM, correction="factor λ² + (1-λ)² for an independent partner",
                       **_proofs.evidence("mixup.pair-variance"))

    return check


_make_real("eq33/real-mixup", "Section 7, proof of Theorem 4, eq. (33)",
           "Var(x̃) = λ²Var(x) for the mixed variable x̃ (here with the random partner of mixup training)")
_make_real("thm4/real-mixup", REF_T4, "When mixup is applied, ∇∇ψ_λ(θ) = λ²(∇∇ψ(θ))")


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


_make_beta("eq33/beta-lambda-surrogate", "Section 7, proof of Theorem 4, eq. (33)",
           "mixup.surrogate-variance-random-lambda", "mean", "E[λ²] = (α+1)/(2(2α+1))")
_make_beta("thm4/beta-lambda-real-mixup", REF_T4, "mixup.pair-variance-random-lambda", "independent",
           "E[λ² + (1-λ)²] = (α+1)/(2α+1)")


# --------------------------------------------------------------------------- Theorem 4

@claim("thm4/surrogate-variance-reading", paper_ref=REF_T4,
       statement="When mixup is applied, ∇∇ψ_λ(θ) = λ²(∇∇ψ(θ))",
       reading="reading (a): ∇∇ψ_λ := Var(x̃) with the proof's surrogate x̃ = λx + (1-λ)E[x], fixed λ; "
               "then eq. (31) and eq33/surrogate-variance give it (proofs: mixup.surrogate-variance, expfam.*)",
       method="symbolic", expected="holds")
def thm4_a(ctx):
    ev = _proofs.evidence("mixup.surrogate-variance", "mixup.surrogate-covariance")
    return holds("Var(λx + (1-λ)E[x]) = λ²Var(x) = λ²∇∇ψ(θ) (SymPy)", **ev)


@claim("thm4/natural-parameter-reading", paper_ref=REF_T4,
       statement="When mixup is applied, ∇∇ψ_λ(θ) = λ²(∇∇ψ(θ))",
       reading="reading (c): x̃ = λx + c (c = (1-λ)E[x] fixed) has the density exp{η·x̃ + k̃(x̃) − ψ_λ(η)} with "
               "η = θ/λ, k̃(y) = k((y−c)/λ) − d·log λ and ψ_λ(η) = ψ(λη) + c·η; SymPy for an arbitrary ψ: "
               "∂²ψ_λ/∂η² at η = θ/λ equals λ²ψ''(θ) (the Hessian in η, not in θ)",
       method="symbolic", expected="holds")
def thm4_c(ctx):
    import sympy as sp

    eta, lam, c, th = sp.symbols("eta lambda c theta", positive=True)
    psi = sp.Function("psi")
    psi_l = psi(lam * eta) + c * eta
    d2 = sp.diff(psi_l, eta, 2).subs(eta, th / lam).doit()
    target = lam ** 2 * sp.Subs(sp.Derivative(psi(eta), (eta, 2)), eta, th).doit()
    ok = sp.simplify(d2 - target) == 0
    # the density identity, Gaussian σ = 1 check of ψ_λ: ∫exp(η y + k̃(y)) dy
    if not ok:
        return inconclusive("SymPy could not confirm", reason="simplification", settle="inspect")
    return holds("∂²/∂η²[ψ(λη) + cη] at η = θ/λ = λ²ψ''(θ) for an arbitrary ψ (SymPy)",
                 derivation={"psi_lambda": str(psi_l), "second_derivative": str(d2), "equals": str(target)},
                 proof="change of variables y = λx + c in eq. (27)")


def _recompute_same_theta(inp):
    t, lam = mp(frac(inp["theta"])), mp(frac(inp["lambda"]))

    def psi_l(s):  # eq. (34) literally: log ∫ exp(s·y + k(y)) dy with the SAME k(y) = −y²/2 (Gaussian, σ = 1)
        return mpmath.log(mpmath.quad(lambda y: mpmath.exp(s * y - y ** 2 / 2), [-mpmath.inf, mpmath.inf]))

    with mpmath.workdps(30):
        lhs = mpmath.diff(psi_l, t, 2)
        rhs = lam ** 2 * mpmath.diff(lambda s: _psi("gaussian-known-sigma", s), t, 2)
    return lhs, rhs


@claim("thm4/same-theta-reading", paper_ref=REF_T4,
       statement="When mixup is applied, ∇∇ψ_λ(θ) = λ²(∇∇ψ(θ)), ψ_λ defined by eq. (34)",
       reading="reading (b): eq. (34) literally — p(x̃; θ) = exp{θ·x̃ + k(x̃) − ψ_λ(θ)} with the same θ and k — makes "
               "ψ_λ(θ) = log∫exp{θy + k(y)}dy = ψ(θ); Gaussian N(θ, 1) (k(y) = −y²/2), ψ_λ by quadrature, "
               "second derivatives numerically (30 digits)",
       method="symbolic", expected="refuted", recompute=_recompute_same_theta)
def thm4_b(ctx):
    inp = {"family": "gaussian-known-sigma", "sigma": 1, "theta": "1/2", "lambda": "1/2"}
    lhs, rhs = _recompute_same_theta(inp)
    return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="==",
                   summary=f"with eq. (34) read literally ψ_λ = ψ, so ∇∇ψ_λ = {float(lhs):.6g} ≠ λ²∇∇ψ = {float(rhs):.6g}; "
                           "eq. (34) does not describe the law of x̃ (its support and shape change with λ)")


# --------------------------------------------------------------------------- intro bullet 5

REF_I5 = "Section 1, fifth bullet"
ST_I5 = "Geometrically, mixup reduces the second-order derivative of the convex function that characterizes the Bregman divergence."


@claim("intro.geometry/as-printed", paper_ref=REF_I5, statement=ST_I5, reading="as printed",
       method="symbolic", expected="inconclusive")
def geo_printed(ctx):
    return inconclusive("which convex function (ψ_λ is never defined consistently, see thm4/*) and 'reduces' in "
                        "which order are not said", reason="the statement depends on the reading of ψ_λ: under "
                        "reading (b) nothing changes (thm4/same-theta-reading)",
                        settle="a definition of ψ_λ; readings (a)/(c) are checked in intro.geometry/variance-reduced")


@claim("intro.geometry/variance-reduced", paper_ref=REF_I5, statement=ST_I5,
       reading="readings (a)/(c): the Hessian factor is < 1 for every λ ∈ (0, 1) and α > 0: λ² (surrogate), "
               "λ² + (1-λ)² (real mixup), E[λ²] = (α+1)/(2(2α+1)) and E[λ² + (1-λ)²] = (α+1)/(2α+1) (Beta λ); "
               "SymPy",
       method="symbolic", expected="holds")
def geo_reduced(ctx):
    import sympy as sp

    lam, a = sp.symbols("lambda alpha", positive=True)
    gaps = {"surrogate": 1 - lam ** 2, "real": 1 - lam ** 2 - (1 - lam) ** 2,
            "beta-surrogate": 1 - (a + 1) / (2 * (2 * a + 1)), "beta-real": 1 - (a + 1) / (2 * a + 1)}
    facts = {"surrogate": sp.factor(gaps["surrogate"]), "real": sp.factor(gaps["real"]),
             "beta-surrogate": sp.factor(sp.together(gaps["beta-surrogate"])),
             "beta-real": sp.factor(sp.together(gaps["beta-real"]))}
    # positivity on λ ∈ (0, 1): substitute λ = t/(1+t), t > 0
    t = sp.symbols("t", positive=True)
    pos = {k: bool(sp.simplify(v.subs(lam, t / (1 + t))).is_positive) for k, v in facts.items()}
    if all(pos.values()):
        return holds("1 − factor > 0 for all λ ∈ (0,1), α > 0: " + "; ".join(f"{k}: {v}" for k, v in facts.items()),
                     factors={k: str(v) for k, v in facts.items()}, positive=pos,
                     **_proofs.evidence("mixup.surrogate-variance", "mixup.pair-variance"))
    return inconclusive("SymPy could not decide positivity", reason=str(pos), settle="inspect",
                        derivation={k: str(v) for k, v in facts.items()})
