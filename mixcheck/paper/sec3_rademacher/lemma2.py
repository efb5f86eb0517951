"""``lemma2`` — Lemma 2, eq. (12)-(13): for {-1,+1}-valued H and the 0-1 loss class G: R̂_B(G) = ½ R̂_{S_X}(H).

Every claim registered here has an id ``lemma2/…``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from mixcheck.engine.outcomes import holds
from mixcheck.engine.registry import claim
from mixcheck.engine.templates import hold_by_search
from mixcheck.exact import sign_vectors
from mixcheck.profiles import search_sizes
from mixcheck.paper._relations import paired


REF_L2 = "Section 3, Lemma 2, eq. (12)-(13)"


# --------------------------------------------------------------------------- Lemma 2

def _lemma2_sides(P, y):
    """R̂_B(G) and ½R̂_S(H) exactly (fractions) for predictions P (n points × k hypotheses, ±1) and labels y:
    every one of the 2ⁿ sign vectors, in integer arithmetic."""
    P, y = np.asarray(P, dtype=np.int64), np.asarray(y, dtype=np.int64)
    n = len(y)
    S = sign_vectors(n)
    tot_g = int((S @ (P != y[:, None]).astype(np.int64)).max(axis=1).sum())
    tot_h = int((S @ P).max(axis=1).sum())
    N = 2 ** n * n
    return Fraction(tot_g, N), Fraction(tot_h, 2 * N)


#: every one of the 2ⁿ sign vectors, twice (the exact sides and the engine's): n ≤ 16 keeps a thorough search
#: (2,000 samples) within minutes
LEMMA2_MAX_N = 16


def _class_and_labels(profile):
    """(P, y): ±1 predictions of k hypotheses on n points (an n × k array: n up to the profile's search_n capped at
    :data:`LEMMA2_MAX_N`, k up to its search_d) and labels y ∈ {-1,+1}ⁿ; the largest n and k are drawn about half
    of the time."""
    from hypothesis.extra import numpy as hnp

    n_hi, k_hi = search_sizes(profile, max_n=LEMMA2_MAX_N)
    pm = st.sampled_from([-1.0, 1.0])
    sizes = st.tuples(*(st.one_of(st.integers(1, top), st.just(top)) for top in (n_hi, k_hi)))
    return sizes.flatmap(lambda s: st.tuples(hnp.arrays(np.float64, s, elements=pm),
                                             hnp.arrays(np.float64, s[0], elements=pm)))


@claim("lemma2/exact", paper_ref=REF_L2,
       statement="R̂_B(G) = ½R̂_{S_X}(H) for G = {(x, y) ↦ 1_{h(x)≠y} : h ∈ H}, H {-1,+1}-valued",
       reading="H a finite class given by its ±1 predictions on the sample (n points up to the profile's search_n "
               "capped at 16 — every one of the 2ⁿ sign vectors is enumerated —, k hypotheses up to its search_d: ci "
               "12 and 6, thorough 16 and 8), labels y ∈ {-1,+1}ⁿ arbitrary; "
               "both sides enumerated over all 2ⁿ σ in exact (integer) arithmetic, and cross-checked against the "
               "engine's empirical_rademacher",
       method="property-search", expected="holds")
def lemma2_exact(ctx):
    from mixcheck.rademacher import empirical_rademacher

    engine_gap = [0.0]

    def sides(ex):  # R̂_B(G) and ½R̂_S(H) exactly, the engine's values compared on the way
        P, y = ex
        a, b = _lemma2_sides(P, y)
        e_g = empirical_rademacher((P != y[:, None]).astype(float).T).value
        e_h = empirical_rademacher(P.T).value / 2
        engine_gap[0] = max(engine_gap[0], abs(e_g - float(a)), abs(e_h - float(b)))
        return a, b

    def holding(res):
        n_hi, k_hi = search_sizes(ctx.profile, max_n=LEMMA2_MAX_N)
        return holds(f"exact equality on {res.examples} (class, labels) pairs, n ≤ {n_hi}, ≤ {k_hi} hypotheses; the "
                     f"engine agrees to {engine_gap[0]:.1e}",
                     examples=res.examples, arithmetic="integers (fractions)", engine_max_abs_difference=engine_gap[0],
                     proof="1_{h≠y} = (1 − y·h)/2; E[σ_i] = 0 and σ_i y_i is again Rademacher",
                     known_input={"predictions (hypotheses × points)": [[1], [-1]], "labels": [1]})

    # H = {+1, −1} on one point, y = +1: R̂_B(G) = ½ = ½R̂_S(H)
    return hold_by_search(ctx, _class_and_labels(ctx.profile), holding=holding, sides=paired(sides), relation="==",
                          known=((np.array([[1.0, -1.0]]), np.array([1.0])),), what="mismatch")
