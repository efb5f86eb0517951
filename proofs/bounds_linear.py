"""Proofs for general n and d of the Section 4 bounds the claims search: eqs. (18)-(20) and
Theorem 2 with the total variance and C = Λ(1-λ).

Vectors are abstract (x[1], …, x[n] in ℝ^d, any n ≥ 1 and d, :mod:`mixcheck.derivation_rules`);
every step is SymPy-checked algebra, a definition, or a named rule whose instance is matched
against the step. R̂ is the closed form the claims compute, R̂(X) = (Λ/n)E_σ‖Σσ_i x_i‖ (the
supremum of eq. 18 evaluated by Cauchy–Schwarz). λ ∈ [0, 1] is given to SymPy as a relation
(each step is checked on the whole interval), which contains the claims' λ ∈ (0, 1).
Each derivation names in ``proves`` the claims whose statement it proves on their full domain.
"""

from __future__ import annotations


import sympy as sp

from mixcheck.derivation import Derivation
from mixcheck.derivation_rules import (Dot, Expect, Norm, apply_rule, define, permutation, rademacher,
                                       rhat, vector, vectors)

from ._table import table_registry

__all__ = ["derivations", "DERIVATIONS"]

x = vectors("x")
xbar = vector("xbar")
sigma = rademacher("sigma")
pi = permutation("pi")
i, j = sp.symbols("i j", integer=True)
n = sp.Symbol("n", integer=True, positive=True)
lam = sp.Symbol("lambda", real=True)
Lam = sp.Symbol("Lambda", positive=True)
c = sp.Symbol("c", positive=True)
LAM01 = (lam >= 0, lam <= 1)
SAMPLE = "x_1, …, x_n ∈ ℝ^d, any n ≥ 1 and d (abstract vectors)"
RHAT = "R̂(X) = (Λ/n)E_σ‖Σσ_i x_i‖, σ uniform on {−1, +1}ⁿ (eq. 18 with its supremum evaluated)"
VEC = ("vectors", "expand", "cancel")

V = sp.Sum(sigma[i] * x[i], (i, 1, n))
SURR = lam * x[i] + (1 - lam) * xbar                    # x̃_i
U = sp.Sum(sigma[i] * (x[i] - xbar), (i, 1, n))
S_TV = sp.Sum(Norm(x[i] - xbar) ** 2, (i, 1, n))         # n · total variance
S_SQ = sp.Sum(Norm(x[i]) ** 2, (i, 1, n))                # Σ‖x_i‖²


def _mean(d: Derivation) -> None:
    define(d, "sample mean", xbar, sp.Sum(x[j], (j, 1, n)) / n, note="x̄ := (1/n)Σ_j x_j")


def _jensen_rademacher(d: Derivation, y, tag: str) -> tuple[str, sp.Expr]:
    """Steps E_σ‖Σσ_i y_i‖ ≤ (Σ‖y_i‖²)^½; returns the last step's name and Σ‖y_i‖²."""
    W = sp.Sum(sigma[i] * y, (i, 1, n))
    S = sp.Sum(Norm(y) ** 2, (i, 1, n))
    apply_rule(d, f"Jensen ({tag})", "jensen-sqrt", Expect(Norm(W), sigma), sp.sqrt(Expect(Norm(W) ** 2, sigma)),
               Y=Norm(W) ** 2, over=sigma)
    apply_rule(d, f"second moment ({tag})", "rademacher-second-moment", Expect(Norm(W) ** 2, sigma), S, "=",
               y=y, i=i, n=n, sigma=sigma)
    apply_rule(d, f"substitute ({tag})", "substitution", sp.sqrt(Expect(Norm(W) ** 2, sigma)), sp.sqrt(S), "=",
               premise=f"second moment ({tag})", expr=sp.sqrt(Expect(Norm(W) ** 2, sigma)))
    apply_rule(d, f"E_σ‖Σσ_i y_i‖ ≤ (Σ‖y_i‖²)^½ ({tag})", "combine", Expect(Norm(W), sigma), sp.sqrt(S), "<=",
               premises=[(f"Jensen ({tag})", 1), (f"substitute ({tag})", 1)])
    return f"E_σ‖Σσ_i y_i‖ ≤ (Σ‖y_i‖²)^½ ({tag})", S


