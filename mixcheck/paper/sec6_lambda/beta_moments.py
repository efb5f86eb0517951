"""``sec6.beta-moments`` — Section 6: for λ ~ Beta(α,α): E[λ] = ½ and Var(λ) = 1/(4(2α+1)).

Every claim registered here has an id ``sec6.beta-moments/…``.
"""

from __future__ import annotations

from mixcheck.claims import _proofs
from mixcheck.claims._evidence import holds, inconclusive
from mixcheck.claims.registry import claim
from mixcheck.concentration import mean_interval
from mixcheck.paper.sec6_lambda._common import FALSE_ALARM, REF6


# --------------------------------------------------------------------------- sec6.beta-moments

def _beta_mc(ctx, alpha, T):
    rng = ctx.rng(f"beta-{alpha}")
    return rng.beta(alpha, alpha, size=T)


@claim("sec6.beta-moments/mean", paper_ref=REF6,
       statement="λ ~ Beta(α, α): E[λ] = α/(α+α) = 1/2",
       reading="SymPy derivation from the density (proofs: beta.mean), and Monte Carlo for α ∈ {0.1, 1, 4} "
               "(Hoeffding ∩ empirical-Bernstein intervals on λ ∈ [0, 1])",
       method="symbolic", expected="holds")
def beta_mean(ctx):
    ev = _proofs.evidence("beta.mean", "beta.general-moments")
    cells = []
    for a in (0.1, 1.0, 4.0):
        est = mean_interval(_beta_mc(ctx, a, ctx.mc(20000)), 0.0, 1.0, level=1 - FALSE_ALARM / 3)
        cells.append({"alpha": a, "estimate": est.value, "ci": [est.low, est.high], "covers": est.covers(0.5)})
    ok = ev["derivations_ok"] and all(c["covers"] for c in cells)
    out = holds if ok else (lambda s, **e: inconclusive(s, reason="a check failed", settle="inspect", **e))
    return out("E[λ] = 1/2 derived from the density (SymPy) and covered by every Monte-Carlo interval",
               grid=cells, test="99.9% Hoeffding ∩ empirical-Bernstein intervals, Bonferroni over 3 α",
               false_alarm=FALSE_ALARM, level=1 - FALSE_ALARM, **ev)


@claim("sec6.beta-moments/variance", paper_ref=REF6,
       statement="λ ~ Beta(α, α): Var(λ) = α²/((α+α)²(α+α+1)) = α²/(4α²(2α+1)) = 1/(4(2α+1))",
       reading="every printed step derived in SymPy from the density (proofs: beta.var); Monte Carlo of "
               "E[(λ-½)²] (bounded in [0, ¼]) for α ∈ {0.1, 1, 4}",
       method="symbolic", expected="holds")
def beta_var(ctx):
    ev = _proofs.evidence("beta.var")
    cells = []
    for a in (0.1, 1.0, 4.0):
        v = (_beta_mc(ctx, a, ctx.mc(20000)) - 0.5) ** 2
        est = mean_interval(v, 0.0, 0.25, level=1 - FALSE_ALARM / 3)
        truth = 1 / (4 * (2 * a + 1))
        cells.append({"alpha": a, "estimate": est.value, "ci": [est.low, est.high], "formula": truth,
                      "covers": est.covers(truth)})
    ok = ev["derivations_ok"] and all(c["covers"] for c in cells)
    out = holds if ok else (lambda s, **e: inconclusive(s, reason="a check failed", settle="inspect", **e))
    return out("each printed step of Var(λ) = 1/(4(2α+1)) derived symbolically; Monte-Carlo intervals cover it",
               grid=cells, test="99.9% Hoeffding ∩ empirical-Bernstein intervals, Bonferroni over 3 α",
               false_alarm=FALSE_ALARM, level=1 - FALSE_ALARM, **ev)
