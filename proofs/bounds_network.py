"""Proofs for any n and d of eq. (24)'s steps (Theorem 3, networks) and of the scaling behind
Fig. 1's σ-trend, with named rules (:mod:`mixcheck.derivation_rules`).

"max R̂" is read as the claims read it: the bound values c·max_i‖x_i‖ (eq. 23) and
c·max_i(λ‖x_i‖ + (1-λ)‖x̄‖) (eq. 24), c = 2^{L+½}W/√n. λ ∈ [0, 1] is given to SymPy.
"""

from __future__ import annotations


import sympy as sp

from mixcheck.derivation import Derivation
from mixcheck.derivation_rules import Expect, MaxOver, Norm, apply_rule, define, rhat

from ._table import table_registry
from .bounds_linear import LAM01, SAMPLE, VEC, Lam, i, j, lam, n, pi, sigma, x, xbar

__all__ = ["derivations", "DERIVATIONS"]

L = sp.Symbol("L", integer=True, positive=True)
Wn = sp.Symbol("W", positive=True)
C_NET = 2 ** (L + sp.Rational(1, 2)) * Wn / sp.sqrt(n)
scale = sp.Symbol("c", positive=True)


def _mean(d: Derivation) -> None:
    define(d, "sample mean", xbar, sp.Sum(x[j], (j, 1, n)) / n, note="x̄ := (1/n)Σ_j x_j = E_j[x_j]")


def _pointwise_triangle(d: Derivation) -> None:
    """‖λx_i + (1-λ)x̄‖ ≤ λ‖x_i‖ + (1-λ)‖x̄‖ for every i (λ ∈ [0, 1])."""
    apply_rule(d, "triangle", "triangle", Norm(lam * x[i] + (1 - lam) * xbar), Norm(lam * x[i]) + Norm((1 - lam) * xbar),
               a=lam * x[i], b=(1 - lam) * xbar)
    apply_rule(d, "homogeneity (λ)", "homogeneity", Norm(lam * x[i]), sp.Abs(lam) * Norm(x[i]), "=", c=lam, a=x[i])
    apply_rule(d, "homogeneity (1-λ)", "homogeneity", Norm((1 - lam) * xbar), sp.Abs(1 - lam) * Norm(xbar), "=",
               c=1 - lam, a=xbar)
    d.step("|λ| = λ, |1-λ| = 1-λ", sp.Abs(lam) * Norm(x[i]) + sp.Abs(1 - lam) * Norm(xbar),
           lam * Norm(x[i]) + (1 - lam) * Norm(xbar), simplify=VEC)
    apply_rule(d, "‖λx_i + (1-λ)x̄‖ ≤ λ‖x_i‖ + (1-λ)‖x̄‖", "combine", Norm(lam * x[i] + (1 - lam) * xbar),
               lam * Norm(x[i]) + (1 - lam) * Norm(xbar), "<=",
               premises=[("triangle", 1), ("homogeneity (λ)", 1), ("homogeneity (1-λ)", 1), ("|λ| = λ, |1-λ| = 1-λ", 1)])


def _eq24_triangle() -> Derivation:
    d = Derivation("net.eq24-triangle", "Eq. (24): max_i‖λx_i + (1-λ)E_j[x_j]‖ ≤ max_i(λ‖x_i‖ + (1-λ)‖E_j[x_j]‖)",
                   summary="Triangle inequality and homogeneity for every i, then monotonicity of the maximum.",
                   assumptions=[SAMPLE, "E_j[x_j] = x̄ (the average over the sample)"], domain=LAM01,
                   source="proof of Theorem 3, eq. (24)", proves=("eq24/step2-triangle",))
    _mean(d)
    _pointwise_triangle(d)
    lhs, rhs = MaxOver(Norm(lam * x[i] + (1 - lam) * xbar), i, n), MaxOver(lam * Norm(x[i]) + (1 - lam) * Norm(xbar), i, n)
    apply_rule(d, "max over i", "max-monotone", lhs, rhs, premise="‖λx_i + (1-λ)x̄‖ ≤ λ‖x_i‖ + (1-λ)‖x̄‖", i=i, n=n)
    return d.conclude(sp.Le(lhs, rhs, evaluate=False), [])


