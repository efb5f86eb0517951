"""Mixup applied to a random variable: means and (co)variances of the mixed variable.

Two mixed variables, as in the paper's eqs. (1), (19), (24), (32), (33):

* the *surrogate* x̃ = λx + (1-λ)E[x] (the expected partner the proofs use), and
* the *pair* x̃ = λx_i + (1-λ)x_j with x_i, x_j independent draws of the same law (the random
  partner mixup training uses),

each at a fixed λ and with λ ~ Beta(α, α) independent of x (law of total variance).

Expectations are built from their definition as sums over a *generic three-point law*:
x takes the symbolic values v₁, v₂, v₃ with symbolic weights p₁, p₂, p₃ = 1 − p₁ − p₂
(two-dimensional atoms (u_a, w_a) for the vector case, d = 2). Independent copies give double
sums over the product law; a random λ adds the Beta integral of ``proofs.beta_moments``
(expanded in powers of λ, each power an unevaluated integral that SymPy evaluates). Every
statement here is a polynomial identity of degree ≤ 2 in x, so it depends on the law only
through E[x] and E[x xᵀ]; those range over an open set as the three-point law varies, so a
polynomial identity in them that holds for all three-point laws holds for every law with
finite second moments. The d = 2 covariance identities are entrywise, so they hold in any d.
The results are stated in generic symbols μ = E[x], σ² = Var(x) (Σ for the covariance).
"""

from __future__ import annotations

from itertools import product

import sympy as sp

from mixcheck.derivation import SIMPLIFIERS, Derivation
from mixcheck.proofs import beta_moments as bm
from mixcheck.proofs import exponential_families as ef
from mixcheck.proofs._table import table_registry

__all__ = ["lam", "alpha", "mu", "sigma2", "DERIVATIONS", "derivation", "derivations"]

lam = bm.lam            # λ (fixed: a symbol; random: the Beta integration variable)
alpha = bm.alpha
mu = sp.Symbol("mu", real=True)
sigma2 = sp.Symbol("sigma2", nonnegative=True)
s11, s22 = sp.symbols("Sigma11 Sigma22", nonnegative=True)
s12 = sp.Symbol("Sigma12", real=True)
SIGMA = sp.Matrix([[s11, s12], [s12, s22]])

v = sp.symbols("v1:4", real=True)
u = sp.symbols("u1:4", real=True)
w = sp.symbols("w1:4", real=True)
p1, p2 = sp.symbols("p1 p2", positive=True)
P = (p1, p2, 1 - p1 - p2)

LAW = ("x has a generic three-point law: values v₁, v₂, v₃ (vectors (u_a, w_a) in the d = 2 case) "
       "with weights p₁, p₂, 1−p₁−p₂ — all symbolic; see the module docstring for why this is general")
FIXED = "λ a fixed number (the identities are polynomial in λ, so they hold for every real λ)"
RANDOM = "λ ~ Beta(α, α), α > 0, independent of x"
PAIR = "x_i, x_j independent draws of the law of x"

RING = ("ring",)  # every mixup identity is rational in its symbols
_ring = SIMPLIFIERS["ring"]
SURROGATE_W = lam**2
PAIR_W = lam**2 + (1 - lam) ** 2
# a law with positive variance and λ = 1/2: where the failing readings are refuted
WITNESS = {v[0]: 0, v[1]: 1, v[2]: 3, p1: sp.Rational(1, 3), p2: sp.Rational(1, 3), lam: sp.Rational(1, 2)}


def E1(g) -> sp.Expr:
    """E[g(x)] over the three-point law: Σ_a p_a g(v_a)."""
    return sum(pa * g(va) for pa, va in zip(P, v))


def E2(g) -> sp.Expr:
    """E[g(x_i, x_j)] for independent copies: Σ_a Σ_b p_a p_b g(v_a, v_b)."""
    return sum(P[a] * P[b] * g(v[a], v[b]) for a, b in product(range(3), repeat=2))


def _msum(terms) -> sp.Matrix:
    terms = list(terms)
    return sum(terms[1:], terms[0])


def E1vec(g) -> sp.Expr:
    """E[g(x)] for the two-dimensional three-point law with atoms (u_a, w_a)."""
    return _msum(P[a] * g(sp.Matrix([u[a], w[a]])) for a in range(3))


def E2vec(g) -> sp.Expr:
    return _msum(P[a] * P[b] * g(sp.Matrix([u[a], w[a]]), sp.Matrix([u[b], w[b]]))
                 for a, b in product(range(3), repeat=2))


