"""Section 6: the optimal λ, λ ~ Beta(α, α), small α; intro bullets 3 and 4 (bias and variance).

Closed forms come from the SymPy derivations of ``proofs/`` (:mod:`proofs.beta_moments`,
:mod:`proofs.mixup_variance`); complexities from :mod:`mixcheck.counterexample` (exact) and
:mod:`mixcheck.rademacher`.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from .. import strategies as mst
from ..concentration import mean_interval
from ..counterexample import (
    as_fraction_rows,
    frac,
    linear_rademacher_exact,
    linear_rademacher_float,
    mp,
    perm_mixup_rademacher_exact,
    perm_mixup_rademacher_float,
    surrogate_rows,
)
from . import _proofs
from ._evidence import holds, inconclusive, refuted, unexpected_violation, search_missed
from ._search import record_grid, search
from .registry import claim

REF6 = "Section 6"
FALSE_ALARM = 1e-3


def _rows(X):
    return np.asarray(X, dtype=float).tolist()


def _samples(min_n=2, max_n=4, max_d=2):
    return mst.samples(min_n=min_n, max_n=max_n, min_d=1, max_d=max_d, bound=10.0)


def _surr(X, lam):
    X = np.asarray(X, dtype=float)
    return lam * X + (1 - lam) * X.mean(0, keepdims=True)


def _red_surr(X, lam):
    return linear_rademacher_float(X) - linear_rademacher_float(_surr(X, lam))


def _red_real(X, lam):
    return linear_rademacher_float(X) - perm_mixup_rademacher_float(X, lam)


# --------------------------------------------------------------------------- sec6.beta-moments

def _beta_mc(ctx, alpha, T):
    rng = ctx.rng(f"beta-{alpha}")
    return rng.beta(alpha, alpha, size=T)


@claim("sec6.beta-moments/mean", paper_ref=REF6,
       statement="λ ~ Beta(α, α): E[λ] = α/(α+α) = 1/2",
       reading="SymPy derivation from the density (proofs: beta.mean), and Monte Carlo for α ∈ {0.1, 1, 4} "
               "(Hoeffding ∩ empirical-Bernstein intervals on λ ∈ [0, 1])",
       method="symbolic", expected="holds")
def beta_mean(ctx):
    ev = _proofs.evidence("beta.mean", "beta.general-moments")
    cells = []
    for a in (0.1, 1.0, 4.0):
        est = mean_interval(_beta_mc(ctx, a, ctx.mc(20000)), 0.0, 1.0, level=1 - FALSE_ALARM / 3)
        cells.append({"alpha": a, "estimate": est.value, "ci": [est.low, est.high], "covers": est.covers(0.5)})
    ok = ev["derivations_ok"] and all(c["covers"] for c in cells)
    out = holds if ok else (lambda s, **e: inconclusive(s, reason="a check failed", settle="inspect", **e))
    return out("E[λ] = 1/2 derived from the density (SymPy) and covered by every Monte-Carlo interval",
               grid=cells, test="99.9% Hoeffding ∩ empirical-Bernstein intervals, Bonferroni over 3 α",
               false_alarm=FALSE_ALARM, level=1 - FALSE_ALARM, **ev)


@claim("sec6.beta-moments/variance", paper_ref=REF6,
       statement="λ ~ Beta(α, α): Var(λ) = α²/((α+α)²(α+α+1)) = α²/(4α²(2α+1)) = 1/(4(2α+1))",
       reading="every printed step derived in SymPy from the density (proofs: beta.var); Monte Carlo of "
               "E[(λ-½)²] (bounded in [0, ¼]) for α ∈ {0.1, 1, 4}",
       method="symbolic", expected="holds")
def beta_var(ctx):
    ev = _proofs.evidence("beta.var")
    cells = []
    for a in (0.1, 1.0, 4.0):
        v = (_beta_mc(ctx, a, ctx.mc(20000)) - 0.5) ** 2
        est = mean_interval(v, 0.0, 0.25, level=1 - FALSE_ALARM / 3)
        truth = 1 / (4 * (2 * a + 1))
        cells.append({"alpha": a, "estimate": est.value, "ci": [est.low, est.high], "formula": truth,
                      "covers": est.covers(truth)})
    ok = ev["derivations_ok"] and all(c["covers"] for c in cells)
    out = holds if ok else (lambda s, **e: inconclusive(s, reason="a check failed", settle="inspect", **e))
    return out("each printed step of Var(λ) = 1/(4(2α+1)) derived symbolically; Monte-Carlo intervals cover it",
               grid=cells, test="99.9% Hoeffding ∩ empirical-Bernstein intervals, Bonferroni over 3 α",
               false_alarm=FALSE_ALARM, level=1 - FALSE_ALARM, **ev)


# --------------------------------------------------------------------------- sec6.small-alpha

def _abs_dev(alpha):
    """E|λ − ½| = Γ(2α)/(α·4^α·Γ(α)²) (proofs: beta.abs-deviation), 50 digits."""
    a = alpha if isinstance(alpha, mpmath.mpf) else mp(frac(alpha))
    return mpmath.gamma(2 * a) / (a * mpmath.power(4, a) * mpmath.gamma(a) ** 2)


def _tail(alpha, eps):
    """P(min(λ, 1-λ) < ε) = 2·I_ε(α, α), 50 digits."""
    a = mp(frac(alpha))
    return 2 * mpmath.betainc(a, a, 0, mp(frac(eps)), regularized=True)


@claim("sec6.small-alpha/u-shaped", paper_ref=REF6,
       statement="when α < 1, λ is sampled such that one of the input vectors has a high weight (λ close to 0 or 1)",
       reading="the Beta(α, α) density is U-shaped — decreasing on (0, ½), increasing on (½, 1), unbounded at 0 "
               "and 1 — exactly when α < 1 (SymPy: the sign of f'(x) ∝ (α-1)(1-2x)(x(1-x))^(α-2))",
       method="symbolic", expected="holds")
def small_alpha_u(ctx):
    import sympy as sp

    x, a = sp.symbols("x alpha", positive=True)
    f = (x * (1 - x)) ** (a - 1)
    d = sp.simplify(sp.diff(f, x) / ((a - 1) * (1 - 2 * x) * (x * (1 - x)) ** (a - 2)))
    lim0 = sp.limit(f.subs(a, sp.Rational(1, 2)), x, 0, "+")
    ok = d == 1 and lim0 == sp.oo
    return holds("f'(x)/[(α-1)(1-2x)(x(1-x))^(α-2)] = 1, so for α < 1 f decreases on (0, ½) and increases on "
                 "(½, 1) (U-shape, f → ∞ at the ends); for α > 1 the reverse (unimodal at ½)",
                 derivation={"ratio": str(d), "limit_at_0_alpha_half": str(lim0), "proved": bool(ok)},
                 proof="sign analysis of f'")


@claim("sec6.small-alpha/abs-deviation", paper_ref=REF6,
       statement="α < 1 puts λ near 0 or 1; λ near 0 or 1 means α close to 0",
       reading="E|λ − ½| = Γ(2α)/(α·4^α·Γ(α)²) (proofs: beta.abs-deviation) is strictly decreasing in α, tends to "
               "½ (its maximum: λ ∈ {0, 1}) only as α → 0 and to 0 as α → ∞; checked at 50 digits on 400 "
               "log-spaced α in [10⁻⁴, 10⁴]",
       method="symbolic", expected="holds")
def small_alpha_absdev(ctx):
    ev = _proofs.evidence("beta.abs-deviation")
    grid = [mpmath.mpf(10) ** (mpmath.mpf(k) / 50 - 4) for k in range(401)]
    vals = [_abs_dev(a) for a in grid]
    dec = all(v2 < v1 for v1, v2 in zip(vals, vals[1:]))
    alpha_for = {}
    for eta in ("0.1", "0.01", "0.001"):  # the α at which E|λ-½| = ½ − η
        alpha_for[eta] = float(mpmath.findroot(lambda a: _abs_dev(a) - (mpmath.mpf("0.5") - mpmath.mpf(eta)),
                                               (mpmath.mpf("1e-8"), mpmath.mpf(1)), solver="bisect"))
    ok = dec and ev["derivations_ok"]
    steps = [float(v2 - v1) for v1, v2 in zip(vals, vals[1:])]  # < 0 where decreasing
    record_grid(ctx, [(float(a),) for a in grid], domain="alpha log-spaced in [1e-4, 1e4], 401 points (50 digits)",
                worst_margin=max(steps))
    return holds(f"strictly decreasing on the grid; E|λ-½| = 0.4, 0.49, 0.499 need α ≈ {alpha_for['0.1']:.3g}, "
                 f"{alpha_for['0.01']:.3g}, {alpha_for['0.001']:.3g}" if ok else "not monotone",
                 examples=len(grid), grid={"alpha": [1e-4, 1e4], "points": len(grid)},
                 values={"1e-4": float(vals[0]), "1": float(_abs_dev(1)), "1e4": float(vals[-1])},
                 alpha_for_mean_distance=alpha_for, **ev)


@claim("sec6.small-alpha/tail-vs-uniform", paper_ref=REF6,
       statement="when α < 1, λ is sampled such that one of the input vectors has a high weight",
       reading="for α < 1, P(min(λ, 1-λ) < ε) > 2ε (more mass near the ends than the uniform α = 1) for every "
               "ε ∈ (0, ½), and < 2ε for α > 1: regularized incomplete Beta at 50 digits on a grid of α and ε",
       method="symbolic", expected="holds")
def small_alpha_tail(ctx):
    worst = mpmath.inf
    n = 0
    cells = []
    for a in ("0.05", "0.2", "0.5", "0.9", "0.99", "1.01", "1.5", "4", "20"):
        for e in ("0.001", "0.01", "0.05", "0.1", "0.25", "0.4", "0.49"):
            t = _tail(a, e) - 2 * mpmath.mpf(e)
            s = t if mpmath.mpf(a) < 1 else -t
            worst = min(worst, s)
            n += 1
            cells.append((float(a), float(e)))
    record_grid(ctx, cells, domain="alpha in {0.05, …, 20} × epsilon in {0.001, …, 0.49} (50 digits)",
                worst_margin=-float(worst))
    return holds(f"the inequality holds with the expected sign in all {n} (α, ε) cells (smallest margin "
                 f"{float(worst):.3g})", examples=n, worst_margin=float(worst),
                 proof="for α < 1 the density decreases on (0, ½), so the CDF F is concave there with F(½) = ½, "
                       "hence F(ε) > ε")


def _recompute_literal(inp):
    return _tail(frac(inp["alpha"]), frac(inp["eps"])), mp(frac(inp["p"]))


@claim("sec6.small-alpha/literal-threshold", paper_ref=REF6,
       statement="when α < 1, λ is sampled such that one of the input vectors has a high weight (λ close to 0 or 1)",
       reading="read as a statement about every α < 1: λ is 'close to 0 or 1' more often than not, i.e. "
               "P(min(λ, 1-λ) < 0.1) ≥ ½ (one possible threshold; any fixed one fails as α ↑ 1, where "
               "P → 0.2)", method="property-search", expected="refuted", recompute=_recompute_literal)
def small_alpha_literal(ctx):
    def margin(a):
        return float(mpmath.mpf("0.5") - _tail(a, "0.1"))

    res = search(ctx, st.floats(0.01, 0.999), margin)
    if not res.found:
        return search_missed(res)
    a = res.violation
    inp = {"alpha": a, "eps": 0.1, "p": 0.5}
    lhs, rhs = _recompute_literal(inp)
    return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation=">=",
                   summary=f"α = {a}: P(min(λ,1-λ) < 0.1) = {float(lhs):.3f} < ½ (and → 0.2 as α ↑ 1): 'α < 1 ⇒ λ near "
                           "0 or 1' is a matter of degree, not a threshold (sec6.small-alpha/tail-vs-uniform)",
                   search=res.effort())


@claim("sec6.small-alpha/variance-argument", paper_ref=REF6,
       statement="Since E[λ] is a constant, we can see that when λ is close to 0 or 1, α is expected to be close to 0",
       reading="Var(λ) = 1/(4(2α+1)) → ¼ iff α → 0, and ¼ − Var(λ) = E[λ(1-λ)] = α/(2(2α+1)) (proofs: beta.var, "
               "beta.cross-moment), which is 0 exactly when λ ∈ {0, 1} a.s.: mass at the ends ⟺ α → 0",
       method="symbolic", expected="holds")
def small_alpha_var(ctx):
    import sympy as sp

    a = sp.symbols("alpha", positive=True)
    var = _proofs.derivation("beta.var").result
    cross = _proofs.derivation("beta.cross-moment").result
    ident = sp.simplify(sp.Rational(1, 4) - var - cross)
    lim = sp.limit(var, a, 0, "+")
    ev = _proofs.evidence("beta.var", "beta.cross-moment")
    return holds(f"¼ − Var(λ) − E[λ(1-λ)] = {ident}; lim_(α→0) Var(λ) = {lim}; E[λ(1-λ)] > 0 for every α > 0",
                 proof="(λ-½)² ≤ ¼ with equality iff λ ∈ {0, 1}", **ev)


@claim("sec6.small-alpha/bound-expectation", paper_ref=REF6,
       statement="(Section 6) from (17) and (22) a large 1-λ regularises well; with λ ~ Beta(α, α) α small is preferred",
       reading="averaged over λ ~ Beta(α, α), the bounds' coefficient E[1-λ] = ½ for every α (proofs: beta.mean): "
               "the bounds (17), (22) carry no information about α",
       method="symbolic", expected="holds")
def small_alpha_bound(ctx):
    import sympy as sp

    a = sp.symbols("alpha", positive=True)
    m = _proofs.derivation("beta.mean").result
    return holds(f"E[1-λ] = {sp.simplify(1 - m)} for all α > 0", **_proofs.evidence("beta.mean"))


def _e_red_pair(alpha):
    """E_{λ~Beta(α,α)} of the real-mixup reduction for X = [[1], [-1]] (Λ = 1): the reduction is min(λ, 1-λ)/2,
    so E = ½·E[min(λ, 1-λ)] = ¼ − Γ(2α)/(2α·4^α·Γ(α)²) (proofs: beta.min-weight)."""
    return (mpmath.mpf("0.5") - _abs_dev(alpha)) / 2


def _recompute_alpha_red(inp):
    """Recompute from X: E over λ ~ Beta(α, α) of R̂(X) − E_π R̂(mix) by mpmath quadrature (split at ½)."""
    rows = as_fraction_rows(inp["X"])
    r0 = linear_rademacher_exact(rows)

    def e(alpha):
        a = mp(frac(alpha))
        dens = lambda l: l ** (a - 1) * (1 - l) ** (a - 1) / mpmath.beta(a, a)  # noqa: E731
        f = lambda l: (r0 - perm_mixup_rademacher_exact(rows, _to_frac(l))) * dens(l)  # noqa: E731
        with mpmath.workdps(20):
            return mpmath.quad(f, [0, mpmath.mpf(1) / 4, mpmath.mpf(1) / 2, mpmath.mpf(3) / 4, 1])

    return e(inp["alpha_small"]), e(inp["alpha_large"])


def _to_frac(l):
    from fractions import Fraction

    return Fraction(str(mpmath.nstr(l, 25)))


@claim("sec6.small-alpha/real-mixup-expected-reduction", paper_ref=REF6,
       statement="small α (λ close to 0 or 1) gives the better regularisation",
       reading="real mixup (random permutation partner), λ ~ Beta(α, α) per batch: the expected complexity "
               "reduction E_λ[R̂(X) − E_π R̂(mixed X)] is larger for smaller α; tested on X = [[1], [-1]] where the "
               "reduction is exactly min(λ, 1-λ)/2, so E = ½E[min(λ, 1-λ)] (closed form from proofs: "
               "beta.min-weight), recomputed from X by quadrature",
       method="symbolic", expected="refuted", recompute=_recompute_alpha_red)
def small_alpha_real(ctx):
    grid = {a: float(_e_red_pair(a)) for a in (0.1, 0.2, 0.4, 0.8, 1.0, 2.0, 4.0)}
    inp = {"X": [[1.0], [-1.0]], "alpha_small": 0.1, "alpha_large": 1.0}
    lhs, rhs = _e_red_pair(0.1), _e_red_pair(1.0)
    ev = _proofs.evidence("beta.min-weight")
    return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation=">=",
                   summary=f"X = [[1], [-1]]: expected reduction {float(lhs):.4f} at α = 0.1 < {float(rhs):.4f} at "
                           "α = 1; it increases with α on the whole Table 1 grid (λ near ½ mixes most)",
                   expected_reduction_by_alpha=grid,
                   increasing_in_alpha=all(b > a for a, b in zip(list(grid.values()), list(grid.values())[1:])),
                   note="the reduction is concave in λ (R̂ of the mixed sample is convex) and symmetric, so for "
                        "every X it is largest at λ = ½ (sec6.optimal-lambda/real-mixup-optimum-half)", **ev)


# --------------------------------------------------------------------------- sec6.optimal-lambda

@claim("sec6.optimal-lambda/bound-coefficient", paper_ref=REF6,
       statement="From (17) and (22), we can see that a large 1-λ has a good regularization effect",
       reading="the bounds' coefficient Λ(1-λ) (17) and 2^{L+½}W(1-λ) (22) decrease in λ: the bounded reduction "
               "is largest for small λ",
       method="symbolic", expected="holds")
def opt_bound(ctx):
    import sympy as sp

    lam = sp.symbols("lambda", positive=True)
    d = sp.diff(1 - lam, lam)
    return holds(f"d(1-λ)/dλ = {d} < 0", proof="trivial", derivation={"d/dlambda(1-lambda)": str(d)})


@claim("sec6.optimal-lambda/surrogate-reduction-monotone", paper_ref=REF6,
       statement="a large 1-λ has a good regularization effect",
       reading="the actual surrogate reduction R̂(X) − R̂(λX + (1-λ)x̄) (exact) is non-increasing in λ ∈ [0, 1]: "
               "searched pairs λ₁ < λ₂",
       method="property-search", expected="holds")
def opt_surr_monotone(ctx):
    def margin(ex):
        X, l1, l2 = ex
        lo, hi = min(l1, l2), max(l1, l2)
        return _red_surr(X, hi) - _red_surr(X, lo)

    res = search(ctx, st.tuples(_samples(max_n=6, max_d=3), st.floats(0, 1), st.floats(0, 1)), margin, tol=1e-9)
    if res.found:
        return unexpected_violation(res, "not monotone")
    return holds(f"non-increasing on {res.examples} (X, λ₁, λ₂)", examples=res.examples,
                 worst_margin=res.worst_margin,
                 proof="g(λ) = E_σ‖Sx̄ + λD_σ‖ (S = Σσ_i, D_σ = Σσ_i(x_i − x̄)) is convex with "
                       "g'(0+) = E[‖D_σ‖; S = 0] ≥ 0 (E[sign(S)σ_i] is the same for all i and Σ(x_i − x̄) = 0), so g "
                       "is non-decreasing on [0, 1]")


def _recompute_swap(inp):
    rows, lam = as_fraction_rows(inp["X"]), frac(inp["lambda"])
    if inp["mixup"] == "surrogate":
        return (linear_rademacher_exact(surrogate_rows(rows, lam)),
                linear_rademacher_exact(surrogate_rows(rows, 1 - lam)))
    return perm_mixup_rademacher_exact(rows, lam), perm_mixup_rademacher_exact(rows, 1 - lam)


@claim("sec6.optimal-lambda/swap-symmetry-surrogate", paper_ref=REF6,
       statement="By swapping i and j, we can see that λ should be close to 0 or 1",
       reading="the swap argument requires the mixed complexity at λ to equal that at 1-λ; for the proofs' "
               "surrogate λx_i + (1-λ)x̄: R̂(X̃_λ) = R̂(X̃_{1-λ})?",
       method="property-search", expected="refuted", recompute=_recompute_swap)
def opt_swap_surr(ctx):
    def margin(ex):
        X, lam = ex
        return abs(linear_rademacher_float(_surr(X, lam)) - linear_rademacher_float(_surr(X, 1 - lam))) - 1e-9

    res = search(ctx, st.tuples(_samples(), mst.lambdas(allow_endpoints=False)), margin)
    if not res.found:
        return search_missed(res)
    X, lam = res.violation
    inp = {"X": _rows(X), "lambda": lam, "mixup": "surrogate"}
    lhs, rhs = _recompute_swap(inp)
    return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="==",
                   summary=f"X = {_rows(X)}: R̂ at λ = {lam} is {float(lhs):.4g} but at 1-λ it is {float(rhs):.4g}; the "
                           "surrogate is not symmetric (λ → 1 means no mixing at all)", search=res.effort())


@claim("sec6.optimal-lambda/swap-symmetry-real", paper_ref=REF6,
       statement="By swapping i and j …",
       reading="real mixup with a uniformly random permutation partner: E_πR̂(λX + (1-λ)X_π) = E_πR̂((1-λ)X + λX_π) "
               "(exactly: π ↦ π⁻¹ maps one multiset of mixed points onto the other); all n! permutations, 50 digits",
       method="property-search", expected="holds")
def opt_swap_real(ctx):
    def margin(ex):
        X, lam = ex
        a, b = _recompute_swap({"X": _rows(X), "lambda": lam, "mixup": "real"})
        return float(abs(a - b)) - 1e-30

    res = search(ctx, st.tuples(_samples(max_n=3), mst.lambdas(allow_endpoints=False)), margin,
                 max_examples=ctx.examples(20))
    if res.found:
        return unexpected_violation(res, "asymmetric")
    return holds(f"equal to 50 digits on {res.examples} (X, λ), n ≤ 3", examples=res.examples,
                 worst_margin=res.worst_margin, proof="{λx_π(i) + (1-λ)x_i} = {λx_k + (1-λ)x_π⁻¹(k)}; π⁻¹ is uniform")


def _recompute_endpoints(inp):
    rows = as_fraction_rows(inp["X"])
    r0 = linear_rademacher_exact(rows)
    return (r0 - perm_mixup_rademacher_exact(rows, frac(inp["lambda_near_end"])),
            r0 - perm_mixup_rademacher_exact(rows, frac(inp["lambda_mid"])))


@claim("sec6.optimal-lambda/real-mixup-endpoints", paper_ref=REF6,
       statement="λ should be close to 0 or 1",
       reading="real mixup (random permutation partner), fixed λ: the complexity reduction R̂(X) − E_πR̂(mixed X) "
               "is at least as large for λ near an end (λ ≤ 0.2 or ≥ 0.8) as at λ = ½; exact (all σ, all π)",
       method="property-search", expected="refuted", recompute=_recompute_endpoints)
def opt_real_endpoints(ctx):
    def margin(ex):
        X, lam = ex
        return _red_real(X, 0.5) - _red_real(X, lam) - 1e-9

    lam_end = st.one_of(st.floats(0.01, 0.2), st.floats(0.8, 0.99))
    res = search(ctx, st.tuples(_samples(max_n=4), lam_end), margin)
    if not res.found:
        return search_missed(res)
    X, lam = res.violation
    inp = {"X": _rows(X), "lambda_near_end": lam, "lambda_mid": 0.5}
    lhs, rhs = _recompute_endpoints(inp)
    return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation=">=",
                   summary=f"X = {_rows(X)}: reduction {float(lhs):.4g} at λ = {lam} < {float(rhs):.4g} at λ = ½; for "
                           "real mixup the reduction is 0 at λ ∈ {0, 1} and largest at ½",
                   search=res.effort())


@claim("sec6.optimal-lambda/real-mixup-optimum-half", paper_ref=REF6,
       statement="(corrected) for real mixup the complexity reduction is largest at λ = ½",
       reading="real mixup, fixed λ: R̂(X) − E_πR̂(mixed X) ≤ its value at λ = ½ for all λ ∈ [0, 1]; exact, n ≤ 4",
       method="property-search", expected="holds")
def opt_real_half(ctx):
    def margin(ex):
        X, lam = ex
        return _red_real(X, lam) - _red_real(X, 0.5)

    res = search(ctx, st.tuples(_samples(max_n=4), st.floats(0, 1)), margin, tol=1e-9)
    if res.found:
        return unexpected_violation(res, "violation")
    return holds(f"λ = ½ maximal on {res.examples} (X, λ)", examples=res.examples, worst_margin=res.worst_margin,
                 proof="λ ↦ E_πR̂(λX + (1-λ)X_π) is convex (R̂ convex in the sample) and symmetric about ½ "
                       "(swap-symmetry-real), hence minimal at ½")


# --------------------------------------------------------------------------- intro bullets 3 and 4

REF_I3 = "Section 1, third bullet"
REF_I4 = "Section 1, fourth bullet"
ST_I3 = ("When the parameter λ is close to 0 or 1, mixup can reduce the variance of the estimator, but this will be "
         "affected by bias.")
ST_I4 = "When the parameter λ has near the optimal value, mixup can reduce both the bias and variance of the estimator."


@claim("intro.bias-variance-endpoints/as-printed", paper_ref=REF_I3, statement=ST_I3,
       reading="as printed", method="symbolic", expected="inconclusive")
def bv_end_printed(ctx):
    return inconclusive("the paper never says which estimator, of what, has this bias and variance",
                        reason="no estimator is defined anywhere in the paper and no bias-variance computation is given",
                        settle="a definition of the estimator; natural readings are tested as sub-claims")


def _mixed_var_bernoulli(lam, p=frac("0.5"), partner="independent"):
    """Var(λx + (1-λ)x') by enumerating the joint law: x, x' i.i.d. Bernoulli(p) (partner 'independent') or
    x' ≡ E[x] = p (partner 'mean'); exact fractions."""
    lam, p = frac(lam), frac(p)
    if partner == "mean":
        pts = [(lam * v + (1 - lam) * p, p if v else 1 - p) for v in (0, 1)]
    else:
        pts = [(lam * a + (1 - lam) * b, (p if a else 1 - p) * (p if b else 1 - p)) for a in (0, 1) for b in (0, 1)]
    m = sum(v * w for v, w in pts)
    return sum((v - m) ** 2 * w for v, w in pts)


def _recompute_bv_pair(inp):
    f = lambda l: _mixed_var_bernoulli(l, inp["p"], inp["partner"])  # noqa: E731
    return f(inp["lambda_near_end"]), f(inp["lambda_mid"])


def _make_bv_claim(cid, partner, lam_end, reading):
    @claim(cid, paper_ref=REF_I3, statement=ST_I3, reading=reading, method="symbolic", expected="refuted",
           recompute=_recompute_bv_pair)
    def check(ctx):
        inp = {"p": "1/2", "partner": partner, "lambda_near_end": lam_end, "lambda_mid": "1/2"}
        lhs, rhs = _recompute_bv_pair(inp)
        ev = _proofs.evidence("mixup.pair-variance" if partner == "independent" else "mixup.surrogate-variance")
        return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="<=",
                       summary=f"x ~ Bernoulli(½): Var at λ = {lam_end} is {lhs} > {rhs} at λ = ½ "
                               + ("(factor λ² + (1-λ)², largest at the ends)" if partner == "independent"
                                  else "(factor λ², ≈ 1 near λ = 1)"), **ev)

    return check


