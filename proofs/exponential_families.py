"""Exponential families p(x; θ) = exp(θ·T(x) + k(x) − ψ(θ)): ψ from the normaliser, and the
paper's eq. (30) ∇ψ = E[T] and eq. (31) ∇∇ψ = Cov(T), with ψ convex.

For each family the normaliser Z(θ) = ∫ exp(θ·T(x) + k(x)) dx (or the sum over the support) is
evaluated by SymPy from its definition and ψ = log Z. E[T] and Cov(T) are computed
*independently*, by integrating (summing) T and T Tᵀ against the density — not by
differentiating ψ — and then compared with ∇ψ and ∇∇ψ. The Hessian is shown positive
(semi)definite. Every evaluated integral or sum is also cross-checked by mpmath quadrature /
summation at the family's numeric points.

Where SymPy's integrator needs it, the integration is carried out in a *working* parameter
(z = e^θ for sums, ρ = −θ or τ = −θ₂ for integrals over a negative natural parameter) and the
result is then written in θ; the step ``canonical-form`` checks that the working kernel is
exp(θ·T(x) + k(x)). For the two-parameter Beta family SymPy cannot integrate log x against the
kernel, so eq. (30)/(31) and positivity are checked numerically at stated points and recorded
as numeric.

:data:`FAMILIES` also carries, per family, a numpy sampler of T(x) and parameter bounds, for
the sample-covariance tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

import numpy as np
import sympy as sp

from mixcheck.derivation import Derivation, evaluate
from ._table import PRELOADED

__all__ = ["Family", "FAMILIES", "family", "build", "derivation", "derivations"]


@dataclass(frozen=True)
class Family:
    """One exponential family in canonical form.

    ``theta`` are the natural parameters, ``extra`` known constants (n, shape s, σ); ``work``
    the working parameters SymPy integrates in and ``to_theta`` their values in θ; ``kernel``
    is exp(θ·T(x) + k(x)) written in the working parameters. ``points`` (in the working
    parameters and ``extra``) are where integrals are cross-checked numerically.
    ``sample(params, rng, size)`` draws T(x) as an array (size, dim) for numeric θ (and
    extra) given in the order ``theta + extra``; ``bounds`` bound them for Hypothesis.
    """

    key: str
    title: str
    x: sp.Symbol
    support: tuple[Any, Any]
    discrete: bool
    theta: tuple[sp.Symbol, ...]
    T: tuple[sp.Expr, ...]
    k: sp.Expr
    kernel: sp.Expr
    textbook_psi: sp.Expr
    textbook_mean: tuple[sp.Expr, ...]
    domain: tuple[str, ...]
    points: tuple[dict, ...]
    sample: Callable[[tuple[float, ...], np.random.Generator, int], np.ndarray]
    bounds: tuple[tuple[float, float], ...]
    extra: tuple[sp.Symbol, ...] = ()
    work: tuple[sp.Symbol, ...] = ()
    to_theta: dict = field(default_factory=dict)
    check: str = "symbolic"
    note: str = ""
    #: relations on the working parameters that SymPy's closed forms need (given to the checker)
    relations: tuple = ()

    @property
    def id(self) -> str:
        return f"expfam.{self.key}"

    @property
    def args(self) -> tuple[sp.Symbol, ...]:
        return self.theta + self.extra


# --------------------------------------------------------------------------------------
# the families

_xi = sp.Symbol("x", integer=True, nonnegative=True)   # counts
_xr = sp.Symbol("x", real=True)                         # the real line
_xp = sp.Symbol("x", positive=True)                     # (0, ∞) and (0, 1)
th = sp.Symbol("theta", real=True)
thn = sp.Symbol("theta", negative=True)
th1, th2, th3 = sp.symbols("theta1 theta2 theta3", real=True)
th2n = sp.Symbol("theta2", negative=True)
z = sp.Symbol("z", positive=True)          # e^θ
rho = sp.Symbol("rho", positive=True)      # −θ
tau = sp.Symbol("tau", positive=True)      # −θ₂
n = sp.Symbol("n", integer=True, positive=True)
s = sp.Symbol("s", positive=True)
sigma = sp.Symbol("sigma", positive=True)
ba, bb = sp.symbols("a b", positive=True)
R = sp.Rational
delta = sp.KroneckerDelta


def _col(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=float).reshape(-1, 1)


def _sample_bernoulli(p, rng, size):
    return _col(rng.random(size) < 1 / (1 + np.exp(-p[0])))


def _sample_binomial(p, rng, size):
    return _col(rng.binomial(int(p[1]), 1 / (1 + np.exp(-p[0])), size))


def _sample_poisson(p, rng, size):
    return _col(rng.poisson(np.exp(p[0]), size))


def _sample_geometric(p, rng, size):
    return _col(rng.geometric(1 - np.exp(p[0]), size) - 1)  # failures before the first success


def _sample_exponential(p, rng, size):
    return _col(rng.exponential(-1 / p[0], size))


def _sample_gamma(p, rng, size):
    return _col(rng.gamma(p[1], -1 / p[0], size))


def _sample_gauss_known(p, rng, size):
    return _col(rng.normal(p[1] ** 2 * p[0], p[1], size))


def _sample_gauss(p, rng, size):
    var = -1 / (2 * p[1])
    x = rng.normal(p[0] * var, np.sqrt(var), size)
    return np.stack([x, x**2], axis=1)


def _sample_categorical(p, rng, size):
    w = np.exp(np.array([0.0, p[0], p[1]]))
    c = rng.choice(3, size=size, p=w / w.sum())
    return np.stack([c == 1, c == 2], axis=1).astype(float)


def _sample_categorical_over(p, rng, size):
    w = np.exp(np.array(p[:3]))
    c = rng.choice(3, size=size, p=w / w.sum())
    return np.eye(3)[c]


def _sample_beta(p, rng, size):
    x = rng.beta(p[0], p[1], size)
    return np.stack([np.log(x), np.log1p(-x)], axis=1)


_POLY_NOTE = ("both sides are polynomials in z of degree n, so agreement for 0 < z ≤ 1 (SymPy's stated "
              "branch) gives agreement for every z > 0; the numeric points include z > 1")

FAMILIES: tuple[Family, ...] = (
    Family("bernoulli", "Bernoulli: T(x) = x on {0, 1}", _xi, (0, 1), True, (th,), (_xi,), sp.Integer(0),
           kernel=sp.exp(th * _xi), textbook_psi=sp.log(1 + sp.exp(th)),
           textbook_mean=(1 / (1 + sp.exp(-th)),), domain=("θ ∈ ℝ (θ = log(p/(1-p)))",),
           points=({th: R(-1, 2)}, {th: R(7, 3)}), sample=_sample_bernoulli, bounds=((-4.0, 4.0),)),
    Family("binomial", "Binomial(n, p), n known: T(x) = x on {0, …, n}", _xi, (0, n), True, (th,), (_xi,),
           sp.log(sp.binomial(n, _xi)), extra=(n,), work=(z,), to_theta={z: sp.exp(th)},
           kernel=sp.binomial(n, _xi) * z**_xi, textbook_psi=n * sp.log(1 + sp.exp(th)),
           textbook_mean=(n * sp.exp(th) / (1 + sp.exp(th)),),
           domain=("θ ∈ ℝ (θ = log(p/(1-p)))", "n a positive integer (symbolic)", "z = e^θ"),
           points=({z: R(1, 2), n: 5}, {z: 3, n: 4}), note=_POLY_NOTE, relations=(z <= 1, n >= 2),
           sample=_sample_binomial, bounds=((-3.0, 3.0), (1, 12))),
    Family("poisson", "Poisson: T(x) = x on {0, 1, 2, …}, k(x) = −log x!", _xi, (0, sp.oo), True, (th,), (_xi,),
           -sp.log(sp.factorial(_xi)), work=(z,), to_theta={z: sp.exp(th)},
           kernel=z**_xi / sp.factorial(_xi), textbook_psi=sp.exp(th), textbook_mean=(sp.exp(th),),
           domain=("θ ∈ ℝ (θ = log rate)", "z = e^θ"), points=({z: R(1, 3)}, {z: R(5, 2)}),
           sample=_sample_poisson, bounds=((-2.0, 2.5),)),
    Family("geometric", "Geometric (failures before the first success): T(x) = x on {0, 1, …}", _xi,
           (0, sp.oo), True, (thn,), (_xi,), sp.Integer(0), work=(z,), to_theta={z: sp.exp(thn)},
           kernel=z**_xi, textbook_psi=-sp.log(1 - sp.exp(thn)), textbook_mean=(sp.exp(thn) / (1 - sp.exp(thn)),),
           domain=("θ < 0 (θ = log(1-p))", "z = e^θ ∈ (0, 1): the sum converges"),
           points=({z: R(1, 3)}, {z: R(4, 5)}), sample=_sample_geometric, bounds=((-3.0, -0.15),),
           relations=(z < 1,)),
    Family("exponential", "Exponential: T(x) = x on (0, ∞)", _xp, (0, sp.oo), False, (thn,), (_xp,), sp.Integer(0),
           work=(rho,), to_theta={rho: -thn}, kernel=sp.exp(-rho * _xp), textbook_psi=-sp.log(-thn),
           textbook_mean=(-1 / thn,), domain=("θ < 0 (θ = −rate)", "ρ = −θ > 0"),
           points=({rho: R(1, 2)}, {rho: 3}), sample=_sample_exponential, bounds=((-4.0, -0.25),)),
    Family("gamma", "Gamma(s, rate), shape s known: T(x) = x, k(x) = (s−1) log x", _xp, (0, sp.oo), False, (thn,),
           (_xp,), (s - 1) * sp.log(_xp), extra=(s,), work=(rho,), to_theta={rho: -thn},
           kernel=_xp ** (s - 1) * sp.exp(-rho * _xp), textbook_psi=sp.log(sp.gamma(s)) - s * sp.log(-thn),
           textbook_mean=(-s / thn,), domain=("θ < 0 (θ = −rate)", "shape s > 0 known", "ρ = −θ > 0"),
           points=({rho: R(1, 2), s: R(5, 2)}, {rho: 2, s: 4}), sample=_sample_gamma,
           bounds=((-4.0, -0.25), (0.5, 6.0))),
    Family("gaussian-known-sigma", "Gaussian N(μ, σ²), σ known: T(x) = x, k(x) = −x²/(2σ²)", _xr,
           (-sp.oo, sp.oo), False, (th,), (_xr,), -_xr**2 / (2 * sigma**2), extra=(sigma,),
           kernel=sp.exp(th * _xr - _xr**2 / (2 * sigma**2)),
           textbook_psi=sigma**2 * th**2 / 2 + sp.log(sp.sqrt(2 * sp.pi) * sigma), textbook_mean=(sigma**2 * th,),
           domain=("θ ∈ ℝ (θ = μ/σ²)", "σ > 0 known"), points=({th: R(1, 3), sigma: R(3, 2)}, {th: -2, sigma: 1}),
           sample=_sample_gauss_known, bounds=((-2.0, 2.0), (0.3, 3.0))),
    Family("gaussian", "Gaussian N(μ, σ²), both unknown: T(x) = (x, x²)", _xr, (-sp.oo, sp.oo), False,
           (th1, th2n), (_xr, _xr**2), sp.Integer(0), work=(th1, tau), to_theta={tau: -th2n},
           kernel=sp.exp(th1 * _xr - tau * _xr**2),
           textbook_psi=-th1**2 / (4 * th2n) + sp.log(sp.pi) / 2 - sp.log(-th2n) / 2,
           textbook_mean=(-th1 / (2 * th2n), th1**2 / (4 * th2n**2) - 1 / (2 * th2n)),
           domain=("θ₁ ∈ ℝ, θ₂ < 0 (θ₁ = μ/σ², θ₂ = −1/(2σ²))", "τ = −θ₂ > 0"),
           points=({th1: R(1, 2), tau: R(1, 3)}, {th1: -2, tau: 2}), sample=_sample_gauss,
           bounds=((-2.0, 2.0), (-2.0, -0.15))),
    Family("categorical", "Categorical, K = 3 classes, minimal: T(x) = (1[x=1], 1[x=2]), class 0 the reference",
           _xi, (0, 2), True, (th1, th2), (delta(_xi, 1), delta(_xi, 2)), sp.Integer(0),
           kernel=sp.exp(th1 * delta(_xi, 1) + th2 * delta(_xi, 2)),
           textbook_psi=sp.log(1 + sp.exp(th1) + sp.exp(th2)),
           textbook_mean=(sp.exp(th1) / (1 + sp.exp(th1) + sp.exp(th2)), sp.exp(th2) / (1 + sp.exp(th1) + sp.exp(th2))),
           domain=("θ ∈ ℝ² (θ_k = log(p_k/p_0))", "K = 3 fixed (a small fixed K; the algebra is the same for any K)"),
           points=({th1: R(1, 2), th2: -1},), sample=_sample_categorical, bounds=((-3.0, 3.0), (-3.0, 3.0))),
    Family("categorical-overcomplete", "Categorical, K = 3 classes, over-complete: T(x) = one-hot(x)",
           _xi, (0, 2), True, (th1, th2, th3), (delta(_xi, 0), delta(_xi, 1), delta(_xi, 2)), sp.Integer(0),
           kernel=sp.exp(th1 * delta(_xi, 0) + th2 * delta(_xi, 1) + th3 * delta(_xi, 2)),
           textbook_psi=sp.log(sp.exp(th1) + sp.exp(th2) + sp.exp(th3)),
           textbook_mean=tuple(sp.exp(t) / (sp.exp(th1) + sp.exp(th2) + sp.exp(th3)) for t in (th1, th2, th3)),
           domain=("θ ∈ ℝ³", "K = 3 fixed"), points=({th1: R(1, 2), th2: -1, th3: 2},),
           sample=_sample_categorical_over, bounds=((-3.0, 3.0),) * 3,
           note="the over-complete parametrisation: ψ(θ + c·1) = ψ(θ) + c, so the Hessian is singular"),
    Family("beta", "Beta(a, b): T(x) = (log x, log(1−x)), k(x) = −log x − log(1−x), θ = (a, b)", _xp, (0, 1),
           False, (ba, bb), (sp.log(_xp), sp.log(1 - _xp)), -sp.log(_xp) - sp.log(1 - _xp),
           kernel=_xp ** (ba - 1) * (1 - _xp) ** (bb - 1),
           textbook_psi=sp.log(sp.gamma(ba)) + sp.log(sp.gamma(bb)) - sp.log(sp.gamma(ba + bb)),
           textbook_mean=(sp.digamma(ba) - sp.digamma(ba + bb), sp.digamma(bb) - sp.digamma(ba + bb)),
           domain=("a > 0, b > 0",), points=({ba: R(3, 2), bb: R(5, 2)}, {ba: 3, bb: R(4, 3)}, {ba: R(7, 10), bb: 2}),
           sample=_sample_beta, bounds=((0.5, 6.0), (0.5, 6.0)), check="numeric",
           note="SymPy cannot integrate log x against the Beta kernel: E[T], Cov(T) and positivity are "
                "checked by mpmath quadrature at the stated points, not symbolically"),
)


def family(key: str) -> Family:
    for f in FAMILIES:
        if f.key == key or f.id == key:
            return f
    raise KeyError(f"no family {key!r}; known: {[f.key for f in FAMILIES]}")


# --------------------------------------------------------------------------------------


def _total(f: Family, g: sp.Expr) -> sp.Expr:
    lo, hi = f.support
    return sp.Sum(g, (f.x, lo, hi)) if f.discrete else sp.Integral(g, (f.x, lo, hi))


def _in_theta(f: Family, e: Any) -> Any:
    return e.subs(f.to_theta) if f.to_theta else e


_SIMPLIFY_LOGS = ("expand", "expand_log", "cancel", "simplify")
_SIMPLIFY_EXP = ("expand", "powsimp", "cancel", "simplify")


def build(f: Family) -> Derivation:
    """The derivation ``expfam.<key>`` for one family (uncached). Its forms: ``grad`` and
    ``hessian`` (∇ψ, ∇∇ψ) and, for the symbolic families, ``mean`` and ``cov`` (E[T], Cov(T)
    computed from the density), all in θ."""
    d = Derivation(f.id, f.title + " — ψ from the normaliser, eq. (30), eq. (31), convexity",
                   summary="Z(θ) by its integral/sum, ψ = log Z; E[T] and Cov(T) from the density; "
                           "∇ψ = E[T] (eq. 30), ∇∇ψ = Cov(T) (eq. 31), ∇∇ψ ⪰ 0." + (f" Note: {f.note}." if f.note else ""),
                   assumptions=f.domain, source="proof of Theorem 4, eqs. (27)-(31)")
    dim = len(f.T)
    theta_T = sum(t * T for t, T in zip(f.theta, f.T))
    d.step("canonical-form", _in_theta(f, f.kernel) / sp.exp(theta_T + f.k), 1, simplify=("powsimp", "cancel", "simplify"),
           note="the integrand used below is exp(θ·T(x) + k(x)) (checked as a ratio: both are positive on the support)")

    # In "normaliser", "mean" and "covariance" the right side is SymPy's own value of the
    # integral/sum, so what checks it is the mpmath quadrature/summation at the points.
    own = "the right side is SymPy's value of the left; it is checked by mpmath quadrature/summation at the points"
    Z_def = _total(f, f.kernel)
    Z = evaluate(Z_def)
    rel = dict(assumptions=f.relations) if f.relations else {}
    d.step("normaliser", Z_def, Z, points=list(f.points), **rel,
           note=own + (f"; {f.note}" if f.discrete and f.work and f.note else ""))
    # log Z expanded in the working parameters (all positive, so expand_log(force) is exact),
    # then written in θ
    psi = _in_theta(f, sp.expand_log(sp.log(Z), force=True))
    d.step("psi", psi, f.textbook_psi, simplify=_SIMPLIFY_LOGS, note="ψ(θ) = log Z(θ) against the textbook form")

    grad = sp.Matrix([sp.Derivative(psi, t) for t in f.theta])
    hess = sp.Matrix(dim, dim, lambda i, j: sp.Derivative(psi, f.theta[i], f.theta[j]))
    grad_v = grad.doit()
    hess_v = hess.doit()

    E_def = sp.Matrix([_total(f, T * f.kernel) / Z_def for T in f.T])
    M2_def = sp.Matrix(dim, dim, lambda i, j: _total(f, sp.expand(f.T[i] * f.T[j]) * f.kernel) / Z_def)
    if f.check == "symbolic":
        E_w = evaluate(E_def)
        d.step("mean", E_def, E_w, points=list(f.points), **rel,
               note="E[T] = ∫ T(x) p(x; θ) dx, from the density; " + own)
        cov_w = evaluate(M2_def) - E_w * E_w.T
        d.step("covariance", M2_def - E_def * E_def.T, cov_w, points=list(f.points), **rel,
               note="Cov(T) = E[T Tᵀ] − E[T] E[T]ᵀ, from the density; " + own)
        outside = [p for p in f.points if p not in d.get_step("normaliser").spec["points"] or
                   "outside" in d.get_step("normaliser").note]
        if f.relations and outside:
            d.step("normaliser, mean and covariance beyond SymPy's branch", sp.Matrix([Z_def, *E_def]),
                   sp.Matrix([Z, *E_w]), check="numeric", points=list(f.points),
                   note=f"SymPy's closed forms are proved only where {', '.join(map(sp.sstr, f.relations))}; "
                        "elsewhere compared numerically (mpmath summation)")
        E_th, cov_th = _in_theta(f, E_w), _in_theta(f, cov_w)
        d.step("eq30", grad, E_th, simplify=_SIMPLIFY_EXP,
               note="paper eq. (30): ∇ψ(θ) = E[T(x)] (written there with T(x) = x)")
        d.step("eq31", hess, cov_th, simplify=_SIMPLIFY_EXP,
               note="paper eq. (31): ∇∇ψ(θ) = Var(T(x)), the covariance matrix")
        d.step("mean (textbook)", E_th, sp.Matrix(f.textbook_mean), simplify=_SIMPLIFY_EXP)
    else:
        d.step("grad", grad, sp.Matrix(f.textbook_mean), simplify=_SIMPLIFY_EXP, note="∇ψ by differentiation")
        d.step("eq30", grad, E_def, check="numeric", points=list(f.points),
               note="paper eq. (30): ∇ψ = E[T]; E[T] by quadrature of T against the density")
        d.step("eq31", hess, M2_def - E_def * E_def.T, check="numeric", points=list(f.points),
               note="paper eq. (31): ∇∇ψ = Cov(T); Cov by quadrature")
    _convexity(d, f, hess_v)
    density = dict(mean=E_th, cov=cov_th) if f.check == "symbolic" else {}
    return d.conclude(psi, f.args, grad=grad_v, hessian=hess_v, **density)


def _convexity(d: Derivation, f: Family, H: sp.Matrix) -> None:
    dim = H.shape[0]
    numeric = dict(check="numeric", points=[_point_in_theta(f, p) for p in f.points]) if f.check == "numeric" else {}
    if f.key == "categorical-overcomplete":
        v = sp.symbols(f"v1:{dim + 1}", real=True)
        vv = sp.Matrix(v)
        p = [sp.exp(t) / sum(sp.exp(u) for u in f.theta) for t in f.theta]
        quad = (vv.T * H * vv)[0]
        sos = sp.Rational(1, 2) * sum(p[i] * p[j] * (v[i] - v[j]) ** 2 for i in range(dim) for j in range(dim))
        d.step("psd: quadratic form", quad, sos, simplify=_SIMPLIFY_EXP,
               note="vᵀ∇∇ψ v = ½ Σ_jk p_j p_k (v_j − v_k)²: a variance, a sum of non-negative terms")
        d.step("psd", quad, 0, relation=">=", certificate=sos, simplify=_SIMPLIFY_EXP)
        d.step("singular: H·1 = 0", H * sp.ones(dim, 1), sp.zeros(dim, 1), simplify=_SIMPLIFY_EXP,
               note="semidefinite, not definite: the paper's 'positive definite' needs a minimal parametrisation")
        return
    if dim == 1:
        d.step("psd", H[0, 0], 0, relation=">", **numeric, note="ψ''(θ) > 0: ψ strictly convex")
        return
    for m in range(1, dim + 1):
        minor = sp.factor(sp.cancel(H[:m, :m].det())) if f.check == "symbolic" else H[:m, :m].det()
        d.step(f"psd: leading minor {m}", minor, 0, relation=">", **numeric,
               note="Sylvester's criterion: all leading principal minors > 0 ⇒ positive definite")


def _point_in_theta(f: Family, p: dict) -> dict:
    """A numeric point in the working parameters, mapped to θ (for the numeric families,
    working = θ)."""
    if not f.to_theta:
        return dict(p)
    out = {k: v for k, v in p.items() if k not in f.to_theta}
    for w, expr in f.to_theta.items():
        (t,) = expr.free_symbols
        out[t] = sp.solve(sp.Eq(expr, p[w]), t)[0]
    return out


def derivation(key: str) -> Derivation:
    """The derivation of one family (``"poisson"`` or ``"expfam.poisson"``: the same object),
    built once per process."""
    return _derivation(family(key).key)


@lru_cache(maxsize=None)
def _derivation(key: str) -> Derivation:
    f = family(key)
    return PRELOADED[f.id] if f.id in PRELOADED else build(f)


derivation.cache_info, derivation.cache_clear = _derivation.cache_info, _derivation.cache_clear


def derivations() -> tuple[Derivation, ...]:
    """Every exponential-family derivation, built once per process."""
    return tuple(derivation(f.key) for f in FAMILIES)
