"""Table 1 and Fig. 3: experiment claims, with verdicts from recorded sweep results.

Results are read from the results root (:func:`mixcheck.results.results_root`: ``mixcheck report
--results DIR``, else ``$MIXCHECK_RESULTS``, else ``experiments/results`` of the working
directory's checkout), one sweep store per folder (written by ``mixcheck sweep``; read with
:mod:`experiments.sweep_report`):

* ``cifar10/`` — the paper's protocol with ResNet-18 (a GPU sweep); its claims are
  ``table1/cifar10-*`` and ``fig3/cifar10-*``;
* ``cifar10-jpeg-cpu/`` — the scaled-down ``cpu`` preset on the JPEG copy of CIFAR-10
  (:data:`CPU_PROTOCOL`); its claims are ``table1/cifar10-jpeg-cpu-*`` and ``fig3/cifar10-jpeg-cpu-*``.

Without results a claim is ``not-run`` with the reason. The trend statistic is Spearman's ρ between
α and the per-α mean over seeds, with a percentile bootstrap interval over seeds
(:func:`experiments.sweep_report.trend`): ``holds`` when the interval lies above 0 (below 0 for
accuracy decreasing in α), ``refuted`` when it lies on the other side, else ``inconclusive``.
Diverged runs are never data points. Each verdict carries the test's simulated false-alarm rate
(no trend, the observed seed-to-seed sd) and its power against a named alternative.

The verdict a recorded store establishes is pinned in :data:`EXPECTED_WITH_RESULTS` (claim id →
(the store's config hash, verdict)), so that the test suite checks it; for a store with another
config hash (a user's own sweep) a claim expects ``inconclusive``.
"""

from __future__ import annotations

import math
from pathlib import Path

from ..results import results_root
from ._evidence import holds, inconclusive, not_run, refuted
from ._search import record_exhaustive
from .registry import Outcome, claim, jsonable

REF_T1 = "Section 6, Table 1"
REF_F3 = "Section 6, Fig. 3"
LEVEL = 0.95
#: Simulations behind each verdict's false-alarm rate and power (each: n_sim sweeps, n_boot resamples).
N_SIM, N_BOOT_SIM = 100, 300

#: What the ``cpu`` preset runs (experiments/train.py ``PRESETS["cpu"]``; a test keeps the two equal).
CPU_PROTOCOL = ("PreAct ResNet-18 at width 8 (176,066 parameters; ResNet-18 is width 64), a fixed class-balanced "
                "subset of 10,000 training images of the JPEG (quality 75) copy of CIFAR-10, the full 10,000-image "
                "test set, 10 epochs, batch 128, one-cycle lr 0.1, SGD momentum 0.9, weight decay 1e-4, fp32 on a "
                "2-core CPU, one λ ~ Beta(α, α) per batch, permutation partners; 3 seeds per α")
CPU_STORE = "cifar10-jpeg-cpu"

#: Verdicts established by recorded results: claim id → (config hash of the store, verdict).
EXPECTED_WITH_RESULTS: dict[str, tuple[str, str]] = {
    # experiments/results/cifar10-jpeg-cpu: the cpu preset, α ∈ {0, …, 4} × seeds 0-2 (24 runs, none diverged).
    # Every gap reading falls with α except |test − mixed train|, which grows because the mixed-batch
    # train loss rises above the test loss; test accuracy falls with α (Fig. 3's reading holds).
    "table1/cifar10-jpeg-cpu-gap-mixed": ("a9a468cb11f33988", "refuted"),
    "table1/cifar10-jpeg-cpu-gap-clean": ("a9a468cb11f33988", "refuted"),
    "table1/cifar10-jpeg-cpu-abs-gap-mixed": ("a9a468cb11f33988", "holds"),
    "table1/cifar10-jpeg-cpu-abs-gap-clean": ("a9a468cb11f33988", "refuted"),
    "fig3/cifar10-jpeg-cpu-test-accuracy": ("a9a468cb11f33988", "holds"),
    "fig3/cifar10-jpeg-cpu-gap-small-alpha": ("a9a468cb11f33988", "refuted"),
}

_OFFLINE = {
    "cifar100": "CIFAR-100 is not available offline here (../shared/datasets holds CIFAR-10 only)",
    "stl10": "STL-10 is not available offline here (../shared/datasets holds CIFAR-10 only)",
    "svhn": "SVHN is not available offline here (../shared/datasets holds CIFAR-10 only)",
}


def _results_dir(store: str) -> Path | None:
    root = results_root()
    return None if root is None else root / store


