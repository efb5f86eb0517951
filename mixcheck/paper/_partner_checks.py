"""Every partner reading of eqs. (19), (20) and Theorem 2 (Section 4), as claim checks.

Each check is a function of the claim context ``ctx`` and returns an ``Outcome``; the claims are
declared in :data:`SPECS` (here and in :mod:`._partner_checks_constant` — Theorem 2's best constant —,
:mod:`._partner_checks_more` — Theorem 3, eq. (33), Theorem 4 with Beta λ — and :mod:`._partner_checks_psi`
— ψ_λ as a log-partition function) and registered by :func:`register_partner_claims` from the
statement's own module. The partner laws, the mixed-sample complexity R̂* (the expectation over the partner
draw for the random laws) and the variance factors are :mod:`mixcheck.partners`.

Relations (Λ = 1 in the searches; every side scales with Λ):

* ``eq19-first`` — R̂* ≤ (Λ/n)(Σ‖x̃_i‖²)^½, x̃_i = E[λx_i + (1-λ)x_partner] (first line of 19);
* ``eq19-end`` — R̂* ≤ (Λ/n)(λ²Σ‖x_i‖² + (1-λ)²Σ_i‖E[x_partner(i)]‖²)^½ (last line of 19);
* ``eq20`` — R̂ − R̂* ≤ (Λ(1-λ)/n)(Σ‖x_i‖² − Σ_i‖E[x_partner(i)]‖²)^½ (first line of 20);
* ``thm2`` — R̂ − R̂* ≤ (Λ(1-λ)/√n)·√s², s² = (1/n)Σ‖x_i − x̄‖² (eq. 17 with C = Λ(1-λ)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import mpmath
import numpy as np
from hypothesis import strategies as st

from mixcheck import partners as P
from mixcheck import strategies as mst
from mixcheck.engine.outcomes import holds, inconclusive, refuted, search_missed
from mixcheck.engine.search import record_grid, search
from mixcheck.engine.registry import claim as _claim
from mixcheck.engine.templates import hold_by_search
from mixcheck.profiles import search_sizes
from mixcheck.paper._kit import rows_of
from mixcheck.paper._relations import LargestRatio, confirmed, paired, rounding_sides, unit_scaled
from mixcheck.exact import as_fraction_rows, frac, linear_rademacher_exact, linear_rademacher_float, mp, total_variance

__all__ = ["PartnerClaim", "SPECS", "register_partner_claims", "sides_float", "sides_exact", "RELATIONS", "simplify"]

REF19 = "Section 4, proof of Theorem 2, eq. (19)"
REF20 = "Section 4, proof of Theorem 2, eq. (20)"
REF_T2 = "Section 4, Theorem 2, eq. (17)"
FALSE_ALARM = 1e-3
RELATIONS = ("eq19-first", "eq19-end", "eq20", "thm2")
READ_RHAT = ("R̂(X) = (Λ/n)E_σ‖Σσ_i x_i‖₂ (Definition 3 with eq. 16), every sign vector enumerated; fixed "
             "λ ∈ (0, 1); partner law: ")


@dataclass(frozen=True)
class PartnerClaim:
    """One claim of a partner reading, ready for the registry's ``claim`` decorator."""

    id: str
    paper_ref: str
    statement: str
    reading: str
    method: str
    expected: str
    check: Callable
    recompute: Callable | None = None


SPECS: list[PartnerClaim] = []


def register_partner_claims(inventory_id: str, wrap: Callable | None = None, claim=_claim) -> list[str]:
    """Register every claim of :data:`SPECS` (and of the sibling partner modules) whose id is
    ``inventory_id/…`` with ``claim`` (the registry's decorator); returns their ids. ``wrap(spec)``,
    where given, returns the check to register — the statement's module passes a one-line
    delegating function so that the registered check belongs to that module."""
    from . import _partner_checks_constant, _partner_checks_more, _partner_checks_psi  # noqa: F401 - fill SPECS

    ids = []
    for s in SPECS:
        if s.id.split("/", 1)[0] == inventory_id:
            claim(s.id, paper_ref=s.paper_ref, statement=s.statement, reading=s.reading, method=s.method,
                  expected=s.expected, recompute=s.recompute)(s.check if wrap is None else wrap(s))
            ids.append(s.id)
    return ids


# --------------------------------------------------------------------------- the two sides

def _sum_sq(X) -> float:
    return float(np.sum(np.asarray(X, dtype=float) ** 2))


def _rhat(X) -> float:
    return linear_rademacher_float(X)


