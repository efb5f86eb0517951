"""Read the α-sweep results and the paper's Table 1 through the ``experiments`` package.

The report never invents experiment numbers: where the package or the results are missing,
these functions return None and the report says so.
"""

from __future__ import annotations

from pathlib import Path

from mixcheck.results import results_root as _root

__all__ = ["paper_table1", "our_table1", "recorded_sweeps", "results_root"]

_EXPERIMENT_MODULES = ("mixcheck.experiments", "mixcheck.experiments.paper_values", "mixcheck.experiments.sweep_report",
                       "mixcheck.experiments.store")


def _experiments():
    """The ``experiments`` modules the report reads (paper_values, sweep_report, store), or None
    where that package is not installed."""
    try:
        from mixcheck.experiments import paper_values, store, sweep_report
    except ModuleNotFoundError as exc:
        if exc.name in _EXPERIMENT_MODULES:
            return None
        raise
    return paper_values, sweep_report, store


def results_root() -> str | None:
    """The folder holding one α-sweep store per folder (``<root>/<name>/sweep.json``): the one the
    Table 1 / Fig. 3 claims read (:func:`mixcheck.results.results_root`: ``--results``, else
    ``$MIXCHECK_RESULTS``, else ``experiments/results`` of the working directory's checkout);
    None where there is none."""
    root = _root()
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
    mods = _experiments()
    mod = mods[0] if mods else None
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
    {"rho", "ci_low", "ci_high", "level", "n_seeds"}}, "accuracy_trend": {...}, "runs", "store",
    "caveats": [sentences a reader must see beside these numbers], "diverged", "skipped_records"}``.
    """
    if results_dir is None or not Path(results_dir).is_dir():
        return None
    mods = _experiments()
    if mods is None:
        return None
    _, sr, store = mods
    if not sr.has_results(results_dir):
        return None
    problems: list[str] = []
    cfg, records = sr.load_results(results_dir, problems)
    finals = sr.final_records(results_dir)
    diverged = sr.diverged_records(results_dir)
    summary = sr.summarise(finals, diverged=diverged)

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
        "store": Path(results_dir).name,
        "protocol": {k: proto.get(k) for k in ("dataset", "preset", "arch", "width", "epochs", "batch_size", "lr",
                                               "train_subset", "n_train", "n_test") if k in proto},
        "caveats": sr.caveats(cfg, records, diverged=len(diverged)),
        "diverged": [{"run_id": r["run_id"], "epoch": r["epoch"], "reason": r.get("diverged_reason")} for r in diverged],
        "skipped_records": problems,
        "readings": readings,
        "gaps": {name: series(name) for name in readings},
        "accuracy": series("test_acc"),
        "trends": {name: {k: t.get(k) for k in ("rho", "ci_low", "ci_high", "level", "n_seeds")} for name, t in trends.items()},
        "accuracy_trend": {k: acc_trend.get(k) for k in ("rho", "ci_low", "ci_high", "level", "n_seeds")},
        "runs": len(finals),
        "diverged_runs": len(diverged),
    }
