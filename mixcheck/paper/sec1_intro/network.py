"""``intro.network`` — Section 1, bullet 2: networks: more regularization for small n and when the data contain outliers.

Every claim registered here has an id ``intro.network/…``.
"""

from __future__ import annotations

from mixcheck.engine.outcomes import holds, inconclusive
from mixcheck.engine.registry import claim
from mixcheck.paper.sec5_network._common import _fig2_evidence, _l1_grid


REF_INTRO2 = "Section 1, second bullet"


STATEMENT_INTRO2 = ("For neural networks, the effect of regularization is higher when the number of samples is small, "
                    "and the training dataset contains outliers.")


@claim("intro.network/as-printed", paper_ref=REF_INTRO2, statement=STATEMENT_INTRO2,
       reading="taken as printed", method="symbolic", expected="inconclusive")
def intro_network_printed(ctx):
    return inconclusive("qualitative; precise readings: intro.network/outlier-vs-none, fig2/*, thm3/*",
                        reason="'effect of regularization' is undefined and the theorem it rests on (Theorem 3) only "
                               "bounds a difference of upper bounds",
                        settle="fix the quantity (bound values or actual complexities) and the data model")


@claim("intro.network/outlier-vs-none", paper_ref=REF_INTRO2, statement=STATEMENT_INTRO2,
       reading="the exact L = 1 reduction R̂(X) − R̂(X̃) (d = 1, surrogate, λ = ½) with versus without an outlier: "
               "n i.i.d. N(0, 1) points, one of them scaled by 10; E with intervals, n ∈ {4, 12}",
       method="monte-carlo", expected="holds")
def intro_network_outlier(ctx):
    cells, dec_n, inc_s = _l1_grid(ctx)
    ev = _fig2_evidence(cells, 1)
    if inc_s and dec_n:
        return holds("larger with an outlier and at small n (intervals separated)", **ev)
    return inconclusive("not separated", reason="intervals overlap", settle="more draws", **ev)