def sides_float(relation: str, X, lam: float, partner: str, mixed: float | None = None) -> tuple[float, float]:
    """(lhs, rhs) of ``relation`` in float64 (Λ = 1); ``mixed`` replaces R̂* (e.g. a Monte-Carlo value)."""
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    rstar = P.mixed_rademacher(X, lam, partner) if mixed is None else mixed
    means = P.partner_means(X, partner)
    if relation == "eq19-first":
        return rstar, math.sqrt(_sum_sq(P.expected_mixed(X, lam, partner))) / n
    if relation == "eq19-end":
        return rstar, math.sqrt(lam ** 2 * _sum_sq(X) + (1 - lam) ** 2 * _sum_sq(means)) / n
    red = _rhat(X) - rstar
    if relation == "eq20":
        return red, (1 - lam) / n * math.sqrt(max(_sum_sq(X) - _sum_sq(means), 0.0))
    tv = float(np.sum((X - X.mean(0)) ** 2)) / n
    return red, (1 - lam) / math.sqrt(n) * math.sqrt(tv)


def _sq(rows) -> Fraction:
    return sum((v * v for r in rows for v in r), Fraction(0))


def sides_exact(relation: str, inputs: dict):
    """(lhs, rhs) of ``relation`` at 50 digits from JSON inputs {X, lambda, partner} alone."""
    rows, lam, partner = as_fraction_rows(inputs["X"]), frac(inputs["lambda"]), inputs["partner"]
    n = len(rows)
    with mpmath.workdps(50):
        rstar = P.mixed_rademacher_exact(rows, lam, partner)
        means = P.partner_means_exact(rows, partner)
        if relation == "eq19-first":
            return rstar, mpmath.sqrt(mp(_sq(P.expected_mixed_exact(rows, lam, partner)))) / n
        if relation == "eq19-end":
            return rstar, mpmath.sqrt(mp(lam ** 2 * _sq(rows) + (1 - lam) ** 2 * _sq(means))) / n
        red = linear_rademacher_exact(rows) - rstar
        if relation == "eq20":
            return red, mp(1 - lam) / n * mpmath.sqrt(mp(_sq(rows) - _sq(means)))
        return red, mp(1 - lam) / mpmath.sqrt(n) * mpmath.sqrt(mp(total_variance(rows)))


def _recompute(relation: str):
    def rec(inputs):
        return sides_exact(relation, inputs)
    return rec


# --------------------------------------------------------------------------- domains

def max_n(ctx, partner: str) -> int:
    """Largest n of a search: every sign vector is enumerated (2ⁿ); the random laws also every
    partner map (n! / derangements) with 50-digit re-checks, so n ≤ 6 there (Monte Carlo beyond)."""
    if partner in P.RANDOM_PARTNERS:
        return 6
    return search_sizes(ctx.profile, max_n=16)[0]


def max_d(ctx, cap: int | None = None) -> int:
    """Largest d of a search: the profile's search_d (ci 6, thorough 8), capped by ``cap``."""
    return search_sizes(ctx.profile, max_d=cap)[1]


def lams():
    """λ ∈ [10⁻⁶, 1 − 10⁻⁶], ½ first."""
    return st.one_of(st.just(0.5), st.floats(1e-6, 1 - 1e-6))


#: a refutation search stops at its first violation, so its budget costs only when it misses: with 60
#: examples the random-partner refutations missed on 1–3 seeds in 60 (the samples reach the largest
#: sizes half the time, where violations are rarer); 200 make a miss about 10⁻⁵ per seed
REFUTATION_EXAMPLES = 200


def sample_strategy(hi: int, max_d: int = 6):
    """Samples with 2 ≤ n ≤ hi, 1 ≤ d ≤ max_d: small integer entries in [-2, 2] (first, so that a
    violation shrinks to a small exact sample), free entries in [-10, 10], Gaussian rows N(0, I), or
    Gaussian rows around a common offset μ·1 (μ ∈ [-4, 4], σ ∈ [0.05, 1]: a large mean against the spread).
    Each kind takes n = hi and d = max_d about half of the time, so that a short search surely meets the largest sizes."""
    from hypothesis.extra import numpy as hnp

    n, d = (st.one_of(st.integers(lo, top), st.just(top)) for lo, top in ((2, hi), (1, max_d)))
    small = st.tuples(n, d).flatmap(lambda s: hnp.arrays(np.float64, s, elements=st.integers(-2, 2).map(float)))
    return st.one_of(small, mst.samples(min_n=2, max_n=hi, min_d=1, max_d=max_d, bound=10.0, reach_max=True),
                     mst.gaussian_samples(n=n, d=d),
                     mst.gaussian_samples(n=n, d=d, mu=st.floats(-4.0, 4.0), sigma=st.floats(0.05, 1.0)))


