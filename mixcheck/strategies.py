"""Hypothesis strategies for mixup theory: samples, mixing weights and Beta concentrations.

Public and reusable. Every strategy shrinks toward small n, small d and simple values
(zeros, unit scales, seed 0), so that counterexamples found by a search come out minimal.
Sizes and parameters accept either a plain value or a strategy.

>>> from hypothesis import given
>>> from mixcheck import strategies as mst
>>> @given(mst.samples(max_n=6, max_d=3), mst.lambdas())
... def test_something(X, lam): ...
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = [
    "samples",
    "profile_samples",
    "gaussian_samples",
    "OutlierSample",
    "outlier_samples",
    "sphere_samples",
    "alphas",
    "lambdas",
    "seeds",
]


def _as_strategy(value: Any) -> st.SearchStrategy:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


def seeds() -> st.SearchStrategy[int]:
    """Seeds for numpy's Generator; shrink toward 0."""
    return st.integers(min_value=0, max_value=2**32 - 1)


def samples(*, min_n: int = 1, max_n: int = 8, min_d: int = 1, max_d: int = 4,
            bound: float = 100.0, dtype: Any = np.float64, reach_max: bool = False) -> st.SearchStrategy[np.ndarray]:
    """Finite samples X of shape (n, d) with entries in [-bound, bound].

    No NaN, no infinity, no subnormals; shrinks toward small shapes and zero entries. Every entry
    is drawn on its own (no fill value), so a small sample is not mostly one repeated number.
    With ``reach_max`` about half of the draws take n = max_n (and, independently, d = max_d), so
    that a short search surely meets the largest sizes of its domain; shrinking still goes to small.
    """
    if not (1 <= min_n <= max_n) or not (1 <= min_d <= max_d):
        raise ValueError(f"need 1 ≤ min_n ≤ max_n and 1 ≤ min_d ≤ max_d, got n∈[{min_n},{max_n}], d∈[{min_d},{max_d}]")
    if not (np.isfinite(bound) and bound > 0):
        raise ValueError(f"bound must be a finite number > 0, got {bound}")
    width = 32 if np.dtype(dtype) == np.float32 else 64
    elements = st.floats(-bound, bound, allow_nan=False, allow_infinity=False,
                         allow_subnormal=False, width=width)
    if not isinstance(reach_max, bool):
        raise TypeError(f"reach_max must be a bool, got {type(reach_max).__name__}")

    def size(lo, hi):
        return st.one_of(st.integers(lo, hi), st.just(hi)) if reach_max else st.integers(lo, hi)

    shapes = st.tuples(size(min_n, max_n), size(min_d, max_d))
    return shapes.flatmap(lambda s: hnp.arrays(dtype, s, elements=elements, fill=st.nothing()))


def profile_samples(profile, *, min_n: int = 1, max_n: int | None = None, max_d: int | None = None,
                    bound: float = 10.0) -> st.SearchStrategy[np.ndarray]:
    """:func:`samples` sized by a search profile (:func:`mixcheck.profiles.search_sizes`): n up to the
    profile's ``search_n`` and d up to its ``search_d`` (``ci``: 12 and 6), each capped by ``max_n`` /
    ``max_d`` where a claim's exact computation allows less; the largest sizes are surely drawn."""
    from .profiles import search_sizes

    n, d = search_sizes(profile, max_n=max_n, max_d=max_d)
    return samples(min_n=min_n, max_n=max(n, min_n), max_d=d, bound=bound, reach_max=True)


@st.composite
def gaussian_samples(draw, n: Any = st.integers(2, 32), d: Any = st.integers(1, 4),
                     mu: Any = 0.0, sigma: Any = 1.0) -> np.ndarray:
    """X with rows drawn i.i.d. from N(μ·1, σ²I); n, d, μ, σ are values or strategies.

    The randomness comes from a drawn seed, so the example is reproducible and shrinks
    (toward seed 0) like any other Hypothesis value.
    """
    n_, d_ = draw(_as_strategy(n)), draw(_as_strategy(d))
    mu_, sigma_ = draw(_as_strategy(mu)), draw(_as_strategy(sigma))
    if n_ < 1 or d_ < 1:
        raise ValueError(f"n and d must be ≥ 1, got n={n_}, d={d_}")
    if not (np.isfinite(sigma_) and sigma_ >= 0):
        raise ValueError(f"sigma must be a finite number ≥ 0, got {sigma_}")
    rng = np.random.default_rng(draw(seeds()))
    return np.asarray(mu_, dtype=np.float64) + sigma_ * rng.standard_normal((n_, d_))


