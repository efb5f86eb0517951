"""Read the α-sweep results and the paper's Table 1 through the ``experiments`` package.

The report never invents experiment numbers: where the package or the results are missing,
these functions return None and the report says so.
"""

from __future__ import annotations

import importlib
from pathlib import Path

__all__ = ["paper_table1", "our_table1", "recorded_sweeps", "results_root"]

def _optional(modname: str):
    try:
        return importlib.import_module(modname)
    except ModuleNotFoundError as exc:
        if exc.name in (modname, modname.rpartition(".")[0]):
            return None
        raise


def results_root() -> str | None:
    """The folder holding one α-sweep store per dataset (``experiments/results/<dataset>``): the
    one the Table 1 / Fig. 3 claims read (``mixcheck.claims.experiments.RESULTS_ROOT``), else the
    parent of ``experiments.sweep_report.DEFAULT_RESULTS_DIR``; None without either."""
    mod = _optional("mixcheck.claims.experiments")
    root = getattr(mod, "RESULTS_ROOT", None) if mod is not None else None
    if root is None:
        sr = _optional("experiments.sweep_report")
        default = getattr(sr, "DEFAULT_RESULTS_DIR", None) if sr is not None else None
        root = Path(default).parent if default else None
    return str(root) if root is not None else None


def recorded_sweeps(root) -> dict[str, dict]:
    """``{dataset: our_table1(root/dataset)}`` for every dataset folder under ``root`` that holds
    a finished run (sorted by name, CIFAR-10 first)."""
    if root is None or not Path(root).is_dir():
        return {}
    out = {}
    for d in sorted(Path(root).iterdir(), key=lambda p: (p.name != "cifar10", p.name)):
        if d.is_dir():
            t = our_table1(d)
            if t is not None:
                out[d.name] = t
    return out


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
