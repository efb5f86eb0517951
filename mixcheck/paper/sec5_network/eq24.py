"""``eq24`` — proof of Theorem 3, eq. (24) and the chain after it: the mixup bound for networks and the chain ending in (1-λ)…max_i‖ε_i‖₂.

Every claim registered here has an id ``eq24/…``.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from mixcheck.engine.outcomes import holds
from mixcheck.engine.search import search
from mixcheck.engine.registry import claim
from mixcheck.exact import as_fraction_rows, frac, mp, single_neuron_rademacher
from mixcheck.engine.templates import hold_by_search
from mixcheck.paper._derivations import attach
from mixcheck.paper._kit import refute_by_recompute
from mixcheck.paper.sec5_network._common import (
    _bound23,
    _c,
    _lams,
    _mean_exact,
    _norm,
    _pop_inputs,
    _pop_strategy,
    _samples,
    _surr,
)


REF24 = "Section 5, proof of Theorem 3, eq. (24) and the chain after it"


# --------------------------------------------------------------------------- eq. (24)

@claim("eq24/step1-L1-exact", paper_ref=REF24,
       statement="R̂*_B(H_{L,W_L}) ≤ (1/√n)·2^{L+½}·W_L·max_i‖E_j[λx_i + (1-λ)x_j]‖",
       reading="eq. (23) applied to the surrogate sample x̃_i = λx_i + (1-λ)x̄; L = 1, d ≤ 2, R̂* exact",
       method="property-search", expected="holds")
def eq24_step1(ctx):
    def margin(ex):
        X, lam = ex
        Xt = _surr(X, lam)
        return single_neuron_rademacher(Xt) / _bound23(Xt) - 1 if np.any(Xt) else -1.0

    def holding(res):
        return holds(f"on {res.examples} samples; largest ratio {1 + res.worst_margin:.3f}", examples=res.examples,
                     max_ratio=1 + res.worst_margin)

    return hold_by_search(ctx, st.tuples(_samples(max_n=7), _lams()), margin, holding, what="violation")


@claim("eq24/step2-triangle", paper_ref=REF24,
       statement="max_i‖λx_i + (1-λ)E_j[x_j]‖ ≤ max_i{λ‖x_i‖ + (1-λ)‖E_j[x_j]‖}",
       reading="E_j[x_j] = x̄; triangle inequality, both sides at 50 digits",
       method="property-search", expected="holds")
@attach("net.eq24-triangle")
def eq24_step2(ctx):
    def margin(ex):
        X, lam = ex
        rows, l = as_fraction_rows(X), frac(lam)
        d = len(rows[0])
        m = _mean_exact(rows)
        lhs = max(_norm([l * r[k] + (1 - l) * m[k] for k in range(d)]) for r in rows)
        rhs = max(mp(l) * _norm(r) + mp(1 - l) * _norm(m) for r in rows)
        return float(lhs - rhs)

    res = search(ctx, st.tuples(_samples(), _lams()), margin, tol=1e-40)
    return holds(f"on {res.examples} samples; worst lhs-rhs {res.worst_margin:.3g}", examples=res.examples,
                 worst_margin=res.worst_margin, proof="‖a + b‖ ≤ ‖a‖ + ‖b‖")


@claim("eq24/difference", paper_ref=REF24,
       statement="J = max R̂_B − max R̂*_B ≤ ((1-λ)/√n)·2^{L+½}·W_L·max_i|‖x_i‖₂ − ‖x̄‖₂|",
       reading="max R̂ read as the bound values (23) and (24, last line); then J = c(1-λ)(max‖x_i‖ − ‖x̄‖) "
               "exactly (λ ≥ 0) and the step is max‖x_i‖ − ‖x̄‖ ≤ max_i|‖x_i‖ − ‖x̄‖|; 50 digits",
       method="property-search", expected="holds")
@attach("net.eq24-difference")
def eq24_difference(ctx):
    def margin(ex):
        X, lam = ex
        rows, l = as_fraction_rows(X), frac(lam)
        m = _mean_exact(rows)
        c = _c(1, 1, len(rows))
        J = c * max(_norm(r) for r in rows) - c * max(mp(l) * _norm(r) + mp(1 - l) * _norm(m) for r in rows)
        ident = abs(J - c * mp(1 - l) * (max(_norm(r) for r in rows) - _norm(m)))
        rhs = c * mp(1 - l) * max(abs(_norm(r) - _norm(m)) for r in rows)
        return float(max(J - rhs, ident - mpmath.mpf(10) ** -40))

    res = search(ctx, st.tuples(_samples(), _lams()), margin, tol=1e-40)
    return holds(f"identity J = c(1-λ)(max‖x_i‖ − ‖x̄‖) and the step, on {res.examples} samples",
                 examples=res.examples, worst_margin=res.worst_margin)


def _pop_parts(inp):
    X = as_fraction_rows(inp["X"])
    mu = [frac(v) for v in inp["mu"]]
    d = len(X[0])
    xbar = _mean_exact(X)
    eps = [[r[k] - mu[k] for k in range(d)] for r in X]
    return X, mu, xbar, eps


def _recompute_step3(inp):
    X, mu, xbar, eps = _pop_parts(inp)
    lhs = max(abs(_norm(r) - _norm(xbar)) for r in X)
    rhs = max(abs(_norm(mu) + _norm(e) - _norm(xbar)) for e in eps)
    return lhs, rhs


def _recompute_step4(inp):
    X, mu, xbar, eps = _pop_parts(inp)
    return max(abs(_norm(mu) + _norm(e) - _norm(xbar)) for e in eps), max(_norm(e) for e in eps)


def _make_pop_claim(cid, statement, rec, expected, reading_extra, relation):
    @claim(cid, paper_ref=REF24, statement=statement,
           reading="x_i = μ + ε_i with μ the POPULATION mean (a fixed vector; ε_i = x_i − μ, so x̄ ≠ μ in general)"
                   + reading_extra + "; 50-digit arithmetic",
           method="property-search", expected=expected, recompute=rec)
    @attach("thm3.chain")
    def check(ctx):
        return refute_by_recompute(
            ctx, _pop_strategy(), rec, _pop_inputs,
            lambda inp, lhs, rhs: f"x = {inp['X']}, μ = {inp['mu']}: {float(lhs):.4g} vs {float(rhs):.4g}; with "
                                  "μ := x̄ (sample mean) the step holds (eq24/steps-sample-mean)",
            relation=relation, slack=1e-12, max_examples=ctx.examples(400))

    return check


_make_pop_claim("eq24/step3-population-mean",
                "max_i|‖μ_x + ε_i‖₂ − ‖x̄‖₂| ≤ max_i|‖μ_x‖₂ + ‖ε_i‖₂ − ‖x̄‖₂|", _recompute_step3, "refuted",
                "", "<=")


_make_pop_claim("eq24/step4-population-mean",
                "max_i|‖μ_x‖₂ + ‖ε_i‖₂ − ‖x̄‖₂| = max_i‖ε_i‖₂", _recompute_step4, "refuted",
                "; the step needs ‖μ‖ = ‖x̄‖", "==")


@claim("eq24/steps-sample-mean", paper_ref=REF24,
       statement="max_i|‖x_i‖ − ‖x̄‖| = max_i|‖μ+ε_i‖ − ‖x̄‖| ≤ max_i|‖μ‖ + ‖ε_i‖ − ‖x̄‖| = max_i‖ε_i‖",
       reading="μ := x̄ (the sample mean), ε_i = x_i − x̄: the whole chain after (24); 50 digits",
       method="property-search", expected="holds")
@attach("thm3.chain")
def eq24_sample_mean(ctx):
    def margin(X):
        rows = as_fraction_rows(X)
        d = len(rows[0])
        xb = _mean_exact(rows)
        eps = [[r[k] - xb[k] for k in range(d)] for r in rows]
        a = max(abs(_norm(r) - _norm(xb)) for r in rows)
        b = max(abs(_norm(xb) + _norm(e) - _norm(xb)) for e in eps)
        c = max(_norm(e) for e in eps)
        return float(max(a - b, abs(b - c) - mpmath.mpf(10) ** -40))

    res = search(ctx, _samples(), margin, tol=1e-40)
    return holds(f"chain holds on {res.examples} samples", examples=res.examples, worst_margin=res.worst_margin,
                 proof="|‖x_i‖ − ‖x̄‖| ≤ ‖x_i − x̄‖ (reverse triangle); ‖μ‖ = ‖x̄‖ makes the last step an identity")
