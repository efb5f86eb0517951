"""The Beta closed forms of proofs/beta_moments.py against scipy.stats.beta and Monte-Carlo.

Deterministic comparisons (scipy numerics over a grid and Hypothesis-drawn α) use relative
tolerances far above floating-point error and far below any formula error.

Monte-Carlo: every assertion is a two-sided Hoeffding band for the mean of m i.i.d. variables
with a known range, at false-alarm level DELTA = 1e-9 each. Per Hypothesis example there are
6 such assertions; with the ``ci`` profile's 20 examples of the Monte-Carlo property (and
derandomized seeds, so the run is the same every time) the whole file's false-alarm
probability is ≤ 20·6·DELTA = 1.2e-7.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from scipy import integrate, special, stats

from mixcheck import proofs
from mixcheck import strategies as mst
from mixcheck.concentration import hoeffding_half_width
from mixcheck.profiles import active_profile

#: these tests read the proofs' derivations (built once per session; see tests/conftest.py)
pytestmark = pytest.mark.derivations

DELTA = 1e-9
PROFILE = active_profile()
GRID = [0.01, 0.1, 0.2, 0.4, 0.5, 0.8, 1.0, 2.0, 4.0, 10.0, 100.0]  # the paper's α values and extremes
RTOL = 1e-9
SCIPY_MOMENT_RTOL = 1e-7


def f(did: str):
    return proofs.get(did).result_callable


def abs_dev_scipy(alpha: float) -> float:
    """E|λ − 1/2| = 2∫_{1/2}^1 (λ − 1/2) λ^{α-1}(1-λ)^{α-1} dλ / B(α, α) by symmetry; QUADPACK's
    algebraic-weight rule (QAWS) takes the (1-λ)^{α-1} endpoint singularity exactly."""
    val, _ = integrate.quad(lambda t: (t - 0.5) * t ** (alpha - 1), 0.5, 1.0, weight="alg", wvar=(0.0, alpha - 1),
                            epsabs=0, epsrel=1e-12, limit=200)
    return float(2 * val / special.beta(alpha, alpha))


def moment_special(a: float, b: float, k: int) -> float:
    """E[λ^k] for Beta(a, b) as B(a+k, b)/B(a, b) from scipy.special (log-space)."""
    return float(np.exp(special.betaln(a + k, b) - special.betaln(a, b)))


def check_against_scipy(alpha: float, abs_dev_rtol: float = 1e-9) -> None:
    dist = stats.beta(alpha, alpha)
    for k in range(1, 7):
        assert f("beta.moments")(alpha, k) == pytest.approx(moment_special(alpha, alpha, k), rel=RTOL)
        # scipy.stats' own moment() is accurate to ~1e-9 relative only (e.g. α = 6, k = 3)
        assert f("beta.moments")(alpha, k) == pytest.approx(dist.moment(k), rel=SCIPY_MOMENT_RTOL)
    assert f("beta.mean")(alpha) == pytest.approx(dist.mean(), rel=RTOL)
    assert f("beta.var")(alpha) == pytest.approx(dist.var(), rel=RTOL)
    m1, m2 = moment_special(alpha, alpha, 1), moment_special(alpha, alpha, 2)
    assert f("beta.second-moment")(alpha) == pytest.approx(m2, rel=RTOL)
    assert f("beta.one-minus-second-moment")(alpha) == pytest.approx(1 - 2 * m1 + m2, rel=RTOL)
    assert f("beta.cross-moment")(alpha) == pytest.approx(m1 - m2, rel=RTOL)
    assert f("beta.mix-weight")(alpha) == pytest.approx(1 - 2 * (m1 - m2), rel=RTOL)
    ad = abs_dev_scipy(alpha)
    assert f("beta.abs-deviation")(alpha) == pytest.approx(ad, rel=abs_dev_rtol, abs=1e-12)
    assert f("beta.min-weight")(alpha) == pytest.approx(0.5 - ad, rel=abs_dev_rtol, abs=1e-12)


@pytest.mark.parametrize("alpha", GRID)
def test_closed_forms_match_scipy_on_the_grid(alpha):
    check_against_scipy(alpha)


@given(alpha=mst.alphas(min_value=1e-2, max_value=200.0))
def test_closed_forms_match_scipy_for_drawn_alpha(alpha):
    check_against_scipy(alpha)


@given(a=mst.alphas(min_value=0.05, max_value=50.0), b=mst.alphas(min_value=0.05, max_value=50.0))
def test_general_beta_moments_match_scipy(a, b):
    d = proofs.get("beta.general-moments")
    dist = stats.beta(a, b)
    for k in range(0, 5):
        assert d.result_callable(a, b, k) == pytest.approx(moment_special(a, b, k), rel=RTOL)
        assert d.result_callable(a, b, k) == pytest.approx(dist.moment(k) if k else 1.0, rel=SCIPY_MOMENT_RTOL)
    assert d.form_callable("mean")(a, b, 0) == pytest.approx(dist.mean(), rel=RTOL)
    assert d.form_callable("variance")(a, b, 0) == pytest.approx(dist.var(), rel=RTOL)


def test_paper_section6_values_against_scipy():
    # E[λ] = 1/2 and Var(λ) = 1/(4(2α+1)) (Section 6), through the derived closed forms
    for alpha in GRID:
        assert stats.beta(alpha, alpha).var() == pytest.approx(1 / (4 * (2 * alpha + 1)), rel=RTOL)
        assert f("beta.var")(alpha) == pytest.approx(1 / (4 * (2 * alpha + 1)), rel=RTOL)


def test_limits_of_the_absolute_deviation():
    ad = f("beta.abs-deviation")
    assert ad(1.0) == pytest.approx(0.25)
    assert ad(1e-6) == pytest.approx(0.5, abs=1e-5)          # mass at the endpoints
    assert ad(1e4) * 2 * np.sqrt(np.pi * 1e4) == pytest.approx(1.0, rel=1e-3)  # ≈ normal E|Z|·sd
    assert ad(np.array([0.5, 1.0, 2.0])).shape == (3,)


@settings(max_examples=max(5, PROFILE.max_examples // 2))
@given(alpha=mst.alphas(min_value=0.02, max_value=50.0), seed=mst.seeds())
def test_monte_carlo_agreement(alpha, seed):
    """Six Hoeffding bands, each at false-alarm level DELTA (variables with known ranges)."""
    m = int(20000 * PROFILE.mc_scale)
    lam = np.random.default_rng(seed).beta(alpha, alpha, m)
    checks = [
        (lam, 1.0, f("beta.mean")(alpha)),
        (lam**2, 1.0, f("beta.second-moment")(alpha)),
        (lam * (1 - lam), 0.25, f("beta.cross-moment")(alpha)),
        (lam**2 + (1 - lam) ** 2, 0.5, f("beta.mix-weight")(alpha)),
        (np.abs(lam - 0.5), 0.5, f("beta.abs-deviation")(alpha)),
        (np.minimum(lam, 1 - lam), 0.5, f("beta.min-weight")(alpha)),
    ]
    for values, width, exact in checks:
        assert abs(values.mean() - exact) <= hoeffding_half_width(m, width, DELTA)
