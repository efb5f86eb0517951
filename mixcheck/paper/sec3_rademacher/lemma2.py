"""``lemma2`` — Lemma 2, eq. (12)-(13): for {-1,+1}-valued H and the 0-1 loss class G: R̂_B(G) = ½ R̂_{S_X}(H).

Every claim registered here has an id ``lemma2/…``.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from mixcheck.engine.outcomes import holds
from mixcheck.engine.registry import claim
from mixcheck.engine.templates import hold_by_search
from mixcheck.paper._relations import paired


REF_L2 = "Section 3, Lemma 2, eq. (12)-(13)"


# --------------------------------------------------------------------------- Lemma 2

def _lemma2_sides(P, y):
    """R̂_B(G) and ½R̂_S(H) exactly (fractions) for predictions P (k × n, ±1) and labels y."""
    n = len(y)
    tot_g, tot_h = Fraction(0), Fraction(0)
    for s in itertools.product((1, -1), repeat=n):
        tot_g += max(sum(si * (1 if h[i] != y[i] else 0) for i, si in enumerate(s)) for h in P)
        tot_h += max(sum(si * h[i] for i, si in enumerate(s)) for h in P)
    N = 2 ** n * n
    return tot_g / N, tot_h / N / 2


@claim("lemma2/exact", paper_ref=REF_L2,
       statement="R̂_B(G) = ½R̂_{S_X}(H) for G = {(x, y) ↦ 1_{h(x)≠y} : h ∈ H}, H {-1,+1}-valued",
       reading="H a finite class given by its ±1 predictions on the sample (k ≤ 4 hypotheses, n ≤ 6), labels "
               "y ∈ {-1,+1}ⁿ arbitrary; both sides enumerated over all 2ⁿ σ in exact arithmetic, and "
               "cross-checked against the engine's empirical_rademacher",
       method="property-search", expected="holds")
def lemma2_exact(ctx):
    from mixcheck.rademacher import empirical_rademacher

    pm = st.sampled_from([-1, 1])
    strat = st.integers(1, 6).flatmap(lambda n: st.tuples(
        st.lists(st.lists(pm, min_size=n, max_size=n), min_size=1, max_size=4),
        st.lists(pm, min_size=n, max_size=n)))
    engine_gap = [0.0]

    def sides(ex):  # R̂_B(G) and ½R̂_S(H) exactly, the engine's values compared on the way
        P, y = ex
        a, b = _lemma2_sides(P, y)
        Pg = np.array([[1.0 if h[i] != y[i] else 0.0 for i in range(len(y))] for h in P])
        e_g = empirical_rademacher(Pg).value
        e_h = empirical_rademacher(np.array(P, dtype=float)).value / 2
        engine_gap[0] = max(engine_gap[0], abs(e_g - float(a)), abs(e_h - float(b)))
        return a, b

    def holding(res):
        return holds(f"exact equality on {res.examples} (class, labels) pairs, n ≤ 6, ≤ 4 hypotheses; the engine "
                     f"agrees to {engine_gap[0]:.1e}",
                     examples=res.examples, arithmetic="fractions", engine_max_abs_difference=engine_gap[0],
                     proof="1_{h≠y} = (1 − y·h)/2; E[σ_i] = 0 and σ_i y_i is again Rademacher",
                     known_input={"predictions": [[1], [-1]], "labels": [1]})

    # H = {+1, −1} on one point, y = +1: R̂_B(G) = ½ = ½R̂_S(H)
    return hold_by_search(ctx, strat, holding=holding, sides=paired(sides), relation="==",
                          known=(([[1], [-1]], [1]),), what="mismatch")
