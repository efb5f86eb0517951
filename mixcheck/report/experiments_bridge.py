"""Read the α-sweep results and the paper's Table 1 through the ``experiments`` package.

The report never invents experiment numbers: where the package or the results are missing,
these functions return None and the report says so.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

__all__ = ["paper_table1", "our_table1", "default_results_dir", "RESULTS_ENV"]

#: Environment variable naming the recorded α-sweep results folder (a ``mixcheck sweep --out``).
RESULTS_ENV = "MIXCHECK_RESULTS"


def _optional(modname: str):
    try:
        return importlib.import_module(modname)
    except ModuleNotFoundError as exc:
        if exc.name in (modname, modname.rpartition(".")[0]):
            return None
        raise


def default_results_dir() -> str | None:
    """Where the α-sweep results are looked for: ``$MIXCHECK_RESULTS``, else the experiments
    package's ``DEFAULT_RESULTS_DIR`` (``experiments/results/cifar10``, where the README's sweep
    commands write; Fig. 3 is CIFAR-10), else None."""
    env = os.environ.get(RESULTS_ENV)
    if env:
        return env
    for modname in ("experiments.sweep_report", "experiments"):
        mod = _optional(modname)
        default = getattr(mod, "DEFAULT_RESULTS_DIR", None) if mod is not None else None
        if default:
            return str(default)
    return None


def paper_table1() -> dict | None:
    """The paper's Table 1: ``{"alphas": [...], "datasets": [...], "gaps": {dataset: [...]}}``."""
    mod = _optional("experiments.paper_values")
    if mod is None or not hasattr(mod, "TABLE1"):
        return None
    alphas = [float(a) for a in mod.TABLE1_ALPHAS]
    return {
        "alphas": alphas,
        "datasets": list(mod.TABLE1),
        "gaps": {ds: [float(row[a]) for a in alphas] for ds, row in mod.TABLE1.items()},
        "setting": dict(getattr(mod, "PAPER_SETTING", {})),
    }


def our_table1(results_dir) -> dict | None:
    """Our recorded sweep in the Table 1 shape, or None when no finished run is recorded.

    ``{"dataset", "paper_row", "readings": {name: definition}, "gaps": {reading: {"alphas",
    "mean", "sd", "n"}}, "accuracy": {"alphas", "mean", "sd", "n"}, "trends": {reading:
    {"rho", "ci_low", "ci_high", "level", "n_seeds"}}, "accuracy_trend": {...}, "runs"}``.
    """
    if results_dir is None or not Path(results_dir).is_dir():
        return None
    sr = _optional("experiments.sweep_report")
    store = _optional("experiments.store")
    if sr is None or store is None or not sr.has_results(results_dir):
        return None
    cfg, _ = sr.load_results(results_dir)
    finals = sr.final_records(results_dir)
    summary = sr.summarise(finals)

    def series(metric: str) -> dict:
        rows = summary.get(metric, {})
        alphas = sorted(rows)
        return {"alphas": alphas, "mean": [rows[a]["mean"] for a in alphas],
                "sd": [rows[a]["sd"] for a in alphas], "n": [rows[a]["n"] for a in alphas]}

    readings = dict(store.GAP_READINGS)
    trends = sr.trend_statistics(results_dir)
    acc_trend = sr.accuracy_trend(results_dir)
    proto = (cfg or {}).get("protocol", {})
    return {
        "dataset": proto.get("dataset"),
        "paper_row": sr.paper_dataset(cfg),
        "protocol": {k: proto.get(k) for k in ("dataset", "preset", "epochs", "alphas", "seeds") if k in proto},
        "readings": readings,
        "gaps": {name: series(name) for name in readings},
        "accuracy": series("test_acc"),
        "trends": {name: {k: t.get(k) for k in ("rho", "ci_low", "ci_high", "level", "n_seeds")} for name, t in trends.items()},
        "accuracy_trend": {k: acc_trend.get(k) for k in ("rho", "ci_low", "ci_high", "level", "n_seeds")},
        "runs": len(finals),
    }
