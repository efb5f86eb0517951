"""Mixup applied to a random variable (proofs/mixup_variance.py) against Monte-Carlo.

x is drawn from a bounded law, x = lo + w·Beta(p, q), whose mean and variance are exact
(scipy); λ is fixed or drawn from Beta(α, α). Each check compares the sample mean of a bounded
variable — (x̃ − E x)², or (x̃_k − μ_k)(x̃_l − μ_l) in the vector case — with the derived closed
form, inside a two-sided Hoeffding band at false-alarm level DELTA = 1e-9 (plus a floating-point
allowance of order 1e-14 where λ is tiny and the band itself falls below rounding error). Per
example at most 12 bands (the vector test; 2 in the others); with 40 examples per property
under the ``ci`` profile the file's false-alarm probability is ≤ 40·(2+2+2+12)·DELTA + DELTA
< 1e-6 (and 0 in CI, where the seeds are fixed).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from mixcheck import proofs
from mixcheck import strategies as mst
from mixcheck.concentration import hoeffding_half_width
from mixcheck.profiles import active_profile

#: these tests read the proofs' derivations (built once per session; see tests/conftest.py)
pytestmark = pytest.mark.derivations

DELTA = 1e-9
PROFILE = active_profile()
M = int(40000 * PROFILE.mc_scale)
FP = 1e-14  # relative floating-point allowance, added to the bands where rounding could exceed them


def law():
    """(lo, width, p, q): x = lo + width·Beta(p, q) takes values in [lo, lo + width]."""
    return st.tuples(st.floats(-5, 5), st.floats(0.1, 10), st.floats(0.3, 5), st.floats(0.3, 5))


def moments(lo, w, p, q):
    d = stats.beta(p, q)
    return lo + w * d.mean(), w**2 * d.var()


def draw(rng, lo, w, p, q, size):
    return lo + w * rng.beta(p, q, size)


def band(width: float) -> float:
    return hoeffding_half_width(M, width, DELTA)


@given(spec=law(), lam=mst.lambdas(), seed=mst.seeds())
def test_surrogate_fixed_lambda(spec, lam, seed):
    """x̃ = λx + (1-λ)E[x]: mean and λ²Var(x); 2 Hoeffding bands, DELTA each."""
    lo, w, p, q = spec
    mu, var = moments(*spec)
    x = draw(np.random.default_rng(seed), *spec, M)
    xt = lam * x + (1 - lam) * mu
    fp = FP * (1 + abs(lo) + w)  # rounding in λx + (1-λ)μ − μ, which the band for tiny λ would not cover
    assert abs(xt.mean() - proofs.get("mixup.surrogate-mean").result_callable(mu)) <= band(lam * w) + fp
    assert abs(((xt - mu) ** 2).mean() - proofs.get("mixup.surrogate-variance").result_callable(lam, var)) \
        <= band((lam * w) ** 2) + fp**2 + 2 * fp * lam * w


@given(spec=law(), lam=mst.lambdas(), seed=mst.seeds())
def test_pair_fixed_lambda(spec, lam, seed):
    """x̃ = λx_i + (1-λ)x_j: mean and (λ² + (1-λ)²)Var(x); 2 Hoeffding bands, DELTA each."""
    mu, var = moments(*spec)
    rng = np.random.default_rng(seed)
    xt = lam * draw(rng, *spec, M) + (1 - lam) * draw(rng, *spec, M)
    w = spec[1]
    assert abs(xt.mean() - proofs.get("mixup.pair-mean").result_callable(mu)) <= band(w)
    assert abs(((xt - mu) ** 2).mean() - proofs.get("mixup.pair-variance").result_callable(lam, var)) <= band(w**2)


@given(spec=law(), alpha=mst.alphas(min_value=0.05, max_value=20.0), seed=mst.seeds())
def test_random_lambda(spec, alpha, seed):
    """λ ~ Beta(α, α): E[λ²]Var(x) and E[λ² + (1-λ)²]Var(x); 2 Hoeffding bands, DELTA each."""
    mu, var = moments(*spec)
    rng = np.random.default_rng(seed)
    lam = rng.beta(alpha, alpha, M)
    w = spec[1]
    sur = lam * draw(rng, *spec, M) + (1 - lam) * mu
    pair = lam * draw(rng, *spec, M) + (1 - lam) * draw(rng, *spec, M)
    f_sur = proofs.get("mixup.surrogate-variance-random-lambda").result_callable
    f_pair = proofs.get("mixup.pair-variance-random-lambda").result_callable
    assert abs(((sur - mu) ** 2).mean() - f_sur(alpha, var)) <= band(w**2)
    assert abs(((pair - mu) ** 2).mean() - f_pair(alpha, var)) <= band(w**2)
    # the closed forms: E[λ²] = (α+1)/(2(2α+1)), E[λ² + (1-λ)²] = (α+1)/(2α+1)
    assert f_sur(alpha, 1.0) == pytest.approx((alpha + 1) / (2 * (2 * alpha + 1)), rel=1e-12)
    assert f_pair(alpha, 1.0) == pytest.approx((alpha + 1) / (2 * alpha + 1), rel=1e-12)


@given(spec=law(), mix=st.floats(-1, 1), lam=mst.lambdas(), alpha=mst.alphas(min_value=0.05, max_value=20.0),
       seed=mst.seeds())
def test_vector_covariances(spec, mix, lam, alpha, seed):
    """x = (u, mix·u + v) with u, v i.i.d. from the bounded law: Σ = var·[[1, mix], [mix, mix² + 1]].
    4 covariance matrices × 3 entries: 12 Hoeffding bands, DELTA each."""
    mu, var = moments(*spec)
    lo, w, _, _ = spec
    rng = np.random.default_rng(seed)

    def vec(size):
        u, v = draw(rng, *spec, size), draw(rng, *spec, size)
        return np.stack([u, mix * u + v], axis=1)

    mean = np.array([mu, (mix + 1) * mu])
    S = var * np.array([[1, mix], [mix, mix**2 + 1]])
    ranges = np.array([w, (abs(mix) + 1) * w])
    lam_r = rng.beta(alpha, alpha, (M, 1))
    cases = [
        ("mixup.surrogate-covariance", lam * vec(M) + (1 - lam) * mean, (lam,)),
        ("mixup.pair-covariance", lam * vec(M) + (1 - lam) * vec(M), (lam,)),
        ("mixup.surrogate-covariance-random-lambda", lam_r * vec(M) + (1 - lam_r) * mean, (alpha,)),
        ("mixup.pair-covariance-random-lambda", lam_r * vec(M) + (1 - lam_r) * vec(M), (alpha,)),
    ]
    for did, xt, first in cases:
        C = proofs.get(did).result_callable(*first, S[0, 0], S[0, 1], S[1, 1])
        c = xt - mean
        for k, l in [(0, 0), (0, 1), (1, 1)]:
            # (x̃_k − μ_k)(x̃_l − μ_l) lies in [−r_k r_l, r_k r_l]
            assert abs((c[:, k] * c[:, l]).mean() - C[k, l]) <= band(2 * ranges[k] * ranges[l]), (did, k, l)


def test_the_surrogate_formula_does_not_fit_the_random_partner():
    """λ²Var(x) (eq. 33's surrogate) is rejected by the same band for the random-partner mixing
    at λ = 1/2 (the derivation records the difference (1-λ)²Var(x)); seed 0, DELTA for the
    band that must hold."""
    spec = (0.0, 1.0, 1.0, 1.0)
    mu, var = moments(*spec)
    rng = np.random.default_rng(0)
    xt = 0.5 * draw(rng, *spec, M) + 0.5 * draw(rng, *spec, M)
    est = ((xt - mu) ** 2).mean()
    assert abs(est - proofs.get("mixup.pair-variance").result_callable(0.5, var)) <= band(1.0)
    assert abs(est - proofs.get("mixup.surrogate-variance").result_callable(0.5, var)) > band(1.0)
