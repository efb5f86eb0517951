"""The report's figures: the paper's Fig. 1 and Fig. 2 reproduced, the Section 6 and Theorem 4
quantities, and Table 1 / Fig. 3 beside recorded experiment results.

Every figure is drawn with matplotlib's object API (no pyplot, no global state, the Agg
renderer), saved as PNG and SVG, and described by a JSON-able record: its id, title,
caption, the claim ids it illustrates, the files, the numbers plotted and the seed used.
Figures that need something that is not there (the Rademacher engine, recorded experiment
results) are returned with ``status: "skipped"`` and the reason, never drawn from made-up
numbers.

Design for print: line styles and markers, not colour alone, tell the series apart; the
colours are the Okabe–Ito palette (distinguishable with colour-vision deficiencies); every
axis has a label and a unit (the quantities of Sections 4–6 are dimensionless, or in the
units of the input x, as stated on each axis).
"""

from __future__ import annotations

import io
import math
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .writer import write_bytes

__all__ = ["FigureSpec", "FIGURES", "figure_specs_for", "make_figures", "FIG1_SETUP", "FIG2_SETUP"]

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

# Monte-Carlo sign-vector draws for the complexity estimates, per profile.
_DRAWS = {"ci": 500, "dev": 1000, "thorough": 10000}
# Independent samples B per grid point of Fig. 1 and Fig. 2.
_SAMPLES = {"ci": 12, "dev": 24, "thorough": 64}
_BETA_MC = {"ci": 100_000, "dev": 100_000, "thorough": 1_000_000}

# The set-ups of the reproduced figures (stated in the captions and in report.json).
FIG1_SETUP = {
    "data": "x_i ~ N(0, σ²) i.i.d., dimension d = 1",
    "radius": 2.0,
    "lam": 0.5,
    "constant": "C = Λ·|1-λ| = 1 (the paper's 'constant part set to 1')",
    "level": 0.99,
}
FIG2_SETUP = {
    "data": "x_i = μ + ε_i, μ = (1, 0); ε_i ~ N(0, 0.1² I₂) except one outlier with ε ~ N(0, s² I₂)",
    "depth": 2,
    "frobenius_product": 1.0,
    "lam": 0.5,
    "bulk_noise": 0.1,
}


def _rc() -> dict:
    return {
        "font.size": 10,
        "axes.titlesize": 10.5,
        "axes.labelsize": 10,
        "legend.fontsize": 8.5,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "grid.linewidth": 0.6,
        "lines.linewidth": 1.6,
        "lines.markersize": 4.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "mixcheck",
        "svg.fonttype": "path",
        "savefig.dpi": 150,
    }


def _new_figure(width: float = 10.0, height: float = 4.0):
    import matplotlib

    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def _seed_for(seed: int, name: str) -> int:
    """A per-figure seed derived from the report's seed and the figure's name (stable)."""
    return (int(seed) * 1_000_003 + zlib.crc32(name.encode())) % (2**32)


@dataclass(frozen=True)
class FigureSpec:
    """A figure: id, title, the claim ids (or id prefixes) it illustrates, and its builder.

    The builder takes a context dict (seed, profile, results_dir) and returns
    ``(matplotlib Figure, data dict, caption)`` or raises :class:`FigureUnavailable`.
    """

    id: str
    title: str
    claims: tuple[str, ...]
    build: Callable[[dict], tuple]
    order: int = 0
    extra: dict = field(default_factory=dict)


class FigureUnavailable(RuntimeError):
    """Raised by a builder when what the figure needs is not there (the message says what);
    ``data`` may carry what can be shown all the same (e.g. the paper's Table 1)."""

    def __init__(self, message: str, data: dict | None = None):
        super().__init__(message)
        self.data = data or {}


# ---------------------------------------------------------------------------------------
# Fig. 1: linear class, reduction versus n and σ²
# ---------------------------------------------------------------------------------------


def _engine():
    import importlib

    try:
        return importlib.import_module("mixcheck.rademacher")
    except ModuleNotFoundError as exc:
        if exc.name == "mixcheck.rademacher":
            raise FigureUnavailable("the Rademacher engine (mixcheck.rademacher) is not installed") from exc
        raise


def _difference_interval(a, b) -> tuple[float, float, float, float]:
    """value, low, high, level of a − b from two Estimates (union bound over both intervals)."""
    value = float(a.value) - float(b.value)
    low = float(a.low) - float(b.high)
    high = float(a.high) - float(b.low)
    level = max(0.0, 1.0 - (1.0 - float(a.level)) - (1.0 - float(b.level)))
    return value, low, high, level


def _norm_variance(X: np.ndarray) -> float:
    """s²(‖x‖₂): the sample variance (ddof = 1) of the norms ‖x_i‖₂."""
    return float(np.var(np.linalg.norm(X, axis=1), ddof=1))


def _total_variance(X: np.ndarray) -> float:
    """(1/n) Σ ‖x_i − x̄‖²: what the algebra of eq. (20) actually produces."""
    return float(np.mean(np.sum((X - X.mean(axis=0)) ** 2, axis=1)))


