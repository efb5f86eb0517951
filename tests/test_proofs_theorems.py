"""The Theorem 2/3 algebra (proofs/theorem_algebra.py) for general n and d, numerically.

The derivations are symbolic for n = 3, d = 2; here the same closed forms are checked on
Hypothesis-drawn samples of any shape. No randomness beyond Hypothesis's search: false-alarm
rate 0 (tolerances cover floating-point rounding only).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given

from mixcheck import proofs
from mixcheck import strategies as mst

#: these tests read the proofs' derivations (built once per session; see tests/conftest.py)
pytestmark = pytest.mark.derivations


def parts(X: np.ndarray):
    n = len(X)
    xbar = X.mean(0)
    A = float((X**2).sum())                 # Σ‖x_i‖²
    B = n * float(xbar @ xbar)              # n‖x̄‖²
    return n, xbar, A, B


def tol(X: np.ndarray) -> float:
    return 1e-9 * (1 + float((X**2).sum()))


@given(X=mst.samples(max_n=10, max_d=5, bound=10.0), lam=mst.lambdas())
def test_eq19_expansion_and_the_dropped_cross_term(X, lam):
    n, xbar, A, B = parts(X)
    lhs = float(((lam * X + (1 - lam) * xbar) ** 2).sum())
    general = proofs.get("thm2.eq19-expansion").form_callable("general", ("lambda", "S", "n", "m2"))
    assert lhs == pytest.approx(general(lam, A, n, float(xbar @ xbar)), abs=tol(X))
    paper = lam**2 * A + (1 - lam) ** 2 * B            # eq. (19) without the cross term
    assert lhs - paper == pytest.approx(2 * lam * (1 - lam) * B, abs=tol(X))
    assert lhs >= paper - tol(X)                        # the printed '≤' runs the other way


def _first_line_gap(A: float, B: float, lam: float) -> float:
    """|1-λ|√(A−B) − (√A − √(λ²A + (1-λ)²B)): ≥ 0 iff the first line of (20) holds."""
    return abs(1 - lam) * np.sqrt(max(A - B, 0)) - (np.sqrt(A) - np.sqrt(lam**2 * A + (1 - lam) ** 2 * B))


@given(X=mst.samples(min_n=2, max_n=10, max_d=5, bound=10.0), lam=mst.lambdas())
def test_eq20_first_line_holds_exactly_when_the_derived_condition_does(X, lam):
    n, xbar, A, B = parts(X)
    gap = _first_line_gap(A, B, lam)
    cond = np.sqrt(max(A - B, 0)) * (np.sqrt(A) - np.sqrt(max(A - B, 0))) - lam * B
    assume(abs(gap) > 1e-7 * (1 + A) and abs(cond) > 1e-7 * (1 + A) and lam < 1)
    assert (gap >= 0) == (cond >= 0)


def test_eq20_first_line_fails_near_lambda_one_whenever_the_mean_is_nonzero():
    X = np.array([[1.0, 0.0], [3.0, 0.0], [2.0, 0.0]])
    n, xbar, A, B = parts(X)
    assert _first_line_gap(A, B, 0.0) >= 0 and _first_line_gap(A, B, 0.9) < 0
    # the recorded radicand residual 2λ(1-λ)A
    lam = 0.9
    assert (A - lam**2 * A - (1 - lam) ** 2 * B) - (1 - lam) ** 2 * (A - B) == pytest.approx(2 * lam * (1 - lam) * A)


@given(X=mst.samples(max_n=10, max_d=5, bound=10.0), lam=mst.lambdas())
def test_eq20_corrected_bound_always_holds(X, lam):
    n, xbar, A, B = parts(X)
    lhs = np.sqrt(A) - np.sqrt(lam**2 * A + (1 - lam**2) * B)
    assert lhs <= np.sqrt(max(1 - lam**2, 0)) * np.sqrt(max(A - B, 0)) + 1e-7 * (1 + np.sqrt(A))


@given(X=mst.samples(max_n=10, max_d=5, bound=10.0))
def test_variance_readings(X):
    n, xbar, A, B = parts(X)
    tv = float(((X - xbar) ** 2).sum()) / n
    d = proofs.get("thm2.s2-readings")
    assert A / n - float(xbar @ xbar) == pytest.approx(tv, abs=tol(X))
    norms = np.linalg.norm(X, axis=1)
    vn = norms.var()
    assert vn <= tv + tol(X), "variance of the norms ≤ total variance"
    # the failing reading misses exactly by (mean norm)² − ‖x̄‖² ≥ 0
    assert A / n - (vn + float(xbar @ xbar)) == pytest.approx(norms.mean() ** 2 - float(xbar @ xbar), abs=tol(X))
    assert d.ok


@given(X=mst.sphere_samples(n=3, d=2))
def test_equal_norms_make_the_norm_variance_zero_but_not_the_total_variance(X):
    n, xbar, A, B = parts(X)
    assert np.linalg.norm(X, axis=1).var() == pytest.approx(0, abs=1e-12)
    assert float(((X - xbar) ** 2).sum()) / n == pytest.approx(1 - float(xbar @ xbar), abs=1e-12)


@given(X=mst.samples(max_n=10, max_d=5, bound=10.0), lam=mst.lambdas())
def test_theorem3_max_identity_and_triangle_step(X, lam):
    n, xbar, _, _ = parts(X)
    r = np.linalg.norm(X, axis=1)
    m = float(np.linalg.norm(xbar))
    f = proofs.get("thm3.chain").result_callable
    lhs = r.max() - (lam * r + (1 - lam) * m).max()
    if n == 3:
        assert lhs == pytest.approx(f(lam, *r, m), abs=1e-9 * (1 + r.max()))
    assert lhs == pytest.approx((1 - lam) * (r.max() - m), abs=1e-9 * (1 + r.max()))
    mixed = np.linalg.norm(lam * X + (1 - lam) * xbar, axis=1)
    assert np.all(mixed <= lam * r + (1 - lam) * m + 1e-9 * (1 + r.max()))      # (24)


def test_theorem3_printed_triangle_step_counterexample():
    mu = np.array([1.0, 0.0])
    eps = np.array([[-1.0, 0.0], [4.0, 0.0], [4.0, 0.0]])
    X = mu + eps
    xb = np.linalg.norm(X.mean(0))
    lhs = np.max(np.abs(np.linalg.norm(X, axis=1) - xb))
    rhs = np.max(np.abs(np.linalg.norm(mu) + np.linalg.norm(eps, axis=1) - xb))
    assert lhs == pytest.approx(10 / 3) and rhs == pytest.approx(5 / 3)


@given(X=mst.samples(max_n=6, max_d=3, bound=10.0))
def test_eq18_rademacher_second_moment(X):
    """E_σ‖Σσ_i x_i‖² = Σ‖x_i‖², by enumerating all sign patterns (n ≤ 6)."""
    n = len(X)
    signs = np.array(np.meshgrid(*[[-1.0, 1.0]] * n)).reshape(n, -1).T
    v = signs @ X
    assert float((v**2).sum(1).mean()) == pytest.approx(float((X**2).sum()), abs=tol(X))
    assert float(np.linalg.norm(v, axis=1).mean()) <= np.sqrt(float((X**2).sum())) + tol(X)   # Jensen