def _shown(path) -> str:
    """A path as shown in evidence: relative to the working directory when inside it (so that the
    evidence does not depend on where the checkout lies)."""
    if path is None:
        return "None"
    import os

    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def _has(store: str) -> bool:
    d = _results_dir(store)
    if d is None:
        return False
    try:
        from experiments.sweep_report import has_results
    except ImportError:
        return False
    return has_results(d)


def _config_hash(store: str) -> str | None:
    import json

    try:
        return json.loads((_results_dir(store) / "sweep.json").read_text()).get("config_hash")
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def _expected(cid: str, store: str) -> str:
    if not _has(store):
        return "not-run"
    pin = EXPECTED_WITH_RESULTS.get(cid)
    return pin[1] if pin is not None and pin[0] == _config_hash(store) else "inconclusive"


def _no_results(store: str, dataset: str) -> Outcome:
    where = _results_dir(store)
    if dataset in _OFFLINE:
        reason = _OFFLINE[dataset]
    elif where is None:
        reason = "no results folder: pass `mixcheck report --results DIR`, set $MIXCHECK_RESULTS, or run from a checkout"
    else:
        reason = (f"no finished run recorded in {_shown(where)} (record one with `mixcheck sweep --out {_shown(where)}`; the "
                  "paper-protocol ResNet-18 sweep needs a GPU)")
    return not_run(f"no results for {store}: {reason}", reason=reason, results_dir=_shown(where),
                   paper_values=_paper_row(dataset))


def _paper_row(dataset):
    try:
        from experiments.paper_values import TABLE1
    except ImportError:
        return None
    return {str(a): v for a, v in TABLE1.get(dataset, {}).items()}


def _error_rates(t: dict, sign: int, alternative: dict, seed: int) -> dict:
    """Simulated false-alarm rate (no trend) and power (the named alternative), at the observed
    seed-to-seed sd and seed count, for the verdict in direction ``sign``."""
    from experiments.sweep_report import trend_error_rates

    sd, n = t.get("pooled_sd"), t.get("n_seeds", 0)
    if not sd or n < 2:
        return {"false_alarm": None, "power": None, "why": "fewer than two seeds per α: no interval, no rates"}
    alphas = t["alphas"]
    flat = {a: 0.0 for a in alphas}
    alt = {a: alternative["means"][a] for a in alphas}  # expressed in the direction the claim predicts
    fa = trend_error_rates(flat, sd, n, level=t["level"], n_sim=N_SIM, n_boot=N_BOOT_SIM, seed=seed)
    pw = trend_error_rates(alt, sd, n, level=t["level"], n_sim=N_SIM, n_boot=N_BOOT_SIM, seed=seed + 1)
    return {"false_alarm": fa["rate"], "false_alarm_ci": fa["ci"], "false_alarm_null": "equal means at every α",
            "power": pw["rate"], "power_ci": pw["ci"], "power_alternative": alternative["name"],
            "simulation": {"n_sim": N_SIM, "n_boot": N_BOOT_SIM, "sd": sd, "n_seeds": n,
                           "normal seed-to-seed noise at the observed pooled sd": True}}


def _verdict_from_trend(t: dict, sign: int, what: str, *, alternative: dict, seed: int, decision: int = 0,
                        permutation: dict | None = None, **extra) -> Outcome:
    """The verdict from :func:`experiments.sweep_report.trend_decision`'s ``decision`` (+1 grows, −1
    falls, 0 neither) for a claim that predicts direction ``sign``."""
    ev = dict(estimate=t.get("rho"), ci=[t.get("ci_low"), t.get("ci_high")], level=t.get("level", LEVEL),
              test="Spearman ρ(α, per-α mean over seeds) with a percentile bootstrap interval over seeds "
                   "(scipy.stats.bootstrap), and a one-sided permutation test of Spearman ρ(α, run value) "
                   "(scipy.stats.permutation_test); a direction is declared only when both agree",
              false_alarm_bound=(1 - LEVEL) / 2, permutation=permutation, trend=t, **extra)
    ev.update(_error_rates(t, sign, alternative, seed) if t.get("rho") is not None else {})
    lo, hi = t.get("ci_low"), t.get("ci_high")
    if t.get("rho") is None or lo is None:
        return inconclusive(f"{what}: trend undefined", reason="fewer than two α, a constant mean, or fewer than two "
                            "seeds per α (no interval)", settle="more α values / seeds", **ev)
    p = (permutation or {}).get("p_greater" if sign > 0 else "p_less")
    rates = (f"; permutation p for the claimed direction = {p:.4f}; simulated false alarm {ev['false_alarm']:.2f}, power {ev['power']:.2f} "
             f"against {alternative['name']}" if ev.get("power") is not None and p is not None else "")
    if decision == sign:
        return Outcome("holds", jsonable(ev), f"{what}: ρ = {t['rho']:.2f}, {LEVEL:.0%} interval [{lo:.2f}, {hi:.2f}]"
                                             + rates)
    if decision == -sign:
        q = (permutation or {}).get("p_less" if sign > 0 else "p_greater")
        return Outcome("refuted", jsonable(ev), f"{what}: ρ = {t['rho']:.2f}, interval [{lo:.2f}, {hi:.2f}], "
                                                f"permutation p = {q:.4f} for the opposite trend" + rates)
    return inconclusive(f"{what}: ρ = {t['rho']:.2f}, interval [{lo:.2f}, {hi:.2f}]; no direction established by "
                        "both tests" + rates, reason="the bootstrap interval contains 0 or the permutation test "
                        "does not reject 'no effect of α'", settle="more seeds per α", **ev)