def _mean_ci(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of the mean over independent samples."""
    from scipy import stats

    v = np.asarray(values, dtype=float)
    m = float(v.mean())
    if v.size < 2:
        return m, m, m
    h = float(stats.t.ppf(0.5 + level / 2, v.size - 1) * v.std(ddof=1) / math.sqrt(v.size))
    return m, m - h, m + h


def _fig1_sample(eng, n: int, sigma2: float, rng: np.random.Generator, draws: int) -> dict:
    """One sample B: the reduction with its Monte-Carlo interval, and both bound readings."""
    radius, lam = FIG1_SETUP["radius"], FIG1_SETUP["lam"]
    X = rng.normal(0.0, math.sqrt(sigma2), size=(n, 1))
    mc_seed = int(rng.integers(2**31))
    Xs = eng.surrogate_sample(X, lam)
    kw = {"level": 0.99} if n <= EXACT_UP_TO else {"draws": draws, "seed": mc_seed, "level": 0.99}
    if hasattr(eng, "linear_rademacher_difference"):
        # One interval for the difference, common sign vectors for both samples.
        d = eng.linear_rademacher_difference(X, Xs, radius, **kw)
        value, low, high = float(d.value), float(d.low), float(d.high)
    else:  # each complexity at 0.995, so the difference holds at 0.99 (union bound)
        kw["level"] = 0.995
        value, low, high, _ = _difference_interval(eng.linear_rademacher(X, radius, **kw),
                                                   eng.linear_rademacher(Xs, radius, **kw))
    c = radius * abs(1 - lam)
    return {
        "reduction": value, "low": low, "high": high,
        "bound_norm_variance": c / math.sqrt(n) * math.sqrt(_norm_variance(X)),
        "bound_total_variance": c / math.sqrt(n) * math.sqrt(_total_variance(X)),
    }


EXACT_UP_TO = 14


def _fig1_point(eng, n: int, sigma2: float, rng: np.random.Generator, draws: int, samples: int) -> dict:
    """R independent samples at (n, σ²): means over samples with 95% t-intervals, and how many
    samples certifiably exceed each bound reading (the 99% Monte-Carlo interval lies above it)."""
    per = [_fig1_sample(eng, n, sigma2, rng, draws) for _ in range(samples)]
    red, lo, hi = _mean_ci([p["reduction"] for p in per])
    return {
        "n": n, "sigma2": sigma2, "samples": samples,
        "reduction": red, "low": lo, "high": hi,
        "bound_norm_variance": float(np.mean([p["bound_norm_variance"] for p in per])),
        "bound_total_variance": float(np.mean([p["bound_total_variance"] for p in per])),
        "exceeds_norm_variance_bound": sum(p["low"] > p["bound_norm_variance"] for p in per),
        "exceeds_total_variance_bound": sum(p["low"] > p["bound_total_variance"] for p in per),
    }


def _plot_series(ax, xs, pts, color, marker, label, key_lo="low", key_hi="high",
                 bounds=("bound_norm_variance", "bound_total_variance")):
    xs = np.asarray(xs, dtype=float)
    ax.fill_between(xs, [p[key_lo] for p in pts], [p[key_hi] for p in pts], color=color, alpha=0.2, linewidth=0)
    ax.plot(xs, [p["reduction"] for p in pts], color=color, marker=marker, linestyle="-", label=label)
    for key, ls, lw in zip(bounds, ("--", ":"), (1.3, 1.6)):
        ax.plot(xs, [p[key] for p in pts], color=color, linestyle=ls, linewidth=lw)


def _build_fig1(ctx: dict):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    eng = _engine()
    rng = np.random.default_rng(_seed_for(ctx["seed"], "fig1"))
    draws = _DRAWS.get(ctx["profile"], 1000)
    samples = _SAMPLES.get(ctx["profile"], 16)
    ns = [4, 8, 16, 32, 64, 128, 256, 512, 1024]
    sig_for_n = [0.25, 1.0, 4.0]
    sigmas = [0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0]
    n_for_sig = [8, 64, 512]
    vs_n = {s: [_fig1_point(eng, n, s, rng, draws, samples) for n in ns] for s in sig_for_n}
    vs_s = {n: [_fig1_point(eng, n, s, rng, draws, samples) for s in sigmas] for n in n_for_sig}

    fig = _new_figure(10.5, 4.5)
    axes = fig.subplots(1, 2)
    ax = axes[0]
    for k, s in enumerate(sig_for_n):
        _plot_series(ax, ns, vs_n[s], OKABE_ITO[k], MARKERS[k], f"σ² = {s:g}")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("sample size n (points, log scale)")
    ax.set_ylabel("complexity reduction R̂_B − R̂*_B\n(units of w·x, log scale)")
    ax.set_title("(a) versus n, for three data variances σ²")
    ax.add_artist(ax.legend(loc="lower left", title="colour: data variance", frameon=True))
    ax = axes[1]
    for k, n in enumerate(n_for_sig):
        _plot_series(ax, sigmas, vs_s[n], OKABE_ITO[k + 3], MARKERS[k + 3], f"n = {n}")
    ax.set_xlabel("data variance σ² (units of x²)")
    ax.set_ylabel("complexity reduction R̂_B − R̂*_B\n(units of w·x)")
    ax.set_title("(b) versus σ², for three sample sizes n")
    ax.add_artist(ax.legend(loc="upper left", title="colour: sample size", frameon=True))
    handles = [
        Line2D([], [], color="0.2", marker="o", linestyle="-", label="estimated reduction (surrogate x̃), mean over samples"),
        Patch(facecolor="0.2", alpha=0.2, label="95% interval of the mean"),
        Line2D([], [], color="0.2", linestyle="--", label="bound (17), s² = variance of ‖x_i‖"),
        Line2D([], [], color="0.2", linestyle=":", label="bound with (1/n)Σ‖x_i − x̄‖² (eq. 20 algebra)"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False)
    all_pts = [p for pts in list(vs_n.values()) + list(vs_s.values()) for p in pts]
    total = sum(p["samples"] for p in all_pts)
    over1 = sum(p["exceeds_norm_variance_bound"] for p in all_pts)
    over2 = sum(p["exceeds_total_variance_bound"] for p in all_pts)
    caption = (
        "Linear class {x ↦ w·x : ‖w‖₂ ≤ Λ} with Λ = 2 and the surrogate mixup sample "
        "x̃_i = λx_i + (1−λ)x̄ at λ = ½, so the paper's constant Λ|1−λ| is 1; data x_i ~ N(0, σ²) in d = 1. "
        f"Each point averages {samples} independent samples B; the band is the 95% t-interval of that mean. "
        "Per sample, R̂_B(H) − R̂_B(H on x̃) is computed exactly for n ≤ 14 and otherwise from "
        f"{draws} Monte-Carlo sign vectors shared by both samples (99% interval for the difference). "
        "Dashed: the printed bound (17) with s² the sample variance of ‖x_i‖; dotted: the same with "
        "(1/n)Σ‖x_i − x̄‖², the quantity the algebra of eq. (20) produces. "
        f"Of the {total} samples drawn, {over1} exceed the dashed bound and {over2} the dotted one with "
        "certainty at the 99% level (the whole Monte-Carlo interval lies above the bound)."
    )
    data = {
        "setup": {**FIG1_SETUP, "draws": draws, "samples_per_point": samples, "exact_up_to_n": EXACT_UP_TO},
        "versus_n": {f"{s:g}": vs_n[s] for s in sig_for_n},
        "versus_sigma2": {str(n): vs_s[n] for n in n_for_sig},
        "samples_total": total,
        "samples_exceeding_bound_17": over1,
        "samples_exceeding_total_variance_bound": over2,
    }
    return fig, data, caption


# ---------------------------------------------------------------------------------------
# Fig. 2: networks, reduction versus n and outlier noise
# ---------------------------------------------------------------------------------------


def _fig2_sample(eng, n: int, noise: float, rng: np.random.Generator) -> dict:
    st = FIG2_SETUP
    mu = np.array([1.0, 0.0])
    eps = rng.normal(0.0, st["bulk_noise"], size=(n, 2))
    eps[0] = rng.normal(0.0, noise, size=2) if noise > 0 else eps[0]
    X = mu + eps
    lam, depth, W = st["lam"], st["depth"], st["frobenius_product"]
    before = float(eng.network_norm_bound(X, depth, W))
    after = float(eng.network_norm_bound(eng.surrogate_sample(X, lam), depth, W))
    const = (1 - lam) * 2 ** (depth + 0.5) * W / math.sqrt(n)
    return {
        "reduction": before - after,
        "bound_population_noise": const * float(np.max(np.linalg.norm(eps, axis=1))),
        "bound_sample_noise": const * float(np.max(np.linalg.norm(X - X.mean(axis=0), axis=1))),
    }


def _fig2_point(eng, n: int, noise: float, rng: np.random.Generator, samples: int) -> dict:
    per = [_fig2_sample(eng, n, noise, rng) for _ in range(samples)]
    red, lo, hi = _mean_ci([p["reduction"] for p in per])
    return {
        "n": n, "noise": noise, "samples": samples, "reduction": red, "low": lo, "high": hi,
        "bound_population_noise": float(np.mean([p["bound_population_noise"] for p in per])),
        "bound_sample_noise": float(np.mean([p["bound_sample_noise"] for p in per])),
        "exceeds_bound": sum(p["reduction"] > p["bound_population_noise"] for p in per),
    }


def _build_fig2(ctx: dict):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    eng = _engine()
    rng = np.random.default_rng(_seed_for(ctx["seed"], "fig2"))
    samples = _SAMPLES.get(ctx["profile"], 16)
    ns = [10, 20, 50, 100, 200, 500, 1000, 2000]
    noise_for_n = [0.0, 1.0, 4.0]
    noises = [0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0]
    n_for_noise = [20, 100, 1000]
    vs_n = {s: [_fig2_point(eng, n, s, rng, samples) for n in ns] for s in noise_for_n}
    vs_s = {n: [_fig2_point(eng, n, s, rng, samples) for s in noises] for n in n_for_noise}

    fig = _new_figure(10.5, 4.5)
    axes = fig.subplots(1, 2)
    bounds = ("bound_population_noise",)
    for k, s in enumerate(noise_for_n):
        _plot_series(axes[0], ns, vs_n[s], OKABE_ITO[k], MARKERS[k], f"s = {s:g}", bounds=bounds)
    axes[0].set_xscale("log")
    axes[0].set_yscale("log")
    axes[0].set_xlabel("sample size n (points, log scale)")
    axes[0].set_ylabel("reduction of the eq. (23) value\n(units of ‖x‖, log scale)")
    axes[0].set_title("(a) versus n, one outlier of noise scale s")
    axes[0].add_artist(axes[0].legend(loc="lower left", title="colour: outlier noise", frameon=True))
    for k, n in enumerate(n_for_noise):
        _plot_series(axes[1], noises, vs_s[n], OKABE_ITO[k + 3], MARKERS[k + 3], f"n = {n}", bounds=bounds)
    axes[1].set_xlabel("outlier noise scale s (units of x)")
    axes[1].set_ylabel("reduction of the eq. (23) value\n(units of ‖x‖)")
    axes[1].set_title("(b) versus outlier noise, three sample sizes n")
    axes[1].add_artist(axes[1].legend(loc="upper left", title="colour: sample size", frameon=True))
    handles = [
        Line2D([], [], color="0.2", marker="o", linestyle="-", label="max R̂_B − max R̂*_B (eq. 23 on x minus on x̃), mean"),
        Patch(facecolor="0.2", alpha=0.2, label="95% interval of the mean"),
        Line2D([], [], color="0.2", linestyle="--", label="Theorem 3 bound (C/√n)·max‖ε_i‖, ε_i = x_i − μ"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False)
    st = FIG2_SETUP
    all_pts = [p for pts in list(vs_n.values()) + list(vs_s.values()) for p in pts]
    total = sum(p["samples"] for p in all_pts)
    over = sum(p["exceeds_bound"] for p in all_pts)
    caption = (
        "The norm-based network bound of eq. (23), 2^(L+½)·W_L·max‖x_i‖/√n with "
        f"L = {st['depth']} and W_L = {st['frobenius_product']:g}, on the sample and on the surrogate mixup "
        f"sample x̃_i = λx_i + (1−λ)x̄ at λ = {st['lam']:g}; the solid line is their difference, the quantity "
        "Theorem 3 bounds (the paper's 'max R̂_B − max R̂*_B'). Data: x_i = μ + ε_i with μ = (1, 0), "
        f"ε_i ~ N(0, {st['bulk_noise']:g}² I₂), except one outlier with ε ~ N(0, s² I₂). Each point averages "
        f"{samples} samples (band: 95% t-interval of the mean). Dashed: the Theorem 3 bound with "
        "C = (1−λ)·2^(L+½)·W_L and the population noise ε_i = x_i − μ. "
        f"Of the {total} samples, {over} have a reduction above that bound (exact arithmetic on the "
        "sample; no Monte Carlo)."
    )
    data = {
        "setup": {**st, "samples_per_point": samples},
        "versus_n": {f"{s:g}": vs_n[s] for s in noise_for_n},
        "versus_noise": {str(n): vs_s[n] for n in n_for_noise},
        "samples_total": total,
        "samples_exceeding_bound": over,
    }
    return fig, data, caption


# ---------------------------------------------------------------------------------------
# Section 6: Beta(α, α) densities and moments
# ---------------------------------------------------------------------------------------


def beta_quantities(alpha: float) -> dict:
    """Exact E[λ], Var(λ), E[λ²], E|λ−½| and E[λ²+(1−λ)²] for λ ~ Beta(α, α).

    Var(λ) = 1/(4(2α+1)) and E[λ] = ½ (the standard Beta moments); E[λ²] = Var + ¼;
    E|λ−½| = P(Beta(α+1, α) > ½) − ½ (from E[λ·1{λ>½}] = ½·P(Beta(α+1, α) > ½), by symmetry);
    E[λ²+(1−λ)²] = 2E[λ²] (λ and 1−λ have the same law).
    """
    from scipy.special import betainc

    a = float(alpha)
    var = 1.0 / (4.0 * (2.0 * a + 1.0))
    e2 = var + 0.25
    sf_half = 1.0 - float(betainc(a + 1.0, a, 0.5))  # P(Beta(a+1, a) > 1/2)
    return {
        "alpha": a,
        "mean": 0.5,
        "var": var,
        "second_moment": e2,
        "abs_dev_half": sf_half - 0.5,
        "mix_factor": 2.0 * e2,
    }


def _build_beta(ctx: dict):
    from scipy import stats

    rng = np.random.default_rng(_seed_for(ctx["seed"], "beta"))
    mc = _BETA_MC.get(ctx["profile"], 100_000)
    fig = _new_figure(10.5, 4.2)
    axes = fig.subplots(1, 2)
    ax = axes[0]
    lam = np.linspace(0.0005, 0.9995, 2000)
    alphas = [0.1, 0.2, 0.4, 1.0, 2.0, 4.0]
    styles = ["-", "--", "-.", ":", (0, (5, 1.5, 1, 1.5)), (0, (1, 1))]
    for k, a in enumerate(alphas):
        ax.plot(lam, stats.beta.pdf(lam, a, a), color=OKABE_ITO[k], linestyle=styles[k], label=f"α = {a:g}")
    ax.set_ylim(0, 3.2)
    ax.set_xlim(0, 1)
    ax.set_xlabel("mixing weight λ (dimensionless)")
    ax.set_ylabel("density of Beta(α, α) (per unit λ)")
    ax.set_title("(a) Beta(α, α) densities: α < 1 puts mass near 0 and 1")
    ax.legend(loc="upper center", ncol=3, frameon=True)

    ax = axes[1]
    grid = np.geomspace(0.01, 100, 200)
    q = [beta_quantities(a) for a in grid]
    curves = [
        ("mean", "E[λ]", "-"),
        ("second_moment", "E[λ²]", "--"),
        ("abs_dev_half", "E|λ − ½|", "-."),
        ("var", "Var(λ) = 1/(4(2α+1))", ":"),
    ]
    for k, (key, label, ls) in enumerate(curves):
        ax.plot(grid, [d[key] for d in q], color=OKABE_ITO[k], linestyle=ls, label=label + " (exact)")
    # Monte-Carlo check at the α values of Table 1 (independent of the closed forms).
    table_alphas = [0.1, 0.2, 0.4, 0.8, 1.0, 2.0, 4.0]
    z = 2.5758293035489  # 99% two-sided normal quantile (CLT interval; λ ∈ [0, 1] is bounded)
    mc_rows = []
    for a in table_alphas:
        draws = rng.beta(a, a, size=mc)
        row = {"alpha": a, "draws": mc, "level": 0.99}
        for key, vals in (
            ("mean", draws),
            ("second_moment", draws**2),
            ("abs_dev_half", np.abs(draws - 0.5)),
            ("var", (draws - 0.5) ** 2),  # E[(λ − ½)²] = Var(λ), since E[λ] = ½
        ):
            m, se = float(vals.mean()), float(vals.std(ddof=1) / math.sqrt(mc))
            row[key] = {"estimate": m, "low": m - z * se, "high": m + z * se}
        mc_rows.append(row)
    for k, (key, _label, _ls) in enumerate(curves):
        est = np.array([r[key]["estimate"] for r in mc_rows])
        err = np.array([[r[key]["estimate"] - r[key]["low"] for r in mc_rows], [r[key]["high"] - r[key]["estimate"] for r in mc_rows]])
        ax.errorbar(table_alphas, est, yerr=err, fmt=MARKERS[k], color=OKABE_ITO[k], markersize=4, capsize=2, linestyle="none")
    ax.set_xscale("log")
    ax.set_xlabel("Beta parameter α (dimensionless, log scale)")
    ax.set_ylabel("value (dimensionless)")
    ax.set_ylim(-0.02, 0.86)
    ax.set_title("(b) Section 6 quantities versus α")
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color="0.3", marker="o", linestyle="none", label=f"Monte Carlo, {mc:,} draws, 99% CI"))
    ax.legend(handles=handles, loc="upper center", ncol=2, frameon=True, fontsize=8)
    caption = (
        "Left: the Beta(α, α) density of the mixing weight λ; for α < 1 it piles up near 0 and 1, "
        "for α > 1 near ½. Right: E[λ] = ½ for every α, Var(λ) = 1/(4(2α+1)) (the paper's formula), "
        "E[λ²] = Var(λ) + ¼ and E|λ − ½| (how far λ typically is from ½; it tends to ½ as α → 0), exact "
        f"curves, with Monte-Carlo estimates ({mc:,} draws each, 99% CLT intervals) at the α values of Table 1."
    )
    data = {"exact": [beta_quantities(a) for a in table_alphas], "monte_carlo": mc_rows, "densities_alpha": alphas}
    return fig, data, caption


# ---------------------------------------------------------------------------------------
# Theorem 4: variance factors
# ---------------------------------------------------------------------------------------


def _build_thm4(ctx: dict):
    rng = np.random.default_rng(_seed_for(ctx["seed"], "thm4"))
    mc = _BETA_MC.get(ctx["profile"], 100_000)
    z = 2.5758293035489
    fig = _new_figure(10.5, 4.2)
    axes = fig.subplots(1, 2)
    ax = axes[0]
    lam = np.linspace(0, 1, 401)
    ax.plot(lam, lam**2, color=OKABE_ITO[0], linestyle="-", label="λ²: surrogate λx + (1−λ)E[x] (eq. 33)")
    ax.plot(lam, lam**2 + (1 - lam) ** 2, color=OKABE_ITO[1], linestyle="--", label="λ² + (1−λ)²: random partner x_j")
    ax.axhline(1.0, color="0.35", linestyle=":", linewidth=1.2, label="1: no mixup")
    # Monte-Carlo check: Var(x̃)/Var(x) for x ~ N(0, 1) at a few λ.
    lam_pts = [0.1, 0.3, 0.5, 0.7, 0.9]
    fixed_rows = []
    for k_l, l in enumerate(lam_pts):
        x = rng.standard_normal(mc)
        xj = rng.standard_normal(mc)
        for name, vals in (("surrogate", (l * x) ** 2), ("random_partner", (l * x + (1 - l) * xj) ** 2)):
            m, se = float(vals.mean()), float(vals.std(ddof=1) / math.sqrt(mc))
            fixed_rows.append({"lam": l, "kind": name, "estimate": m, "low": m - z * se, "high": m + z * se})
    for kind, col, mk in (("surrogate", OKABE_ITO[0], "o"), ("random_partner", OKABE_ITO[1], "s")):
        rows = [r for r in fixed_rows if r["kind"] == kind]
        ax.errorbar([r["lam"] for r in rows], [r["estimate"] for r in rows],
                    yerr=[[r["estimate"] - r["low"] for r in rows], [r["high"] - r["estimate"] for r in rows]],
                    fmt=mk, color=col, capsize=2, linestyle="none")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.08)
    ax.set_xlabel("fixed mixing weight λ (dimensionless)")
    ax.set_ylabel("variance factor Var(x̃) / Var(x)\n(dimensionless)")
    ax.set_title("(a) fixed λ")
    from matplotlib.lines import Line2D

    mc_handle = Line2D([], [], color="0.3", marker="o", linestyle="none", label=f"Monte Carlo, {mc:,} draws, 99% CI")
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(handles=handles + [mc_handle], loc="upper center", bbox_to_anchor=(0.5, 0.94), frameon=True)

    ax = axes[1]
    grid = np.geomspace(0.01, 100, 200)
    e2 = np.array([beta_quantities(a)["second_moment"] for a in grid])
    ax.plot(grid, e2, color=OKABE_ITO[0], linestyle="-", label="E[λ²]: surrogate, λ ~ Beta(α, α)")
    ax.plot(grid, 2 * e2, color=OKABE_ITO[1], linestyle="--", label="E[λ² + (1−λ)²]: random partner")
    ax.axhline(1.0, color="0.35", linestyle=":", linewidth=1.2, label="1: no mixup")
    alpha_pts = [0.1, 0.4, 1.0, 4.0]
    random_rows = []
    for a in alpha_pts:
        l = rng.beta(a, a, size=mc)
        x = rng.standard_normal(mc)
        xj = rng.standard_normal(mc)
        for name, vals in (("surrogate", (l * x) ** 2), ("random_partner", (l * x + (1 - l) * xj) ** 2)):
            m, se = float(vals.mean()), float(vals.std(ddof=1) / math.sqrt(mc))
            random_rows.append({"alpha": a, "kind": name, "estimate": m, "low": m - z * se, "high": m + z * se})
    for kind, col, mk in (("surrogate", OKABE_ITO[0], "o"), ("random_partner", OKABE_ITO[1], "s")):
        rows = [r for r in random_rows if r["kind"] == kind]
        ax.errorbar([r["alpha"] for r in rows], [r["estimate"] for r in rows],
                    yerr=[[r["estimate"] - r["low"] for r in rows], [r["high"] - r["estimate"] for r in rows]],
                    fmt=mk, color=col, capsize=2, linestyle="none")
    ax.set_xscale("log")
    ax.set_ylim(0, 1.08)
    ax.set_xlabel("Beta parameter α (dimensionless, log scale)")
    ax.set_ylabel("expected variance factor\n(dimensionless)")
    ax.set_title("(b) λ ~ Beta(α, α), independent of x")
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(handles=handles + [mc_handle], loc="lower left", frameon=True)
    caption = (
        "Eq. (33). The factor by which mixup multiplies Var(x) (the Hessian ∇∇ψ of an exponential "
        "family): λ² for the paper's surrogate x̃ = λx + (1−λ)E[x], but λ² + (1−λ)² ≥ ½ when the partner x_j is "
        "a random draw, as in mixup training. Right: the same with λ ~ Beta(α, α) (law of total variance; the "
        "conditional mean is E[x] for every λ). Markers: Monte Carlo with x, x_j ~ N(0, 1), "
        f"{mc:,} draws each, 99% CLT intervals."
    )
    data = {"fixed_lambda_mc": fixed_rows, "random_lambda_mc": random_rows,
            "random_lambda_exact": [{"alpha": a, "surrogate": beta_quantities(a)["second_moment"],
                                     "random_partner": beta_quantities(a)["mix_factor"]} for a in alpha_pts]}
    return fig, data, caption


# ---------------------------------------------------------------------------------------
# Table 1 / Fig. 3: experiment results beside the paper's numbers
# ---------------------------------------------------------------------------------------


def _display_path(path) -> str:
    """``path`` relative to the working directory when it lies under it (shorter, and the same on
    every checkout), else as given."""
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _fmt_cell(ser: dict | None, a: float, scale: float = 1.0) -> str:
    if not ser or a not in ser.get("alphas", []):
        return "—"
    i = ser["alphas"].index(a)
    sd = ser["sd"][i]
    return f"{scale * ser['mean'][i]:.3f}" + ("" if sd is None else f" ± {scale * sd:.3f}")


_GAP_STYLES = {"gap_clean": ("-", "o"), "gap_mixed": ("-.", "s")}


def _build_table1(ctx: dict):
    from matplotlib.lines import Line2D

    from . import experiments_bridge as bridge

    root = ctx.get("results_dir")
    paper = bridge.paper_table1()
    if paper is None:
        raise FigureUnavailable("the paper's Table 1 values (experiments.paper_values) are not installed")
    sweeps = bridge.recorded_sweeps(root)
    if not sweeps:
        table = {"columns": ["dataset"] + [f"α = {a:g}" for a in paper["alphas"]],
                 "rows": [[f"paper, Table 1: {ds}"] + [f"{v:g}" for v in vals] for ds, vals in paper["gaps"].items()]}
        table["rows"].append(["ours"] + ["not recorded"] * len(paper["alphas"]))
        where = f"under {_display_path(root)}/<dataset>" if root else "(the experiments package is not installed)"
        raise FigureUnavailable(f"no recorded α-sweep results {where}; `mixcheck sweep --out DIR` records them",
                                data={"paper": paper, "table": table})
    fig = _new_figure(10.5, 4.6)
    axes = fig.subplots(1, 2)
    ax = axes[0]
    for k, (ds, ours) in enumerate(sweeps.items()):
        col = OKABE_ITO[k % len(OKABE_ITO)]
        row = ours.get("paper_row")
        if row in paper["gaps"]:
            ax.plot(paper["alphas"], paper["gaps"][row], color=col, linestyle="--", marker=MARKERS[k],
                    markerfacecolor="white", linewidth=1.2, label=f"{ds}: paper, Table 1")
        for name, (ls, mk) in _GAP_STYLES.items():
            ser = ours["gaps"].get(name)
            if not ser or not ser["alphas"]:
                continue
            pos = [i for i, a in enumerate(ser["alphas"]) if a > 0]
            ax.errorbar([ser["alphas"][i] for i in pos], [ser["mean"][i] for i in pos],
                        yerr=[ser["sd"][i] or 0.0 for i in pos], color=col, linestyle=ls, marker=mk, capsize=2,
                        label=f"{ds}: ours, {ours['readings'].get(name, name)}")
            if 0.0 in ser["alphas"]:
                ax.axhline(ser["mean"][ser["alphas"].index(0.0)], color=col, linestyle=":", linewidth=1.0)
    ax.set_xscale("log")
    ax.set_xlabel("Beta parameter α (dimensionless, log scale)")
    ax.set_ylabel("generalization gap\n(cross-entropy, nats per example)")
    ax.set_title("(a) Table 1: train–test loss gap versus α")
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color="0.3", linestyle=":", label="ours at α = 0 (no mixup)"))
    ax.legend(handles=handles, loc="upper left", frameon=True, fontsize=7)
    ax = axes[1]
    acc_scale = {}
    for k, (ds, ours) in enumerate(sweeps.items()):
        acc = ours.get("accuracy") or {}
        if not acc.get("alphas"):
            continue
        col = OKABE_ITO[k % len(OKABE_ITO)]
        scale = acc_scale[ds] = 100.0 if max(acc["mean"]) <= 1.0 else 1.0
        pos = [i for i, a in enumerate(acc["alphas"]) if a > 0]
        ax.errorbar([acc["alphas"][i] for i in pos], [scale * acc["mean"][i] for i in pos],
                    yerr=[scale * (acc["sd"][i] or 0.0) for i in pos], color=col, marker="D", capsize=2,
                    label=f"{ds}: ours, mean ± sd")
        if 0.0 in acc["alphas"]:
            ax.axhline(scale * acc["mean"][acc["alphas"].index(0.0)], color=col, linestyle=":", linewidth=1.0,
                       label=f"{ds}: ours at α = 0 (no mixup)")
    if acc_scale:
        ax.set_xscale("log")
        ax.legend(loc="lower left", frameon=True, fontsize=7.5)
    else:
        ax.text(0.5, 0.5, "no test accuracy recorded", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("Beta parameter α (dimensionless, log scale)")
    ax.set_ylabel("test accuracy (%)")
    ax.set_title("(b) Fig. 3: test accuracy versus α")
    trend_txt = []
    for ds, ours in sweeps.items():
        for name, t in ours.get("trends", {}).items():
            if name in _GAP_STYLES and t.get("rho") is not None and t.get("ci_low") is not None:
                trend_txt.append(f"{ds} {name}: ρ = {t['rho']:.2f} [{t['ci_low']:.2f}, {t['ci_high']:.2f}]")
        t = ours.get("accuracy_trend") or {}
        if t.get("rho") is not None and t.get("ci_low") is not None:
            trend_txt.append(f"{ds} test accuracy: ρ = {t['rho']:.2f} [{t['ci_low']:.2f}, {t['ci_high']:.2f}]")
    runs = "; ".join(
        f"{ds}: {o['runs']} finished runs, preset {o.get('protocol', {}).get('preset', '?')}, "
        f"{o.get('protocol', {}).get('epochs', '?')} epochs" for ds, o in sweeps.items())
    caption = (
        f"Table 1 and Fig. 3 beside our recorded α-sweeps ({runs}). Dashed with open markers: the paper's "
        "Table 1 row; solid and dash-dot: our gap with the train loss measured on clean training images and on "
        "the mixed batches (the paper does not say which it used), mean ± sd over seeds; dotted: our α = 0 "
        "baseline. The paper prints no numbers for Fig. 3 (its claim: higher test performance for small α). "
        + (f"Trend across α (Spearman ρ, 95% bootstrap interval over seeds): {'; '.join(trend_txt)}." if trend_txt else "")
    )
    table = {"columns": ["dataset", "α", "paper, Table 1"] + [f"ours: {n}" for n in _GAP_STYLES] + ["ours: test accuracy (%)"],
             "rows": []}
    for ds, ours in sweeps.items():
        row = ours.get("paper_row")
        alphas = sorted(set(paper["alphas"] if row else []) | {a for n in _GAP_STYLES for a in ours["gaps"].get(n, {}).get("alphas", [])})
        for a in alphas:
            p = paper["gaps"][row][paper["alphas"].index(a)] if row and a in paper["alphas"] else None
            table["rows"].append([ds, f"{a:g}" + (" (no mixup)" if a == 0 else ""), "—" if p is None else f"{p:g}"]
                                 + [_fmt_cell(ours["gaps"].get(n), a) for n in _GAP_STYLES]
                                 + [_fmt_cell(ours.get("accuracy"), a, acc_scale.get(ds, 1.0))])
    data = {"paper": paper, "ours": sweeps, "table": table, "results_root": str(root)}
    return fig, data, caption


FIGURES: list[FigureSpec] = [
    FigureSpec("fig1", "Fig. 1 reproduced: linear class, reduction versus n and σ²",
               ("fig1", "thm2", "eq18", "eq19", "eq20", "intro.linear"), _build_fig1, 1),
    FigureSpec("fig2", "Fig. 2 reproduced: networks, reduction versus n and outlier noise",
               ("fig2", "thm3", "eq23", "eq24", "intro.network"), _build_fig2, 2),
    FigureSpec("beta", "Section 6: Beta(α, α) densities and moments versus α",
               ("sec6",), _build_beta, 3),
    FigureSpec("thm4", "Theorem 4: variance factors versus λ and α",
               ("thm4", "eq30", "eq31", "eq32", "eq33", "intro.bias-variance", "intro.geometry"), _build_thm4, 4),
    FigureSpec("table1", "Table 1 / Fig. 3: generalization gap and accuracy versus α, paper and ours",
               ("table1", "fig3"), _build_table1, 5),
]


def _matches(claim_id: str, prefix: str) -> bool:
    """``claim_id`` is ``prefix`` or lies under it (``prefix/…``, ``prefix.…`` or ``prefix-…``)."""
    return claim_id == prefix or any(claim_id.startswith(prefix + sep) for sep in "/.-")


def figure_specs_for(claim_ids) -> list[FigureSpec]:
    """The figures that illustrate at least one of ``claim_ids`` (all of them for None)."""
    if claim_ids is None:
        return list(FIGURES)
    ids = list(claim_ids)
    return [spec for spec in FIGURES if any(_matches(c, p) for c in ids for p in spec.claims)]


def figure_for_claim(claim_id: str, figures: list[dict]) -> list[dict]:
    """The figure records (as made by :func:`make_figures`) that illustrate ``claim_id``."""
    return [f for f in figures if any(_matches(claim_id, p) for p in f["claims"])]


def _save(fig, out_dir: Path, name: str) -> dict:
    files = {}
    for fmt in ("png", "svg"):
        buf = io.BytesIO()
        meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        fig.savefig(buf, format=fmt, metadata=meta, dpi=150 if fmt == "png" else None)
        write_bytes(out_dir / f"{name}.{fmt}", buf.getvalue())
        files[fmt] = f"figures/{name}.{fmt}"
    return files


def make_figures(out_dir: str | Path, *, seed: int = 0, profile: str = "ci", claim_ids=None,
                 results_dir: str | Path | None = None, only: list[str] | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> list[dict]:
    """Draw the figures for ``claim_ids`` (all for None) into ``out_dir/figures``.

    Returns one record per figure: ``{"id", "title", "caption", "claims", "status", "files",
    "data", "seed", "seconds"}``; ``status`` is ``"ok"`` or ``"skipped"`` (then ``"reason"``
    says why and there are no files).
    """
    import matplotlib

    out = Path(out_dir) / "figures"
    specs = figure_specs_for(claim_ids)
    if only is not None:
        specs = [s for s in specs if s.id in only]
    records = []
    for i, spec in enumerate(specs):
        if progress is not None:
            progress(spec.id, i, len(specs))
        fseed = _seed_for(seed, spec.id)
        rec = {"id": spec.id, "title": spec.title, "claims": list(spec.claims), "seed": fseed}
        t0 = time.perf_counter()
        ctx = {"seed": seed, "profile": profile, "results_dir": results_dir}
        try:
            with matplotlib.rc_context(_rc()):
                fig, data, caption = spec.build(ctx)
                rec.update(status="ok", caption=caption, files=_save(fig, out, spec.id), data=data)
        except FigureUnavailable as exc:
            rec.update(status="skipped", reason=str(exc), caption="", files={}, data=exc.data)
        rec["seconds"] = time.perf_counter() - t0
        records.append(rec)
    return records