def _eq24_difference() -> Derivation:
    d = Derivation("net.eq24-difference", "Eq. (24): J = c(1-λ)(max‖x_i‖ − ‖x̄‖) ≤ c(1-λ)·max_i|‖x_i‖ − ‖x̄‖|",
                   summary="max_i(λ‖x_i‖ + (1-λ)‖x̄‖) = λ·max‖x_i‖ + (1-λ)‖x̄‖ (λ ≥ 0); then t ≤ |t| for every i "
                           "and monotonicity of the maximum.",
                   assumptions=[SAMPLE, "max R̂ read as the bound values (23) and (24)", "c = 2^{L+½}W/√n"],
                   domain=LAM01, source="proof of Theorem 3, after eq. (24)", proves=("eq24/difference",))
    _mean(d)
    mx = MaxOver(Norm(x[i]), i, n)
    apply_rule(d, "max_i(λ‖x_i‖ + (1-λ)‖x̄‖)", "max-affine", MaxOver(lam * Norm(x[i]) + (1 - lam) * Norm(xbar), i, n),
               lam * mx + (1 - lam) * Norm(xbar), "=", f=Norm(x[i]), a=lam, b=(1 - lam) * Norm(xbar), i=i, n=n)
    J = C_NET * mx - C_NET * MaxOver(lam * Norm(x[i]) + (1 - lam) * Norm(xbar), i, n)
    apply_rule(d, "J = c(1-λ)(max‖x_i‖ − ‖x̄‖)", "combine", J, C_NET * (1 - lam) * (mx - Norm(xbar)), "=",
               premises=[("max_i(λ‖x_i‖ + (1-λ)‖x̄‖)", -C_NET)])
    gap = Norm(x[i]) - Norm(xbar)
    apply_rule(d, "t ≤ |t|", "abs", gap, sp.Abs(gap), t=gap)
    apply_rule(d, "max_i(‖x_i‖ − ‖x̄‖) ≤ max_i|‖x_i‖ − ‖x̄‖|", "max-monotone", MaxOver(gap, i, n),
               MaxOver(sp.Abs(gap), i, n), premise="t ≤ |t|", i=i, n=n)
    apply_rule(d, "max_i(‖x_i‖ − ‖x̄‖) = max‖x_i‖ − ‖x̄‖", "max-affine", MaxOver(gap, i, n), mx - Norm(xbar), "=",
               f=Norm(x[i]), a=1, b=-Norm(xbar), i=i, n=n)
    rhs = (1 - lam) / sp.sqrt(n) * 2 ** (L + sp.Rational(1, 2)) * Wn * MaxOver(sp.Abs(gap), i, n)
    apply_rule(d, "J ≤ ((1-λ)/√n)·2^{L+½}W·max_i|‖x_i‖ − ‖x̄‖|", "combine", J, rhs, "<=",
               premises=[("J = c(1-λ)(max‖x_i‖ − ‖x̄‖)", 1), ("max_i(‖x_i‖ − ‖x̄‖) ≤ max_i|‖x_i‖ − ‖x̄‖|", C_NET * (1 - lam)),
                         ("max_i(‖x_i‖ − ‖x̄‖) = max‖x_i‖ − ‖x̄‖", -C_NET * (1 - lam))])
    return d.conclude(sp.Le(J, rhs, evaluate=False), [])


def _sigma_trend() -> Derivation:
    d = Derivation("lin.fig1-scaling", "Fig. 1's σ-trend: reduction(cX) = c·reduction(X), surrogate and real mixup",
                   summary="‖Σσ_i c·m_i‖ = c‖Σσ_i m_i‖ for c > 0 (homogeneity) inside both expectations; the mean "
                           "of cX is c·x̄. So for X = σZ the reduction is σ times that of Z: it grows like √σ².",
                   assumptions=[SAMPLE, "R̂(X) = (Λ/n)E_σ‖Σσ_i x_i‖", "c > 0"], domain=LAM01,
                   source="Fig. 1 and the text after eq. (20)", proves=("fig1/sigma-trend",))
    mean_c = sp.Sum(scale * x[j], (j, 1, n)) / n
    mean_1 = sp.Sum(x[j], (j, 1, n)) / n
    samples = {"X": (scale * x[i], x[i]), "surrogate": (lam * scale * x[i] + (1 - lam) * mean_c, lam * x[i] + (1 - lam) * mean_1),
               "real mixup": (lam * scale * x[i] + (1 - lam) * scale * x[pi[i]], lam * x[i] + (1 - lam) * x[pi[i]])}
    for tag, (scaled, plain) in samples.items():
        Vs, Vp = sp.Sum(sigma[i] * scaled, (i, 1, n)), sp.Sum(sigma[i] * plain, (i, 1, n))
        d.step(f"Σσ_i (c·m)_i = c·Σσ_i m_i ({tag})", Vs, scale * Vp, simplify=VEC)
        apply_rule(d, f"homogeneity ({tag})", "homogeneity", Norm(scale * Vp), scale * Norm(Vp), "=", c=scale, a=Vp)
        apply_rule(d, f"E_σ ({tag})", "monotone-expectation", Expect(Norm(scale * Vp), sigma), Expect(scale * Norm(Vp), sigma),
                   "=", premise=f"homogeneity ({tag})", over=sigma)
    apply_rule(d, "E_π (real mixup)", "monotone-expectation",
               Expect(Expect(Norm(scale * sp.Sum(sigma[i] * samples["real mixup"][1], (i, 1, n))), sigma), pi),
               Expect(scale * Expect(Norm(sp.Sum(sigma[i] * samples["real mixup"][1], (i, 1, n))), sigma), pi), "=",
               premise="E_σ (real mixup)", over=pi)
    out = []
    for tag in ("surrogate", "real mixup"):
        def reduction(k: int, tag: str = tag) -> sp.Expr:
            mixed = rhat(samples[tag][k], i, n, sigma, Lam)
            return rhat(samples["X"][k], i, n, sigma, Lam) - (Expect(mixed, pi) if tag == "real mixup" else mixed)
        prem = [("E_σ (X)", Lam / n), (f"E_σ ({tag})", -Lam / n)]
        if tag == "real mixup":
            prem = [("E_σ (X)", Lam / n), ("E_π (real mixup)", -Lam / n)]
        apply_rule(d, f"reduction(cX) = c·reduction(X) ({tag})", "combine", reduction(0), scale * reduction(1), "=",
                   premises=prem)
        out.append(sp.Eq(reduction(0), scale * reduction(1), evaluate=False))
    return d.conclude(out[-1], [])


DERIVATIONS = {
    "net.eq24-triangle": _eq24_triangle,
    "net.eq24-difference": _eq24_difference,
    "lin.fig1-scaling": _sigma_trend,
}


derivation, derivations = table_registry(DERIVATIONS)