_make_bv_claim("intro.bias-variance-endpoints/mixed-point-variance", "independent", "1/20",
               "estimator = a mixed input x̃ = λx + (1-λ)x' with x' an independent copy (real mixup): "
               "Var(x̃) = (λ² + (1-λ)²)Var(x) (proofs: mixup.pair-variance); claim: smaller near λ ∈ {0, 1} than at ½; "
               "exact on x ~ Bernoulli(½)")
_make_bv_claim("intro.bias-variance-endpoints/surrogate-variance", "mean", "19/20",
               "estimator = the surrogate x̃ = λx + (1-λ)E[x] of the proofs: Var(x̃) = λ²Var(x) (proofs: "
               "mixup.surrogate-variance); claim: small for λ near 0 AND near 1; exact on x ~ Bernoulli(½)")


def _recompute_bv_alpha(inp):
    f = lambda a: (frac(a) + 1) / (2 * frac(a) + 1) * frac(inp["var_x"])  # noqa: E731 — proofs: mixup.pair-variance-random-lambda
    return f(inp["alpha_small"]), f(inp["alpha_large"])


@claim("intro.bias-variance-endpoints/beta-alpha", paper_ref=REF_I3, statement=ST_I3,
       reading="λ ~ Beta(α, α) (small α = λ near 0 or 1), x̃ = λx + (1-λ)x' with x' independent: "
               "Var(x̃) = (α+1)/(2α+1)·Var(x) (proofs: mixup.pair-variance-random-lambda); claim: smaller for small α",
       method="symbolic", expected="refuted", recompute=_recompute_bv_alpha)
