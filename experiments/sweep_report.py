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

import functools
import inspect
import json
import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from .paper_values import TABLE1, paper_gap
from .store import GAP_READINGS, ResultsStore

__all__ = ["DEFAULT_RESULTS_DIR", "FIG_FORMATS", "has_results", "load_results", "final_records", "diverged_records",
           "caveats", "summarise", "trend", "trend_permutation", "trend_decision", "trend_error_rates", "trend_statistics", "accuracy_trend", "paper_dataset",
           "table1_markdown", "plot_fig3", "write_report"]

TABLE_METRICS = (*GAP_READINGS, "test_acc", "test_loss", "clean_train_loss", "train_loss_mixed")

#: Where the recorded CIFAR-10 sweep lives (``mixcheck sweep --out experiments/results/cifar10``);
#: other datasets go to ``experiments/results/<dataset>``.
DEFAULT_RESULTS_DIR = Path(__file__).resolve().parent / "results" / "cifar10"


def load_results(results_dir, problems: list[str] | None = None) -> tuple[dict | None, list[dict]]:
    """(the store's sweep.json or None, every well-formed record of the sweep's protocol).

    A line that is not a well-formed record (unreadable bytes, not JSON, α or a metric not a
    number, no run id) is skipped; with ``problems`` given, one line per skipped record naming
    its file and line is appended to it — never dropped silently.
    """
    store = ResultsStore(results_dir)
    if not store.root.is_dir():
        if store.root.exists():
            raise ValueError(f"{results_dir} is not a folder (a sweep store is a folder holding sweep.json)")
        return None, []
    cfg = store.read_config()  # ConfigMismatch (a ValueError) for a sweep.json this harness did not write
    sink: list[str] = [] if problems is None else problems
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # collected in ``sink`` instead
        recs = store.read_all(problems=sink)
    good = []
    for r in recs:
        why = _malformed(r)
        if why:
            sink.append(f"{store.record_path(str(r.get('run_id', '?')))}: record skipped: {why}")
        else:
            good.append(r)
    if cfg is not None:
        good = [r for r in good if r.get("config_hash") == cfg.get("config_hash")]
    return cfg, good


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _malformed(r: dict) -> str | None:
    """Why a record cannot be used, or None."""
    if not isinstance(r.get("run_id"), str):
        return "no run_id"
    for key in ("alpha", "seed", "epoch", "epochs"):
        if not _is_number(r.get(key)):
            return f"{key} is {r.get(key)!r}, not a number"
    if not (math.isfinite(r["alpha"]) and r["alpha"] >= 0):
        return f"alpha {r['alpha']!r} is not a finite number ≥ 0"
    for key in (*TABLE_METRICS, "train_acc_mixed", "clean_train_acc"):
        v = r.get(key)
        if v is not None and not _is_number(v):
            return f"{key} is {v!r}, not a number or null"
    return None


def _by_run(results_dir, problems=None) -> tuple[dict[str, dict], dict[str, dict]]:
    """(finished runs' last-epoch records, diverged runs' diverged records), by run id."""
    _, recs = load_results(results_dir, problems)
    finished: dict[str, dict] = {}
    diverged: dict[str, dict] = {}
    for r in recs:
        rid = r["run_id"]
        if r.get("diverged"):
            diverged.setdefault(rid, r)
        elif r.get("epoch") == r.get("epochs"):
            finished.setdefault(rid, r)  # the first, should there be two
    for rid in diverged:
        finished.pop(rid, None)
    return finished, diverged


def final_records(results_dir) -> list[dict]:
    """One record per finished run: the one for its last epoch. Diverged runs are not finished
    runs (see :func:`diverged_records`): they are never a data point of a trend."""
    finished, _ = _by_run(results_dir)
    return sorted(finished.values(), key=lambda r: (r["alpha"], r["seed"]))


def diverged_records(results_dir) -> list[dict]:
    """The record marking each diverged run (stopped early; ``diverged_reason`` says why)."""
    _, diverged = _by_run(results_dir)
    return sorted(diverged.values(), key=lambda r: (r["alpha"], r["seed"]))


def has_results(results_dir) -> bool:
    """True when the store at ``results_dir`` holds at least one finished or diverged run."""
    try:
        finished, diverged = _by_run(results_dir)
    except (OSError, ValueError):
        return False
    return bool(finished or diverged)