def _relative(lhs: float, rhs: float, scale: float = 0.0) -> float:
    """(lhs − rhs)/rhs, robust to rounding: a float error of 10⁻¹² × ``scale`` (the size of the
    quantities compared) is forgiven and the divisor is at least 10⁻⁹ × ``scale``, so a sample whose
    right side vanishes up to rounding (equal rows) counts only when the left side is really positive."""
    slack, floor = 1e-12 * scale, 1e-9 * scale
    if max(rhs, floor) > 0:
        return (lhs - rhs - slack) / max(rhs, floor)
    return 1.0 if lhs > 1e-12 else -1.0


def scale_of(X) -> float:
    """(1/n)(Σ‖x_i‖²)^½: an upper bound on every R̂ compared here (eq. 18)."""
    X = np.asarray(X, dtype=float)
    return math.sqrt(_sum_sq(X)) / X.shape[0]


def mc_top(ctx) -> int:
    """Largest n of the Monte-Carlo cells: 12 (13 under thorough)."""
    return 13 if ctx.profile.name == "thorough" else 12


def mc_cells(ctx, partner: str):
    """The Monte-Carlo cells beyond exact enumeration: n = 7 … :func:`mc_top`, a Gaussian sample
    (d = 6) at λ ∈ {½, 0.9} and the identity sample (d = n) at λ = 0.9. The samples come from
    generators fixed by (seed, n) alone, so every claim sees the same cells."""
    for n in range(P.MAX_ENUMERATED_N, mc_top(ctx) + 1):
        X = ctx.shared_rng(f"partner-mc-sample-{n}").standard_normal((n, 6))
        for name, Xc, lam in (("gaussian d=6", X, 0.5), ("gaussian d=6", X, 0.9), ("identity", np.eye(n), 0.9)):
            yield n, name, Xc, lam


_MC_CACHE: dict = {}


def mc_cell_estimate(ctx, partner: str, n: int, name: str, X, lam: float, level: float) -> dict:
    """E_π R̂(mixed sample) of one cell by Monte Carlo over ``ctx.mc(1000)`` partner draws (at most 4000),
    from a generator fixed by (seed, partner, cell): the same numbers for every claim that asks, in any
    order (kept, so claims sharing a cell compute it once)."""
    draws = min(ctx.mc(1000, minimum=50), 4000)
    key = (ctx.seed, partner, n, name, lam, draws, level)
    if key not in _MC_CACHE:
        rng = ctx.shared_rng(f"partner-mc-maps-{partner}-{n}-{name}-{lam}")
        _MC_CACHE[key] = P.mixed_rademacher_mc(X, lam, partner, draws, rng, level=level)
    return _MC_CACHE[key]


def mc_grid(ctx, relation: str, partner: str, *, ratio_bound: float | None = None) -> dict:
    """For a random partner law beyond enumeration: estimate R̂* by Monte Carlo over the partner
    draw in every cell of :func:`mc_cells` and test the relation (or ``ratio ≤ ratio_bound`` for
    the best constant) at a Bonferroni-split false alarm ``FALSE_ALARM``. Returns the evidence."""
    cells = list(mc_cells(ctx, partner))
    level = 1 - FALSE_ALARM / len(cells)
    rows, violations, worst = [], [], -math.inf
    for n, name, X, lam in cells:
        est = mc_cell_estimate(ctx, partner, n, name, X, lam, level)
        lhs, rhs = sides_float(relation, X, lam, partner, mixed=est["estimate"])
        # the lower confidence bound of the left side: R̂* itself (eq. 19) or R̂ − R̂* (eq. 20, Theorem 2)
        lhs_low = sides_float(relation, X, lam, partner, mixed=est["low" if relation.startswith("eq19") else "high"])[0]
        if ratio_bound is not None:
            rhs = ratio_bound * rhs
        worst = max(worst, _relative(lhs_low, rhs, scale_of(X)))
        rows.append({"n": n, "sample": name, "lambda": lam, "lhs": lhs, "lhs_lower": lhs_low, "rhs": rhs,
                     "half_width": est["half_width"], "draws": est["draws"]})
        if lhs_low > rhs * (1 + 1e-9):
            violations.append(rows[-1])
    record_grid(ctx, [(X, lam) for _, _, X, lam in cells], domain=f"Monte-Carlo cells n = 7…{cells[-1][0]}, "
                f"Gaussian d = 6 (λ ∈ {{½, 0.9}}) and identity (λ = 0.9) samples, {partner} partner",
                worst_margin=worst, tolerance=0.0)
    alts = sorted(2 * r["half_width"] / r["rhs"] for r in rows if r["rhs"] > 0)
    return {"cells": rows, "violations": violations, "test": "a cell fails when the lower confidence bound of its "
            "left side (R̂* by Monte Carlo over the partner draw, every σ enumerated) exceeds the right side",
            "level": 1 - FALSE_ALARM, "false_alarm": FALSE_ALARM, "per_cell_level": level,
            "power": 1 - FALSE_ALARM / (2 * len(cells)),
            "power_alternative": f"in a cell the left side exceeds the right side by twice that cell's interval "
                                 f"half-width ({alts[0]:.3g}…{alts[-1]:.3g} of the right side, median "
                                 f"{alts[len(alts) // 2]:.3g}): a one-sided miss then has probability ≤ the per-cell "
                                 "false alarm / 2",
            "interval": "Hoeffding ∩ empirical Bernstein"}