def bv_alpha(ctx):
    inp = {"alpha_small": "1/10", "alpha_large": "1", "var_x": "1"}
    lhs, rhs = _recompute_bv_alpha(inp)
    return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="<=",
                   summary=f"variance factor {lhs} at α = 0.1 > {rhs} at α = 1: λ near 0 or 1 leaves the variance "
                           "almost unchanged (→ Var(x) as α → 0)", **_proofs.evidence("mixup.pair-variance-random-lambda"))


@claim("intro.bias-variance-endpoints/dominant-point", paper_ref=REF_I3, statement=ST_I3,
       reading="estimator = x̃ as a perturbed copy of its dominant point (x_i if λ ≥ ½, else x_j), partner an "
               "independent copy: conditional variance min(λ, 1-λ)²Var(x) and conditional bias "
               "min(λ, 1-λ)(E[x] − x_dominant) — both → 0 at the ends (variance reduced, but the bias vanishes "
               "too, so 'at the cost of bias' does not follow); SymPy",
       method="symbolic", expected="holds")
def bv_dominant(ctx):
    import sympy as sp

    lam, v, d = sp.symbols("lambda sigma2 delta", positive=True)
    var = (1 - lam) ** 2 * v  # λ ≥ ½: x̃ − x_i = (1-λ)(x_j − x_i), Var given x_i
    bias = (1 - lam) * d
    lv, lb = sp.limit(var, lam, 1), sp.limit(bias, lam, 1)
    return holds(f"for λ ≥ ½: Var = {var} → {lv}, bias = {bias} → {lb} as λ → 1 (symmetrically at 0)",
                 derivation={"variance": str(var), "bias": str(bias), "limits": [str(lv), str(lb)]},
                 proof="x̃ − x_i = (1-λ)(x_j − x_i) with x_j independent of x_i")


