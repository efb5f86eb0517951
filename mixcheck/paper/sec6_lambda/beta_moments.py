"""``sec6.beta-moments`` — Section 6: for λ ~ Beta(α,α): E[λ] = ½ and Var(λ) = 1/(4(2α+1)).

Every claim registered here has an id ``sec6.beta-moments/…``.
"""

from __future__ import annotations

from mixcheck.paper import _proofs
from mixcheck.engine.outcomes import holds, inconclusive
from mixcheck.engine.registry import Outcome, claim
from mixcheck.concentration import mean_interval
from mixcheck.paper._figures import budget, clt_interval, figure_seed, with_figure
from mixcheck.paper.sec6_lambda._common import FALSE_ALARM, REF6


# --------------------------------------------------------------------------- the report's Beta(α, α) figure

_BETA_FIGURE_MC = {"ci": 100_000, "dev": 100_000, "thorough": 1_000_000}  # draws per α
BETA_FIGURE_ALPHAS = [0.1, 0.2, 0.4, 0.8, 1.0, 2.0, 4.0]  # the α values of Table 1
BETA_DENSITY_ALPHAS = [0.1, 0.2, 0.4, 1.0, 2.0, 4.0]


def beta_quantities(alpha: float) -> dict:
    """Exact E[λ], Var(λ), E[λ²], E|λ−½| and E[λ²+(1−λ)²] for λ ~ Beta(α, α).

    Var(λ) = 1/(4(2α+1)) and E[λ] = ½ (the standard Beta moments); E[λ²] = Var + ¼;
    E|λ−½| = P(Beta(α+1, α) > ½) − ½ (from E[λ·1{λ>½}] = ½·P(Beta(α+1, α) > ½), by symmetry);
    E[λ²+(1−λ)²] = 2E[λ²] (λ and 1−λ have the same law).
    """
    from scipy.special import betainc

    a = float(alpha)
    var = 1.0 / (4.0 * (2.0 * a + 1.0))
    e2 = var + 0.25
    sf_half = 1.0 - float(betainc(a + 1.0, a, 0.5))  # P(Beta(a+1, a) > 1/2)
    return {"alpha": a, "mean": 0.5, "var": var, "second_moment": e2, "abs_dev_half": sf_half - 0.5,
            "mix_factor": 2.0 * e2}


def beta_figure_data(profile: str, seed: int) -> dict:
    """The numbers of the report's Beta(α, α) figure: the exact Section 6 quantities and their
    Monte-Carlo estimates (99% CLT intervals; λ ∈ [0, 1] is bounded) at the α values of Table 1."""
    import numpy as np

    rng = np.random.default_rng(figure_seed(seed, "beta"))
    mc = budget(_BETA_FIGURE_MC, profile, 100_000)
    rows = []
    for a in BETA_FIGURE_ALPHAS:
        draws = rng.beta(a, a, size=mc)
        row = {"alpha": a, "draws": mc, "level": 0.99}
        for key, vals in (("mean", draws), ("second_moment", draws**2), ("abs_dev_half", np.abs(draws - 0.5)),
                          ("var", (draws - 0.5) ** 2)):
            row[key] = clt_interval(vals, 0.99)
        rows.append(row)
    return {"exact": [beta_quantities(a) for a in BETA_FIGURE_ALPHAS], "monte_carlo": rows,
            "densities_alpha": BETA_DENSITY_ALPHAS}


# --------------------------------------------------------------------------- sec6.beta-moments

def _beta_mc(ctx, alpha, T):
    rng = ctx.rng(f"beta-{alpha}")
    return rng.beta(alpha, alpha, size=T)


_MC_ALPHAS = (0.1, 1.0, 4.0)


def _derived_and_covered(ctx, ev: dict, summary: str, statistic, upper: float, truth) -> Outcome:
    """``holds`` where the derivations of ``ev`` hold and, at every α of :data:`_MC_ALPHAS`, the
    interval of the mean of ``statistic(λ)`` (values in [0, ``upper``]) over λ ~ Beta(α, α) covers
    ``truth(α)`` (Hoeffding ∩ empirical Bernstein, level 1 − 10⁻³/3: Bonferroni over the α values);
    else ``inconclusive``."""
    cells = []
    for a in _MC_ALPHAS:
        est = mean_interval(statistic(_beta_mc(ctx, a, ctx.mc(20000))), 0.0, upper,
                            level=1 - FALSE_ALARM / len(_MC_ALPHAS))
        formula = truth(a)
        cells.append({"alpha": a, "estimate": est.value, "ci": [est.low, est.high], "formula": formula,
                      "covers": est.covers(formula)})
    ok = ev["derivations_ok"] and all(c["covers"] for c in cells)
    out = holds if ok else (lambda s, **e: inconclusive(s, reason="a check failed", settle="inspect", **e))
    return out(summary, grid=cells, test="99.9% Hoeffding ∩ empirical-Bernstein intervals, Bonferroni over 3 α",
               false_alarm=FALSE_ALARM, level=1 - FALSE_ALARM, **ev)


@claim("sec6.beta-moments/mean", paper_ref=REF6,
       statement="λ ~ Beta(α, α): E[λ] = α/(α+α) = 1/2",
       reading="SymPy derivation from the density (proofs: beta.mean), and Monte Carlo for α ∈ {0.1, 1, 4} "
               "(Hoeffding ∩ empirical-Bernstein intervals on λ ∈ [0, 1])",
       method="symbolic", expected="holds")
def beta_mean(ctx):
    return _derived_and_covered(
        ctx, _proofs.evidence("beta.mean", "beta.general-moments"),
        "E[λ] = 1/2 derived from the density (SymPy) and covered by every Monte-Carlo interval",
        lambda lam: lam, 1.0, lambda a: 0.5)


@claim("sec6.beta-moments/variance", paper_ref=REF6,
       statement="λ ~ Beta(α, α): Var(λ) = α²/((α+α)²(α+α+1)) = α²/(4α²(2α+1)) = 1/(4(2α+1))",
       reading="every printed step derived in SymPy from the density (proofs: beta.var); Monte Carlo of "
               "E[(λ-½)²] (bounded in [0, ¼]) for α ∈ {0.1, 1, 4}",
       method="symbolic", expected="holds")
@with_figure(beta_figure_data)
def beta_var(ctx):
    return _derived_and_covered(
        ctx, _proofs.evidence("beta.var"),
        "each printed step of Var(λ) = 1/(4(2α+1)) derived symbolically; Monte-Carlo intervals cover it",
        lambda lam: (lam - 0.5) ** 2, 0.25, lambda a: 1 / (4 * (2 * a + 1)))
