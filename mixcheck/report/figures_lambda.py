"""Figures of the mixing weight λ: Section 6's Beta(α, α) densities and moments, and Theorem
4's variance factors (eq. 33) versus λ and α. The numbers are computed by the claims they
illustrate (:data:`BETA_CLAIM`, :data:`THM4_CLAIM`); this module only draws them."""

from __future__ import annotations

import numpy as np

from mixcheck.paper.sec6_lambda.beta_moments import beta_quantities

from ._figcommon import MARKERS, OKABE_ITO, _new_figure, claim_figure_data

#: The claims whose checks compute these figures' numbers (``evidence["figure_data"]``).
BETA_CLAIM = "sec6.beta-moments/variance"
THM4_CLAIM = "thm4/surrogate-variance-reading"

# ---------------------------------------------------------------------------------------
# Section 6: Beta(α, α) densities and moments
# ---------------------------------------------------------------------------------------

_BETA_CURVES = [
    ("mean", "E[λ]", "-"),
    ("second_moment", "E[λ²]", "--"),
    ("abs_dev_half", "E|λ − ½|", "-."),
    ("var", "Var(λ) = 1/(4(2α+1))", ":"),
]


def _build_beta(ctx: dict):
    data = claim_figure_data(ctx, BETA_CLAIM)
    mc_rows = data["monte_carlo"]
    mc = mc_rows[0]["draws"]
    alphas = data["densities_alpha"]
    table_alphas = [r["alpha"] for r in mc_rows]
    caption = (
        "Left: the Beta(α, α) density of the mixing weight λ; for α < 1 it piles up near 0 and 1, "
        "for α > 1 near ½. Right: E[λ] = ½ for every α, Var(λ) = 1/(4(2α+1)) (the paper's formula), "
        "E[λ²] = Var(λ) + ¼ and E|λ − ½| (how far λ typically is from ½; it tends to ½ as α → 0), exact "
        f"curves, with Monte-Carlo estimates ({mc:,} draws each, 99% CLT intervals) at the α values of Table 1."
    )

    def draw():
        from matplotlib.lines import Line2D
        from scipy import stats

        fig = _new_figure(10.5, 4.2)
        axes = fig.subplots(1, 2)
        ax = axes[0]
        lam = np.linspace(0.0005, 0.9995, 600)
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
        grid = np.geomspace(0.01, 100, 120)
        q = [beta_quantities(a) for a in grid]
        for k, (key, label, ls) in enumerate(_BETA_CURVES):
            ax.plot(grid, [d[key] for d in q], color=OKABE_ITO[k], linestyle=ls, label=label + " (exact)")
        for k, (key, _label, _ls) in enumerate(_BETA_CURVES):
            est = np.array([r[key]["estimate"] for r in mc_rows])
            err = np.array([[r[key]["estimate"] - r[key]["low"] for r in mc_rows],
                            [r[key]["high"] - r[key]["estimate"] for r in mc_rows]])
            ax.errorbar(table_alphas, est, yerr=err, fmt=MARKERS[k], color=OKABE_ITO[k], markersize=4, capsize=2,
                        linestyle="none")
        ax.set_xscale("log")
        ax.set_xlabel("Beta parameter α (dimensionless, log scale)")
        ax.set_ylabel("value (dimensionless)")
        ax.set_ylim(-0.02, 0.86)
        ax.set_title("(b) Section 6 quantities versus α")
        handles, _labels = ax.get_legend_handles_labels()
        handles.append(Line2D([], [], color="0.3", marker="o", linestyle="none",
                              label=f"Monte Carlo, {mc:,} draws, 99% CI"))
        ax.legend(handles=handles, loc="upper center", ncol=2, frameon=True, fontsize=8)
        return fig

    return data, caption, draw


# ---------------------------------------------------------------------------------------
# Theorem 4: variance factors
# ---------------------------------------------------------------------------------------


def _errorbars(ax, rows, key):
    for kind, col, mk in (("surrogate", OKABE_ITO[0], "o"), ("random_partner", OKABE_ITO[1], "s")):
        rs = [r for r in rows if r["kind"] == kind]
        ax.errorbar([r[key] for r in rs], [r["estimate"] for r in rs],
                    yerr=[[r["estimate"] - r["low"] for r in rs], [r["high"] - r["estimate"] for r in rs]],
                    fmt=mk, color=col, capsize=2, linestyle="none")


def _build_thm4(ctx: dict):
    data = claim_figure_data(ctx, THM4_CLAIM)
    mc = data["draws"]
    fixed_rows, random_rows = data["fixed_lambda_mc"], data["random_lambda_mc"]
    caption = (
        "Eq. (33). The factor by which mixup multiplies Var(x) (the Hessian ∇∇ψ of an exponential "
        "family): λ² for the paper's surrogate x̃ = λx + (1−λ)E[x], but λ² + (1−λ)² ≥ ½ when the partner x_j is "
        "a random draw, as in mixup training. Right: the same with λ ~ Beta(α, α) (law of total variance; the "
        "conditional mean is E[x] for every λ). Markers: Monte Carlo with x, x_j ~ N(0, 1), "
        f"{mc:,} draws each, 99% CLT intervals."
    )

    def draw():
        from matplotlib.lines import Line2D

        fig = _new_figure(10.5, 4.2)
        axes = fig.subplots(1, 2)
        mc_handle = Line2D([], [], color="0.3", marker="o", linestyle="none",
                           label=f"Monte Carlo, {mc:,} draws, 99% CI")
        ax = axes[0]
        lam = np.linspace(0, 1, 201)
        ax.plot(lam, lam**2, color=OKABE_ITO[0], linestyle="-", label="λ²: surrogate λx + (1−λ)E[x] (eq. 33)")
        ax.plot(lam, lam**2 + (1 - lam) ** 2, color=OKABE_ITO[1], linestyle="--",
                label="λ² + (1−λ)²: random partner x_j")
        ax.axhline(1.0, color="0.35", linestyle=":", linewidth=1.2, label="1: no mixup")
        _errorbars(ax, fixed_rows, "lam")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.08)
        ax.set_xlabel("fixed mixing weight λ (dimensionless)")
        ax.set_ylabel("variance factor Var(x̃) / Var(x)\n(dimensionless)")
        ax.set_title("(a) fixed λ")
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(handles=handles + [mc_handle], loc="upper center", bbox_to_anchor=(0.5, 0.94), frameon=True)
        ax = axes[1]
        grid = np.geomspace(0.01, 100, 120)
        e2 = np.array([beta_quantities(a)["second_moment"] for a in grid])
        ax.plot(grid, e2, color=OKABE_ITO[0], linestyle="-", label="E[λ²]: surrogate, λ ~ Beta(α, α)")
        ax.plot(grid, 2 * e2, color=OKABE_ITO[1], linestyle="--", label="E[λ² + (1−λ)²]: random partner")
        ax.axhline(1.0, color="0.35", linestyle=":", linewidth=1.2, label="1: no mixup")
        _errorbars(ax, random_rows, "alpha")
        ax.set_xscale("log")
        ax.set_ylim(0, 1.08)
        ax.set_xlabel("Beta parameter α (dimensionless, log scale)")
        ax.set_ylabel("expected variance factor\n(dimensionless)")
        ax.set_title("(b) λ ~ Beta(α, α), independent of x")
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(handles=handles + [mc_handle], loc="lower left", frameon=True)
        return fig

    return data, caption, draw
