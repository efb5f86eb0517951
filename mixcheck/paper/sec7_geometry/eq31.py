"""``eq31`` — proof of Theorem 4, eq. (31): ∇∇ψ(θ) = Var(x); ψ is convex.

Every claim registered here has an id ``eq31/…``.
"""

from __future__ import annotations

from mixcheck.engine.registry import claim
from mixcheck.paper.sec7_geometry._common import EXPFAM, _families_and_bernoulli_mc, _named_steps_hold, _step_ok


@claim("eq31/families", paper_ref="Section 7, proof of Theorem 4, eq. (31)",
       statement="∇∇ψ(θ) = Var(x); ψ is convex (its Hessian is positive definite)",
       reading="as in eq30/families; the printed intermediate '∫ −∂²ψ/∂θ_i∂θ_j dx' lacks the density p(x; θ) "
               "(with it the step is right); 'positive definite' holds for minimal families only (the "
               "over-complete categorical family has a singular Hessian: positive SEMI-definite)",
       method="symbolic", expected="holds")
def eq31(ctx):
    psd = all(all(_step_ok(i, "psd")) for i in EXPFAM)
    return _families_and_bernoulli_mc(
        ctx, "eq31", lambda x, p: (x - p) ** 2, lambda p: p * (1 - p), test="Hoeffding ∩ empirical Bernstein on (x − p)²",
        typos=["∫ −∂²ψ dx should be ∫ −∂²ψ · p(x; θ) dx", "positive definite → positive semi-definite"],
        steps_hold=_named_steps_hold("eq31") and psd,
        summary=lambda est, v: f"∇∇ψ = Var(x) and ψ convex, derived for all {len(EXPFAM)} families; "
                               f"Bernoulli MC variance {est:.4f} covers ψ''(0.3) = {v:.4f}")