def _eq18_expansion() -> Derivation:
    d = Derivation("lin.eq18-expansion", "Eq. (18): E_σ‖Σσ_i x_i‖² = Σ‖x_i‖², any n and d",
                   summary="Linearity of expectation with E[σ_iσ_j] = δ_ij.", assumptions=[SAMPLE],
                   source="proof of Theorem 2, eq. (18)", proves=("eq18/expansion",))
    apply_rule(d, "second moment", "rademacher-second-moment", Expect(Norm(V) ** 2, sigma), S_SQ, "=",
               y=x[i], i=i, n=n, sigma=sigma)
    return d.conclude(sp.Eq(Expect(Norm(V) ** 2, sigma), S_SQ, evaluate=False), [])


def _eq18_jensen() -> Derivation:
    d = Derivation("lin.eq18-jensen", "Eq. (18): R̂(X) ≤ (Λ/n)(Σ‖x_i‖²)^½, any n and d",
                   summary="Jensen for the concave √, then the second moment of Σσ_i x_i.",
                   assumptions=[SAMPLE, RHAT, "Λ > 0"], source="proof of Theorem 2, eq. (18)",
                   proves=("eq18/jensen-bound",))
    last, S = _jensen_rademacher(d, x[i], "X")
    lhs, rhs = rhat(x[i], i, n, sigma, Lam), Lam / n * sp.sqrt(S)
    apply_rule(d, "R̂(X) ≤ (Λ/n)(Σ‖x_i‖²)^½", "combine", lhs, rhs, "<=", premises=[(last, Lam / n)])
    return d.conclude(sp.Le(lhs, rhs, evaluate=False), [])


def _eq19_step2() -> Derivation:
    d = Derivation("lin.eq19-step2", "Eq. (19): E_{x_j}[λx_i + (1-λ)x_j] = λx_i + (1-λ)x̄, any n and d",
                   summary="The average over j is linear.", assumptions=[SAMPLE, "E_{x_j}: the average over j"],
                   source="proof of Theorem 2, eq. (19)", proves=("eq19/step2",))
    _mean(d)
    avg = sp.Sum(lam * x[i] + (1 - lam) * x[j], (j, 1, n)) / n
    d.step("linearity of the average", avg, lam * x[i] + (1 - lam) * sp.Sum(x[j], (j, 1, n)) / n, simplify=VEC)
    written = lam * x[i] + (1 - lam) * sp.Sum(x[j], (j, 1, n)) / n
    apply_rule(d, "x̄ written out", "substitution", Norm(SURR), Norm(written), "=", premise="sample mean",
               expr=Norm(SURR))
    d.step("‖E_j[λx_i + (1-λ)x_j]‖ with the average taken", Norm(avg), Norm(written), simplify=VEC)
    apply_rule(d, "‖E_j[λx_i + (1-λ)x_j]‖ = ‖λx_i + (1-λ)x̄‖", "combine", Norm(avg), Norm(SURR), "=",
               premises=[("‖E_j[λx_i + (1-λ)x_j]‖ with the average taken", 1), ("x̄ written out", -1)])
    return d.conclude(sp.Eq(Norm(avg), Norm(SURR), evaluate=False), [])