def E_lambda(expr: sp.Expr) -> sp.Expr:
    """E over λ ~ Beta(α, α) of a polynomial in λ, by linearity: Σ_k c_k E[λ^k], with E[λ^k]
    the value derived from its integral in ``beta.moments`` (a rational function of α)."""
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(E_lambda)
    poly = sp.Poly(_ring(expr), lam)
    return sum(c * bm.moment(kk) for (kk,), c in poly.terms())


MEAN = E1(lambda x: x)
VAR = _ring(E1(lambda x: x**2) - MEAN**2)
MEAN_VEC = sum((P[a] * sp.Matrix([u[a], w[a]]) for a in range(3)), sp.zeros(2, 1))
COV = (sum((P[a] * sp.Matrix([u[a], w[a]]) * sp.Matrix([u[a], w[a]]).T for a in range(3)), sp.zeros(2, 2))
       - MEAN_VEC * MEAN_VEC.T).applyfunc(_ring)
LAW_SUBS = {mu: MEAN, sigma2: VAR}
COV_SUBS = {s11: COV[0, 0], s12: COV[0, 1], s22: COV[1, 1]}


# --------------------------------------------------------------------------------------
# scalar, fixed λ


def _surrogate_mean() -> Derivation:
    d = Derivation("mixup.surrogate-mean", "E[λx + (1-λ)E[x]] = E[x] (paper eq. 32)",
                   assumptions=[LAW, FIXED], source="proof of Theorem 4, eq. (32)")
    d.step("definition", E1(lambda x: lam * x + (1 - lam) * MEAN), MEAN,
           note="E[x̃] = Σ_a p_a (λ v_a + (1-λ)E[x])")
    d.step("paper eq. (32): E[λx + (1-λ)E[x]] = E[x]", E1(lambda x: lam * x + (1 - lam) * MEAN), E1(lambda x: x))
    d.step("random λ", E_lambda(E1(lambda x: lam * x + (1 - lam) * MEAN)), MEAN,
           assumptions=[RANDOM], note="E over λ of the conditional mean E[x] is E[x]")
    return d.conclude(mu, (mu,))


def _surrogate_var() -> Derivation:
    d = Derivation("mixup.surrogate-variance", "Var(λx + (1-λ)E[x]) = λ²Var(x) at fixed λ",
                   assumptions=[LAW, FIXED], source="proof of Theorem 4, eq. (33)")
    xt = lambda x: lam * x + (1 - lam) * MEAN  # noqa: E731
    var_def = E1(lambda x: (xt(x) - E1(xt)) ** 2)
    d.step("definition", var_def, lam**2 * VAR, simplify=RING,
           note="Var(x̃) = E[(x̃ − E[x̃])²] = Σ_a p_a (λ(v_a − E[x]))²")
    d.step("paper: = λ²Var(x) + (1-λ)²Var(E[x])", var_def,
           lam**2 * VAR + (1 - lam) ** 2 * E1(lambda x: (MEAN - E1(lambda y: MEAN)) ** 2), simplify=RING,
           note="Var(E[x]) is the variance of a constant, 0 (the cross term 2λ(1-λ)Cov(x, E[x]) is 0 too)")
    d.step("Var(E[x]) = 0", E1(lambda x: (MEAN - E1(lambda y: MEAN)) ** 2), 0, simplify=RING)
    return d.conclude(SURROGATE_W * sigma2, (lam, sigma2))


def _pair_mean() -> Derivation:
    d = Derivation("mixup.pair-mean", "E[λx_i + (1-λ)x_j] = E[x] for independent copies",
                   assumptions=[LAW, PAIR, FIXED], source="eq. (1); the random-partner reading of eq. (32)")
    d.step("definition", E2(lambda x, y: lam * x + (1 - lam) * y), MEAN, simplify=RING,
           note="Σ_a Σ_b p_a p_b (λ v_a + (1-λ) v_b), with Σ p = 1")
    d.step("random λ", E_lambda(E2(lambda x, y: lam * x + (1 - lam) * y)), MEAN, simplify=RING,
           assumptions=[RANDOM])
    return d.conclude(mu, (mu,))


def _pair_var() -> Derivation:
    d = Derivation("mixup.pair-variance", "Var(λx_i + (1-λ)x_j) = (λ² + (1-λ)²)Var(x) for independent copies",
                   assumptions=[LAW, PAIR, FIXED], source="eq. (1); the random-partner reading of eq. (33)")
    mix = lambda x, y: lam * x + (1 - lam) * y  # noqa: E731
    var_def = E2(lambda x, y: mix(x, y) ** 2) - E2(mix) ** 2
    d.step("definition", var_def, PAIR_W * VAR, simplify=RING,
           note="E[x̃²] − E[x̃]² over the product law")
    d.step("paper eq. (33) read with a random partner: = λ²Var(x)", var_def, lam**2 * VAR,
           simplify=RING, witness=WITNESS, expected_to_fail=True,
           expected_residual=(1 - lam) ** 2 * VAR,
           reason="the partner x_j is random, not E[x]: its variance adds (1-λ)²Var(x)")
    return d.conclude(PAIR_W * sigma2, (lam, sigma2))


