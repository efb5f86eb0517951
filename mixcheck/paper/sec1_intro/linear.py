"""``intro.linear`` — Section 1, bullet 1: linear classifiers: more regularization for small n and large sample standard deviation.

Every claim registered here has an id ``intro.linear/…``.
"""

from __future__ import annotations

from hypothesis import strategies as st

from mixcheck import strategies as mst
from mixcheck.engine.outcomes import inconclusive
from mixcheck.engine.search import search
from mixcheck.engine.registry import claim
from mixcheck.exact import as_fraction_rows, frac, linear_rademacher_exact, mp, surrogate_rows, total_variance
from mixcheck.paper._kit import as_printed, open_lambdas, refuted_at, rows_of, surrogate_float
from mixcheck.paper.sec4_linear._fig1_exact import exact_trend_outcome, recompute_step
from mixcheck.paper.sec4_linear._common import READ_SURR, _lin_exact, _tv


# --------------------------------------------------------------------------- intro bullet 1

REF_INTRO1 = "Section 1, first bullet"


STATEMENT_INTRO1 = ("For linear classifiers, the effect of regularization is higher when the sample size is small, "
                    "and the sample standard deviation is large.")


as_printed("intro.linear/as-printed", paper_ref=REF_INTRO1, statement=STATEMENT_INTRO1,
           reading="taken as printed: 'effect of regularization' and 'sample standard deviation' are not defined",
           summary="qualitative statement; its precise readings are intro.linear/grid, intro.linear/sd-across-samples "
                   "(and fig1/*, thm2/*)",
           reason="the 'effect of regularization' is not defined (the bound (17)? the actual R̂ − R̂*? for which "
                  "data?) and the 'sample standard deviation' of vectors is ambiguous (see eq20/step3-*)",
           settle="fix a quantity and a family of data; the natural ones are checked as sub-claims")


def _red_surr(X, lam):
    return _lin_exact(X) - _lin_exact(surrogate_float(X, lam))


def _recompute_sd_pair(inp):
    lam = inp["lambda"]
    if not total_variance(inp["X1"]) > total_variance(inp["X2"]):
        return mp(0), mp(1)  # premise fails: no counterexample
    rows1, rows2, lamf = as_fraction_rows(inp["X1"]), as_fraction_rows(inp["X2"]), frac(lam)
    e1 = linear_rademacher_exact(rows1) - linear_rademacher_exact(surrogate_rows(rows1, lamf))
    e2 = linear_rademacher_exact(rows2) - linear_rademacher_exact(surrogate_rows(rows2, lamf))
    return e2, e1


@claim("intro.linear/sd-across-samples", paper_ref=REF_INTRO1, statement=STATEMENT_INTRO1,
       reading=READ_SURR + "; 'the effect' = the actual reduction R̂(X) − R̂(X̃) (Λ = 1); claim: of two samples "
               "of the same size n (and dimension), the one with the larger sample standard deviation "
               "√((1/n)Σ‖x_i − x̄‖²) has the larger reduction",
       method="property-search", expected="refuted", recompute=_recompute_sd_pair)
def intro_linear_sd(ctx):
    pair = st.tuples(st.integers(3, 4), st.integers(1, 2)).flatmap(
        lambda s: st.tuples(*(mst.samples(min_n=s[0], max_n=s[0], min_d=s[1], max_d=s[1], bound=10.0)
                              for _ in range(2))))

    def ordered(pair_):
        """The pair with the larger-variance sample first: every unordered pair meets the premise
        (unless the variances tie), so no drawn pair is wasted."""
        A, B = pair_
        return (A, B) if _tv(A) >= _tv(B) else (B, A)

    def margin(ex):
        (X1, X2), lam = ordered(ex[0]), ex[1]
        if _tv(X1) <= _tv(X2) * (1 + 1e-9):
            return -1.0
        return _red_surr(X2, lam) - _red_surr(X1, lam) - 1e-9

    res = search(ctx, st.tuples(pair, open_lambdas()), margin, max_examples=ctx.examples(200))
    if not res.found:
        return inconclusive("no pair found", reason="search found no counterexample", settle="larger search",
                            **res.effort())
    (X1, X2), lam = ordered(res.violation[0]), res.violation[1]
    return refuted_at(
        _recompute_sd_pair, {"X1": rows_of(X1), "X2": rows_of(X2), "lambda": lam},
        lambda inp, lhs, rhs: f"X1={inp['X1']} has the larger sd (s²={float(total_variance(inp['X1'])):.4g} > "
                              f"{float(total_variance(inp['X2'])):.4g}) but the smaller reduction "
                              f"({float(rhs):.4g} < {float(lhs):.4g} for X2={inp['X2']}), λ={lam}",
        note="the reduction is not a function of the standard deviation alone; it scales with it "
             "only along a ray X → cX (fig1/sigma-trend)",
        search=res.effort())


@claim("intro.linear/grid", paper_ref=REF_INTRO1, statement=STATEMENT_INTRO1,
       reading=READ_SURR + "; E_X[R̂(X) − R̂(X̃)] for X of n i.i.d. N(0, σ²) scalars, λ = ½: strictly decreasing at "
               "every n from 4 to 1000 (ci; 4000 thorough; the grid was n ∈ {4, 16}), exactly "
               "(mixcheck.paper.sec4_linear._fig1_exact), and positive, so σ = 2 gives four times the reduction of "
               "σ = ½ (σ enters as a factor, fig1/sigma-trend). From n = 2 the trend fails (fig1/surrogate-n-trend)",
       method="symbolic", expected="holds", recompute=recompute_step)
def intro_linear_grid(ctx):
    out = exact_trend_outcome(ctx, "surrogate", 4, note="; the reduction is positive, so it is larger at σ = 2 than at "
                                                        "σ = ½ (a factor σ)")
    if out.verdict == "holds" and not out.evidence.get("all_positive"):
        return inconclusive("a non-positive expected reduction: larger σ does not give a larger one",
                            reason="the σ factor multiplies a reduction ≤ 0", settle="inspect", **out.evidence)
    return out
