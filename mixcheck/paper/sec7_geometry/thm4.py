"""``thm4`` — Theorem 4, eq. (26): with mixup, ∇∇ψ_λ(θ) = λ²∇∇ψ(θ).

Every claim registered here has an id ``thm4/…``.
"""

from __future__ import annotations

import mpmath

from mixcheck.paper import _proofs
from mixcheck.paper._kit import refuted_at
from mixcheck.engine.outcomes import holds, inconclusive
from mixcheck.engine.registry import claim
from mixcheck.exact import frac, mp
from mixcheck.paper._figures import budget, clt_interval, figure_seed, with_figure
from mixcheck.paper.sec6_lambda.beta_moments import beta_quantities
from mixcheck.paper.sec7_geometry._common import _make_beta, _make_real, _psi
from mixcheck.paper._partner_checks import register_partner_claims


REF_T4 = "Section 7, Theorem 4, eq. (26)"


# --------------------------------------------------------------------------- the report's Theorem 4 figure

_THM4_FIGURE_MC = {"ci": 100_000, "dev": 100_000, "thorough": 1_000_000}  # draws per point


def _variance_factor_rows(rng, mc, points, key, lam_of):
    """Monte-Carlo Var(x̃)/Var(x) for x, x_j ~ N(0, 1) (so E[x] = 0 and the factor is E[x̃²]):
    the surrogate x̃ = λx and the random partner x̃ = λx + (1−λ)x_j, 99% CLT intervals."""
    rows = []
    for p in points:
        lam = lam_of(p)
        x = rng.standard_normal(mc)
        xj = rng.standard_normal(mc)
        for name, vals in (("surrogate", (lam * x) ** 2), ("random_partner", (lam * x + (1 - lam) * xj) ** 2)):
            rows.append({key: p, "kind": name, **clt_interval(vals, 0.99)})
    return rows


def thm4_figure_data(profile: str, seed: int) -> dict:
    """The numbers of the report's Theorem 4 figure: eq. (33)'s variance factor, λ² for the
    surrogate and λ² + (1−λ)² for a random partner, at fixed λ and for λ ~ Beta(α, α)."""
    import numpy as np

    rng = np.random.default_rng(figure_seed(seed, "thm4"))
    mc = budget(_THM4_FIGURE_MC, profile, 100_000)
    alpha_pts = [0.1, 0.4, 1.0, 4.0]
    fixed_rows = _variance_factor_rows(rng, mc, [0.1, 0.3, 0.5, 0.7, 0.9], "lam", lambda l: l)
    random_rows = _variance_factor_rows(rng, mc, alpha_pts, "alpha", lambda a: rng.beta(a, a, size=mc))
    return {"fixed_lambda_mc": fixed_rows, "random_lambda_mc": random_rows, "draws": mc,
            "random_lambda_exact": [{"alpha": a, "surrogate": beta_quantities(a)["second_moment"],
                                     "random_partner": beta_quantities(a)["mix_factor"]} for a in alpha_pts]}


_make_real("thm4/real-mixup", REF_T4, "When mixup is applied, ∇∇ψ_λ(θ) = λ²(∇∇ψ(θ))")


_make_beta("thm4/beta-lambda-real-mixup", REF_T4, "mixup.pair-variance-random-lambda", "independent",
           "E[λ² + (1-λ)²] = (α+1)/(2α+1)")


# --------------------------------------------------------------------------- Theorem 4

@claim("thm4/surrogate-variance-reading", paper_ref=REF_T4,
       statement="When mixup is applied, ∇∇ψ_λ(θ) = λ²(∇∇ψ(θ))",
       reading="reading (a): ∇∇ψ_λ := Var(x̃) with the proof's surrogate x̃ = λx + (1-λ)E[x], fixed λ; "
               "then eq. (31) and eq33/surrogate-variance give it (proofs: mixup.surrogate-variance, expfam.*)",
       method="symbolic", expected="holds")
@with_figure(thm4_figure_data)
def thm4_a(ctx):
    ev = _proofs.evidence("mixup.surrogate-variance", "mixup.surrogate-covariance")
    if not ev["derivations_ok"]:
        return inconclusive("a derivation behind Var(λx + (1-λ)E[x]) = λ²Var(x) failed",
                            reason="see the derivations", settle="inspect", **ev)
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
    return refuted_at(
        _recompute_same_theta, {"family": "gaussian-known-sigma", "sigma": 1, "theta": "1/2", "lambda": "1/2"},
        lambda inp, lhs, rhs: f"with eq. (34) read literally ψ_λ = ψ, so ∇∇ψ_λ = {float(lhs):.6g} ≠ λ²∇∇ψ = "
                              f"{float(rhs):.6g}; eq. (34) does not describe the law of x̃ (its support and shape "
                              "change with λ)",
        relation="==")


# --------------------------------------------------------------------------- every partner law
# The statement under each partner law of x̃_i = E_{x_j}[λx_i + (1-λ)x_j]: x_j over the whole sample,
# over j ≠ i, a uniformly random permutation, a uniformly random derangement (mixcheck.partners;
# the checks: mixcheck.paper._partner_checks and its sibling modules, each registered here through a
# delegating check of this module).

register_partner_claims("thm4", lambda spec: lambda ctx: spec.check(ctx))
