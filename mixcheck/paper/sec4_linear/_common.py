"""Helpers that several statements of Section 4 share (eq18, eq19, eq20, fig1, thm2, and the introduction).
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np

from mixcheck import strategies as mst
from mixcheck.exact import frac, mean_row, mp, sign_vectors


READ_SURR = ("x̃_i = E_{x_j}[λx_i + (1-λ)x_j] = λx_i + (1-λ)x̄ with x_j uniform over the sample "
             "(the proof's own reading; eq. 20 writes x̄), fixed λ ∈ (0, 1); "
             "R̂*_B = R̂ of the sample (x̃_1, …, x̃_n)")


READ_REAL = ("real mixup: R̂*_B = E_π R̂(λx_i + (1-λ)x_{π(i)}), π a uniformly random permutation "
             "of the sample (the reference mixup implementation), fixed λ ∈ (0, 1); "
             "computed exactly over all n! permutations")


# --------------------------------------------------------------------------- helpers

def _small_samples(max_n=4, max_d=3, bound=10.0, min_n=1):
    return mst.samples(min_n=min_n, max_n=max_n, min_d=1, max_d=max_d, bound=bound)


def _sq(rows) -> Fraction:
    return sum(sum(v * v for v in r) for r in rows)


def _n_mean_sq(rows) -> Fraction:
    """n‖x̄‖₂² = Σ_i‖x̄‖₂² of fraction rows, exactly (the Σ‖E_{x_j}[x_j]‖² of eqs. 19-20)."""
    return len(rows) * sum(c * c for c in mean_row(rows))


def _sqrt(q) -> mpmath.mpf:
    return mpmath.sqrt(mp(frac(q)))


def _sum_norm2(X) -> float:
    return float(np.sum(np.asarray(X, dtype=float) ** 2))


def _lin_exact(X, Lam=1.0) -> float:
    """R̂ of the Λ-ball linear class, exact enumeration (the engine's linear_rademacher)."""
    from mixcheck.rademacher import linear_rademacher

    return linear_rademacher(np.asarray(X, dtype=float), Lam).value


# --------------------------------------------------------------------------- Theorem 2, total variance

def _tv(X) -> float:
    X = np.asarray(X, dtype=float)
    return float(np.sum((X - X.mean(0)) ** 2) / X.shape[0])


# --------------------------------------------------------------------------- Fig. 1 (trends)

def _chi_mean(k):
    """E√χ²_k = √2·Γ((k+1)/2)/Γ(k/2), 50 digits."""
    return mpmath.sqrt(2) * mpmath.gamma(mpmath.mpf(k + 1) / 2) / mpmath.gamma(mpmath.mpf(k) / 2)


FIG1_LAMBDA = 0.5


FIG1_ALPHA = 1e-3  # family-wise false-alarm level of each grid


def _sphere_reductions(ctx, n, mixup, M, name, lam=FIG1_LAMBDA):
    """Per-draw reductions diff(U) = R̂(U) − R̂*(U) (Λ = 1) for U uniform on the unit sphere of ℝⁿ (d = 1),
    and the range [lo, hi] every draw lies in. E_X[diff(X)] = E‖X‖·E_U[diff(U)] for X ~ N(0, I_n)
    (homogeneity of degree 1 and independence of ‖X‖ and X/‖X‖)."""
    rng = ctx.rng(f"{name}-{n}-{mixup}")
    exact = n <= 12
    S = sign_vectors(n).astype(float)[: 2 ** (n - 1)] if exact else None
    out = []
    chunk = max(1, min(M, 2_000_000 // (2 ** (n - 1) if exact else 256)))
    for start in range(0, M, chunk):
        m = min(chunk, M - start)
        U = rng.standard_normal((m, n))
        U /= np.linalg.norm(U, axis=1, keepdims=True)
        if mixup == "surrogate":
            mixes = [lam * U + (1 - lam) * U.mean(1, keepdims=True)]
        elif n <= 4:
            import itertools

            mixes = [lam * U + (1 - lam) * U[:, list(p)] for p in itertools.permutations(range(n))]
        else:
            P = np.argsort(rng.random((m, n)), axis=1)
            mixes = [lam * U + (1 - lam) * np.take_along_axis(U, P, axis=1)]
        if exact:
            r = lambda A: np.abs(A @ S.T).mean(1) / n  # noqa: E731
            val = r(U) - sum(r(A) for A in mixes) / len(mixes)
        else:
            sig = rng.choice([-1.0, 1.0], size=(m, 256, n))
            r = lambda A: np.abs(np.einsum("mkn,mn->mk", sig, A)).mean(1) / n  # noqa: E731
            val = r(U) - sum(r(A) for A in mixes) / len(mixes)
        out.append(val)
    width = (1 - lam) * (1 if mixup == "surrogate" else 2)
    lo, hi = (0.0, width / n) if exact else (-width / math.sqrt(n), width / math.sqrt(n))
    return np.concatenate(out), lo, hi


def _cell_estimate(ctx, n, mixup, M, level, name):
    from mixcheck.concentration import mean_interval

    vals, lo, hi = _sphere_reductions(ctx, n, mixup, M, name)
    est = mean_interval(np.clip(vals, lo, hi), lo, hi, level=level)
    scale = float(_chi_mean(n))  # E‖X‖ for X ~ N(0, I_n)
    return {"n": n, "draws": int(M), "estimate": est.value * scale, "ci": [est.low * scale, est.high * scale],
            "interval": est.interval, "level": level}


_TEST_FIG1 = ("per-cell interval: Hoeffding ∩ empirical Bernstein on the bounded sphere reductions "
              "(mixcheck.concentration.mean_interval), scaled by E‖X‖; Bonferroni over the cells; a trend step "
              "counts only when the two intervals are separated")
