"""``eq24`` — proof of Theorem 3, eq. (24) and the chain after it: the mixup bound for networks and the chain ending in (1-λ)…max_i‖ε_i‖₂.

Every claim registered here has an id ``eq24/…``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from mixcheck import strategies as mst
from mixcheck.engine.outcomes import holds
from mixcheck.engine.registry import claim
from mixcheck.exact import as_fraction_rows, frac, mean_row, mp, single_neuron_rademacher
from mixcheck.engine.templates import hold_by_search
from mixcheck.paper._derivations import attach
from mixcheck.paper._kit import open_lambdas, refute_by_recompute, surrogate_float
from mixcheck.paper._relations import paired
from mixcheck.paper.sec5_network._common import _bound23, _c, _norm, _pop_inputs, _pop_strategy


REF24 = "Section 5, proof of Theorem 3, eq. (24) and the chain after it"


# --------------------------------------------------------------------------- eq. (24)

_KNOWN_PAIR = ((np.array([[1.0], [0.0]]), 0.5),)  # x = (1, 0), λ = ½: the chain's steps hold with equality


@claim("eq24/step1-L1-exact", paper_ref=REF24,
       statement="R̂*_B(H_{L,W_L}) ≤ (1/√n)·2^{L+½}·W_L·max_i‖E_j[λx_i + (1-λ)x_j]‖",
       reading="eq. (23) applied to the surrogate sample x̃_i = λx_i + (1-λ)x̄; L = 1, R̂* exact: d ≤ 2 and "
               "n ≤ 14 (the exact single-neuron complexity needs them; larger d is not computable exactly here)",
       method="property-search", expected="holds")
def eq24_step1(ctx):
    def sides(ex):  # R̂ and the bound (23), both on the one surrogate sample
        Y = surrogate_float(*ex)
        return single_neuron_rademacher(Y), _bound23(Y)

    def holding(res):
        return holds(f"on {res.examples} samples; largest relative excess {res.worst_margin:.3f} (< 0: below the "
                     "bound)", examples=res.examples, worst_margin=res.worst_margin)

    strat = st.tuples(mst.profile_samples(ctx.profile, min_n=2, max_n=14, max_d=2), open_lambdas())
    return hold_by_search(ctx, strat, holding=holding, sides=paired(sides), tol=1e-9, known=_KNOWN_PAIR,
                          what="violation")


@claim("eq24/step2-triangle", paper_ref=REF24,
       statement="max_i‖λx_i + (1-λ)E_j[x_j]‖ ≤ max_i{λ‖x_i‖ + (1-λ)‖E_j[x_j]‖}",
       reading="E_j[x_j] = x̄; triangle inequality, both sides at 50 digits; n and d up to the profile's search "
               "sizes (ci 12 and 6)",
       method="property-search", expected="holds")
@attach("net.eq24-triangle")
def eq24_step2(ctx):
    def lhs(ex):
        rows, l = as_fraction_rows(ex[0]), frac(ex[1])
        m = mean_row(rows)
        return max(_norm([l * a + (1 - l) * b for a, b in zip(r, m)]) for r in rows)

    def rhs(ex):
        rows, l = as_fraction_rows(ex[0]), frac(ex[1])
        m = _norm(mean_row(rows))
        return max(mp(l) * _norm(r) + mp(1 - l) * m for r in rows)

    def holding(res):
        return holds(f"on {res.examples} samples; worst relative excess {res.worst_margin:.3g}", examples=res.examples,
                     worst_margin=res.worst_margin, proof="‖a + b‖ ≤ ‖a‖ + ‖b‖")

    known = ((np.array([[1.0], [1.0]]), 0.5),)  # equal points: both sides 1
    strat = st.tuples(mst.profile_samples(ctx.profile, min_n=2), open_lambdas())
    return hold_by_search(ctx, strat, holding=holding, sides=(lhs, rhs), tol=1e-40, known=known, what="violation")


def _J_and_step(ex):
    """(J = c·max‖x_i‖ − c·max(λ‖x_i‖ + (1-λ)‖x̄‖) plus how far it is from c(1-λ)(max‖x_i‖ − ‖x̄‖),
    c(1-λ)·max_i|‖x_i‖ − ‖x̄‖|), 50 digits (L = 1, W = 1)."""
    rows, l = as_fraction_rows(ex[0]), frac(ex[1])
    m = _norm(mean_row(rows))
    c = _c(1, 1, len(rows))
    norms = [_norm(r) for r in rows]
    J = c * max(norms) - c * max(mp(l) * v + mp(1 - l) * m for v in norms)
    ident = abs(J - c * mp(1 - l) * (max(norms) - m))
    return J + ident, c * mp(1 - l) * max(abs(v - m) for v in norms)


@claim("eq24/difference", paper_ref=REF24,
       statement="J = max R̂_B − max R̂*_B ≤ ((1-λ)/√n)·2^{L+½}·W_L·max_i|‖x_i‖₂ − ‖x̄‖₂|",
       reading="max R̂ read as the bound values (23) and (24, last line); then J = c(1-λ)(max‖x_i‖ − ‖x̄‖) "
               "exactly (λ ≥ 0) and the step is max‖x_i‖ − ‖x̄‖ ≤ max_i|‖x_i‖ − ‖x̄‖|; 50 digits (a departure "
               "from the identity is added to the left side); n and d up to the profile's search sizes",
       method="property-search", expected="holds")
@attach("net.eq24-difference")
def eq24_difference(ctx):
    def holding(res):
        return holds(f"identity J = c(1-λ)(max‖x_i‖ − ‖x̄‖) and the step, on {res.examples} samples",
                     examples=res.examples, worst_margin=res.worst_margin)

    strat = st.tuples(mst.profile_samples(ctx.profile, min_n=2), open_lambdas())
    return hold_by_search(ctx, strat, holding=holding, sides=paired(_J_and_step),
                          tol=1e-40, known=_KNOWN_PAIR, what="violation")


def _pop_parts(inp):
    X = as_fraction_rows(inp["X"])
    mu = [frac(v) for v in inp["mu"]]
    d = len(X[0])
    xbar = mean_row(X)
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


def _chain(X):
    """(max(a, b) + |b − c|, c) for a = max|‖x_i‖ − ‖x̄‖|, b = max|‖x̄‖ + ‖ε_i‖ − ‖x̄‖|, c = max‖ε_i‖,
    ε_i = x_i − x̄ (the chain claims a ≤ b = c), 50 digits."""
    rows = as_fraction_rows(X)
    xb = mean_row(rows)
    eps = [[v - m for v, m in zip(r, xb)] for r in rows]
    nb = _norm(xb)
    a = max(abs(_norm(r) - nb) for r in rows)
    b = max(abs(nb + _norm(e) - nb) for e in eps)
    c = max(_norm(e) for e in eps)
    return max(a, b) + abs(b - c), c


@claim("eq24/steps-sample-mean", paper_ref=REF24,
       statement="max_i|‖x_i‖ − ‖x̄‖| = max_i|‖μ+ε_i‖ − ‖x̄‖| ≤ max_i|‖μ‖ + ‖ε_i‖ − ‖x̄‖| = max_i‖ε_i‖",
       reading="μ := x̄ (the sample mean), ε_i = x_i − x̄: the whole chain after (24); 50 digits; n and d up to "
               "the profile's search sizes",
       method="property-search", expected="holds")
@attach("thm3.chain")
def eq24_sample_mean(ctx):
    def holding(res):
        return holds(f"chain holds on {res.examples} samples", examples=res.examples, worst_margin=res.worst_margin,
                     proof="|‖x_i‖ − ‖x̄‖| ≤ ‖x_i − x̄‖ (reverse triangle); ‖μ‖ = ‖x̄‖ makes the last step an identity")

    return hold_by_search(ctx, mst.profile_samples(ctx.profile, min_n=2), holding=holding,
                          sides=paired(_chain), tol=1e-40,
                          known=(_KNOWN_PAIR[0][0],), what="violation")