def _with_pooled_sd(t: dict, values_by_alpha: dict) -> dict:
    import numpy as np

    dev = [v - np.mean(vs) for vs in values_by_alpha.values() if len(vs) > 1 for v in vs]
    dof = sum(len(vs) - 1 for vs in values_by_alpha.values() if len(vs) > 1)
    t["pooled_sd"] = float(math.sqrt(sum(d * d for d in dev) / dof)) if dof else None
    return t


def _trend(store: str, metric: str, seed: int) -> tuple[dict, dict]:
    """(the trend of ``metric`` over α > 0, the store's context: caveats, diverged runs, ERM accuracy)."""
    from experiments import sweep_report as sr

    d = _results_dir(store)
    finals = [r for r in sr.final_records(d) if r["alpha"] > 0]
    vals = sr._values_by_alpha(finals, metric)
    decision, t, perm = sr.trend_decision(vals, level=LEVEL, n_resamples=4999, seed=seed)
    t = _with_pooled_sd(t, vals)
    cfg, records = sr.load_results(d)
    diverged = sr.diverged_records(d)
    erm = [r["test_acc"] for r in sr.final_records(d) if r["alpha"] == 0 and r.get("test_acc") is not None]
    ctx = {"decision": decision, "permutation": perm,
           "caveats": sr.caveats(cfg, records, diverged=len(diverged)), "results_dir": _shown(d),
           "config_hash": (cfg or {}).get("config_hash"), "finished_runs": len(sr.final_records(d)),
           "diverged_runs": [r["run_id"] for r in diverged],
           "erm_test_acc_mean": (sum(erm) / len(erm)) if erm else None}
    return t, ctx


def _paper_alternative(dataset: str = "cifar10") -> dict:
    from experiments.paper_values import TABLE1

    row = TABLE1[dataset]
    return {"name": f"the paper's printed Table 1 {dataset} gaps as the per-α means", "means": dict(row)}


def _accuracy_alternative(alphas) -> dict:
    k = len(alphas)
    return {"name": "test accuracy falling linearly in the rank of α by 2 points from the smallest to the largest α",
            "means": {a: 0.02 * i / max(1, k - 1) for i, a in enumerate(sorted(alphas))}}  # the fall, > 0


# --------------------------------------------------------------------------- the paper's own numbers

def _recompute_printed(inp):
    from experiments.paper_values import TABLE1

    row = TABLE1[inp["dataset"]]
    a1, a2 = inp["alphas"]
    return row[float(a1)], row[float(a2)]


@claim("table1/printed-monotone", paper_ref=REF_T1,
       statement="the train-test loss gap grows with α (Table 1)",
       reading="the paper's own printed Table 1 numbers: the gap is non-decreasing from each α to the next, for "
               "every dataset", method="experiment", expected="refuted", recompute=_recompute_printed)
def printed_monotone(ctx):
    from experiments.paper_values import TABLE1, TABLE1_ALPHAS

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


@claim("table1/printed-trend", paper_ref=REF_T1,
       statement="the train-test loss gap grows with α (Table 1)",
       reading="the paper's printed numbers: Spearman ρ between α and the gap is positive for every dataset "
               "(no seeds or errors are printed, so no interval)", method="experiment", expected="holds")
