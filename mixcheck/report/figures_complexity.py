"""Fig. 1 and Fig. 2 of the paper reproduced: the complexity reduction by mixup versus n and σ²
(linear class, Theorem 2, eq. 17) and versus n and outlier noise (networks, Theorem 3, eq.
22-23). The numbers are computed by the claims they illustrate (:data:`FIG1_CLAIM`,
:data:`FIG2_CLAIM`, in :mod:`mixcheck.paper.sec4_linear.fig1` and
:mod:`mixcheck.paper.sec5_network.fig2`); this module only draws them."""

from __future__ import annotations

import numpy as np

from ._figcommon import MARKERS, OKABE_ITO, _new_figure, claim_figure_data

#: The claims whose checks compute these figures' numbers (``evidence["figure_data"]``).
FIG1_CLAIM = "fig1/surrogate-n-trend"
FIG2_CLAIM = "fig2/bound-trend"


def _series(data: dict, key: str, cast) -> dict:
    """The series of one panel by their label (the JSON key cast back to a number)."""
    return {cast(k): v for k, v in data[key].items()}


def _plot_series(ax, xs, pts, color, marker, label, key_lo="low", key_hi="high",
                 bounds=("bound_norm_variance", "bound_total_variance")):
    xs = np.asarray(xs, dtype=float)
    ax.fill_between(xs, [p[key_lo] for p in pts], [p[key_hi] for p in pts], color=color, alpha=0.2, linewidth=0)
    ax.plot(xs, [p["reduction"] for p in pts], color=color, marker=marker, linestyle="-", label=label)
    for key, ls, lw in zip(bounds, ("--", ":"), (1.3, 1.6)):
        ax.plot(xs, [p[key] for p in pts], color=color, linestyle=ls, linewidth=lw)


def _trend_panel(ax, xs, series: dict, label: str, first_colour: int, *, xlabel: str, ylabel: str, title: str,
                 legend: tuple[str, str], bounds=("bound_norm_variance", "bound_total_variance"),
                 log_x: int | None = None, log_y: bool = False) -> None:
    """One panel of Fig. 1 or Fig. 2: each of ``series`` (``label.format(key)``, colours from
    ``first_colour`` on) against ``xs``, its axes labelled and its colour legend at ``legend``
    (location, title); ``log_x``: the base of a logarithmic x axis."""
    for k, (key, pts) in enumerate(series.items()):
        c = first_colour + k
        _plot_series(ax, xs, pts, OKABE_ITO[c], MARKERS[c], label.format(key), bounds=bounds)
    if log_x:
        ax.set_xscale("log", base=log_x)
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.add_artist(ax.legend(loc=legend[0], title=legend[1], frameon=True))


def _build_fig1(ctx: dict):
    data = claim_figure_data(ctx, FIG1_CLAIM)
    setup = data["setup"]
    draws, samples = setup["draws"], setup["samples_per_point"]
    vs_n = _series(data, "versus_n", float)
    vs_s = _series(data, "versus_sigma2", int)
    ns = [p["n"] for p in next(iter(vs_n.values()))]
    sigmas = [p["sigma2"] for p in next(iter(vs_s.values()))]
    total = data["samples_total"]
    over1 = data["samples_exceeding_bound_17"]
    over2 = data["samples_exceeding_total_variance_bound"]
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

    def draw():
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        fig = _new_figure(10.5, 4.5)
        axes = fig.subplots(1, 2)
        _trend_panel(axes[0], ns, vs_n, "σ² = {:g}", 0, log_x=2, log_y=True,
                     xlabel="sample size n (points, log scale)",
                     ylabel="complexity reduction R̂_B − R̂*_B\n(units of w·x, log scale)",
                     title="(a) versus n, for three data variances σ²",
                     legend=("lower left", "colour: data variance"))
        _trend_panel(axes[1], sigmas, vs_s, "n = {}", 3, xlabel="data variance σ² (units of x²)",
                     ylabel="complexity reduction R̂_B − R̂*_B\n(units of w·x)",
                     title="(b) versus σ², for three sample sizes n", legend=("upper left", "colour: sample size"))
        handles = [
            Line2D([], [], color="0.2", marker="o", linestyle="-",
                   label="estimated reduction (surrogate x̃), mean over samples"),
            Patch(facecolor="0.2", alpha=0.2, label="95% interval of the mean"),
            Line2D([], [], color="0.2", linestyle="--", label="bound (17), s² = variance of ‖x_i‖"),
            Line2D([], [], color="0.2", linestyle=":", label="bound with (1/n)Σ‖x_i − x̄‖² (eq. 20 algebra)"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False)
        return fig

    return data, caption, draw


# ---------------------------------------------------------------------------------------
# Fig. 2: networks, reduction versus n and outlier noise
# ---------------------------------------------------------------------------------------


def _build_fig2(ctx: dict):
    data = claim_figure_data(ctx, FIG2_CLAIM)
    st = data["setup"]
    samples = st["samples_per_point"]
    vs_n = _series(data, "versus_n", float)
    vs_s = _series(data, "versus_noise", int)
    ns = [p["n"] for p in next(iter(vs_n.values()))]
    noises = [p["noise"] for p in next(iter(vs_s.values()))]
    total = data["samples_total"]
    over = data["samples_exceeding_bound"]
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

    def draw():
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        fig = _new_figure(10.5, 4.5)
        axes = fig.subplots(1, 2)
        bounds = ("bound_population_noise",)
        _trend_panel(axes[0], ns, vs_n, "s = {:g}", 0, bounds=bounds, log_x=10, log_y=True,
                     xlabel="sample size n (points, log scale)",
                     ylabel="reduction of the eq. (23) value\n(units of ‖x‖, log scale)",
                     title="(a) versus n, one outlier of noise scale s", legend=("lower left", "colour: outlier noise"))
        _trend_panel(axes[1], noises, vs_s, "n = {}", 3, bounds=bounds, xlabel="outlier noise scale s (units of x)",
                     ylabel="reduction of the eq. (23) value\n(units of ‖x‖)",
                     title="(b) versus outlier noise, three sample sizes n",
                     legend=("upper left", "colour: sample size"))
        handles = [
            Line2D([], [], color="0.2", marker="o", linestyle="-",
                   label="max R̂_B − max R̂*_B (eq. 23 on x minus on x̃), mean"),
            Patch(facecolor="0.2", alpha=0.2, label="95% interval of the mean"),
            Line2D([], [], color="0.2", linestyle="--",
                   label="Theorem 3 bound (C/√n)·max‖ε_i‖, ε_i = x_i − μ"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False)
        return fig

    return data, caption, draw
