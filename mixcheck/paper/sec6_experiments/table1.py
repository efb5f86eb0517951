"""``table1`` — Table 1: the train-test loss gap grows with α on CIFAR-10, CIFAR-100, STL-10 and SVHN (ResNet-18).

Every claim registered here has an id ``table1/…``.
"""

from __future__ import annotations

import math

from mixcheck.engine.outcomes import holds, inconclusive, refuted
from mixcheck.engine.search import record_exhaustive
from mixcheck.engine.registry import Outcome, claim, jsonable
from mixcheck.paper.sec6_experiments._common import CPU_STORE, _CPU, _expected, _gap_check


REF_T1 = "Section 6, Table 1"


# --------------------------------------------------------------------------- the paper's own numbers

def _recompute_printed(inp):
    from mixcheck.experiments.paper_values import TABLE1

    row = TABLE1[inp["dataset"]]
    a1, a2 = inp["alphas"]
    return row[float(a1)], row[float(a2)]


@claim("table1/printed-monotone", paper_ref=REF_T1,
       statement="the train-test loss gap grows with α (Table 1)",
       reading="the paper's own printed Table 1 numbers: the gap is non-decreasing from each α to the next, for "
               "every dataset", method="experiment", expected="refuted", recompute=_recompute_printed)
def printed_monotone(ctx):
    from mixcheck.experiments.paper_values import TABLE1, TABLE1_ALPHAS

    drops = [(ds, a1, a2) for ds, row in TABLE1.items() for a1, a2 in zip(TABLE1_ALPHAS, TABLE1_ALPHAS[1:])
             if row[a2] < row[a1]]
    ds, a1, a2 = drops[0]
    inp = {"dataset": ds, "alphas": [a1, a2]}
    lhs, rhs = _recompute_printed(inp)
    from fractions import Fraction

    return refuted(inputs=inp, lhs=Fraction(str(lhs)), rhs=Fraction(str(rhs)), relation="<=",
                   summary="the printed gaps fall " + ", ".join(f"{d}: α {x}→{y} ({TABLE1[d][x]} → {TABLE1[d][y]})"
                                                                for d, x, y in drops) + " — not monotone as printed",
                   drops=[list(d) for d in drops])


PRINTED_TREND_LEVEL = 0.05  # family-wise, Bonferroni over the printed rows


def printed_rank_trend(alphas, values) -> dict:
    """Spearman ρ(α, gap) of one printed row and its exact one-sided permutation p-values: ρ against
    every ordering of the values (n! orderings, average ranks for ties; the permutation test of
    scipy.stats.permutation_test with 'pairings', enumerated here in one array)."""
    import itertools

    import numpy as np
    from scipy.stats import rankdata

    a = rankdata(np.asarray(alphas, dtype=float))
    v = rankdata(np.asarray(values, dtype=float))
    a, v = a - a.mean(), v - v.mean()
    norm = math.sqrt(float(a @ a) * float(v @ v))
    if norm == 0:
        return {"rho": None, "p_greater": 1.0, "p_less": 1.0, "orderings": math.factorial(len(v))}
    perms = np.array(list(itertools.permutations(range(len(v)))))
    rhos = (v[perms] @ a) / norm
    rho = float(v @ a) / norm
    tol = 1e-12  # orderings tying the observed ρ count as at least as extreme
    return {"rho": rho, "p_greater": float(np.mean(rhos >= rho - tol)), "p_less": float(np.mean(rhos <= rho + tol)),
            "orderings": len(perms)}


def printed_trend_outcome(ctx, table: dict, alphas) -> Outcome:
    """holds when every row's gap rises with α beyond chance orderings (exact permutation p below the
    Bonferroni level), refuted when some row falls significantly, else inconclusive."""
    level = PRINTED_TREND_LEVEL / len(table)
    rows = {ds: printed_rank_trend(alphas, [row[a] for a in alphas]) for ds, row in table.items()}
    record_exhaustive(ctx, sum(r["orderings"] for r in rows.values()),
                      domain="every ordering of every printed Table 1 row (exact permutation distribution of ρ)")
    ev = dict(spearman={d: r["rho"] for d, r in rows.items()}, rows=rows, examples=len(rows), level=1 - PRINTED_TREND_LEVEL,
              false_alarm=PRINTED_TREND_LEVEL, test="exact one-sided permutation test of Spearman ρ(α, gap) per printed "
              f"row (scipy.stats.permutation_test over all orderings), Bonferroni over {len(rows)} rows",
              note="the paper's numbers only (no seeds or errors printed); a reproduction is table1/cifar10-*")
    line = ", ".join(f"{d} ρ = {r['rho'] if r['rho'] is None else round(r['rho'], 2)} (p = {r['p_greater']:.4f})"
                     for d, r in rows.items())
    falling = [d for d, r in rows.items() if r["p_less"] < level]
    if falling:
        return Outcome("refuted", jsonable(ev), f"printed gaps fall with α beyond chance for {falling}: {line}")
    if all(r["p_greater"] < level for r in rows.values()):
        return holds(f"printed gaps rise with α beyond chance orderings in every row (p < {level:g} each): {line}", **ev)
    return inconclusive(f"not every printed row rises beyond chance at p < {level:g}: {line}",
                        reason="some row's exact permutation p-value is above the Bonferroni level",
                        settle="the per-seed numbers behind Table 1", **ev)


@claim("table1/printed-trend", paper_ref=REF_T1,
       statement="the train-test loss gap grows with α (Table 1)",
       reading="the paper's printed numbers (no seeds or errors are printed): per dataset, Spearman ρ between α and "
               "the gap, tested exactly against every ordering of the printed values (one-sided permutation test, "
               "5 % family-wise over the rows): holds when every row rises beyond chance, refuted when one falls",
       method="experiment", expected="holds")
def printed_trend(ctx):
    from mixcheck.experiments.paper_values import TABLE1, TABLE1_ALPHAS

    return printed_trend_outcome(ctx, TABLE1, TABLE1_ALPHAS)


# --------------------------------------------------------------------------- reproductions

_GAPS = {
    "gap_mixed": "test loss − mixed-batch train loss (the reference implementation's logged 'train loss')",
    "gap_clean": "test loss − clean train loss (eval mode, un-augmented training images)",
    "abs_gap_mixed": "|test loss − mixed-batch train loss|",
    "abs_gap_clean": "|test loss − clean train loss|",
}


_PAPER_MODEL = "ResNet-18 (the paper's protocol)"


def _register_gap(store: str, dataset: str, gap: str, model: str, cid_prefix: str) -> None:
    cid = f"table1/{cid_prefix}-{gap.replace('_', '-')}"
    claim(cid, paper_ref=REF_T1,
          statement=f"the generalization gap between train and test loss grows with α ({dataset.upper()}, ResNet-18)",
          reading=f"gap = {_GAPS[gap]}, at the last epoch, of {model}; store {store}/ of the results root; trend = "
                  "Spearman ρ(α, per-α mean over seeds) with a 95% bootstrap interval over seeds, α > 0",
          method="experiment", expected=_expected(cid, store))(_gap_check(store, dataset, gap))


for _gap in _GAPS:
    _register_gap("cifar10", "cifar10", _gap, _PAPER_MODEL, "cifar10")


for _ds in ("cifar100", "stl10", "svhn"):
    _register_gap(_ds, _ds, "gap_mixed", _PAPER_MODEL, _ds)


for _gap in _GAPS:
    _register_gap(CPU_STORE, "cifar10", _gap, _CPU, CPU_STORE)
