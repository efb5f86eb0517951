"""``sec6.small-alpha`` — Section 6: α < 1 puts λ near 0 or 1; λ near 0 or 1 means α close to 0.

Every claim registered here has an id ``sec6.small-alpha/…``.
"""

from __future__ import annotations

import mpmath
from hypothesis import strategies as st

from mixcheck.paper import _proofs
from mixcheck.engine.outcomes import holds, inconclusive, refuted
from mixcheck.engine.search import record_grid
from mixcheck.engine.registry import claim
from mixcheck.exact import (
    as_fraction_rows,
    frac,
    linear_rademacher_exact,
    mp,
    perm_mixup_rademacher_exact,
)
from mixcheck.engine.templates import refute_by_search
from mixcheck.paper._kit import recomputed_counterexample, rows_of
from mixcheck.paper.sec6_lambda._common import FALSE_ALARM, REF6


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
    if not ok:
        return inconclusive(f"SymPy gave ratio {d} and limit {lim0}", reason="the sign analysis did not come out",
                            settle="inspect the derivative", derivation={"ratio": str(d), "limit_at_0_alpha_half": str(lim0)})
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
    if not ok:
        rises = [float(grid[i]) for i, st_ in enumerate(steps) if st_ >= 0][:5]
        return inconclusive(f"E|λ-½| not strictly decreasing on the grid (rises after α = {rises}) or a derivation failed",
                            reason="monotonicity or the derivation failed", settle="inspect the grid and beta.abs-deviation",
                            rises_after=rises, **ev)
    return holds(f"strictly decreasing on the grid; E|λ-½| = 0.4, 0.49, 0.499 need α ≈ {alpha_for['0.1']:.3g}, "
                 f"{alpha_for['0.01']:.3g}, {alpha_for['0.001']:.3g}",
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
    if not worst > 0:
        return inconclusive(f"a cell with the wrong sign (smallest margin {float(worst):.3g})",
                            reason="P(min(λ, 1-λ) < ε) − 2ε does not have the expected sign in every cell",
                            settle="inspect the cells", examples=n, worst_margin=float(worst))
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

    counterexample = recomputed_counterexample(
        _recompute_literal, lambda a: {"alpha": a, "eps": 0.1, "p": 0.5},
        lambda inp, lhs, rhs: f"α = {inp['alpha']}: P(min(λ,1-λ) < 0.1) = {float(lhs):.3f} < ½ (and → 0.2 as α ↑ 1): "
                              "'α < 1 ⇒ λ near 0 or 1' is a matter of degree, not a threshold "
                              "(sec6.small-alpha/tail-vs-uniform)",
        relation=">=")

    return refute_by_search(ctx, st.floats(0.01, 0.999), margin, counterexample)


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
    positive = sp.ask(sp.Q.positive(cross))
    if not (ident == 0 and lim == sp.Rational(1, 4) and positive):
        return inconclusive(f"¼ − Var(λ) − E[λ(1-λ)] = {ident}, lim Var = {lim}, E[λ(1-λ)] > 0: {positive}",
                            reason="an identity or limit of the argument did not come out", settle="inspect", **ev)
    return holds(f"¼ − Var(λ) − E[λ(1-λ)] = {ident}; lim_(α→0) Var(λ) = {lim}; E[λ(1-λ)] > 0 for every α > 0",
                 proof="(λ-½)² ≤ ¼ with equality iff λ ∈ {0, 1}", **ev)


@claim("sec6.small-alpha/bound-expectation", paper_ref=REF6,
       statement="(Section 6) from (17) and (22) a large 1-λ regularises well; with λ ~ Beta(α, α) α small is preferred",
       reading="the argument on the bounds themselves: averaged over λ ~ Beta(α, α) their coefficient 1-λ gives "
               "E[1-λ] = ½ for every α (proofs: beta.mean) — no preference; only with the swap argument (swap i and j "
               "so that the partner carries the larger weight, coefficient max(λ, 1-λ)) does the averaged coefficient "
               "E[max(λ, 1-λ)] = ½ + E|λ − ½| fall strictly as α grows (proofs: beta.abs-deviation), i.e. prefer small "
               "α; checked at 50 digits on 401 log-spaced α in [10⁻⁴, 10⁴]. A statement about the bounds: the swap "
               "is refuted for the surrogate the bounds were proved for (sec6.optimal-lambda/swap-symmetry-surrogate) "
               "and real mixup's actual reduction grows with α (sec6.small-alpha/real-mixup-expected-reduction)",
       method="symbolic", expected="holds")
def small_alpha_bound(ctx):
    import sympy as sp

    mean_coef = sp.simplify(1 - _proofs.derivation("beta.mean").result)
    grid = [mpmath.mpf(10) ** (mpmath.mpf(k) / 50 - 4) for k in range(401)]
    swapped = [mpmath.mpf(1) / 2 + _abs_dev(a) for a in grid]
    steps = [float(v2 - v1) for v1, v2 in zip(swapped, swapped[1:])]  # < 0 where falling
    record_grid(ctx, [(float(a),) for a in grid], domain="alpha log-spaced in [1e-4, 1e4], 401 points (50 digits)",
                worst_margin=max(steps))
    ev = _proofs.evidence("beta.mean", "beta.abs-deviation")
    values = {"1e-4": float(swapped[0]), "1": float(mpmath.mpf(1) / 2 + _abs_dev(1)), "1e4": float(swapped[-1])}
    if mean_coef != sp.Rational(1, 2) or max(steps) >= 0 or not ev["derivations_ok"]:
        return inconclusive(f"E[1-λ] = {mean_coef}; E[max(λ, 1-λ)] falling on the grid: {max(steps) < 0}",
                            reason="the averaged coefficients are not as derived", settle="inspect",
                            expected_max_weight=values, **ev)
    return holds("the bounds prefer small α only through the swap argument: E[1-λ] = ½ for every α, while "
                 f"E[max(λ, 1-λ)] falls strictly from {values['1e-4']:.4f} (α = 1e-4) to {values['1e4']:.4f} (α = 1e4)",
                 examples=len(grid), expected_max_weight=values, expected_one_minus_lambda=str(mean_coef), **ev)


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


@claim("sec6.small-alpha/real-mixup-alpha-grid", paper_ref=REF6,
       statement="small α (λ close to 0 or 1) gives the better regularisation",
       reading="real mixup with λ ~ Beta(α, α) per batch and a random permutation partner, on a fixed sample X of 8 "
               "points from N(0, I₂) (seeded): the expected complexity R̂(X) − E_{λ,π}R̂(mixed X) (Λ = 1) is larger "
               "at α = 0.1 than at α = 4; Monte Carlo over (λ, π) with exact R̂ per draw "
               "(mixcheck.rademacher.expected_mixed_linear_rademacher, Hoeffding ∩ empirical-Bernstein intervals)",
       method="monte-carlo", expected="refuted")
def small_alpha_grid(ctx):
    from mixcheck.rademacher import expected_mixed_linear_rademacher, linear_rademacher
    from mixcheck.engine.registry import Outcome, jsonable

    X = ctx.rng("X").standard_normal((8, 2))
    r0 = linear_rademacher(X).value
    level = 1 - FALSE_ALARM / 3
    cells = []
    for a in (0.1, 1.0, 4.0):
        est = expected_mixed_linear_rademacher(X, alpha=a, pairing="permutation", mixing_draws=ctx.mc(1500),
                                               seed=ctx.seed_for(f"mix-{a}"), level=level)
        cells.append({"alpha": a, "estimate": r0 - est.value, "ci": [r0 - est.high, r0 - est.low]})
    lo, hi = cells[0], cells[-1]
    ev = dict(grid=cells, X=rows_of(X), estimate=hi["estimate"] - lo["estimate"],
              ci=[hi["ci"][0] - lo["ci"][1], hi["ci"][1] - lo["ci"][0]], level=1 - FALSE_ALARM,
              test="simultaneous intervals (Bonferroni over 3 α) from the engine; refuted when the α = 4 interval "
                   "lies above the α = 0.1 interval", false_alarm=FALSE_ALARM,
              quantity="E[reduction](α = 4) − E[reduction](α = 0.1)")
    line = ", ".join(f"α={c['alpha']:g}: {c['estimate']:.4f} [{c['ci'][0]:.4f}, {c['ci'][1]:.4f}]" for c in cells)
    if hi["ci"][0] > lo["ci"][1]:
        return Outcome("refuted", jsonable(ev), f"the expected reduction grows with α: {line}")
    return inconclusive(f"intervals overlap: {line}", reason="not separated", settle="more mixing draws", **ev)
