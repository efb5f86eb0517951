"""Helpers that several statements of Section 6 share (fig3, table1).
"""

from __future__ import annotations

import math
from pathlib import Path

from mixcheck.engine.outcomes import inconclusive, not_run
from mixcheck.engine.registry import Outcome, jsonable
from mixcheck.results import results_root


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
        from mixcheck.experiments.sweep_report import has_results
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
        from mixcheck.experiments.paper_values import TABLE1
    except ImportError:
        return None
    return {str(a): v for a, v in TABLE1.get(dataset, {}).items()}


def _error_rates(t: dict, sign: int, alternative: dict, seed: int) -> dict:
    """Simulated false-alarm rate (no trend) and power (the named alternative), at the observed
    seed-to-seed sd and seed count, for the verdict in direction ``sign``."""
    from mixcheck.experiments.sweep_report import trend_error_rates

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
    """The verdict from :func:`mixcheck.experiments.sweep_report.trend_decision`'s ``decision`` (+1 grows, −1
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
    from mixcheck.experiments import sweep_report as sr

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
    from mixcheck.experiments.paper_values import TABLE1

    row = TABLE1[dataset]
    return {"name": f"the paper's printed Table 1 {dataset} gaps as the per-α means", "means": dict(row)}


def _gap_check(store: str, dataset: str, gap: str):
    def check(ctx):
        if not _has(store):
            return _no_results(store, dataset)
        t, info = _trend(store, gap, ctx.seed)
        return _verdict_from_trend(t, +1, f"{store} {gap}", alternative=_paper_alternative(), seed=ctx.seed,
                                   paper_values=_paper_row(dataset), **info)

    return check


# The scaled-down CPU protocol: the same readings, labelled for what was run.
_CPU = f"the scaled-down cpu preset — {CPU_PROTOCOL} — not the paper's protocol"