def _dot_facts(d: Derivation) -> None:
    """x̄ := (1/n)Σx_j; ‖x_i‖² = x_i·x_i summed; ‖x̄‖² = x̄·x̄; Σ_i x_i·x̄ = n x̄·x̄."""
    _mean(d)
    apply_rule(d, "‖x_i‖² = x_i·x_i", "norm-square", Norm(x[i]) ** 2, Dot(x[i], x[i]), "=", a=x[i])
    apply_rule(d, "‖x̄‖² = x̄·x̄", "norm-square", Norm(xbar) ** 2, Dot(xbar, xbar), "=", a=xbar)
    apply_rule(d, "summed: Σ‖x_i‖²", "sum", S_SQ, sp.Sum(Dot(x[i], x[i]), (i, 1, n)), "=",
               premise="‖x_i‖² = x_i·x_i", i=i, lo=1, hi=n)
    cross = sp.Sum(Dot(x[i], xbar), (i, 1, n))
    apply_rule(d, "Σ_i x_i·x̄ with x̄ written out", "substitution", cross,
               sp.Sum(Dot(x[i], sp.Sum(x[j], (j, 1, n)) / n), (i, 1, n)), "=", premise="sample mean", expr=cross)
    apply_rule(d, "n x̄·x̄ with x̄ written out", "substitution", n * Dot(xbar, xbar),
               n * Dot(sp.Sum(x[j], (j, 1, n)) / n, sp.Sum(x[j], (j, 1, n)) / n), "=", premise="sample mean",
               expr=n * Dot(xbar, xbar))
    apply_rule(d, "Σ_i x_i·x̄ = n‖x̄‖²", "combine", cross, n * Dot(xbar, xbar), "=",
               premises=[("Σ_i x_i·x̄ with x̄ written out", 1), ("n x̄·x̄ with x̄ written out", -1)])


def _tv_steps(d: Derivation) -> str:
    """Steps ending in (1/n)Σ‖x_i‖² − ‖x̄‖² = (1/n)Σ‖x_i − x̄‖²; returns that step's name."""
    _dot_facts(d)
    apply_rule(d, "‖x_i − x̄‖² = (x_i − x̄)·(x_i − x̄)", "norm-square", Norm(x[i] - xbar) ** 2,
               Dot(x[i] - xbar, x[i] - xbar), "=", a=x[i] - xbar)
    apply_rule(d, "summed: Σ‖x_i − x̄‖²", "sum", S_TV, sp.Sum(Dot(x[i] - xbar, x[i] - xbar), (i, 1, n)), "=",
               premise="‖x_i − x̄‖² = (x_i − x̄)·(x_i − x̄)", i=i, lo=1, hi=n)
    name = "(1/n)Σ‖x_i‖² − ‖x̄‖² = (1/n)Σ‖x_i − x̄‖²"
    apply_rule(d, name, "combine", S_SQ / n - Norm(xbar) ** 2, S_TV / n, "=",
               premises=[("summed: Σ‖x_i − x̄‖²", -1 / n), ("summed: Σ‖x_i‖²", 1 / n), ("‖x̄‖² = x̄·x̄", -1),
                         ("Σ_i x_i·x̄ = n‖x̄‖²", 2 / n)])
    return name


def _total_variance() -> Derivation:
    d = Derivation("lin.eq20-total-variance", "Eq. (20): (1/n)Σ‖x_i‖² − ‖x̄‖² = (1/n)Σ‖x_i − x̄‖², any n and d",
                   summary="Expand ‖x_i − x̄‖² and use Σ_i x_i = n x̄.", assumptions=[SAMPLE],
                   source="proof of Theorem 2, eq. (20), third line", proves=("eq20/step3-total-variance",))
    _tv_steps(d)
    return d.conclude(sp.Eq(S_SQ / n - Norm(xbar) ** 2, S_TV / n, evaluate=False), [])


A_SQ, B_MEAN = S_SQ, n * Norm(xbar) ** 2                  # a = Σ‖x_i‖², b = n‖x̄‖²
R19 = lam**2 * A_SQ + (1 - lam**2) * B_MEAN                # the corrected radicand of (19)