def caveats(cfg: dict | None, records: list[dict] = (), *, diverged: int = 0) -> list[str]:
    """What a reader must know before comparing these numbers with the paper's (one sentence each)."""
    proto = (cfg or {}).get("protocol", {})
    src = (cfg or {}).get("data_source", {}) or {}
    out = []
    if proto.get("preset") == "cpu" or proto.get("width", 64) != 64 or proto.get("train_subset"):
        n = proto.get("train_subset") or proto.get("n_train", "?")
        out.append(f"Scaled-down protocol, not the paper's: {proto.get('arch', '?')} at width {proto.get('width', '?')} "
                   f"(ResNet-18 is width 64), trained on {n} images for {proto.get('epochs', '?')} epochs "
                   "(the paper: all 50,000 for 200).")
    elif proto.get("preset") == "fast":
        out.append(f"Budget schedule ('fast' preset): {proto.get('epochs')} epochs, batch {proto.get('batch_size')}, "
                   "one-cycle lr — not the paper's 200 epochs at lr 0.1.")
    where = str(src.get("archive", "")) + str(src.get("data_root", ""))
    if proto.get("dataset") == "imagefolder" and "cifar10-jpeg" in where:
        out.append("Data: the JPEG (quality 75) copy of CIFAR-10, not the official images; losses and accuracies are "
                   "close to, but not the same as, the official data's.")
    devices = sorted({str((r.get("provenance") or {}).get("device", "?")) for r in records})
    if devices and all(d.startswith("cpu") for d in devices):
        out.append(f"Trained on a CPU ({devices[0]}), {'bf16' if proto.get('amp') else 'fp32'}.")
    if diverged:
        out.append(f"{diverged} run(s) diverged: shown as diverged, never used as data points.")
    return out


def _values_by_alpha(finals: list[dict], metric: str) -> dict[float, list[float]]:
    by: dict[float, list[float]] = {}
    for r in finals:
        v = r.get(metric)
        if v is not None and math.isfinite(v):
            by.setdefault(float(r["alpha"]), []).append(float(v))
    return dict(sorted(by.items()))


def summarise(finals: list[dict], metrics=TABLE_METRICS, diverged: list[dict] = ()) -> dict[str, dict[float, dict]]:
    """metric → α → {"mean", "sd" (ddof 1; None for one seed), "n", "diverged"} over the finished runs;
    an α whose every run diverged has mean/sd None and n 0."""
    div: dict[float, int] = {}
    for r in diverged:
        div[float(r["alpha"])] = div.get(float(r["alpha"]), 0) + 1
    out: dict[str, dict[float, dict]] = {}
    for m in metrics:
        out[m] = {a: {"mean": None, "sd": None, "n": 0, "diverged": k} for a, k in div.items()}
        for a, vals in _values_by_alpha(finals, m).items():
            v = np.asarray(vals)
            out[m][a] = {"mean": float(v.mean()), "sd": float(v.std(ddof=1)) if len(v) > 1 else None, "n": len(v),
                         "diverged": div.get(a, 0)}
        out[m] = dict(sorted(out[m].items()))
    return out


