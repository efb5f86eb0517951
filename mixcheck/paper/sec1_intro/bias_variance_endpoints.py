"""``intro.bias-variance-endpoints`` — Section 1, bullet 3: λ near 0 or 1 reduces the estimator's variance, at the cost of bias.

Every claim registered here has an id ``intro.bias-variance-endpoints/…``.
"""

from __future__ import annotations

from mixcheck.paper import _proofs
from mixcheck.paper._kit import as_printed, refuted_at
from mixcheck.engine.outcomes import holds, inconclusive
from mixcheck.engine.registry import claim
from mixcheck.exact import frac


# --------------------------------------------------------------------------- intro bullets 3 and 4

REF_I3 = "Section 1, third bullet"


ST_I3 = ("When the parameter λ is close to 0 or 1, mixup can reduce the variance of the estimator, but this will be "
         "affected by bias.")


as_printed("intro.bias-variance-endpoints/as-printed", paper_ref=REF_I3, statement=ST_I3,
           summary="the paper never says which estimator, of what, has this bias and variance",
           reason="no estimator is defined anywhere in the paper and no bias-variance computation is given",
           settle="a definition of the estimator; natural readings are tested as sub-claims")


def _mixed_var_bernoulli(lam, p=frac("0.5"), partner="independent"):
    """Var(λx + (1-λ)x') by enumerating the joint law: x, x' i.i.d. Bernoulli(p) (partner 'independent') or
    x' ≡ E[x] = p (partner 'mean'); exact fractions."""
    lam, p = frac(lam), frac(p)
    if partner == "mean":
        pts = [(lam * v + (1 - lam) * p, p if v else 1 - p) for v in (0, 1)]
    else:
        pts = [(lam * a + (1 - lam) * b, (p if a else 1 - p) * (p if b else 1 - p)) for a in (0, 1) for b in (0, 1)]
    m = sum(v * w for v, w in pts)
    return sum((v - m) ** 2 * w for v, w in pts)


def _recompute_bv_pair(inp):
    f = lambda l: _mixed_var_bernoulli(l, inp["p"], inp["partner"])  # noqa: E731
    return f(inp["lambda_near_end"]), f(inp["lambda_mid"])


def _make_bv_claim(cid, partner, lam_end, reading):
    @claim(cid, paper_ref=REF_I3, statement=ST_I3, reading=reading, method="symbolic", expected="refuted",
           recompute=_recompute_bv_pair)
    def check(ctx):
        inp = {"p": "1/2", "partner": partner, "lambda_near_end": lam_end, "lambda_mid": "1/2"}
        ev = _proofs.evidence("mixup.pair-variance" if partner == "independent" else "mixup.surrogate-variance")
        return refuted_at(
            _recompute_bv_pair, inp,
            lambda inp, lhs, rhs: f"x ~ Bernoulli(½): Var at λ = {lam_end} is {lhs} > {rhs} at λ = ½ "
                                  + ("(factor λ² + (1-λ)², largest at the ends)" if partner == "independent"
                                     else "(factor λ², ≈ 1 near λ = 1)"), **ev)

    return check


_make_bv_claim("intro.bias-variance-endpoints/mixed-point-variance", "independent", "1/20",
               "estimator = a mixed input x̃ = λx + (1-λ)x' with x' an independent copy (real mixup): "
               "Var(x̃) = (λ² + (1-λ)²)Var(x) (proofs: mixup.pair-variance); claim: smaller near λ ∈ {0, 1} than at ½; "
               "exact on x ~ Bernoulli(½)")


_make_bv_claim("intro.bias-variance-endpoints/surrogate-variance", "mean", "19/20",
               "estimator = the surrogate x̃ = λx + (1-λ)E[x] of the proofs: Var(x̃) = λ²Var(x) (proofs: "
               "mixup.surrogate-variance); claim: small for λ near 0 AND near 1; exact on x ~ Bernoulli(½)")


def _recompute_bv_alpha(inp):
    f = lambda a: (frac(a) + 1) / (2 * frac(a) + 1) * frac(inp["var_x"])  # noqa: E731 — proofs: mixup.pair-variance-random-lambda
    return f(inp["alpha_small"]), f(inp["alpha_large"])


@claim("intro.bias-variance-endpoints/beta-alpha", paper_ref=REF_I3, statement=ST_I3,
       reading="λ ~ Beta(α, α) (small α = λ near 0 or 1), x̃ = λx + (1-λ)x' with x' independent: "
               "Var(x̃) = (α+1)/(2α+1)·Var(x) (proofs: mixup.pair-variance-random-lambda); claim: smaller for small α",
       method="symbolic", expected="refuted", recompute=_recompute_bv_alpha)
def bv_alpha(ctx):
    return refuted_at(
        _recompute_bv_alpha, {"alpha_small": "1/10", "alpha_large": "1", "var_x": "1"},
        lambda inp, lhs, rhs: f"variance factor {lhs} at α = 0.1 > {rhs} at α = 1: λ near 0 or 1 leaves the "
                              "variance almost unchanged (→ Var(x) as α → 0)",
        **_proofs.evidence("mixup.pair-variance-random-lambda"))


@claim("intro.bias-variance-endpoints/dominant-point", paper_ref=REF_I3, statement=ST_I3,
       reading="estimator = x̃ as a perturbed copy of its dominant point (x_i if λ ≥ ½, else x_j), partner an "
               "independent copy: conditional variance min(λ, 1-λ)²Var(x) and conditional bias "
               "min(λ, 1-λ)(E[x] − x_dominant) — both → 0 at the ends (variance reduced, but the bias vanishes "
               "too, so 'at the cost of bias' does not follow); SymPy",
       method="symbolic", expected="holds")
def bv_dominant(ctx):
    import sympy as sp

    lam, v, d = sp.symbols("lambda sigma2 delta", positive=True)
    var = (1 - lam) ** 2 * v  # λ ≥ ½: x̃ − x_i = (1-λ)(x_j − x_i), Var given x_i
    bias = (1 - lam) * d
    # the two formulas recomputed from the law: x_i = a fixed, x_j ~ Bernoulli(p), by enumeration
    a, p = sp.symbols("a p", positive=True)
    law = [(lam * a + (1 - lam) * 1, p), (lam * a + (1 - lam) * 0, 1 - p)]
    mean = sum(x * w for x, w in law)
    var_enum = sp.simplify(sum((x - mean) ** 2 * w for x, w in law) - var.subs(v, p * (1 - p)))
    bias_enum = sp.simplify((mean - a) - bias.subs(d, p - a))
    lv, lb = sp.limit(var, lam, 1), sp.limit(bias, lam, 1)
    if var_enum != 0 or bias_enum != 0 or lv != 0 or lb != 0:
        return inconclusive(f"enumerated law differs from the formulas by {var_enum}, {bias_enum}; limits {lv}, {lb}",
                            reason="the conditional variance or bias is not as stated", settle="inspect",
                            derivation={"variance": str(var), "bias": str(bias)})
    return holds(f"for λ ≥ ½: Var = {var} → {lv}, bias = {bias} → {lb} as λ → 1 (symmetrically at 0); both formulas "
                 "recomputed from the enumerated law of a Bernoulli partner (SymPy)",
                 derivation={"variance": str(var), "bias": str(bias), "limits": [str(lv), str(lb)]},
                 proof="x̃ − x_i = (1-λ)(x_j − x_i) with x_j independent of x_i")