# --------------------------------------------------------------------------------------
# scalar, λ ~ Beta(α, α)


def _random_lambda(id_: str, title: str, mix_expr, weight: sp.Expr, pair: bool) -> Derivation:
    """Var of the mixed variable with λ ~ Beta(α, α): direct, and by the law of total variance."""
    EX = E2 if pair else E1
    d = Derivation(id_, title, assumptions=[LAW, RANDOM] + ([PAIR] if pair else []),
                   summary="Var(x̃) = E_λ[Var(x̃ | λ)] + Var_λ(E[x̃ | λ]) = E[w(λ)]·Var(x) + 0.",
                   source="Section 6 with eqs. (32)-(33): λ treated as a random variable")
    cond_mean = EX(mix_expr)
    cond_var = _ring(EX(lambda *xs: mix_expr(*xs) ** 2) - cond_mean**2)
    d.step("conditional mean", cond_mean, MEAN, simplify=RING,
           note="E[x̃ | λ] = E[x] for every λ")
    d.step("conditional variance", cond_var, weight * VAR, simplify=RING,
           note="Var(x̃ | λ) = w(λ)·Var(x) (the fixed-λ derivation)")
    mean_def = E_lambda(cond_mean)
    d.step("mean", mean_def, MEAN, simplify=RING)
    direct = E_lambda(EX(lambda *xs: mix_expr(*xs) ** 2)) - mean_def**2
    ltv = E_lambda(cond_var) + (E_lambda(cond_mean**2) - E_lambda(cond_mean) ** 2)
    d.step("law of total variance", direct, ltv, simplify=RING,
           note="E[x̃²] − E[x̃]² (joint law of λ and x) = E_λ[Var(x̃|λ)] + Var_λ(E[x̃|λ])")
    d.step("Var_λ(E[x̃|λ]) = 0", E_lambda(cond_mean**2) - E_lambda(cond_mean) ** 2, 0,
           simplify=RING)
    e_w = sp.factor(E_lambda(weight))
    d.step("E[w(λ)]", bm.expectation(weight), e_w, note="the Beta(α, α) integral of the weight")
    d.step("closed form", direct, e_w * VAR, simplify=RING)
    return d.conclude(e_w * sigma2, (alpha, sigma2), weight=e_w)


def _surrogate_var_random() -> Derivation:
    return _random_lambda("mixup.surrogate-variance-random-lambda",
                          "Var(λx + (1-λ)E[x]) = E[λ²]Var(x) = (α+1)/(2(2α+1))·Var(x), λ ~ Beta(α, α)",
                          lambda x: lam * x + (1 - lam) * MEAN, SURROGATE_W, pair=False)


def _pair_var_random() -> Derivation:
    return _random_lambda("mixup.pair-variance-random-lambda",
                          "Var(λx_i + (1-λ)x_j) = E[λ² + (1-λ)²]Var(x) = (α+1)/(2α+1)·Var(x), λ ~ Beta(α, α)",
                          lambda x, y: lam * x + (1 - lam) * y, PAIR_W, pair=True)


# --------------------------------------------------------------------------------------
# vectors, d = 2


def _cov(id_: str, title: str, mix_expr, weight: sp.Expr, pair: bool, random: bool) -> Derivation:
    EX = E2vec if pair else E1vec
    assumptions = [LAW, "x ∈ ℝ², d = 2 fixed (entrywise identities: the same for any d)"]
    assumptions += [PAIR] if pair else []
    assumptions += [RANDOM] if random else [FIXED]
    d = Derivation(id_, title, assumptions=assumptions, source="vector form of eqs. (32)-(33)")
    mean = EX(mix_expr)
    second = EX(lambda *xs: mix_expr(*xs) * mix_expr(*xs).T)
    if random:
        mean, second = E_lambda(mean), E_lambda(second)
    d.step("mean", mean, MEAN_VEC, simplify=RING)
    cov = second - mean * mean.T
    if random:
        e_w = sp.factor(E_lambda(weight))
        d.step("definition", cov, e_w * COV, simplify=RING,
               note="Cov(x̃) = E[x̃x̃ᵀ] − E[x̃]E[x̃]ᵀ over the joint law of λ and x")
        return d.conclude(e_w * SIGMA, (alpha, s11, s12, s22), weight=e_w)
    d.step("definition", cov, weight * COV, simplify=RING,
           note="Cov(x̃) = E[x̃x̃ᵀ] − E[x̃]E[x̃]ᵀ")
    return d.conclude(weight * SIGMA, (lam, s11, s12, s22))


