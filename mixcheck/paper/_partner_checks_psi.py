"""Theorem 4 with ψ_λ read as the log-partition function of the law of x̃ (eq. 34), per partner law.

The law of x̃ is written as an exponential family in the statistic x̃ with a base measure k̃ that
does not depend on θ, p(x̃) = exp{η·x̃ + k̃(x̃) − ψ_λ(η)}; the law at θ sits at η(θ). ψ_λ is built
here from the law (a sum over the support; for the Gaussian the normaliser ∫exp(ηy + k̃(y))dy with the
square completed, cross-checked by quadrature) and differentiated numerically
(30 digits); the check first confirms that the constructed family reproduces the law of x̃ at η(θ).

* ``surrogate`` — x̃ = λx + c, c = (1-λ)E[x] held fixed (the proof's x̃): η(θ) = θ/λ;
* ``independent`` — x̃ = λx + (1-λ)x', x' an independent copy: the derangement partner of an i.i.d.
  sample (and the permutation partner as n → ∞). Gaussian N(θ, 1): x̃ ~ N(θ, s²), s² = λ² + (1-λ)²,
  η(θ) = θ/s²; Bernoulli with λ = ½: 2x̃ ~ Binomial(2, p), η(θ) = 2θ (for λ ≠ ½ the law of x̃ puts
  equal mass on λ and 1-λ for every θ, so it is no exponential family in x̃).

Evaluated at the same θ (η = θ) or at the rescaled θ (η = η(θ)), against λ²ψ''(θ).
"""

from __future__ import annotations

import mpmath

from mixcheck.engine.outcomes import holds, inconclusive, refuted
from mixcheck.engine.search import record_grid
from mixcheck.exact import frac, mp
from ._partner_checks import SPECS, PartnerClaim

REF_T4 = "Section 7, Theorem 4, eq. (26)"
DPS = 30
FAMILIES = ("bernoulli", "gaussian")


def _sigmoid(t):
    return 1 / (1 + mpmath.exp(-t))


def _psi(family, t):
    return mpmath.log(1 + mpmath.exp(t)) if family == "bernoulli" else t ** 2 / 2


def _family(family: str, partner: str, lam, theta, cross_check: bool = False):
    """(ψ_λ as a function of η, η(θ), a list of (point, law probability or density, family's value))."""
    if family == "bernoulli":
        p = _sigmoid(theta)
        if partner == "surrogate":
            c = (1 - lam) * p
            support = [(c, 0), (lam + c, 0)]
            law = [1 - p, p]
            eta = theta / lam
        else:
            if lam != mpmath.mpf(1) / 2:
                raise ValueError("the independent-partner Bernoulli law is an exponential family in x̃ only for λ = ½")
            support = [(0, 0), (mpmath.mpf(1) / 2, mpmath.log(2)), (1, 0)]
            law = [(1 - p) ** 2, 2 * p * (1 - p), p ** 2]
            eta = 2 * theta

        def psi_l(e):
            return mpmath.log(mpmath.fsum(mpmath.exp(e * y + k) for y, k in support))

        checks = [(y, q, mpmath.exp(eta * y + k - psi_l(eta))) for (y, k), q in zip(support, law)]
        return psi_l, eta, checks
    # Gaussian: k̃(y) = −a·y² + b·y + c0, so ∫exp(ηy + k̃(y))dy = exp(c0 + (η+b)²/(4a))·√(π/a) (the square completed)
    if partner == "surrogate":
        c = (1 - lam) * theta
        s2, mean, eta = lam ** 2, lam * theta + c, theta / lam
        a, b, c0 = 1 / (2 * lam ** 2), c / lam ** 2, -c ** 2 / (2 * lam ** 2) - mpmath.log(lam * mpmath.sqrt(2 * mpmath.pi))
    else:
        s2 = lam ** 2 + (1 - lam) ** 2
        mean, eta = theta, theta / s2
        a, b, c0 = 1 / (2 * s2), mpmath.mpf(0), -mpmath.log(2 * mpmath.pi * s2) / 2

    def psi_l(e):
        return c0 + (e + b) ** 2 / (4 * a) + mpmath.log(mpmath.pi / a) / 2

    def k(y):
        return -a * y ** 2 + b * y + c0

    pts = [mean - 1, mean, mean + 2]
    checks = [(y, mpmath.npdf(y, mean, mpmath.sqrt(s2)), mpmath.exp(eta * y + k(y) - psi_l(eta))) for y in pts]
    if cross_check:  # the closed-form normaliser against quadrature, at η(θ)
        quad = mpmath.quad(lambda y: mpmath.exp(eta * y + k(y)), [-mpmath.inf, mean, mpmath.inf])
        checks.append(("normaliser", quad, mpmath.exp(psi_l(eta))))
    return psi_l, eta, checks


