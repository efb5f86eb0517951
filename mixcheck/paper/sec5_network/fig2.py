"""``fig2`` — Fig. 2: the network reduction decreases with n and grows with the outliers' noise.

Every claim registered here has an id ``fig2/…``.
"""

from __future__ import annotations

import math

import numpy as np

from mixcheck.claims._evidence import holds, inconclusive
from mixcheck.claims.registry import claim
from mixcheck.paper.sec5_network._common import FALSE_ALARM, _FIG2_TEST, _grid_claim, _l1_grid


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
def fig2_bound(ctx):
    cells, dec_n, inc_s = _grid_claim(ctx, (8, 32, 128), (1.0, 10.0, 100.0), ctx.mc(3000), "fig2", _outlier_J)
    for c in cells:
        f = 2 ** 1.5 * 0.5
        c["estimate"] *= f
        c["ci"] = [c["ci"][0] * f, c["ci"][1] * f]
    ev = dict(grid=cells, test=_FIG2_TEST, false_alarm=FALSE_ALARM, level=1 - FALSE_ALARM,
              estimate=cells[0]["estimate"], ci=cells[0]["ci"])
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
    ev = dict(grid=cells, test=_FIG2_TEST, false_alarm=FALSE_ALARM, level=1 - FALSE_ALARM,
              estimate=cells[0]["estimate"], ci=cells[0]["ci"])
    if dec_n and inc_s:
        return holds("exact L=1 reduction decreases in n and increases with the outlier scale (separated): " +
                     ", ".join(f"(n={c['n']}, s={c['noise_scale']:g}): {c['estimate']:.3f}" for c in cells), **ev)
    return inconclusive(f"decreasing in n: {dec_n}, increasing in s: {inc_s}", reason="not all separated",
                        settle="more draws", **ev)