def _eq19_corrected() -> Derivation:
    d = Derivation("lin.eq19-corrected", "Eq. (19) corrected: R̂(X̃) ≤ (Λ/n)(Σ‖x̃_i‖²)^½ = (Λ/n)(λ²Σ‖x_i‖² + (1-λ²)n‖x̄‖²)^½",
                   summary="Eq. (18)'s Jensen bound on the surrogate sample, and the exact expansion of Σ‖x̃_i‖² "
                           "(cross term kept: 2λ(1-λ) + (1-λ)² = 1-λ²).",
                   assumptions=[SAMPLE, RHAT, "x̃_i = λx_i + (1-λ)x̄", "Λ > 0"], domain=LAM01,
                   source="proof of Theorem 2, eq. (19)", proves=("eq19/corrected",))
    _dot_facts(d)
    last, S = _jensen_rademacher(d, SURR, "X̃")
    apply_rule(d, "‖x̃_i‖² = x̃_i·x̃_i", "norm-square", Norm(SURR) ** 2, Dot(SURR, SURR), "=", a=SURR)
    apply_rule(d, "summed: Σ‖x̃_i‖²", "sum", S, sp.Sum(Dot(SURR, SURR), (i, 1, n)), "=",
               premise="‖x̃_i‖² = x̃_i·x̃_i", i=i, lo=1, hi=n)
    apply_rule(d, "Σ‖x̃_i‖² = λ²Σ‖x_i‖² + (1-λ²)n‖x̄‖²", "combine", S, R19, "=",
               premises=[("summed: Σ‖x̃_i‖²", 1), ("summed: Σ‖x_i‖²", -lam**2), ("‖x̄‖² = x̄·x̄", -(1 - lam**2) * n),
                         ("Σ_i x_i·x̄ = n‖x̄‖²", 2 * lam * (1 - lam))])
    apply_rule(d, "radicand", "substitution", sp.sqrt(S), sp.sqrt(R19), "=",
               premise="Σ‖x̃_i‖² = λ²Σ‖x_i‖² + (1-λ²)n‖x̄‖²", expr=sp.sqrt(S))
    lhs, rhs = rhat(SURR, i, n, sigma, Lam), Lam / n * sp.sqrt(R19)
    apply_rule(d, "R̂(X̃) ≤ (Λ/n)(λ²Σ‖x_i‖² + (1-λ²)n‖x̄‖²)^½", "combine", lhs, rhs, "<=",
               premises=[(last, Lam / n), ("radicand", Lam / n)])
    return d.conclude(sp.Le(lhs, rhs, evaluate=False), [])


def _eq20_step1() -> Derivation:
    d = Derivation("lin.eq20-step1-corrected", "Eq. (20), first line with the corrected (19): "
                   "(Λ/n)√a − (Λ/n)√(λ²a + (1-λ²)b) ≤ (Λ(1-λ)/n)√(a − b)",
                   summary="With p = √a, q = √(a − b) (a − b = Σ‖x_i − x̄‖², so 0 ≤ q ≤ p): "
                           "p² − (1-λ²)q² − (p − (1-λ)q)² = 2(1-λ)q(p − q) ≥ 0, then √ is monotone and t ≤ |t|.",
                   assumptions=[SAMPLE, "a = Σ‖x_i‖², b = n‖x̄‖²", "Λ > 0"], domain=LAM01,
                   source="proof of Theorem 2, eq. (20)", proves=("eq20/step1-corrected",))
    tv = _tv_steps(d)
    apply_rule(d, "Σ‖x_i − x̄‖² = a − b", "combine", S_TV, A_SQ - B_MEAN, "=", premises=[(tv, -n)])
    apply_rule(d, "Σ‖x_i − x̄‖² ≤ a", "combine", S_TV, A_SQ, "<=", premises=[(tv, -n)])
    p, q = sp.sqrt(A_SQ), sp.sqrt(S_TV)
    apply_rule(d, "q ≤ p", "sqrt-monotone", q, p, premise="Σ‖x_i − x̄‖² ≤ a")
    apply_rule(d, "(p − (1-λ)q)² ≤ p² − (1-λ²)q²", "combine", (p - (1 - lam) * q) ** 2, p**2 - (1 - lam**2) * q**2,
               "<=", premises=[("q ≤ p", 2 * (1 - lam) * q)])
    apply_rule(d, "√ of both sides", "sqrt-monotone", sp.sqrt((p - (1 - lam) * q) ** 2),
               sp.sqrt(p**2 - (1 - lam**2) * q**2), premise="(p − (1-λ)q)² ≤ p² − (1-λ²)q²")
    apply_rule(d, "t ≤ |t|", "abs", p - (1 - lam) * q, sp.Abs(p - (1 - lam) * q), t=p - (1 - lam) * q)
    apply_rule(d, "p − √(p² − (1-λ²)q²) ≤ (1-λ)q", "combine", p - sp.sqrt(p**2 - (1 - lam**2) * q**2), (1 - lam) * q,
               "<=", premises=[("t ≤ |t|", 1), ("√ of both sides", 1)])
    apply_rule(d, "p² − (1-λ²)q² = λ²a + (1-λ²)b", "substitution", sp.sqrt(A_SQ - (1 - lam**2) * S_TV),
               sp.sqrt(A_SQ - (1 - lam**2) * (A_SQ - B_MEAN)), "=", premise="Σ‖x_i − x̄‖² = a − b",
               expr=sp.sqrt(A_SQ - (1 - lam**2) * S_TV))
    apply_rule(d, "q = √(a − b)", "substitution", q, sp.sqrt(A_SQ - B_MEAN), "=", premise="Σ‖x_i − x̄‖² = a − b", expr=q)
    lhs = Lam / n * sp.sqrt(A_SQ) - Lam / n * sp.sqrt(R19)
    rhs = Lam * (1 - lam) / n * sp.sqrt(A_SQ - B_MEAN)
    apply_rule(d, "bound (18) − corrected bound (19) ≤ (Λ(1-λ)/n)√(a − b)", "combine", lhs, rhs, "<=",
               premises=[("p − √(p² − (1-λ²)q²) ≤ (1-λ)q", Lam / n), ("p² − (1-λ²)q² = λ²a + (1-λ²)b", Lam / n),
                         ("q = √(a − b)", Lam * (1 - lam) / n)])
    return d.conclude(sp.Le(lhs, rhs, evaluate=False), [])