def log_partition_sides(inputs: dict):
    """(ψ_λ''(η), λ²ψ''(θ)) with η = θ ('same') or η(θ) ('rescaled'), from {family, partner, lambda,
    theta, at}; 30 digits."""
    with mpmath.workdps(DPS):
        lam, theta = mp(frac(inputs["lambda"])), mp(frac(inputs["theta"]))
        psi_l, eta, _ = _family(inputs["family"], inputs["partner"], lam, theta)
        at = theta if inputs["at"] == "same" else eta
        lhs = mpmath.diff(psi_l, at, 2)
        rhs = lam ** 2 * mpmath.diff(lambda t: _psi(inputs["family"], t), theta, 2)
        return +lhs, +rhs


THETAS = ("1", "-2", "0", "1/2", "2")
LAMBDAS = ("1/2", "1/4", "3/4")


def _cases(family, partner):
    for lam in LAMBDAS:
        if family == "bernoulli" and partner == "independent" and lam != "1/2":
            continue
        for theta in THETAS:
            yield lam, theta


def _psi_check(partner: str, at: str, expected: str):
    def check(ctx):
        rows, first_bad, law_ok = [], None, True
        for family in FAMILIES:
            for lam, theta in _cases(family, partner):
                inp = {"family": family, "partner": partner, "lambda": lam, "theta": theta, "at": at}
                with mpmath.workdps(DPS):
                    _, _, checks = _family(family, partner, mp(frac(lam)), mp(frac(theta)),
                                           cross_check=(lam, theta) == (LAMBDAS[0], THETAS[0]))
                    law_ok &= all(abs(q - v) < mpmath.mpf(10) ** (-20) for _, q, v in checks)
                    lhs, rhs = log_partition_sides(inp)
                    bad = abs(lhs - rhs) > mpmath.mpf(10) ** (-15) * max(1, abs(rhs))
                    rows.append({**inp, "psi_lambda_second": float(lhs), "lambda2_psi_second": float(rhs),
                                 "ratio_to_psi_second": float(lhs / (rhs / mp(frac(lam)) ** 2)), "differs": bool(bad)})
                if bad and first_bad is None:
                    first_bad = (inp, lhs, rhs)
        record_grid(ctx, [(float(frac(r["lambda"])), float(frac(r["theta"]))) for r in rows],
                    domain="Bernoulli and Gaussian N(θ, 1); θ ∈ {1, -2, 0, ½, 2}; λ ∈ {½, ¼, ¾}",
                    worst_margin=1.0 if first_bad else -1.0, tolerance=0.0)
        if not law_ok:
            return inconclusive("the constructed exponential family does not reproduce the law of x̃",
                                reason="construction", settle="inspect mixcheck.paper._partner_checks_psi._family", cases=rows)
        ev = {"grid": rows, "law_reproduced": True, "partner_law": _LAW[partner], "evaluated_at": _AT[at]}
        if first_bad is None:
            return holds(f"{partner}, {_AT[at]}: ψ_λ'' = λ²ψ''(θ) in all {len(rows)} cases (30 digits)", **ev)
        inp, lhs, rhs = first_bad
        return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="==", exact_method="30-digit quadrature/sums and "
                       "numerical differentiation", **ev,
                       summary=f"{inp['family']}, {partner}, λ = {inp['lambda']}, θ = {inp['theta']}, {_AT[at]}: "
                               f"ψ_λ'' = {float(lhs):.6g} ≠ λ²ψ''(θ) = {float(rhs):.6g}")

    return check


_LAW = {"surrogate": "x̃ = λx + (1-λ)E[x] (the proof's surrogate; c = (1-λ)E[x] held fixed in the family)",
        "independent": "x̃ = λx + (1-λ)x', x' an independent copy (the derangement partner of an i.i.d. sample; the "
                       "permutation partner as n → ∞)"}
_AT = {"same": "at the same θ (η = θ)", "rescaled": "at the rescaled θ (η = η(θ), where the family is the law of x̃)"}
_EXPECTED = {("surrogate", "same"): "refuted", ("surrogate", "rescaled"): "holds",
             ("independent", "same"): "refuted", ("independent", "rescaled"): "refuted"}

for (_p, _at), _e in _EXPECTED.items():
    SPECS.append(PartnerClaim(
        f"thm4/log-partition-{_p}-{'same-theta' if _at == 'same' else 'rescaled-theta'}", REF_T4,
        "When mixup is applied, ∇∇ψ_λ(θ) = λ²(∇∇ψ(θ)), ψ_λ the log-partition function of eq. (34)",
        "ψ_λ = the log-partition function of the law of x̃ written as an exponential family in x̃ with a θ-free base "
        "measure (built from the law and checked to reproduce it); " + _LAW[_p] + "; evaluated " + _AT[_at] +
        "; Bernoulli (natural parameter θ, ψ = log(1 + e^θ)) and Gaussian N(θ, 1); 30-digit numerics",
        "symbolic", _e, _psi_check(_p, _at, _e), log_partition_sides))
