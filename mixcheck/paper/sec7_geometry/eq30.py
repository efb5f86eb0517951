"""``eq30`` — proof of Theorem 4, eq. (30): ∇ψ(θ) = E[x] for an exponential family.

Every claim registered here has an id ``eq30/…``.
"""

from __future__ import annotations

from mixcheck.engine.registry import claim
from mixcheck.paper.sec7_geometry._common import EXPFAM, _families_and_bernoulli_mc, _named_steps_hold


# --------------------------------------------------------------------------- eq. (30), (31)

@claim("eq30/families", paper_ref="Section 7, proof of Theorem 4, eq. (30)",
       statement="∂ψ(θ)/∂θ_i = ∫x_i p(x; θ)dx = E[x_i], i.e. ∇ψ(θ) = E[x]",
       reading="ψ the log-normaliser of p(x; θ) = exp{θ·x + k(x) − ψ(θ)} (eq. 27-28; the printed '∇ψ(x)' is read "
               "as ∇ψ(θ)); SymPy derivations from the normaliser for 11 families (proofs: expfam.*), and a "
               "Monte-Carlo check for Bernoulli(θ = 0.3)",
       method="symbolic", expected="holds")
def eq30(ctx):
    return _families_and_bernoulli_mc(
        ctx, "eq30", lambda x, p: x, lambda p: p, test="Hoeffding ∩ empirical Bernstein",
        typos=["eq. (30) writes ∇ψ(x) for ∇ψ(θ)"], steps_hold=_named_steps_hold("eq30"),
        summary=lambda est, p: f"eq. (30) derived for all {len(EXPFAM)} families; Bernoulli sample mean "
                               f"{est:.4f} ∈ CI covers ψ'(0.3) = {p:.4f}")