def _eq20_step2() -> Derivation:
    d = Derivation("lin.eq20-step2", "Eq. (20): (Λ|1-λ|/n)(Σ‖x_i‖² − Σ‖x̄‖²)^½ = (Λ|1-λ|/√n)((1/n)Σ‖x_i‖² − (1/n)Σ‖x̄‖²)^½",
                   summary="1/n = (1/√n)² with n > 0 comes out of the square root (any real radicand).",
                   assumptions=[SAMPLE, "λ real", "Λ > 0"], source="proof of Theorem 2, eq. (20), second line",
                   proves=("eq20/step2",))
    sb = sp.Sum(Norm(xbar) ** 2, (i, 1, n))
    lhs = Lam * sp.Abs(1 - lam) / n * sp.sqrt(S_SQ - sb)
    rhs = Lam * sp.Abs(1 - lam) / sp.sqrt(n) * sp.sqrt(S_SQ / n - sb / n)
    d.step("pull 1/√n out", lhs, rhs, simplify=VEC)
    return d.conclude(sp.Eq(lhs, rhs, evaluate=False), [])


def _thm2_chain(d: Derivation) -> tuple[sp.Expr, sp.Expr]:
    """Steps ending in R̂(X) − R̂(X̃) ≤ (Λ(1-λ)/√n)·√s², s² = (1/n)Σ‖x_i − x̄‖²; returns both sides."""
    W = sp.Sum(sigma[i] * SURR, (i, 1, n))
    d.step("Σσ_i x_i − Σσ_i x̃_i = (1-λ)Σσ_i(x_i − x̄)", V - W, (1 - lam) * U, simplify=VEC)
    apply_rule(d, "reverse triangle", "reverse-triangle", Norm(V) - Norm(W), Norm(V - W), a=V, b=W)
    apply_rule(d, "homogeneity", "homogeneity", Norm((1 - lam) * U), sp.Abs(1 - lam) * Norm(U), "=", c=1 - lam, a=U)
    d.step("|1-λ| = 1-λ", sp.Abs(1 - lam) * Norm(U), (1 - lam) * Norm(U), simplify=VEC)
    apply_rule(d, "pointwise in σ", "combine", Norm(V) - Norm(W), (1 - lam) * Norm(U), "<=",
               premises=[("reverse triangle", 1), ("homogeneity", 1), ("|1-λ| = 1-λ", 1)])
    apply_rule(d, "expectation over σ", "monotone-expectation", Expect(Norm(V) - Norm(W), sigma),
               Expect((1 - lam) * Norm(U), sigma), premise="pointwise in σ", over=sigma)
    last, S = _jensen_rademacher(d, x[i] - xbar, "X − x̄")
    lhs = rhat(x[i], i, n, sigma, Lam) - rhat(SURR, i, n, sigma, Lam)
    rhs = Lam * (1 - lam) / sp.sqrt(n) * sp.sqrt(S_TV / n)
    apply_rule(d, "R̂(X) − R̂(X̃) ≤ (Λ(1-λ)/√n)·√s²", "combine", lhs, rhs, "<=",
               premises=[("expectation over σ", Lam / n), (last, Lam * (1 - lam) / n)])
    return lhs, rhs


