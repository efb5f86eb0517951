"""Exact re-verification helpers (mixcheck.counterexample): bad input and huge magnitudes."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from mixcheck import counterexample as ce


@pytest.mark.parametrize("call,exc,words", [
    (lambda: ce.linear_rademacher_exact([]), ValueError, "X must be a non-empty"),
    (lambda: ce.linear_rademacher_exact([[1, 2], [3]]), ValueError, "rows of one length"),
    (lambda: ce.linear_rademacher_exact([[]]), ValueError, "d ≥ 1"),
    (lambda: ce.linear_rademacher_exact([1, 2]), TypeError, r"X\[0\] must be a row"),
    (lambda: ce.linear_rademacher_exact([[1, "abc"]]), ValueError, r"X\[0\]\[1\]"),
    (lambda: ce.linear_rademacher_exact([[1, math.nan]]), ValueError, r"X\[0\]\[1\] must be finite"),
    (lambda: ce.linear_rademacher_exact([[1, math.inf]]), ValueError, "finite"),
    (lambda: ce.linear_rademacher_exact(None), TypeError, "X"),
    (lambda: ce.linear_rademacher_exact([[1]], Lam=-1), ValueError, "Lam"),
    (lambda: ce.linear_rademacher_exact([[1]] * 17), ValueError, "n ≤ 16"),
    (lambda: ce.surrogate_rows([[1, 2]], 2), ValueError, "lam"),
    (lambda: ce.surrogate_rows([[1, 2]], "x"), ValueError, "lam"),
    (lambda: ce.mixed_rows([[1], [2]], 0.5, [0, 2]), ValueError, "perm"),
    (lambda: ce.mixed_rows([[1], [2]], 0.5, 5), TypeError, "perm"),
    (lambda: ce.mixed_rows([[1], [2]], 0.5, [0.0, 1.0]), TypeError, "perm"),
    (lambda: ce.perm_mixup_rademacher_exact([[1]] * 7, 0.5), ValueError, "n ≤ 6"),
    (lambda: ce.perm_mixup_rademacher_float([[1], [2]], 1.5), ValueError, "lam"),
    (lambda: ce.perm_mixup_rademacher_float([[1]] * 8, 0.5), ValueError, "n ≤ 7"),
    (lambda: ce.linear_rademacher_float([[1, math.nan]]), ValueError, "X must be finite"),
    (lambda: ce.linear_rademacher_float([[1.0]], Lam=math.inf), ValueError, "Lam"),
    (lambda: ce.total_variance([[1]], ddof=1), ValueError, "ddof"),
    (lambda: ce.norm_variance([[1], [2]], ddof=-1), ValueError, "ddof"),
    (lambda: ce.norm_variance([[1], [2]], ddof=0.5), TypeError, "ddof"),
    (lambda: ce.sign_vectors(-1), ValueError, "n"),
    (lambda: ce.sign_vectors(21), ValueError, "n ≤ 20"),
    (lambda: ce.sign_vectors(2.0), TypeError, "n"),
    (lambda: ce.single_neuron_rademacher([[1, 2, 3]]), ValueError, "d ∈"),
    (lambda: ce.single_neuron_rademacher([[1.0, 0.5]] * 15), ValueError, "n ≤ 14 for d = 2"),
    (lambda: ce.single_neuron_rademacher([[1.0]] * 21), ValueError, "n ≤ 20 for d = 1"),
    (lambda: ce.single_neuron_rademacher_1d([[1.0] * 21]), ValueError, "n ≤ 20"),
    (lambda: ce.single_neuron_rademacher_1d([1.0, 2.0]), ValueError, "shape"),
    (lambda: ce.single_neuron_rademacher_1d([[1.0, math.nan]]), ValueError, "finite"),
    (lambda: ce.single_neuron_rademacher_1d([[1.0]], W=-1), ValueError, "W"),
    (lambda: ce.single_neuron_rademacher([[1.0]], W=-1), ValueError, "W"),
    (lambda: ce.frac("1/0"), ValueError, "x"),
    (lambda: ce.frac(None), TypeError, "x"),
    (lambda: ce.frac(math.nan), ValueError, "x must be finite"),
    (lambda: ce.mp("abc"), ValueError, "x"),
    (lambda: ce.mp(math.inf), ValueError, "finite"),
])
def test_bad_input_raises_naming_the_argument(call, exc, words):
    with pytest.raises(exc, match=words):
        call()


def test_valid_inputs_keep_their_types_and_values():
    assert ce.frac("1/3") == Fraction(1, 3) and ce.frac(0.5) == Fraction(1, 2) and ce.frac(np.int64(3)) == 3
    assert ce.as_fraction_rows(np.array([[1.0, 0.25]])) == [[1, Fraction(1, 4)]]
    assert ce.as_fraction_rows([["1/3", 2]]) == [[Fraction(1, 3), 2]]
    assert ce.sign_vectors(0).shape == (1, 0)
    assert float(ce.linear_rademacher_exact([[2]])) == 2.0


@pytest.mark.parametrize("scale", [1e-200, 1e200, 2.0**1023, 2.0**-1070])
def test_float_helpers_rescale_huge_and_tiny_inputs(scale):
    X = np.array([[1.0, 0.5], [-0.25, 1.0], [0.5, 0.5]])
    for f in (ce.linear_rademacher_float, lambda Z: ce.perm_mixup_rademacher_float(Z, 0.25)):
        ref = f(X)
        got = f(X * scale)
        tiny = scale < 2.0**-1000   # X · scale is subnormal there: only a few bits are left
        assert math.isfinite(got) and got == pytest.approx(ref * scale, rel=1e-2 if tiny else 1e-12)
    Y = X[:, :1]
    assert ce.single_neuron_rademacher(Y * scale) == pytest.approx(ce.single_neuron_rademacher(Y) * scale,
                                                                   rel=1e-2 if scale < 2.0**-1000 else 1e-12)


def test_exact_helpers_accept_huge_magnitudes():
    X = [[1e300], [-1e300]]
    assert float(ce.linear_rademacher_exact(X)) == pytest.approx(5e299)   # (1/2)·E|σ₁ − σ₂|·1e300
    assert ce.total_variance(X) == Fraction(int(1e300)) ** 2


def _single_neuron_1d_by_enumeration(x: np.ndarray) -> float:
    """(1/n) E_σ max_{u = ±1} |Σσ_i relu(u x_i)| over all 2ⁿ sign vectors, directly."""
    S = ce.sign_vectors(x.size).astype(float)
    return float(np.maximum(np.abs(S @ np.maximum(x, 0)), np.abs(S @ np.maximum(-x, 0))).mean() / x.size)


def test_single_neuron_1d_split_equals_the_full_enumeration():
    """The split into independent positive and negative sums changes nothing (n ≤ 14, any signs,
    zeros, one sign only); many samples at once equal each sample alone."""
    rng = np.random.default_rng(7)
    for n in range(1, 15):
        for kind in ("mixed", "positive", "negative", "zeros"):
            x = rng.standard_normal(n) * rng.choice([1e-3, 1.0, 1e3])
            x = {"positive": np.abs(x), "negative": -np.abs(x), "zeros": np.where(rng.random(n) < 0.4, 0.0, x)}.get(kind, x)
            want = _single_neuron_1d_by_enumeration(x)
            assert ce.single_neuron_rademacher(x[:, None]) == pytest.approx(want, rel=1e-12, abs=1e-300)
    X = rng.standard_normal((50, 9))
    batch = ce.single_neuron_rademacher_1d(X, W=2.0)
    assert batch == pytest.approx([2.0 * _single_neuron_1d_by_enumeration(x) for x in X], rel=1e-12)
    assert ce.single_neuron_rademacher_1d(np.zeros((3, 4))).tolist() == [0.0, 0.0, 0.0]


def test_single_neuron_1d_reaches_n_20():
    x = np.linspace(-1.0, 1.0, 20)
    v = ce.single_neuron_rademacher([[t] for t in x])
    assert 0 < v < float(np.abs(x).max())