@dataclass(frozen=True)
class OutlierSample:
    """A sample x_i = μ + ε_i (Theorem 3's model) with planted outliers.

    ``X`` (n × d), the population mean ``mu`` (d,), the noise ``eps`` (n × d) and the indices
    ``outliers`` of the rows whose noise has the large scale.
    """

    X: np.ndarray
    mu: np.ndarray
    eps: np.ndarray
    outliers: tuple[int, ...]


@st.composite
def outlier_samples(draw, n: Any = st.integers(2, 32), d: Any = st.integers(1, 4),
                    noise_scale: Any = st.floats(1.0, 100.0), n_outliers: Any = 1,
                    base_sigma: Any = 1.0, mu: Any = 0.0) -> OutlierSample:
    """Theorem 3's x_i = μ + ε_i: inliers ε ~ N(0, base_sigma²I), ``n_outliers`` rows with
    ε ~ N(0, noise_scale²I)."""
    n_, d_ = draw(_as_strategy(n)), draw(_as_strategy(d))
    k = draw(_as_strategy(n_outliers))
    scale, base = draw(_as_strategy(noise_scale)), draw(_as_strategy(base_sigma))
    if not 0 <= k <= n_:
        raise ValueError(f"n_outliers must lie in [0, n={n_}], got {k}")
    rng = np.random.default_rng(draw(seeds()))
    mu_vec = np.broadcast_to(np.asarray(draw(_as_strategy(mu)), dtype=np.float64), (d_,)).copy()
    eps = base * rng.standard_normal((n_, d_))
    idx = tuple(int(i) for i in sorted(rng.choice(n_, size=k, replace=False)))
    if k:
        eps[list(idx)] = scale * rng.standard_normal((k, d_))
    return OutlierSample(X=mu_vec + eps, mu=mu_vec, eps=eps, outliers=idx)


@st.composite
def sphere_samples(draw, n: Any = st.integers(1, 16), d: Any = st.integers(1, 4),
                   radius: Any = 1.0) -> np.ndarray:
    """n points with equal norm ``radius`` (the variance of ‖x_i‖ is exactly zero)."""
    n_, d_, r = draw(_as_strategy(n)), draw(_as_strategy(d)), draw(_as_strategy(radius))
    rng = np.random.default_rng(draw(seeds()))
    z = rng.standard_normal((n_, d_))
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    z = np.where(norms > 0, z, 1.0)  # a zero draw has probability 0; keep the norm defined
    return r * z / np.linalg.norm(z, axis=1, keepdims=True)


def alphas(*, min_value: float = 1e-3, max_value: float = 1e3) -> st.SearchStrategy[float]:
    """Beta(α, α) concentrations over (0, ∞): the paper's grid, extremes, then any float.

    Shrinks toward α = 1 (the uniform law)."""
    if not (0 < min_value < max_value < np.inf):
        raise ValueError(f"need 0 < min_value < max_value < inf, got {min_value}, {max_value}")
    special = [a for a in (1.0, 0.5, 2.0, 0.1, 0.2, 0.4, 0.8, 4.0, min_value, max_value)
               if min_value <= a <= max_value]
    return st.one_of(st.sampled_from(special),
                     st.floats(min_value, max_value, allow_nan=False, allow_infinity=False))


def lambdas(*, allow_endpoints: bool = True) -> st.SearchStrategy[float]:
    """Mixing weights λ in [0, 1] (or (0, 1)); the endpoints and ½ are tried first."""
    if allow_endpoints:
        return st.one_of(st.sampled_from([1.0, 0.0, 0.5]), st.floats(0.0, 1.0))
    return st.one_of(st.just(0.5), st.floats(0.0, 1.0, exclude_min=True, exclude_max=True))