def _spearman_of_means(alpha_ranks: np.ndarray):
    """The statistic for :func:`scipy.stats.bootstrap`: Spearman ρ between α and the per-α means of
    the resampled seeds (one sample per α; vectorised over the leading axes)."""
    from scipy.stats import rankdata

    ra = alpha_ranks - alpha_ranks.mean()

    def statistic(*samples, axis=-1):
        means = np.stack([np.mean(x, axis=axis) for x in samples], axis=-1)
        rb = rankdata(means, axis=-1)
        rb = rb - rb.mean(axis=-1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (rb @ ra) / np.sqrt((rb**2).sum(axis=-1) * (ra**2).sum())

    return statistic


def trend_permutation(values_by_alpha: dict[float, list[float]], *, n_resamples: int = 9999, seed: int = 0) -> dict:
    """One-sided permutation tests of Spearman ρ between α and every run's value
    (:func:`scipy.stats.permutation_test`, values permuted across runs): under "α has no effect"
    the runs are exchangeable, so each p-value's false-alarm rate is at most its level, exactly
    (up to the Monte-Carlo p-value's resolution 1/(n_resamples+1))."""
    from scipy.stats import permutation_test, rankdata

    xs = np.asarray([a for a in sorted(values_by_alpha) for _ in values_by_alpha[a]], dtype=float)
    ys = np.asarray([v for a in sorted(values_by_alpha) for v in values_by_alpha[a]], dtype=float)
    out = {"p_greater": None, "p_less": None, "n_runs": int(len(ys)), "n_resamples": n_resamples,
           "test": "permutation test of Spearman ρ(α, run value), scipy.stats.permutation_test"}
    if len(set(xs)) < 2 or len(set(ys)) < 2:
        return out
    rx = rankdata(xs)
    rx = rx - rx.mean()

    def rho(y, axis=-1):
        ry = rankdata(y, axis=axis)
        ry = ry - ry.mean(axis=axis, keepdims=True)
        return (ry @ rx) / np.sqrt((ry**2).sum(axis=axis) * (rx**2).sum())

    rng_kw = "rng" if "rng" in inspect.signature(permutation_test).parameters else "random_state"  # SciPy < 1.15
    for alt, key in (("greater", "p_greater"), ("less", "p_less")):
        res = permutation_test((ys,), rho, permutation_type="pairings", vectorized=True, n_resamples=n_resamples,
                               alternative=alt, **{rng_kw: np.random.default_rng(seed)})
        out[key] = float(res.pvalue)
    out["rho_runs"] = float(rho(ys))
    return out


def trend_decision(values_by_alpha: dict[float, list[float]], *, level: float = 0.95, n_boot: int = 2000,
                   n_resamples: int = 9999, seed: int = 0) -> tuple[int, dict, dict]:
    """(+1 "grows with α", −1 "falls with α", 0 neither; the bootstrap trend; the permutation tests).

    A direction is declared only when both agree: the bootstrap interval of ρ lies on that side
    of 0 and the one-sided permutation p-value is below (1 − level)/2. The permutation test fixes
    the false-alarm rate of each direction at ≤ (1 − level)/2; the bootstrap interval (which can
    be liberal with few seeds) says how strong the trend is.
    """
    t = trend(values_by_alpha, level=level, n_boot=n_boot, seed=seed)
    perm = trend_permutation(values_by_alpha, n_resamples=n_resamples, seed=seed)
    alpha_side = (1 - level) / 2
    lo, hi = t.get("ci_low"), t.get("ci_high")
    if lo is not None and lo > 0 and perm["p_greater"] is not None and perm["p_greater"] < alpha_side:
        return 1, t, perm
    if hi is not None and hi < 0 and perm["p_less"] is not None and perm["p_less"] < alpha_side:
        return -1, t, perm
    return 0, t, perm


def trend_error_rates(mean_by_alpha: dict[float, float], sd: float, n_seeds: int, *, level: float = 0.95,
                      n_sim: int = 200, n_boot: int = 400, seed: int = 0) -> dict:
    """How often :func:`trend_decision` declares "grows with α" when each α's runs are ``n_seeds``
    normal draws with sd ``sd`` around ``mean_by_alpha`` — by simulation, with a Clopper–Pearson
    interval on the rate. With equal means this is the false-alarm rate of a "grows" verdict;
    with an increasing alternative (e.g. the paper's Table 1 row) it is the power.
    """
    from scipy.stats import binomtest

    means = tuple((float(a), float(mean_by_alpha[a])) for a in sorted(mean_by_alpha))
    if len({m for _, m in means}) == 1:
        # equal means: the decision uses ranks only, so the rate does not depend on sd or on the
        # common mean: one simulation serves every reading (the same draws, exactly)
        means, unit = tuple((a, 0.0) for a, _ in means), 1.0
    else:
        unit = float(sd)
    hits = _simulated_hits(means, unit, int(n_seeds), float(level), int(n_sim), int(n_boot), int(seed))
    ci = binomtest(hits, n_sim).proportion_ci(0.95, method="exact")
    return {"rate": hits / n_sim, "ci": [float(ci.low), float(ci.high)], "n_sim": n_sim, "n_boot": n_boot,
            "n_seeds": n_seeds, "sd": float(sd)}


@functools.lru_cache(maxsize=64)
def _simulated_hits(means: tuple, sd: float, n_seeds: int, level: float, n_sim: int, n_boot: int,
                    seed: int) -> int:
    """How many of ``n_sim`` simulated sweeps :func:`trend_decision` calls "grows" (a pure
    function of its arguments, cached: several claims ask for the same simulation)."""
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(n_sim):
        vals = {a: list(m + sd * rng.standard_normal(n_seeds)) for a, m in means}
        d, _, _ = trend_decision(vals, level=level, n_boot=n_boot, n_resamples=n_boot,
                                 seed=int(rng.integers(2**31)))
        hits += d == 1
    return hits


def trend(values_by_alpha: dict[float, list[float]], *, level: float = 0.95, n_boot: int = 2000, seed: int = 0) -> dict:
    """Spearman ρ of the per-α mean against α (:func:`scipy.stats.spearmanr`), with a percentile
    bootstrap interval (:func:`scipy.stats.bootstrap`, one independent sample of seeds per α,
    resampled within its α). The interval needs at least two seeds at every α; otherwise it is None.
    """
    from scipy.stats import ConstantInputWarning, bootstrap, spearmanr

    if not (isinstance(level, (int, float)) and 0 < level < 1):
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be an integer ≥ 1, got {n_boot!r}")
    alphas = sorted(values_by_alpha)
    means = [float(np.mean(values_by_alpha[a])) for a in alphas]
    n_seeds = min((len(values_by_alpha[a]) for a in alphas), default=0)
    res = {"rho": None, "ci_low": None, "ci_high": None, "level": level, "n_seeds": n_seeds, "n_boot": n_boot,
           "method": "scipy.stats.spearmanr; scipy.stats.bootstrap (percentile, seeds resampled within each α)",
           "alphas": alphas, "mean_gap_by_alpha": dict(zip(alphas, means))}
    if len(alphas) < 2:
        return res
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConstantInputWarning)
        rho = float(spearmanr(alphas, means).statistic)
    res["rho"] = rho if math.isfinite(rho) else None
    if n_seeds < 2:
        return res
    samples = [np.asarray(values_by_alpha[a], dtype=float) for a in alphas]
    stat = _spearman_of_means(np.arange(1, len(alphas) + 1, dtype=float))
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.simplefilter("ignore")  # degenerate resamples (constant means) give NaN ρ: dropped below
        rng_kw = "rng" if "rng" in inspect.signature(bootstrap).parameters else "random_state"  # SciPy < 1.15
        boot = bootstrap(samples, stat, n_resamples=n_boot, paired=False, vectorized=True, axis=-1,
                         confidence_level=level, method="percentile", **{rng_kw: np.random.default_rng(seed)})
    rhos = np.asarray(boot.bootstrap_distribution, dtype=float)
    finite = rhos[np.isfinite(rhos)]
    res["n_boot_defined"] = int(len(finite))
    if len(finite) == len(rhos):
        res["ci_low"], res["ci_high"] = float(boot.confidence_interval.low), float(boot.confidence_interval.high)
    elif len(finite):  # some resamples had constant means (ρ undefined): the interval of the defined ones
        res["ci_low"] = float(np.quantile(finite, (1 - level) / 2))
        res["ci_high"] = float(np.quantile(finite, (1 + level) / 2))
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
    div = f" ({s['diverged']} diverged)" if s.get("diverged") else ""
    if s["mean"] is None:
        return f"diverged ({s['diverged']} run{'s' if s['diverged'] > 1 else ''})"
    k = 100.0 if pct else 1.0
    sd = "" if s["sd"] is None else f" ± {k * s['sd']:.{2 if pct else 3}f}"
    return f"{k * s['mean']:.{2 if pct else 3}f}{sd}{div}"


