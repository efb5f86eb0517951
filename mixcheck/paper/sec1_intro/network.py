"""``intro.network`` — Section 1, bullet 2: networks: more regularization for small n and when the data contain outliers.

Every claim registered here has an id ``intro.network/…``.
"""

from __future__ import annotations

from mixcheck.engine.registry import claim
from mixcheck.paper._kit import as_printed
from mixcheck.paper.sec5_network._l1_outlier import l1_outcome


REF_INTRO2 = "Section 1, second bullet"


STATEMENT_INTRO2 = ("For neural networks, the effect of regularization is higher when the number of samples is small, "
                    "and the training dataset contains outliers.")


as_printed("intro.network/as-printed", paper_ref=REF_INTRO2, statement=STATEMENT_INTRO2,
           reading="taken as printed",
           summary="qualitative; precise readings: intro.network/outlier-vs-none, fig2/*, thm3/*",
           reason="'effect of regularization' is undefined and the theorem it rests on (Theorem 3) only "
                  "bounds a difference of upper bounds",
           settle="fix the quantity (bound values or actual complexities) and the data model")


@claim("intro.network/outlier-vs-none", paper_ref=REF_INTRO2, statement=STATEMENT_INTRO2,
       reading="the exact L = 1 reduction R̂(X) − R̂(X̃) (d = 1, surrogate, λ = ½) with versus without an outlier: "
               "n i.i.d. N(0, 1) points, one of them scaled by 10 (against 1): larger with the outlier at every n "
               "from 4 to 16, and larger for smaller n at every step n → n + 1 (paired draws; the grid was "
               "n ∈ {4, 12}); cells n ∈ {4, 12} × s ∈ {1, 10} as well",
       method="monte-carlo", expected="holds")
def intro_network_outlier(ctx):
    return l1_outcome(ctx, cell=1, what="the reduction, larger with an outlier and at small n")
