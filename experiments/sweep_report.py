"""The sweep's report: a Table 1-shaped table, Fig. 3-style curves, and the trend across α.

Everything is computed from the store's final-epoch records (runs with a record for their last
epoch; runs still in progress are left out and counted). For each gap reading (see
:data:`experiments.store.GAP_READINGS`) and for test accuracy: mean ± sd over seeds per α, the
paper's Table 1 value beside, and the trend statistic — Spearman's ρ between α and the
per-α mean over seeds, with a percentile bootstrap interval: seeds are resampled with
replacement within each α (valid whether or not the α's share seeds), the means recomputed and
ρ recomputed, ``n_boot`` times. ρ > 0 with an interval above 0 says the reading grows with α.

By default the trend uses the paper's Table 1 grid, α > 0; ``include_baseline=True`` adds the
α = 0 (ERM) runs.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from .paper_values import TABLE1, paper_gap
from .store import GAP_READINGS, ResultsStore

__all__ = ["DEFAULT_RESULTS_DIR", "has_results", "load_results", "final_records", "summarise", "trend", "trend_statistics",
           "accuracy_trend", "paper_dataset", "table1_markdown", "plot_fig3", "write_report"]

TABLE_METRICS = (*GAP_READINGS, "test_acc", "test_loss", "clean_train_loss", "train_loss_mixed")

#: Where the recorded CIFAR-10 sweep lives (``mixcheck sweep --out experiments/results/cifar10``);
#: other datasets go to ``experiments/results/<dataset>``.
DEFAULT_RESULTS_DIR = Path(__file__).resolve().parent / "results" / "cifar10"


def load_results(results_dir) -> tuple[dict | None, list[dict]]:
    """(the store's sweep.json or None, every record of the sweep's protocol)."""
    store = ResultsStore(results_dir)
    if not store.root.is_dir():
        return None, []
    cfg = store.read_config()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # torn lines: already reported by the writer's side
        recs = store.read_all()
    if cfg is not None:
        recs = [r for r in recs if r.get("config_hash") == cfg.get("config_hash")]
    return cfg, recs


def final_records(results_dir) -> list[dict]:
    """One record per finished run: the one for its last epoch (the first, should there be two)."""
    _, recs = load_results(results_dir)
    out: dict[str, dict] = {}
    for r in recs:
        if r.get("epoch") == r.get("epochs") and r.get("run_id") not in out:
            out[r["run_id"]] = r
    return sorted(out.values(), key=lambda r: (r["alpha"], r["seed"]))


def has_results(results_dir) -> bool:
    """True when the store at ``results_dir`` holds at least one finished run."""
    try:
        return bool(final_records(results_dir))
    except (OSError, ValueError):
        return False


def _values_by_alpha(finals: list[dict], metric: str) -> dict[float, list[float]]:
    by: dict[float, list[float]] = {}
    for r in finals:
        v = r.get(metric)
        if v is not None and math.isfinite(v):
            by.setdefault(float(r["alpha"]), []).append(float(v))
    return dict(sorted(by.items()))


def summarise(finals: list[dict], metrics=TABLE_METRICS) -> dict[str, dict[float, dict]]:
    """metric → α → {"mean", "sd" (ddof 1; None for one seed), "n", "seeds"}."""
    out: dict[str, dict[float, dict]] = {}
    for m in metrics:
        out[m] = {}
        for a, vals in _values_by_alpha(finals, m).items():
            v = np.asarray(vals)
            out[m][a] = {"mean": float(v.mean()), "sd": float(v.std(ddof=1)) if len(v) > 1 else None, "n": len(v)}
    return out


def _rank_rows(m: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return rankdata(m, axis=1)


def trend(values_by_alpha: dict[float, list[float]], *, level: float = 0.95, n_boot: int = 2000, seed: int = 0) -> dict:
    """Spearman ρ of the per-α mean against α, with a percentile bootstrap interval over seeds."""
    from scipy.stats import ConstantInputWarning, spearmanr

    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), got {level}")
    if n_boot < 1:
        raise ValueError(f"n_boot must be ≥ 1, got {n_boot}")
    alphas = sorted(values_by_alpha)
    means = [float(np.mean(values_by_alpha[a])) for a in alphas]
    n_seeds = min((len(values_by_alpha[a]) for a in alphas), default=0)
    res = {"rho": None, "ci_low": None, "ci_high": None, "level": level, "n_seeds": n_seeds,
           "alphas": alphas, "mean_gap_by_alpha": dict(zip(alphas, means))}
    if len(alphas) < 2:
        return res
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConstantInputWarning)
        rho = float(spearmanr(alphas, means).statistic)
    res["rho"] = rho if math.isfinite(rho) else None
    rng = np.random.default_rng(seed)
    boot = np.empty((n_boot, len(alphas)))
    for j, a in enumerate(alphas):
        v = np.asarray(values_by_alpha[a], dtype=float)
        boot[:, j] = v[rng.integers(0, len(v), size=(n_boot, len(v)))].mean(axis=1)
    # Spearman's ρ row by row: Pearson correlation of the ranks (α has no ties: ranks 1..k).
    rb = _rank_rows(boot)
    ra = np.arange(1, len(alphas) + 1, dtype=float)
    rb_c, ra_c = rb - rb.mean(axis=1, keepdims=True), ra - ra.mean()
    denom = np.sqrt((rb_c**2).sum(axis=1) * (ra_c**2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        rhos = (rb_c @ ra_c) / denom
    rhos = rhos[np.isfinite(rhos)]
    if len(rhos):
        res["ci_low"] = float(np.quantile(rhos, (1 - level) / 2))
        res["ci_high"] = float(np.quantile(rhos, (1 + level) / 2))
    return res


def _finals_for_trend(results_dir, include_baseline: bool) -> list[dict]:
    finals = final_records(results_dir)
    return finals if include_baseline else [r for r in finals if r["alpha"] > 0]


def trend_statistics(results_dir, *, level: float = 0.95, n_boot: int = 2000, seed: int = 0,
                     include_baseline: bool = False) -> dict:
    """Each gap reading's name → {"rho", "ci_low", "ci_high", "level", "n_seeds", "alphas",
    "mean_gap_by_alpha"}, from the final-epoch records (α > 0 unless ``include_baseline``).

    ``rho`` is None with fewer than two α or a constant mean; ``ci_low``/``ci_high`` are None
    when no bootstrap replicate gives a defined ρ. ``n_seeds`` is the smallest seed count of any α.
    """
    finals = _finals_for_trend(results_dir, include_baseline)
    return {name: trend(_values_by_alpha(finals, name), level=level, n_boot=n_boot, seed=seed)
            for name in GAP_READINGS}


def accuracy_trend(results_dir, *, level: float = 0.95, n_boot: int = 2000, seed: int = 0,
                   include_baseline: bool = False) -> dict:
    """The same statistic for final test accuracy (Fig. 3: better for small α means ρ < 0)."""
    finals = _finals_for_trend(results_dir, include_baseline)
    res = trend(_values_by_alpha(finals, "test_acc"), level=level, n_boot=n_boot, seed=seed)
    res["mean_acc_by_alpha"] = res.pop("mean_gap_by_alpha")
    return res


def paper_dataset(cfg: dict | None) -> str | None:
    """The Table 1 row to compare with: the store's dataset, or CIFAR-10 for an ImageFolder copy
    of it (10 classes with CIFAR-10's names, 32×32 images)."""
    proto = (cfg or {}).get("protocol", {})
    name = proto.get("dataset")
    if name in TABLE1:
        return name
    cifar10 = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    if name == "imagefolder" and proto.get("classes") == cifar10 and proto.get("image_shape") == [3, 32, 32]:
        return "cifar10"
    return None


def _cell(s: dict | None, pct: bool = False) -> str:
    if not s:
        return "—"
    k = 100.0 if pct else 1.0
    sd = "" if s["sd"] is None else f" ± {k * s['sd']:.{2 if pct else 3}f}"
    return f"{k * s['mean']:.{2 if pct else 3}f}{sd}"


def table1_markdown(summary: dict, alphas: list[float], paper_row: str | None) -> str:
    """Rows: each gap reading, test accuracy, the paper's Table 1 row; columns: α."""
    head = "| reading | " + " | ".join(f"α = {a:g}" + (" (ERM)" if a == 0 else "") for a in alphas) + " |"
    lines = [head, "|" + " --- |" * (len(alphas) + 1)]
    labels = {**GAP_READINGS, "test_acc": "test accuracy (%)", "test_loss": "test loss",
              "clean_train_loss": "clean train loss", "train_loss_mixed": "mixed-batch train loss"}
    for m in TABLE_METRICS:
        cells = [_cell(summary.get(m, {}).get(a), pct=(m == "test_acc")) for a in alphas]
        label = labels[m].replace("|", "\\|")  # a literal | inside a markdown table cell
        lines.append(f"| {m}: {label} | " + " | ".join(cells) + " |")
    if paper_row:
        cells = [("—" if paper_gap(paper_row, a) is None else f"{paper_gap(paper_row, a):g}") for a in alphas]
        lines.append(f"| paper, Table 1 ({paper_row}) | " + " | ".join(cells) + " |")
    ns = sorted({s["n"] for per in summary.values() for s in per.values()})
    lines.append("")
    lines.append(f"Cells: mean ± sd over seeds (seeds per α: {', '.join(map(str, ns)) or 'none'}), final epoch.")
    return "\n".join(lines)


def plot_fig3(cfg: dict | None, records: list[dict], finals: list[dict], path, paper_row: str | None = None) -> Path:
    """Fig. 3-style figure: test-accuracy curves per α; final losses vs α; gap readings vs α."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    summary = summarise(finals)
    alphas = sorted({float(r["alpha"]) for r in finals})
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.6))
    cmap = plt.get_cmap("viridis")
    # (a) learning curves: mean test accuracy over seeds, per epoch
    ax = axes[0]
    for i, a in enumerate(alphas):
        by_epoch: dict[int, list[float]] = {}
        for r in records:
            if float(r["alpha"]) == a and r.get("test_acc") is not None:
                by_epoch.setdefault(int(r["epoch"]), []).append(100 * r["test_acc"])
        if by_epoch:
            ep = sorted(by_epoch)
            ax.plot(ep, [np.mean(by_epoch[e]) for e in ep], color=cmap(i / max(1, len(alphas) - 1)), label=f"α={a:g}")
    ax.set(xlabel="epoch", ylabel="test accuracy (%)", title="learning curves (mean over seeds)")
    ax.legend(fontsize=8)

    def errplot(ax, metric, label, **kw):
        s = summary.get(metric, {})
        xs = [a for a in alphas if a in s]
        ax.errorbar(xs, [s[a]["mean"] for a in xs], yerr=[s[a]["sd"] or 0 for a in xs], capsize=3,
                    label=label, **{"marker": "o", **kw})

    ax = axes[1]
    errplot(ax, "train_loss_mixed", "train loss (mixed batches)")
    errplot(ax, "clean_train_loss", "train loss (clean, eval mode)")
    errplot(ax, "test_loss", "test loss")
    ax.set(xlabel="α", ylabel="loss", title="final losses vs α")
    ax = axes[2]
    for m in GAP_READINGS:  # |·| readings dashed: they coincide with the signed ones where the gap is positive
        errplot(ax, m, GAP_READINGS[m], **({"ls": "--", "marker": "s", "alpha": 0.7} if m.startswith("abs_") else {}))
    if paper_row:
        pa = [a for a in alphas if paper_gap(paper_row, a) is not None]
        ax.plot(pa, [paper_gap(paper_row, a) for a in pa], "kx--", label=f"paper, Table 1 ({paper_row})")
    ax.axhline(0, color="0.7", lw=0.8)
    ax.set(xlabel="α", ylabel="test loss − train loss", title="generalization gap vs α")
    for ax in axes[1:]:
        ax.set_xscale("symlog", linthresh=0.1)
        ax.legend(fontsize=7)
    name = (cfg or {}).get("protocol", {}).get("dataset", "?")
    fig.suptitle(f"mixup α sweep: {name}, {len(finals)} finished runs")
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def write_report(results_dir, out_dir=None, *, fig_format: str = "png", level: float = 0.95, n_boot: int = 2000,
                 seed: int = 0) -> dict[str, Any]:
    """Write table1.md, table1.csv, trend.json and fig3.<fmt> into ``out_dir`` (default DIR/report)."""
    cfg, records = load_results(results_dir)
    if cfg is None:
        raise FileNotFoundError(f"{results_dir} holds no sweep store (no sweep.json); run `mixcheck sweep` first")
    finals = final_records(results_dir)
    out = Path(out_dir) if out_dir else Path(results_dir) / "report"
    out.mkdir(parents=True, exist_ok=True)
    row = paper_dataset(cfg)
    alphas = sorted({float(r["alpha"]) for r in finals})
    summary = summarise(finals)
    table = table1_markdown(summary, alphas, row)
    trends = trend_statistics(results_dir, level=level, n_boot=n_boot, seed=seed)
    trends_erm = trend_statistics(results_dir, level=level, n_boot=n_boot, seed=seed, include_baseline=True)
    acc = accuracy_trend(results_dir, level=level, n_boot=n_boot, seed=seed)
    runs = sorted({r["run_id"] for r in records})
    unfinished = sorted(set(runs) - {r["run_id"] for r in finals})
    (out / "table1.md").write_text(table + "\n")
    with open(out / "table1.csv", "w") as f:
        f.write("alpha,reading,mean,sd,n,paper\n")
        for m, per in summary.items():
            for a, s in per.items():
                p = paper_gap(row, a) if (row and m in GAP_READINGS) else None
                f.write(f"{a!r},{m},{s['mean']!r},{'' if s['sd'] is None else repr(s['sd'])},{s['n']},"
                        f"{'' if p is None else p}\n")

    trend_doc = _json_keys({"config_hash": cfg.get("config_hash"), "paper_row": row, "finished_runs": len(finals),
                            "unfinished_runs": unfinished, "gap_trend": trends, "gap_trend_with_erm": trends_erm,
                            "test_acc_trend": acc, "readings": GAP_READINGS})
    (out / "trend.json").write_text(json.dumps(trend_doc, indent=2, sort_keys=True) + "\n")
    fig = plot_fig3(cfg, records, finals, out / f"fig3.{fig_format}", row) if finals else None
    return {"table": table, "trends": trends, "trends_with_erm": trends_erm, "accuracy_trend": acc,
            "unfinished": unfinished, "finished": len(finals), "out_dir": str(out),
            "files": [str(p) for p in (out / "table1.md", out / "table1.csv", out / "trend.json", fig) if p]}


def _json_keys(obj):
    """Float dict keys (α) → their repr, recursively, for JSON."""
    if isinstance(obj, dict):
        return {(repr(k) if isinstance(k, float) else k): _json_keys(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_json_keys(v) for v in obj]
    return obj


def format_trends(rep: dict) -> str:
    """Plain-text lines: one per gap reading (and test accuracy) with ρ and its interval."""
    def line(name, t):
        if t["rho"] is None:
            return f"  {name:<15} ρ = n/a (α values: {len(t['alphas'])}, seeds: {t['n_seeds']})"
        ci = "n/a" if t["ci_low"] is None else f"[{t['ci_low']:+.3f}, {t['ci_high']:+.3f}]"
        return (f"  {name:<15} ρ = {t['rho']:+.3f}, {100 * t['level']:.0f}% bootstrap interval {ci} "
                f"({len(t['alphas'])} α values, ≥ {t['n_seeds']} seeds each)")

    out = ["Trend across α (Spearman ρ of the per-α mean vs α; α > 0, the paper's grid):"]
    out += [line(k, v) for k, v in rep["trends"].items()]
    out.append("With the α = 0 (ERM) baseline included:")
    out += [line(k, v) for k, v in rep["trends_with_erm"].items()]
    out.append("Final test accuracy (Fig. 3: 'better for small α' means ρ < 0):")
    out.append(line("test_acc", rep["accuracy_trend"]))
    return "\n".join(out)
