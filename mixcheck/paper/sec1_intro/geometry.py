"""``intro.geometry`` — Section 1, bullet 5: mixup reduces the second derivative of the convex function behind the Bregman divergence.

Every claim registered here has an id ``intro.geometry/…``.
"""

from __future__ import annotations

from mixcheck.paper import _proofs
from mixcheck.engine.outcomes import holds, inconclusive
from mixcheck.engine.registry import claim
from mixcheck.paper._kit import as_printed


# --------------------------------------------------------------------------- intro bullet 5

REF_I5 = "Section 1, fifth bullet"


ST_I5 = "Geometrically, mixup reduces the second-order derivative of the convex function that characterizes the Bregman divergence."


as_printed("intro.geometry/as-printed", paper_ref=REF_I5, statement=ST_I5,
           summary="which convex function (ψ_λ is never defined consistently, see thm4/*) and 'reduces' in "
                   "which order are not said",
           reason="the statement depends on the reading of ψ_λ: under "
                  "reading (b) nothing changes (thm4/same-theta-reading)",
           settle="a definition of ψ_λ; readings (a)/(c) are checked in intro.geometry/variance-reduced")


@claim("intro.geometry/variance-reduced", paper_ref=REF_I5, statement=ST_I5,
       reading="readings (a)/(c): the Hessian factor is < 1 for every λ ∈ (0, 1) and α > 0: λ² (surrogate), "
               "λ² + (1-λ)² (real mixup), E[λ²] = (α+1)/(2(2α+1)) and E[λ² + (1-λ)²] = (α+1)/(2α+1) (Beta λ); "
               "SymPy",
       method="symbolic", expected="holds")
def geo_reduced(ctx):
    import sympy as sp

    lam, a = sp.symbols("lambda alpha", positive=True)
    gaps = {"surrogate": 1 - lam ** 2, "real": 1 - lam ** 2 - (1 - lam) ** 2,
            "beta-surrogate": 1 - (a + 1) / (2 * (2 * a + 1)), "beta-real": 1 - (a + 1) / (2 * a + 1)}
    facts = {"surrogate": sp.factor(gaps["surrogate"]), "real": sp.factor(gaps["real"]),
             "beta-surrogate": sp.factor(sp.together(gaps["beta-surrogate"])),
             "beta-real": sp.factor(sp.together(gaps["beta-real"]))}
    # positivity on λ ∈ (0, 1): substitute λ = t/(1+t), t > 0
    t = sp.symbols("t", positive=True)
    pos = {k: bool(sp.simplify(v.subs(lam, t / (1 + t))).is_positive) for k, v in facts.items()}
    if all(pos.values()):
        return holds("1 − factor > 0 for all λ ∈ (0,1), α > 0: " + "; ".join(f"{k}: {v}" for k, v in facts.items()),
                     factors={k: str(v) for k, v in facts.items()}, positive=pos,
                     **_proofs.evidence("mixup.surrogate-variance", "mixup.pair-variance"))
    return inconclusive("SymPy could not decide positivity", reason=str(pos), settle="inspect",
                        derivation={k: str(v) for k, v in facts.items()})