@claim("intro.bias-variance-optimal/as-printed", paper_ref=REF_I4, statement=ST_I4,
       reading="as printed", method="symbolic", expected="inconclusive")
def bv_opt_printed(ctx):
    return inconclusive("'the optimal value' of λ and 'the estimator' are not defined",
                        reason="no optimality criterion and no estimator are given",
                        settle="a definition; the natural reading is intro.bias-variance-optimal/mean-estimator")


@claim("intro.bias-variance-optimal/mean-estimator", paper_ref=REF_I4, statement=ST_I4,
       reading="estimator of E[x] from two independent draws: x̃ = λx + (1-λ)x'. Bias 0 for every λ (proofs: "
               "mixup.pair-mean), variance (λ² + (1-λ)²)Var(x) minimised at the optimal λ* = ½ (half of the "
               "no-mixing variance); near λ* the variance is reduced and the bias is not increased (it is 0 "
               "throughout — 'reduces the bias' holds only weakly)",
       method="symbolic", expected="holds")
def bv_opt_mean(ctx):
    import sympy as sp

    lam = sp.symbols("lambda", real=True)
    f = lam ** 2 + (1 - lam) ** 2
    crit = sp.solve(sp.diff(f, lam), lam)
    ev = _proofs.evidence("mixup.pair-mean", "mixup.pair-variance")
    return holds(f"argmin of λ² + (1-λ)² is {crit} with value {f.subs(lam, crit[0])}; bias 0 for all λ",
                 **ev)