def table1_markdown(summary: dict, alphas: list[float], paper_row: str | None, caveats_: list[str] = ()) -> str:
    """Rows: each gap reading, test accuracy, the paper's Table 1 row; columns: α; then the caveats."""
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
    lines.append(f"Cells: mean ± sd over seeds (finished runs per α: {', '.join(map(str, ns)) or 'none'}), final "
                 "epoch; diverged runs are counted, never averaged.")
    for c in caveats_:
        lines.append(f"> Caveat: {c}")
    return "\n".join(lines)


def plot_fig3(cfg: dict | None, records: list[dict], finals: list[dict], path, paper_row: str | None = None,
              caveats_: list[str] = ()) -> Path:
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
    proto = (cfg or {}).get("protocol", {})
    fig.suptitle(f"mixup α sweep: {proto.get('dataset', '?')} ({proto.get('preset', '?')} preset), "
                 f"{len(finals)} finished runs")
    if caveats_:
        import textwrap

        fig.text(0.5, 0.005, textwrap.fill("Caveats: " + " ".join(caveats_), 200), ha="center", va="bottom",
                 fontsize=7, color="#8a4b00")
    fig.tight_layout(rect=(0, 0.07 if caveats_ else 0, 1, 1))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fig.savefig(tmp, dpi=120, format=path.suffix.lstrip(".") or "png")
    plt.close(fig)
    tmp.replace(path)
    return path


