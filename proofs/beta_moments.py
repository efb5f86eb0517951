"""Moments of λ ~ Beta(α, α) (the mixing weight of mixup) and of the general Beta(a, b).

Every moment starts from its definition, E[g(λ)] = ∫₀¹ g(λ) λ^{a-1}(1-λ)^{b-1} dλ / ∫₀¹
λ^{a-1}(1-λ)^{b-1} dλ, written as unevaluated SymPy integrals: SymPy evaluates them (Meijer-G
definite integration) and each later form is checked against the one before. Where a step
has numeric ``points``, mpmath quadrature of the integral at those α also has to agree. The
paper's Section 6 values (E[λ] = 1/2, Var(λ) = α²/((α+α)²(α+α+1)) = 1/(4(2α+1))) are steps
compared against the derived forms, not assumed.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from mixcheck.derivation import Derivation

from ._table import table_registry

__all__ = [
    "alpha", "a", "b", "lam", "k",
    "kernel", "normaliser", "expectation", "moment",
    "DERIVATIONS", "derivation", "derivations",
]

alpha = sp.Symbol("alpha", positive=True)
a, b = sp.symbols("a b", positive=True)
lam = sp.Symbol("lambda", positive=True)  # the integration variable, on (0, 1)
k = sp.Symbol("k", integer=True, nonnegative=True)
half = sp.Rational(1, 2)

ALPHA_DOMAIN = "α > 0; λ ~ Beta(α, α) with density λ^{α-1}(1-λ)^{α-1}/B(α, α) on (0, 1)"
AB_DOMAIN = "a > 0, b > 0; λ ~ Beta(a, b) with density λ^{a-1}(1-λ)^{b-1}/B(a, b) on (0, 1)"

# α values for the numeric quadrature cross-checks: a U-shaped law (α < 1), the uniform law
# and a bell-shaped one.
ALPHA_POINTS = [{alpha: sp.Rational(3, 4)}, {alpha: sp.Integer(1)}, {alpha: sp.Rational(5, 2)}]
AB_POINTS = [{a: sp.Rational(1, 2), b: sp.Rational(7, 3)}, {a: sp.Integer(3), b: sp.Rational(5, 4)}]

# Readable closed forms the derivations arrive at; each is checked against the integral.
SECOND_MOMENT = (alpha + 1) / (2 * (2 * alpha + 1))
CROSS_MOMENT = alpha / (2 * (2 * alpha + 1))
MIX_WEIGHT = (alpha + 1) / (2 * alpha + 1)
VARIANCE = 1 / (4 * (2 * alpha + 1))
ABS_DEVIATION = sp.gamma(2 * alpha) / (alpha * 4**alpha * sp.gamma(alpha) ** 2)


def kernel(p: sp.Expr = alpha, q: sp.Expr = alpha) -> sp.Expr:
    """The unnormalised Beta(p, q) density λ^{p-1}(1-λ)^{q-1}."""
    return lam ** (p - 1) * (1 - lam) ** (q - 1)


def normaliser(p: sp.Expr = alpha, q: sp.Expr = alpha) -> sp.Integral:
    """B(p, q) by its definition, as an unevaluated integral."""
    return sp.Integral(kernel(p, q), (lam, 0, 1))


def expectation(g: sp.Expr, p: sp.Expr = alpha, q: sp.Expr = alpha) -> sp.Expr:
    """E[g(λ)] for λ ~ Beta(p, q), by definition (unevaluated integrals)."""
    return sp.Integral(sp.expand(g) * kernel(p, q), (lam, 0, 1)) / normaliser(p, q)


@lru_cache(maxsize=None)
def moment(j: int) -> sp.Expr:
    """E[λ^j] for λ ~ Beta(α, α) — the value of the checked derivation ``beta.moments`` at k = j
    (a rational function of α). Used by the mixup derivations."""
    d = _moments()
    return sp.factor(sp.expand_func(d.result.subs(k, j)))


def _beta_fn_to_gamma(e: sp.Expr) -> sp.Expr:
    return e.rewrite(sp.gamma)


# --------------------------------------------------------------------------------------


def _normaliser() -> Derivation:
    d = Derivation("beta.normaliser", "Euler's Beta integral B(a, b) = Γ(a)Γ(b)/Γ(a+b)",
                   summary="The normaliser of the Beta density, evaluated from its integral.",
                   assumptions=[AB_DOMAIN])
    closed = sp.gamma(a) * sp.gamma(b) / sp.gamma(a + b)
    d.step("integral", normaliser(a, b), closed, points=AB_POINTS)
    d.step("beta-function", sp.beta(a, b), closed, note="SymPy's beta(a, b) is the same function")
    return d.conclude(closed, (a, b))


def _general() -> Derivation:
    d = Derivation("beta.general-moments", "Moments of Beta(a, b): E[λ^k], mean and variance",
                   summary="E[λ^k] = B(a+k, b)/B(a, b) = (a)_k/(a+b)_k (rising factorials), "
                           "then the mean a/(a+b) and the variance ab/((a+b)²(a+b+1)).",
                   assumptions=[AB_DOMAIN, "k a non-negative integer"])
    pts = [{**p, k: j} for p, j in zip(AB_POINTS, (2, 3))]
    ratio = sp.beta(a + k, b) / sp.beta(a, b)
    d.step("definition", expectation(lam**k, a, b), _beta_fn_to_gamma(ratio), points=pts,
           note="the integrand λ^k·λ^{a-1}(1-λ)^{b-1} is the Beta(a+k, b) kernel")
    gamma_form = sp.gamma(a + k) * sp.gamma(a + b) / (sp.gamma(a) * sp.gamma(a + b + k))
    d.step("gamma-form", _beta_fn_to_gamma(ratio), gamma_form)
    general = sp.rf(a, k) / sp.rf(a + b, k)
    d.step("rising-factorials", gamma_form, general.rewrite(sp.gamma),
           note="(x)_k = Γ(x+k)/Γ(x)")
    mean = a / (a + b)
    var = a * b / ((a + b) ** 2 * (a + b + 1))
    d.step("mean", expectation(lam, a, b), mean, points=AB_POINTS)
    d.step("mean-from-general", general.subs(k, 1), mean, simplify=("expand", "gammasimp", "simplify"))
    d.step("variance", expectation(lam**2, a, b) - expectation(lam, a, b) ** 2, var, points=AB_POINTS,
           note="Var(λ) = E[λ²] − E[λ]², each expectation by its integral")
    return d.conclude(general, (a, b, k), mean=mean, variance=var)


@lru_cache(maxsize=None)
def _moments() -> Derivation:
    d = Derivation("beta.moments", "E[λ^k] for λ ~ Beta(α, α)",
                   summary="E[λ^k] = Γ(α+k)Γ(2α)/(Γ(α)Γ(2α+k)) = (α)_k/(2α)_k; the first four "
                           "moments each evaluated from their own integral.",
                   assumptions=[ALPHA_DOMAIN, "k a non-negative integer"])
    pts = [{**p, k: j} for p, j in zip(ALPHA_POINTS, (1, 2, 5))]
    gamma_form = sp.gamma(alpha + k) * sp.gamma(2 * alpha) / (sp.gamma(alpha) * sp.gamma(2 * alpha + k))
    d.step("definition", expectation(lam**k), gamma_form, points=pts)
    general = sp.rf(alpha, k) / sp.rf(2 * alpha, k)
    d.step("rising-factorials", gamma_form, general.rewrite(sp.gamma))
    d.step("specialises-beta(a,b)", (sp.rf(a, k) / sp.rf(a + b, k)).subs({a: alpha, b: alpha}), general,
           note="the Beta(a, b) moment at a = b = α (beta.general-moments)")
    low = {1: half, 2: SECOND_MOMENT,
           3: (alpha + 2) / (4 * (2 * alpha + 1)),
           4: (alpha + 2) * (alpha + 3) / (4 * (2 * alpha + 1) * (2 * alpha + 3))}
    for j, form in low.items():
        d.step(f"k={j}", expectation(lam**j), form, points=ALPHA_POINTS[:1])
    return d.conclude(general, (alpha, k), **{f"k{j}": f for j, f in low.items()})


def _mean() -> Derivation:
    d = Derivation("beta.mean", "E[λ] = 1/2 for λ ~ Beta(α, α) (paper, Section 6)",
                   summary="Derived from the integral and by symmetry; the paper's α/(α+α) = 1/2 checked.",
                   assumptions=[ALPHA_DOMAIN], source="Section 6: E[λ] = α/(α+α) = 1/2")
    d.step("definition", expectation(lam), half, points=ALPHA_POINTS)
    d.step("symmetric-density", kernel().subs(lam, 1 - lam), kernel(),
           note="f(1-λ) = f(λ), so λ and 1-λ have the same law and E[λ] = E[1-λ] = 1 - E[λ]")
    with sp.evaluate(False):  # keep the paper's printed forms
        paper = alpha / (alpha + alpha)
    d.step("paper: E[λ] = α/(α+α)", expectation(lam), paper, note="the Beta(a, b) mean a/(a+b) at a = b = α")
    d.step("paper: α/(α+α) = 1/2", paper, half)
    return d.conclude(half, (alpha,))


def _var() -> Derivation:
    d = Derivation("beta.var", "Var(λ) = 1/(4(2α+1)) for λ ~ Beta(α, α) (paper, Section 6)",
                   summary="Var(λ) = E[λ²] − E[λ]² from the integrals, then the paper's chain "
                           "α²/((α+α)²(α+α+1)) = α²/(4α²(2α+1)) = 1/(4(2α+1)) step by step.",
                   assumptions=[ALPHA_DOMAIN], source="Section 6: Var(λ) = α²/((α+α)²(α+α+1)) = 1/(4(2α+1))")
    var_def = expectation(lam**2) - expectation(lam) ** 2
    d.step("definition", var_def, SECOND_MOMENT - half**2, points=ALPHA_POINTS,
           note="Var(λ) = E[λ²] − E[λ]², E[λ²] = (α+1)/(2(2α+1)), E[λ] = 1/2")
    d.step("simplified", SECOND_MOMENT - half**2, VARIANCE)
    with sp.evaluate(False):  # keep the paper's printed forms
        paper1 = alpha**2 / ((alpha + alpha) ** 2 * (alpha + alpha + 1))
        paper2 = alpha**2 / (4 * alpha**2 * (2 * alpha + 1))
        paper3 = 1 / (4 * (2 * alpha + 1))
    d.step("paper: Var(λ) = α²/((α+α)²(α+α+1))", var_def, paper1,
           note="the Beta(a, b) variance ab/((a+b)²(a+b+1)) at a = b = α")
    d.step("paper: = α²/(4α²(2α+1))", paper1, paper2)
    d.step("paper: = 1/(4(2α+1))", paper2, paper3)
    d.step("general-variance at a=b=α", (a * b / ((a + b) ** 2 * (a + b + 1))).subs({a: alpha, b: alpha}), VARIANCE)
    return d.conclude(VARIANCE, (alpha,), second_moment=SECOND_MOMENT)


def _simple(id_: str, title: str, g: sp.Expr, form: sp.Expr, relations: list[tuple[str, sp.Expr, sp.Expr, str]]) -> Derivation:
    d = Derivation(id_, title, assumptions=[ALPHA_DOMAIN],
                   summary=f"E[{sp.sstr(g)}] from its integral; the closed form {sp.sstr(form)}.")
    d.step("definition", expectation(g), form, points=ALPHA_POINTS)
    for name, lhs, rhs, note in relations:
        d.step(name, lhs, rhs, note=note)
    return d.conclude(form, (alpha,))


def _second() -> Derivation:
    return _simple("beta.second-moment", "E[λ²] = (α+1)/(2(2α+1)) for λ ~ Beta(α, α)", lam**2, SECOND_MOMENT,
                   [("from-moments", moment(2), SECOND_MOMENT, "E[λ^k] at k = 2 (beta.moments)")])


def _one_minus_second() -> Derivation:
    return _simple("beta.one-minus-second-moment", "E[(1-λ)²] = (α+1)/(2(2α+1)) for λ ~ Beta(α, α)",
                   (1 - lam) ** 2, SECOND_MOMENT,
                   [("expansion", expectation((1 - lam) ** 2), 1 - 2 * expectation(lam) + expectation(lam**2),
                     "linearity of the integral"),
                    ("equals E[λ²]", expectation((1 - lam) ** 2), expectation(lam**2),
                     "by the symmetry λ ↦ 1-λ of Beta(α, α)")])


def _cross() -> Derivation:
    return _simple("beta.cross-moment", "E[λ(1-λ)] = α/(2(2α+1)) for λ ~ Beta(α, α)", lam * (1 - lam), CROSS_MOMENT,
                   [("E[λ] − E[λ²]", expectation(lam) - expectation(lam**2), CROSS_MOMENT, "linearity")])


def _mix_weight() -> Derivation:
    return _simple("beta.mix-weight", "E[λ² + (1-λ)²] = (α+1)/(2α+1) for λ ~ Beta(α, α)",
                   lam**2 + (1 - lam) ** 2, MIX_WEIGHT,
                   [("1 − 2E[λ(1-λ)]", 1 - 2 * CROSS_MOMENT, MIX_WEIGHT, "λ² + (1-λ)² = 1 − 2λ(1-λ)"),
                    ("2E[λ²]", 2 * SECOND_MOMENT, MIX_WEIGHT, "symmetry: E[(1-λ)²] = E[λ²]")])


def _abs_dev() -> Derivation:
    d = Derivation("beta.abs-deviation", "E|λ − 1/2| = Γ(2α)/(α·4^α·Γ(α)²) for λ ~ Beta(α, α)",
                   summary="Fold the symmetric density onto [1/2, 1], integrate (λ-1/2)λ^{α-1}(1-λ)^{α-1} "
                           "with the antiderivative −(λ(1-λ))^α/(2α), evaluate at the ends.",
                   assumptions=[ALPHA_DOMAIN])
    B = normaliser()
    full = sp.Integral(sp.Abs(lam - half) * kernel(), (lam, 0, 1)) / B
    folded = 2 * sp.Integral((lam - half) * kernel(), (lam, half, 1)) / B
    d.step("symmetric-density", kernel().subs(lam, 1 - lam), kernel(), note="f(1-λ) = f(λ)")
    d.step("fold", full, folded, check="numeric", points=ALPHA_POINTS,
           note="|λ-1/2| and f are symmetric about 1/2, so the integrals over (0,1/2) and (1/2,1) agree; "
                "SymPy cannot integrate |·| against the kernel, so this step is checked by quadrature")
    F = -(lam**alpha) * (1 - lam) ** alpha / (2 * alpha)
    d.step("antiderivative", sp.Derivative(F, lam) / kernel(), lam - half,
           simplify=("expand", "powsimp", "cancel"),
           note="F'(λ) = (λ-1/2)·λ^{α-1}(1-λ)^{α-1}, checked as F'(λ)/(λ^{α-1}(1-λ)^{α-1}) = λ-1/2 "
                "(the kernel is positive on (0,1))")
    ends = 2 * (F.subs(lam, 1) - F.subs(lam, half)) / B
    d.step("fundamental-theorem", folded, ends, check="numeric", points=ALPHA_POINTS,
           note="∫_{1/2}^1 F'(λ)dλ = F(1) − F(1/2) with F(1) = 0 since α > 0 (the antiderivative step); "
                "the integral is also evaluated by quadrature here")
    d.step("value", ends, 1 / (alpha * 4**alpha * sp.beta(alpha, alpha)).rewrite(sp.gamma), simplify=("gammasimp", "simplify"))
    d.step("closed-form", 1 / (alpha * 4**alpha * sp.beta(alpha, alpha)).rewrite(sp.gamma), ABS_DEVIATION)
    d.step("alpha=1 (uniform)", ABS_DEVIATION.subs(alpha, 1), sp.Rational(1, 4))
    d.step("alpha→0+", sp.Limit(ABS_DEVIATION, alpha, 0, "+"), half, note="mass at the endpoints 0 and 1")
    return d.conclude(ABS_DEVIATION, (alpha,))


def _min_weight() -> Derivation:
    d = Derivation("beta.min-weight", "E[min(λ, 1-λ)] = 1/2 − Γ(2α)/(α·4^α·Γ(α)²) for λ ~ Beta(α, α)",
                   summary="min(λ, 1-λ) = 1/2 − |λ − 1/2| pointwise, then E|λ − 1/2| (beta.abs-deviation).",
                   assumptions=[ALPHA_DOMAIN])
    lr = sp.Symbol("lambda", real=True)
    d.step("pointwise", sp.Min(lr, 1 - lr).rewrite(sp.Piecewise), (half - sp.Abs(lr - half)).rewrite(sp.Piecewise),
           note="for real λ, both sides rewritten as Piecewise")
    form = half - ABS_DEVIATION
    d.step("expectation", sp.Integral(sp.Min(lam, 1 - lam) * kernel(), (lam, 0, 1)) / normaliser(), form,
           check="numeric", points=ALPHA_POINTS,
           note="linearity and ∫f = 1 turn the pointwise identity into E[min] = 1/2 − E|λ-1/2|; "
                "SymPy cannot integrate min(·) against the kernel, so the integral is checked by quadrature")
    d.step("alpha=1 (uniform)", form.subs(alpha, 1), sp.Rational(1, 4))
    return d.conclude(form, (alpha,))


#: each Beta derivation's builder, by id (each built once per process, only when asked)
DERIVATIONS = {
    "beta.normaliser": _normaliser,
    "beta.general-moments": _general,
    "beta.moments": _moments,
    "beta.mean": _mean,
    "beta.var": _var,
    "beta.second-moment": _second,
    "beta.one-minus-second-moment": _one_minus_second,
    "beta.cross-moment": _cross,
    "beta.mix-weight": _mix_weight,
    "beta.abs-deviation": _abs_dev,
    "beta.min-weight": _min_weight,
}

derivation, derivations = table_registry(DERIVATIONS)