def printed_trend(ctx):
    from scipy.stats import spearmanr

    from experiments.paper_values import TABLE1, TABLE1_ALPHAS

    rhos = {ds: float(spearmanr(TABLE1_ALPHAS, [row[a] for a in TABLE1_ALPHAS]).statistic) for ds, row in TABLE1.items()}
    record_exhaustive(ctx, len(rhos), domain="every dataset row printed in Table 1 (all its α columns)")
    if all(r > 0 for r in rhos.values()):
        return holds("printed gaps rank-correlate with α: " + ", ".join(f"{d} ρ = {r:.2f}" for d, r in rhos.items()),
                     spearman=rhos, examples=len(rhos), note="the paper's numbers only; a reproduction is table1/cifar10-*")
    against = {d: r for d, r in rhos.items() if not r > 0}
    return Outcome("refuted", jsonable({"spearman": rhos, "not_increasing": against, "examples": len(rhos)}),
                   "printed gaps do not rank-correlate positively with α for " +
                   ", ".join(f"{d} (ρ = {r:.2f})" for d, r in against.items()))


# --------------------------------------------------------------------------- reproductions

_GAPS = {
    "gap_mixed": "test loss − mixed-batch train loss (the reference implementation's logged 'train loss')",
    "gap_clean": "test loss − clean train loss (eval mode, un-augmented training images)",
    "abs_gap_mixed": "|test loss − mixed-batch train loss|",
    "abs_gap_clean": "|test loss − clean train loss|",
}
_PAPER_MODEL = "ResNet-18 (the paper's protocol)"


def _gap_check(store: str, dataset: str, gap: str):
    def check(ctx):
        if not _has(store):
            return _no_results(store, dataset)
        t, info = _trend(store, gap, ctx.seed)
        return _verdict_from_trend(t, +1, f"{store} {gap}", alternative=_paper_alternative(), seed=ctx.seed,
                                   paper_values=_paper_row(dataset), **info)

    return check


def _acc_check(store: str):
    def check(ctx):
        if not _has(store):
            return _no_results(store, "cifar10")
        t, info = _trend(store, "test_acc", ctx.seed)
        return _verdict_from_trend(t, -1, f"{store} test accuracy", alternative=_accuracy_alternative(t["alphas"]),
                                   seed=ctx.seed, **info)

    return check


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

claim("fig3/cifar10-test-accuracy", paper_ref=REF_F3,
      statement="on CIFAR-10, the generalization performance is higher when α is small",
      reading="final test accuracy of ResNet-18 with mixup (the paper's protocol) decreases with α: Spearman ρ(α, mean "
              "accuracy) < 0 with its 95% bootstrap interval below 0; store cifar10/ of the results root",
      method="experiment", expected=_expected("fig3/cifar10-test-accuracy", "cifar10"))(_acc_check("cifar10"))

claim("fig3/cifar10-gap-small-alpha", paper_ref=REF_F3,
      statement="when the value of parameter α is small, the difference between train loss and test loss is small",
      reading="Fig. 3 right: the mixed-batch gap (what the reference logs) grows with α — as table1/cifar10-gap-mixed",
      method="experiment", expected=_expected("fig3/cifar10-gap-small-alpha", "cifar10"))(
    _gap_check("cifar10", "cifar10", "gap_mixed"))

# The scaled-down CPU protocol: the same readings, labelled for what was run.
_CPU = f"the scaled-down cpu preset — {CPU_PROTOCOL} — not the paper's protocol"
for _gap in _GAPS:
    _register_gap(CPU_STORE, "cifar10", _gap, _CPU, CPU_STORE)

claim(f"fig3/{CPU_STORE}-test-accuracy", paper_ref=REF_F3,
      statement="on CIFAR-10, the generalization performance is higher when α is small",
      reading=f"final test accuracy decreases with α (α > 0): Spearman ρ(α, mean accuracy) with its 95% bootstrap "
              f"interval below 0, for {_CPU}; store {CPU_STORE}/ of the results root",
      method="experiment", expected=_expected(f"fig3/{CPU_STORE}-test-accuracy", CPU_STORE))(_acc_check(CPU_STORE))

claim(f"fig3/{CPU_STORE}-gap-small-alpha", paper_ref=REF_F3,
      statement="when the value of parameter α is small, the difference between train loss and test loss is small",
      reading=f"Fig. 3 right: the mixed-batch gap grows with α — as table1/{CPU_STORE}-gap-mixed, for {_CPU}",
      method="experiment", expected=_expected(f"fig3/{CPU_STORE}-gap-small-alpha", CPU_STORE))(
    _gap_check(CPU_STORE, "cifar10", "gap_mixed"))