@claim("sec6.small-alpha/real-mixup-alpha-grid", paper_ref=REF6,
       statement="small α (λ close to 0 or 1) gives the better regularisation",
       reading="real mixup with λ ~ Beta(α, α) per batch and a random permutation partner, on a fixed sample X of 8 "
               "points from N(0, I₂) (seeded): the expected complexity R̂(X) − E_{λ,π}R̂(mixed X) (Λ = 1) is larger "
               "at α = 0.1 than at α = 4; Monte Carlo over (λ, π) with exact R̂ per draw "
               "(mixcheck.rademacher.expected_mixed_linear_rademacher, Hoeffding ∩ empirical-Bernstein intervals)",
       method="monte-carlo", expected="refuted")
def small_alpha_grid(ctx):
    from ..rademacher import expected_mixed_linear_rademacher, linear_rademacher
    from .registry import Outcome, jsonable

    X = ctx.rng("X").standard_normal((8, 2))
    r0 = linear_rademacher(X).value
    level = 1 - FALSE_ALARM / 3
    cells = []
    for a in (0.1, 1.0, 4.0):
        est = expected_mixed_linear_rademacher(X, alpha=a, pairing="permutation", mixing_draws=ctx.mc(1500),
                                               seed=ctx.seed_for(f"mix-{a}"), level=level)
        cells.append({"alpha": a, "estimate": r0 - est.value, "ci": [r0 - est.high, r0 - est.low]})
    lo, hi = cells[0], cells[-1]
    ev = dict(grid=cells, X=_rows(X), estimate=hi["estimate"] - lo["estimate"],
              ci=[hi["ci"][0] - lo["ci"][1], hi["ci"][1] - lo["ci"][0]], level=1 - FALSE_ALARM,
              test="simultaneous intervals (Bonferroni over 3 α) from the engine; refuted when the α = 4 interval "
                   "lies above the α = 0.1 interval", false_alarm=FALSE_ALARM,
              quantity="E[reduction](α = 4) − E[reduction](α = 0.1)")
    line = ", ".join(f"α={c['alpha']:g}: {c['estimate']:.4f} [{c['ci'][0]:.4f}, {c['ci'][1]:.4f}]" for c in cells)
    if hi["ci"][0] > lo["ci"][1]:
        return Outcome("refuted", jsonable(ev), f"the expected reduction grows with α: {line}")
    return inconclusive(f"intervals overlap: {line}", reason="not separated", settle="more mixing draws", **ev)