FIG_FORMATS = ("png", "svg", "pdf")


def write_report(results_dir, out_dir=None, *, fig_format: str = "png", level: float = 0.95, n_boot: int = 2000,
                 seed: int = 0) -> dict[str, Any]:
    """Write table1.md, table1.csv, trend.json and fig3.<fmt> into ``out_dir`` (default DIR/report).

    Everything is checked before anything is written; each file is written atomically. Records
    that could not be read are listed in ``problems`` (and in trend.json), never dropped silently.
    """
    from .store import atomic_write_bytes

    if fig_format not in FIG_FORMATS:
        raise ValueError(f"fig_format must be one of {', '.join(FIG_FORMATS)}, got {fig_format!r}")
    if not (isinstance(level, (int, float)) and 0 < level < 1):
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, int) or n_boot < 1:
        raise ValueError(f"n_boot must be an integer ≥ 1, got {n_boot!r}")
    problems: list[str] = []
    cfg, records = load_results(results_dir, problems)
    if cfg is None:
        raise FileNotFoundError(f"{results_dir} holds no sweep store (no sweep.json); run `mixcheck sweep` first")
    out = Path(out_dir) if out_dir else Path(results_dir) / "report"
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} exists and is not a folder")
    finals = final_records(results_dir)
    diverged = diverged_records(results_dir)
    row = paper_dataset(cfg)
    alphas = sorted({float(r["alpha"]) for r in finals + diverged})
    summary = summarise(finals, diverged=diverged)
    cav = caveats(cfg, records, diverged=len(diverged))
    table = table1_markdown(summary, alphas, row, cav)
    trends = trend_statistics(results_dir, level=level, n_boot=n_boot, seed=seed)
    trends_erm = trend_statistics(results_dir, level=level, n_boot=n_boot, seed=seed, include_baseline=True)
    acc = accuracy_trend(results_dir, level=level, n_boot=n_boot, seed=seed)
    runs = sorted({r["run_id"] for r in records})
    unfinished = sorted(set(runs) - {r["run_id"] for r in finals + diverged})
    csv = ["alpha,reading,mean,sd,n,diverged,paper"]
    for m, per in summary.items():
        for a, st in per.items():
            p = paper_gap(row, a) if (row and m in GAP_READINGS) else None
            csv.append(f"{a!r},{m},{'' if st['mean'] is None else repr(st['mean'])},"
                       f"{'' if st['sd'] is None else repr(st['sd'])},{st['n']},{st['diverged']},{'' if p is None else p}")
    trend_doc = _json_keys({"config_hash": cfg.get("config_hash"), "paper_row": row, "finished_runs": len(finals),
                            "diverged_runs": [{"run_id": r["run_id"], "epoch": r["epoch"], "reason": r.get("diverged_reason")}
                                              for r in diverged],
                            "unfinished_runs": unfinished, "gap_trend": trends, "gap_trend_with_erm": trends_erm,
                            "test_acc_trend": acc, "readings": GAP_READINGS, "caveats": cav, "skipped_records": problems})
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out / "table1.md", (table + "\n").encode())
    atomic_write_bytes(out / "table1.csv", ("\n".join(csv) + "\n").encode())
    atomic_write_bytes(out / "trend.json", (json.dumps(trend_doc, indent=2, sort_keys=True) + "\n").encode())
    fig = plot_fig3(cfg, records, finals, out / f"fig3.{fig_format}", row, caveats_=cav) if finals else None
    return {"table": table, "trends": trends, "trends_with_erm": trends_erm, "accuracy_trend": acc,
            "unfinished": unfinished, "diverged": [r["run_id"] for r in diverged], "finished": len(finals),
            "caveats": cav, "problems": problems, "out_dir": str(out),
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
    if rep.get("diverged"):
        out.append(f"Diverged runs (stopped, not data points): {', '.join(rep['diverged'])}")
    for c in rep.get("caveats", ()):
        out.append(f"Caveat: {c}")
    for p in rep.get("problems", ()):
        out.append(f"Skipped: {p}")
    return "\n".join(out)
