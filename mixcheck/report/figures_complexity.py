"""Fig. 1 and Fig. 2 of the paper reproduced with the Rademacher engine: the complexity
reduction by mixup versus n and σ² (linear class, Theorem 2, eq. 17) and versus n and outlier
noise (networks, Theorem 3, eq. 22-23)."""

from __future__ import annotations

import math

import numpy as np

from ._figcommon import (
    MARKERS,
    OKABE_ITO,
    _DRAWS,
    _SAMPLES,
    FigureUnavailable,
    _new_figure,
    _seed_for,
    mean_interval,
)

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
    red, lo, hi = mean_interval([p["reduction"] for p in per])
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
    if not ctx.get("draw", True):
        return None, data, caption
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

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
    red, lo, hi = mean_interval([p["reduction"] for p in per])
    return {
        "n": n, "noise": noise, "samples": samples, "reduction": red, "low": lo, "high": hi,
        "bound_population_noise": float(np.mean([p["bound_population_noise"] for p in per])),
        "bound_sample_noise": float(np.mean([p["bound_sample_noise"] for p in per])),
        "exceeds_bound": sum(p["reduction"] > p["bound_population_noise"] for p in per),
    }


def _build_fig2(ctx: dict):
    eng = _engine()
    rng = np.random.default_rng(_seed_for(ctx["seed"], "fig2"))
    samples = _SAMPLES.get(ctx["profile"], 16)
    ns = [10, 20, 50, 100, 200, 500, 1000, 2000]
    noise_for_n = [0.0, 1.0, 4.0]
    noises = [0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0]
    n_for_noise = [20, 100, 1000]
    vs_n = {s: [_fig2_point(eng, n, s, rng, samples) for n in ns] for s in noise_for_n}
    vs_s = {n: [_fig2_point(eng, n, s, rng, samples) for s in noises] for n in n_for_noise}

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
    if not ctx.get("draw", True):
        return None, data, caption
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

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
    return fig, data, caption