# --------------------------------------------------------------------------------------
# the paper's eq. (33) as printed, on exponential families


def _eq33() -> Derivation:
    d = Derivation("mixup.eq33", "Eq. (33) as printed: Var(λx + (1-λ)E[x]) = λ²Var(x) = λ²ψ(θ)",
                   summary="The chain holds up to λ²Var(x) = λ²∇∇ψ(θ) (eq. 31); its last member λ²ψ(θ) "
                           "(ψ where ∇∇ψ is meant) is false in general: refuted on the exponential and "
                           "Gaussian families; it holds for the Poisson family only because ψ'' = ψ = e^θ there.",
                   assumptions=[FIXED, "x ~ p(x; θ) an exponential family with T(x) = x"],
                   source="proof of Theorem 4, eq. (33)")
    for key, theta_val in (("exponential", -1), ("gaussian-known-sigma", sp.Rational(1, 2)), ("poisson", 0)):
        fam = ef.family(key)
        der = ef.derivation(key)
        psi = der.result
        (theta,) = fam.theta
        var_x = sp.simplify(der.forms["cov"][0, 0])
        d.step(f"{key}: Var(x) = ∇∇ψ(θ)", var_x, sp.Derivative(psi, theta, 2),
               note=f"eq. (31): Var(x) from the density (its sum/integral in {fam.id}) against ψ''",
               simplify=("expand", "cancel", "simplify"))
        d.step(f"{key}: λ²Var(x) = λ²∇∇ψ(θ) (corrected)", lam**2 * var_x, lam**2 * sp.Derivative(psi, theta, 2),
               simplify=("expand", "cancel", "simplify"))
        wit = {theta: theta_val, lam: sp.Rational(1, 2), **{e: 1 for e in fam.extra}}
        if key == "poisson":
            d.step(f"{key}: λ²Var(x) = λ²ψ(θ) (as printed)", lam**2 * var_x, lam**2 * psi,
                   note="holds here only because ψ(θ) = ψ''(θ) = e^θ for the Poisson family")
        else:
            d.step(f"{key}: λ²Var(x) = λ²ψ(θ) (as printed)", lam**2 * var_x, lam**2 * psi,
                   witness=wit, expected_to_fail=True, expected_residual=lam**2 * (var_x - psi),
                   reason="typo in eq. (33): ψ(θ) where ∇∇ψ(θ) is meant (compare eq. 26)")
    return d.conclude(lam**2 * sigma2, (lam, sigma2))


_SUR = lambda x: lam * x + (1 - lam) * MEAN_VEC  # noqa: E731
_PAIR = lambda x, y: lam * x + (1 - lam) * y  # noqa: E731

#: each mixup-variance derivation's builder, by id (each built once per process, only when asked)
DERIVATIONS = {
    "mixup.surrogate-mean": _surrogate_mean,
    "mixup.surrogate-variance": _surrogate_var,
    "mixup.pair-mean": _pair_mean,
    "mixup.pair-variance": _pair_var,
    "mixup.surrogate-variance-random-lambda": _surrogate_var_random,
    "mixup.pair-variance-random-lambda": _pair_var_random,
    "mixup.surrogate-covariance": lambda: _cov(
        "mixup.surrogate-covariance", "Cov(λx + (1-λ)E[x]) = λ²Cov(x), x ∈ ℝ²", _SUR, SURROGATE_W, False, False),
    "mixup.pair-covariance": lambda: _cov(
        "mixup.pair-covariance", "Cov(λx_i + (1-λ)x_j) = (λ² + (1-λ)²)Cov(x), x ∈ ℝ²", _PAIR, PAIR_W, True, False),
    "mixup.surrogate-covariance-random-lambda": lambda: _cov(
        "mixup.surrogate-covariance-random-lambda", "Cov(λx + (1-λ)E[x]) = E[λ²]Cov(x), λ ~ Beta(α, α), x ∈ ℝ²",
        _SUR, SURROGATE_W, False, True),
    "mixup.pair-covariance-random-lambda": lambda: _cov(
        "mixup.pair-covariance-random-lambda",
        "Cov(λx_i + (1-λ)x_j) = E[λ² + (1-λ)²]Cov(x), λ ~ Beta(α, α), x ∈ ℝ²", _PAIR, PAIR_W, True, True),
    "mixup.eq33": _eq33,
}

derivation, derivations = table_registry(DERIVATIONS)
