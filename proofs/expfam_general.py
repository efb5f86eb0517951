"""Eqs. (30)-(31) for a general one-parameter exponential family, and ψ_λ of eq. (34) built
where it can be (the Gaussian), with what follows for Theorem 4's eq. (26).

General family: p(x; θ) = h(x) e^{θT(x) − ψ(θ)} on (a, b), h and T arbitrary, Z(θ) = ∫ h e^{θT} dx,
ψ = log Z. The one assumption is differentiation under the integral sign (named rule
``leibniz``; e.g. dominated convergence near θ), stated in the derivation. A vector θ is the
same argument entry by entry.

ψ_λ (Gaussian, σ known): x ~ N(μ, σ²) has θ = μ/σ², ψ(θ) = σ²θ²/2. The surrogate
x̃ = λx + (1-λ)E[x] ~ N(μ, λ²σ²) is again Gaussian, so it has its own log-partition function
ψ̃(θ̃) = λ²σ²θ̃²/2 in its own natural parameter θ̃ = μ/(λ²σ²). Two readings of eq. (34):
in x̃'s own parameter, ψ̃'' = λ²σ² = λ²ψ'' (eq. 26 holds); as a function of the original θ
(the same mean μ = σ²θ, so θ̃ = θ/λ²), ψ_λ(θ) = σ²θ²/(2λ²) and ψ_λ'' = ψ''/λ² (eq. 26 fails
for λ ∈ (0, 1)).
"""

from __future__ import annotations


import sympy as sp

from mixcheck.derivation import Derivation
from mixcheck.derivation_rules import apply_rule, define

from ._table import table_registry

__all__ = ["derivations", "DERIVATIONS"]

theta = sp.Symbol("theta", real=True)
xv = sp.Symbol("x", real=True)
a, b = sp.symbols("a b", extended_real=True)
h, T = sp.Function("h"), sp.Function("T")
Zf = sp.Function("Z")
LEIBNIZ = ("differentiation under the integral sign in θ (e.g. |T|^k h e^{θT} dominated by an integrable "
           "function near θ, k = 1, 2); Z(θ) > 0 finite")


def _general() -> Derivation:
    d = Derivation("expfam.general", "Eqs. (30)-(31) for a general family: ψ' = E[T], ψ'' = E[T²] − E[T]² = Var(T)",
                   summary="ψ = log Z; the chain rule, then differentiation under the integral sign. Covers every "
                           "family of proofs.exponential_families (one coordinate at a time).",
                   assumptions=["p(x; θ) = h(x)e^{θT(x)}/Z(θ) on (a, b), h ≥ 0 and T arbitrary", LEIBNIZ],
                   source="proof of Theorem 4, eqs. (27)-(31)", proves=())
    f = h(xv) * sp.exp(theta * T(xv))
    Zint = sp.Integral(f, (xv, a, b))
    Z1 = sp.Integral(T(xv) * f, (xv, a, b))
    Z2 = sp.Integral(T(xv) ** 2 * f, (xv, a, b))
    Z = Zf(theta)
    define(d, "normaliser", Z, Zint, note="Z(θ) := ∫ h(x)e^{θT(x)} dx")
    d.step("chain rule: ψ'", sp.Derivative(sp.log(Z), theta), sp.Derivative(Z, theta) / Z)
    d.step("chain rule: ψ''", sp.Derivative(sp.log(Z), (theta, 2)),
           sp.Derivative(Z, (theta, 2)) / Z - (sp.Derivative(Z, theta) / Z) ** 2)
    e1 = sp.Derivative(Z, theta) / Z
    e2 = sp.Derivative(Z, (theta, 2)) / Z - (sp.Derivative(Z, theta) / Z) ** 2
    apply_rule(d, "Z written out (ψ')", "substitution", e1, e1.xreplace({Z: Zint}), "=", premise="normaliser", expr=e1)
    apply_rule(d, "Z written out (ψ'')", "substitution", e2, e2.xreplace({Z: Zint}), "=", premise="normaliser", expr=e2)
    apply_rule(d, "Z' = ∫ T h e^{θT}", "leibniz", sp.Derivative(Zint, theta), Z1, "=", integral=Zint, var=theta)
    apply_rule(d, "Z'' = ∫ T² h e^{θT}", "leibniz", sp.Derivative(Zint, (theta, 2)), Z2, "=", integral=Zint, var=theta,
               order=2)
    w1 = e1.xreplace({Z: Zint})
    apply_rule(d, "ψ' with Z' inserted", "substitution", w1, Z1 / Zint, "=", premise="Z' = ∫ T h e^{θT}", expr=w1)
    w2 = e2.xreplace({Z: Zint})
    w2a = w2.xreplace({sp.Derivative(Zint, (theta, 2)): Z2})
    apply_rule(d, "ψ'' with Z'' inserted", "substitution", w2, w2a, "=", premise="Z'' = ∫ T² h e^{θT}", expr=w2)
    apply_rule(d, "ψ'' with Z' inserted", "substitution", w2a, Z2 / Zint - (Z1 / Zint) ** 2, "=",
               premise="Z' = ∫ T h e^{θT}", expr=w2a)
    ET, ET2 = Z1 / Zint, Z2 / Zint          # E[T], E[T²] under p(x; θ) = h e^{θT}/Z
    apply_rule(d, "eq. (30): ψ'(θ) = E[T]", "combine", sp.Derivative(sp.log(Z), theta), ET, "=",
               premises=[("chain rule: ψ'", 1), ("Z written out (ψ')", 1), ("ψ' with Z' inserted", 1)])
    apply_rule(d, "eq. (31): ψ''(θ) = E[T²] − E[T]² = Var(T)", "combine", sp.Derivative(sp.log(Z), (theta, 2)),
               ET2 - ET**2, "=", premises=[("chain rule: ψ''", 1), ("Z written out (ψ'')", 1),
                                            ("ψ'' with Z'' inserted", 1), ("ψ'' with Z' inserted", 1)])
    return d.conclude(sp.Eq(sp.Derivative(sp.log(Z), (theta, 2)), ET2 - ET**2, evaluate=False), [])