def simplify(X, lam, violates):
    """A simpler violating (X, λ) than the shrunk one where one exists: λ = ½ first, then rows and
    columns dropped while the violation stays, then entries rounded onto the integer grid scaled to
    max|x| ∈ {1, 2, 3, 4, 8}. ``violates(X, λ)`` decides (float, relative margin > 1e-6)."""
    X = np.asarray(X, dtype=float)
    if lam != 0.5 and violates(X, 0.5):
        lam = 0.5
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            for k in range(X.shape[axis]):
                Y = np.delete(X, k, axis=axis)
                if Y.shape[0] >= 2 and Y.shape[1] >= 1 and violates(Y, lam):
                    X, changed = Y, True
                    break
    top = float(np.abs(X).max())
    for k in (1, 2, 3, 4, 8):
        Y = np.round(X / top * k) if top > 0 else X
        if violates(Y, lam):
            return Y, lam
    return X, lam


# --------------------------------------------------------------------------- generic relation claim

#: known inputs tried first: the relation's sides there are within a factor 0.7 of each other (planted: 0.5)
KNOWN = {"eq19-first": ((np.array([[1.0], [0.0]]), 0.5),),
         "eq20": ((np.array([[1.0], [-1.0]]), 0.5),), "thm2": ((np.array([[1.0], [-1.0]]), 0.5),)}


def _confirm_relation(relation: str, partner: str):
    def confirm(example, effort):
        X, lam = simplify(np.asarray(example[0], dtype=float), float(example[1]),
                          lambda Y, l: _relative(*sides_float(relation, Y, l, partner), scale_of(Y)) > 1e-6)
        inp = {"X": rows_of(X), "lambda": lam, "partner": partner}
        lhs, rhs = sides_exact(relation, inp)
        if lhs > rhs:
            return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation="<=", search=effort,
                           summary=f"{partner} partner, X = {inp['X']}, λ = {lam}: {float(lhs):.6g} > "
                                   f"{float(rhs):.6g}", partner_law=P.PARTNER_LAWS[partner])
        return inconclusive("a float violation did not survive the 50-digit recomputation",
                            reason="rounding", settle="a larger search", example=inp, search=effort)
    return confirm


def _relation_check(relation: str, partner: str, expected: str):
    def check(ctx):
        hi, hi_d = max_n(ctx, partner), max_d(ctx)
        strat, budget = st.tuples(sample_strategy(hi, hi_d), lams()), ctx.examples(60)
        confirm = _confirm_relation(relation, partner)
        if expected == "refuted":
            budget = ctx.examples(REFUTATION_EXAMPLES)
            def margin(ex):  # relative float margin; a violation is recomputed at 50 digits
                X, lam = ex
                return _relative(*sides_float(relation, X, lam, partner), scale_of(X))

            res = search(ctx, strat, margin, tol=1e-9, max_examples=budget)
            return confirm(res.violation, res.effort()) if res.found else search_missed(res)

        largest = LargestRatio()

        def holding(res):
            ev = {"examples": res.examples, "worst_margin": largest.value - 1, "max_ratio": largest.value,
                  "ranges": {"n": [2, hi], "d": [1, hi_d], "lambda": "(0, 1)"}, "partner_law": P.PARTNER_LAWS[partner],
                  "known_input": {"X": rows_of(KNOWN[relation][0][0]), "lambda": KNOWN[relation][0][1]}}
            if partner in P.RANDOM_PARTNERS:
                mc = mc_grid(ctx, relation, partner)
                ev["monte_carlo"] = mc
                if mc["violations"]:
                    return inconclusive("a Monte-Carlo cell beyond enumeration violates the relation",
                                        reason="statistical violation", settle="recompute the cell exactly", **ev)
            return holds(f"{partner} partner: no violation in {res.examples} exact samples (n ≤ {hi}, d ≤ {hi_d})"
                         + (", nor in the Monte-Carlo cells n = 7…" + str(ev["monte_carlo"]["cells"][-1]["n"])
                            if "monte_carlo" in ev else "") + f"; largest lhs/rhs = {largest.value:.4f}", **ev)

        def noted(ex):  # the float sides at max|x| = 1 (homogeneous), noting lhs/rhs where rhs is above rounding
            X = unit_scaled(ex[0])
            lhs, rhs = largest.note(*sides_float(relation, X, ex[1], partner), 1e-9 * scale_of(X))
            return rounding_sides(lhs, rhs, scale_of(X))

        sides = paired(noted)
        out = hold_by_search(ctx, strat, holding=holding, sides=sides, tol=1e-9, known=KNOWN[relation],
                             max_examples=budget, what="a float violation")
        return confirmed(out, confirm)

    return check