def _thm2_surrogate() -> Derivation:
    d = Derivation("lin.thm2-total-variance", "Theorem 2 with s² the total variance and C = Λ(1-λ) (surrogate)",
                   summary="R̂(X) − R̂(X̃) ≤ (Λ/n)E_σ‖Σσ_i(x_i − x̃_i)‖ (reverse triangle) = (Λ(1-λ)/n)E_σ‖Σσ_i(x_i − x̄)‖ "
                           "≤ (Λ(1-λ)/n)(Σ‖x_i − x̄‖²)^½ (Jensen, second moment) = (Λ(1-λ)/√n)√s².",
                   assumptions=[SAMPLE, RHAT, "x̃_i = λx_i + (1-λ)x̄", "Λ > 0"], domain=LAM01,
                   source="Theorem 2, eq. (17); proof eqs. (18)-(20)", proves=("thm2/total-variance-surrogate",))
    _mean(d)
    lhs, rhs = _thm2_chain(d)
    return d.conclude(sp.Le(lhs, rhs, evaluate=False), [])


def _thm2_real() -> Derivation:
    d = Derivation("lin.thm2-total-variance-real-mixup", "Theorem 2 with the total variance, C = Λ(1-λ), real mixup",
                   summary="E_π[λx_i + (1-λ)x_π(i)] = x̃_i; R̂ is convex in the sample, so E_πR̂(mixed) ≥ R̂(X̃) "
                           "(Jensen), and the surrogate bound applies.",
                   assumptions=[SAMPLE, RHAT, "π a uniformly random permutation of {1, …, n}", "Λ > 0"],
                   domain=LAM01, source="Theorem 2, eq. (17)", proves=("thm2/total-variance-real-mixup",))
    _mean(d)
    lhs, rhs = _thm2_chain(d)
    mixed = lam * x[i] + (1 - lam) * x[pi[i]]
    apply_rule(d, "E_π x_π(i) = x̄", "partner-mean", Expect(x[pi[i]], pi), xbar, "=", x=x, i=i, j=j, n=n, pi=pi,
               mean=xbar, definition="sample mean")
    apply_rule(d, "E_π[mixed_i] = x̃_i", "combine", Expect(mixed, pi), SURR, "=", premises=[("E_π x_π(i) = x̄", 1 - lam)])
    apply_rule(d, "convexity of R̂", "convexity-rhat", rhat(SURR, i, n, sigma, Lam),
               Expect(rhat(mixed, i, n, sigma, Lam), pi), sample=mixed, mean_sample=SURR, i=i, n=n, sigma=sigma,
               Lam=Lam, pi=pi, premise="E_π[mixed_i] = x̃_i")
    real = rhat(x[i], i, n, sigma, Lam) - Expect(rhat(mixed, i, n, sigma, Lam), pi)
    apply_rule(d, "R̂(X) − E_πR̂(mixed) ≤ (Λ(1-λ)/√n)·√s²", "combine", real, rhs, "<=",
               premises=[("R̂(X) − R̂(X̃) ≤ (Λ(1-λ)/√n)·√s²", 1), ("convexity of R̂", 1)])
    return d.conclude(sp.Le(real, rhs, evaluate=False), [])


#: derivation id → builder (each builds only what it needs)
DERIVATIONS = {
    "lin.eq18-expansion": _eq18_expansion,
    "lin.eq18-jensen": _eq18_jensen,
    "lin.eq19-step2": _eq19_step2,
    "lin.eq20-total-variance": _total_variance,
    "lin.eq19-corrected": _eq19_corrected,
    "lin.eq20-step1-corrected": _eq20_step1,
    "lin.eq20-step2": _eq20_step2,
    "lin.thm2-total-variance": _thm2_surrogate,
    "lin.thm2-total-variance-real-mixup": _thm2_real,
}


derivation, derivations = table_registry(DERIVATIONS)