def _gaussian_psi_lambda() -> Derivation:
    lam = sp.Symbol("lambda", positive=True)
    sig = sp.Symbol("sigma", positive=True)
    mu = sp.Symbol("mu", real=True)
    tt = sp.Symbol("theta_tilde", real=True)
    d = Derivation("expfam.gaussian-psi-lambda", "Eq. (34)/(26) for the Gaussian: ψ_λ of x̃ = λx + (1-λ)E[x] constructed",
                   summary="x̃ ~ N(μ, λ²σ²) is Gaussian again; its log-partition function in its own natural "
                           "parameter is ψ̃(θ̃) = λ²σ²θ̃²/2, so ψ̃'' = λ²ψ'' (eq. 26 holds in that reading). Written "
                           "in the original θ (same mean: θ̃ = θ/λ²) it is σ²θ²/(2λ²), whose second derivative "
                           "is ψ''/λ²: eq. (26) fails in that reading.",
                   assumptions=["x ~ N(μ, σ²), σ > 0 known; T(x) = x", "λ > 0 fixed"],
                   source="proof of Theorem 4, eqs. (26), (32)-(34)", proves=())
    psi = sig**2 * theta**2 / 2
    xx = sp.Symbol("x", real=True)
    dens = sp.exp(-(xx - mu) ** 2 / (2 * sig**2)) / sp.sqrt(2 * sp.pi * sig**2)
    d.step("ψ of N(μ, σ²) in θ = μ/σ²", sp.log(sp.Integral(sp.exp(theta * xx - xx**2 / (2 * sig**2)), (xx, -sp.oo, sp.oo))),
           psi + sp.log(sp.sqrt(2 * sp.pi) * sig), simplify=("expand", "expand_log", "simplify"),
           note="the base measure e^{-x²/(2σ²)} contributes the constant log(√(2π)σ)")
    # the law of x̃: its mean and variance from the density (an affine image of a Gaussian is Gaussian)
    d.step("E[x̃] = μ", sp.Integral((lam * xx + (1 - lam) * mu) * dens, (xx, -sp.oo, sp.oo)), mu)
    d.step("Var(x̃) = λ²σ²", sp.Integral((lam * xx + (1 - lam) * mu - mu) ** 2 * dens, (xx, -sp.oo, sp.oo)), lam**2 * sig**2)
    psi_t = lam**2 * sig**2 * tt**2 / 2
    d.step("ψ̃ of N(μ, λ²σ²) in its own θ̃ = μ/(λ²σ²)",
           sp.log(sp.Integral(sp.exp(tt * xx - xx**2 / (2 * lam**2 * sig**2)), (xx, -sp.oo, sp.oo))),
           psi_t + sp.log(sp.sqrt(2 * sp.pi) * lam * sig), simplify=("expand", "expand_log", "simplify"))
    d.step("eq. (26), own parameter: ψ̃''(θ̃) = λ²ψ''(θ)", sp.diff(psi_t, tt, 2), lam**2 * sp.diff(psi, theta, 2))
    psi_l = psi_t.subs(tt, theta / lam**2)
    d.step("ψ_λ in the original θ (same mean, θ̃ = θ/λ²)", psi_l, sig**2 * theta**2 / (2 * lam**2))
    d.step("eq. (26), original θ: ψ_λ''(θ) = λ²ψ''(θ)", sp.diff(psi_l, theta, 2), lam**2 * sp.diff(psi, theta, 2),
           witness={lam: sp.Rational(1, 2), sig: 1}, expected_to_fail=True,
           expected_residual=sig**2 / lam**2 - lam**2 * sig**2,
           reason="in the original natural parameter ψ_λ'' = σ²/λ² = ψ''/λ², not λ²ψ'' (unless λ = 1)")
    d.step("what holds in the original θ: ψ_λ''(θ) = ψ''(θ)/λ²", sp.diff(psi_l, theta, 2), sp.diff(psi, theta, 2) / lam**2)
    return d.conclude(sp.diff(psi_l, theta, 2), [theta, lam, sig], own_parameter=sp.diff(psi_t, tt, 2))


DERIVATIONS = {
    "expfam.general": _general,
    "expfam.gaussian-psi-lambda": _gaussian_psi_lambda,
}


derivation, derivations = table_registry(DERIVATIONS)
