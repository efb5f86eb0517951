"""Hypothesis strategies (mixcheck.strategies): what they generate and how they shrink."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import find, given, strategies as st

from mixcheck import strategies as mst


@given(mst.samples(min_n=2, max_n=5, min_d=1, max_d=3, bound=7.0))
def test_samples_shape_bounds_and_finiteness(X):
    assert X.ndim == 2 and 2 <= X.shape[0] <= 5 and 1 <= X.shape[1] <= 3
    assert np.all(np.isfinite(X)) and np.all(np.abs(X) <= 7.0)


def test_samples_shrink_to_minimal_example():
    # The smallest sample with a non-zero entry: one row, one column, entry shrunk to ±1-ish.
    X = find(mst.samples(), lambda a: np.any(a != 0))
    assert X.shape == (1, 1)
    assert abs(X[0, 0]) <= 1.0


def test_gaussian_samples_shrink_to_small_n():
    X = find(mst.gaussian_samples(n=st.integers(2, 50), d=st.integers(1, 5)), lambda a: a.shape[0] >= 3)
    assert X.shape == (3, 1)


@given(mst.gaussian_samples(n=2000, d=1, mu=3.0, sigma=2.0))
def test_gaussian_samples_parameters(X):
    # mean within 6 standard errors (false-alarm ≤ 2e-9 per example)
    assert abs(X.mean() - 3.0) <= 6 * 2.0 / np.sqrt(2000)
    assert 0.8 * 2.0 <= X.std() <= 1.2 * 2.0


@given(mst.outlier_samples(n=st.integers(3, 20), noise_scale=50.0, n_outliers=1))
def test_outlier_samples_model(s):
    np.testing.assert_allclose(s.X, s.mu + s.eps)
    assert len(s.outliers) == 1
    assert s.X.shape == s.eps.shape


@given(mst.sphere_samples(radius=2.5))
def test_sphere_samples_have_equal_norms(X):
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 2.5, rtol=1e-12)


@given(mst.alphas())
def test_alphas_positive_finite(a):
    assert 1e-3 <= a <= 1e3


def test_alphas_shrink_to_one_and_reach_extremes():
    assert find(mst.alphas(), lambda a: True) == 1.0
    assert find(mst.alphas(), lambda a: a <= 1e-3) == 1e-3
    assert find(mst.alphas(), lambda a: a >= 1e3) == 1e3
    assert 1e-3 <= find(mst.alphas(), lambda a: a < 0.01) < 0.01


@given(mst.lambdas())
def test_lambdas_in_unit_interval(lam):
    assert 0.0 <= lam <= 1.0


def test_lambdas_include_endpoints():
    assert find(mst.lambdas(), lambda v: v == 0.0) == 0.0
    assert find(mst.lambdas(), lambda v: True) == 1.0
    assert 0.0 < find(mst.lambdas(allow_endpoints=False), lambda v: v != 0.5) < 1.0


def test_strategy_argument_errors():
    with pytest.raises(ValueError, match="min_n"):
        mst.samples(min_n=0)
    with pytest.raises(ValueError, match="bound"):
        mst.samples(bound=float("inf"))
    with pytest.raises(ValueError, match="min_value"):
        mst.alphas(min_value=0.0)
