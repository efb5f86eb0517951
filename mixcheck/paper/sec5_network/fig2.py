"""``fig2`` — Fig. 2: the network reduction decreases with n and grows with the outliers' noise.

Every claim registered here has an id ``fig2/…``.
"""

from __future__ import annotations

import math

import numpy as np

from mixcheck.engine.outcomes import holds, inconclusive
from mixcheck.engine.registry import claim
from mixcheck.paper._figures import budget, figure_seed, t_interval, with_figure
from mixcheck.paper.sec5_network._common import _fig2_evidence, _grid_claim, _l1_grid


# --------------------------------------------------------------------------- the report's Fig. 2

FIG2_SETUP = {
    "data": "x_i = μ + ε_i, μ = (1, 0); ε_i ~ N(0, 0.1² I₂) except one outlier with ε ~ N(0, s² I₂)",
    "depth": 2,
    "frobenius_product": 1.0,
    "lam": 0.5,
    "bulk_noise": 0.1,
}
_FIG2_SAMPLES = {"ci": 12, "dev": 24, "thorough": 64}  # independent samples per grid point


def _fig2_sample(n, noise, rng):
    """One sample: eq. (23)'s value on x minus on the surrogate x̃, and Theorem 3's bound with the
    population noise ε_i = x_i − μ and with the sample noise x_i − x̄."""
    from mixcheck.bounds import network_norm_bound
    from mixcheck.rademacher import surrogate_sample

    st = FIG2_SETUP
    eps = rng.normal(0.0, st["bulk_noise"], size=(n, 2))
    eps[0] = rng.normal(0.0, noise, size=2) if noise > 0 else eps[0]
    X = np.array([1.0, 0.0]) + eps
    lam, depth, W = st["lam"], st["depth"], st["frobenius_product"]
    before = float(network_norm_bound(X, depth, W))
    after = float(network_norm_bound(surrogate_sample(X, lam), depth, W))
    const = (1 - lam) * 2 ** (depth + 0.5) * W / math.sqrt(n)
    return {"reduction": before - after,
            "bound_population_noise": const * float(np.max(np.linalg.norm(eps, axis=1))),
            "bound_sample_noise": const * float(np.max(np.linalg.norm(X - X.mean(axis=0), axis=1)))}


def _fig2_point(n, noise, rng, samples):
    per = [_fig2_sample(n, noise, rng) for _ in range(samples)]
    red, lo, hi = t_interval([p["reduction"] for p in per])
    return {
        "n": n, "noise": noise, "samples": samples, "reduction": red, "low": lo, "high": hi,
        "bound_population_noise": float(np.mean([p["bound_population_noise"] for p in per])),
        "bound_sample_noise": float(np.mean([p["bound_sample_noise"] for p in per])),
        "exceeds_bound": sum(p["reduction"] > p["bound_population_noise"] for p in per),
    }


def fig2_figure_data(profile: str, seed: int) -> dict:
    """The numbers of the report's Fig. 2: the reduction versus n (three outlier scales) and versus
    the outlier scale (three n); exact arithmetic on each sample, no Monte Carlo inside."""
    rng = np.random.default_rng(figure_seed(seed, "fig2"))
    samples = budget(_FIG2_SAMPLES, profile, 16)
    ns, noise_for_n = [10, 20, 50, 100, 200, 500, 1000, 2000], [0.0, 1.0, 4.0]
    noises, n_for_noise = [0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0], [20, 100, 1000]
    vs_n = {s: [_fig2_point(n, s, rng, samples) for n in ns] for s in noise_for_n}
    vs_s = {n: [_fig2_point(n, s, rng, samples) for s in noises] for n in n_for_noise}
    pts = [p for ps in list(vs_n.values()) + list(vs_s.values()) for p in ps]
    return {
        "setup": {**FIG2_SETUP, "samples_per_point": samples},
        "versus_n": {f"{s:g}": vs_n[s] for s in noise_for_n},
        "versus_noise": {str(n): vs_s[n] for n in n_for_noise},
        "samples_total": sum(p["samples"] for p in pts),
        "samples_exceeding_bound": sum(p["exceeds_bound"] for p in pts),
    }


def _outlier_J(ctx, n, scale, T, name, d=2):
    """J·√n/(2^{1.5}W(1-λ)) = max‖x_i‖ − ‖x̄‖ for inliers N(0, I_d) plus one outlier N(0, scale² I_d)."""
    rng = ctx.rng(f"{name}-{n}-{scale}")
    X = rng.standard_normal((T, n, d))
    X[:, 0, :] *= scale
    return (np.linalg.norm(X, axis=2).max(1) - np.linalg.norm(X.mean(1), axis=1)) / math.sqrt(n)


@claim("fig2/bound-trend", paper_ref="Fig. 2",
       statement="max R̂_B − max R̂*_B decreases with n and grows with the noise of the outliers",
       reading="the bound-value difference J = 2^{1.5}W(1-λ)(max‖x_i‖ − ‖x̄‖)/√n (L = 1, W = 1, λ = ½) for d = 2 "
               "inliers N(0, I) and one outlier N(0, s²I); E[J] on n ∈ {8, 32, 128} × s ∈ {1, 10, 100}",
       method="monte-carlo", expected="holds")
@with_figure(fig2_figure_data)
def fig2_bound(ctx):
    cells, dec_n, inc_s = _grid_claim(ctx, (8, 32, 128), (1.0, 10.0, 100.0), ctx.mc(3000), "fig2", _outlier_J)
    for c in cells:
        f = 2 ** 1.5 * 0.5
        c["estimate"] *= f
        c["ci"] = [c["ci"][0] * f, c["ci"][1] * f]
    ev = _fig2_evidence(cells, 0)
    if dec_n and inc_s:
        return holds("E[J] decreases in n and increases in the outlier scale, all adjacent cells separated", **ev)
    return inconclusive(f"decreasing in n: {dec_n}, increasing in s: {inc_s}", reason="not all separated",
                        settle="more draws", **ev)


@claim("fig2/L1-complexity-trend", paper_ref="Fig. 2",
       statement="the network complexity reduction decreases with n and grows with the noise of the outliers",
       reading="the actual reduction R̂(H_{1,1}, X) − R̂(H_{1,1}, X̃) (exact, d = 1, surrogate, λ = ½) for "
               "inliers N(0, 1) and one outlier N(0, s²); E on n ∈ {4, 12} × s ∈ {1, 10}",
       method="monte-carlo", expected="holds")
def fig2_l1(ctx):
    cells, dec_n, inc_s = _l1_grid(ctx)
    ev = _fig2_evidence(cells, 0)
    if dec_n and inc_s:
        return holds("exact L=1 reduction decreases in n and increases with the outlier scale (separated): " +
                     ", ".join(f"(n={c['n']}, s={c['noise_scale']:g}): {c['estimate']:.3f}" for c in cells), **ev)
    return inconclusive(f"decreasing in n: {dec_n}, increasing in s: {inc_s}", reason="not all separated",
                        settle="more draws", **ev)