# --------------------------------------------------------------------------- the claims

_STATEMENTS = {
    "eq19-first": (REF19, "R̂*_B(H) ≤ (Λ/n)(Σ_i‖x̃_i‖₂²)^½, x̃_i = E_{x_j}[λx_i + (1-λ)x_j] (the first line of (19))",
                   "first-line"),
    "eq19-end": (REF19, "R̂*_B(H) ≤ (Λ/n)(λ²Σ_i‖x_i‖₂² + (1-λ)²Σ_i‖E_{x_j}[x_j]‖₂²)^½ (the last line of (19))",
                 "chain-end"),
    "eq20": (REF20, "R̂_B(H) − R̂*_B(H) ≤ (Λ|1-λ|/n)(Σ_i‖x_i‖₂² − Σ_i‖E_{x_j}[x_j]‖₂²)^½ (the first line of (20))",
             None),
    "thm2": (REF_T2, "R̂_B(H_ℓ) − R̂*_B(H_ℓ) ≤ (C_λ^Λ/√n)·√(s²‖x‖₂)", None),
}

EXPECTED = {
    ("eq19-first", "sample"): "holds", ("eq19-first", "others"): "holds",
    ("eq19-first", "permutation"): "refuted", ("eq19-first", "derangement"): "refuted",
    ("eq19-end", "sample"): "refuted", ("eq19-end", "others"): "refuted",
    ("eq19-end", "permutation"): "refuted", ("eq19-end", "derangement"): "refuted",
    ("eq20", "sample"): "holds", ("eq20", "others"): "refuted",
    ("eq20", "permutation"): "holds", ("eq20", "derangement"): "refuted",
    ("thm2", "sample"): "holds", ("thm2", "others"): "refuted",
    ("thm2", "permutation"): "holds", ("thm2", "derangement"): "refuted",
}

_EXTRA = {
    "eq19-first": "; x̃_i is the expected partner E[λx_i + (1-λ)x_partner] (x̄ or m_i = (Σ_{j≠i}x_j)/(n-1))",
    "eq19-end": "; E_{x_j}[x_j] is the partner's mean for x_i (x̄, or m_i for the j ≠ i and derangement laws)",
    "eq20": "; E_{x_j}[x_j] the partner's mean for x_i; the left side the complexities themselves",
    "thm2": "; s² = (1/n)Σ‖x_i − x̄‖₂² (the total variance eq. 20 produces); C = Λ(1-λ) as the proof gives",
}


def _reading(relation: str, partner: str) -> str:
    mc = ("; exact (every partner map enumerated, 50-digit re-check) for n ≤ 6, Monte Carlo over the partner draw "
          "(every σ enumerated) for n = 7…12 (13 under thorough)" if partner in P.RANDOM_PARTNERS else
          "; exact for n ≤ 12 (16 under thorough), 50-digit re-check of any violation")
    return READ_RHAT + P.PARTNER_LAWS[partner] + _EXTRA[relation] + mc + "; d up to the profile's search_d (ci 6, thorough 8)"


for _rel, (_ref, _stmt, _suffix) in _STATEMENTS.items():
    for _p in P.PARTNERS:
        _name = {"eq19-first": "eq19", "eq19-end": "eq19"}.get(_rel, _rel)
        _id = f"{_name}/partner-{_p}" + (f"-{_suffix}" if _suffix else "")
        SPECS.append(PartnerClaim(_id, _ref, _stmt, _reading(_rel, _p), "property-search", EXPECTED[(_rel, _p)],
                                  _relation_check(_rel, _p, EXPECTED[(_rel, _p)]), _recompute(_rel)))
