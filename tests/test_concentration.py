"""Confidence intervals for bounded means and binomial checks (mixcheck.concentration)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st
from scipy.stats import binomtest

from mixcheck import concentration as conc
from mixcheck.estimate import Estimate

# False-alarm level of every coverage check in this file: a correct interval family fails a
# check with probability ≤ FALSE_ALARM (exact one-sided binomial test). Under the ``ci``
# profile all seeds are fixed, so the run is deterministic.
FALSE_ALARM = 1e-3


# ---------------------------------------------------------------------------------------
# formulas


def test_half_width_formulas():
    assert conc.hoeffding_half_width(100, 2.0, 0.05) == pytest.approx(2.0 * math.sqrt(math.log(40) / 200))
    v, w, m, d = 0.04, 1.0, 50, 0.01
    expected = math.sqrt(2 * v * math.log(4 / d) / m) + 7 * w * math.log(4 / d) / (3 * (m - 1))
    assert conc.empirical_bernstein_half_width(m, v, w, d) == pytest.approx(expected)
    assert conc.bounded_differences_half_width(0.5, 0.1) == pytest.approx(math.sqrt(0.5 * math.log(20) / 2))


@given(h=st.floats(1e-3, 1.0), w=st.floats(0.0, 10.0), level=st.floats(0.5, 0.999999))
def test_hoeffding_draws_achieves_the_half_width(h, w, level):
    m = conc.hoeffding_draws(h, w, level=level)
    assert conc.hoeffding_half_width(m, w, 1 - level) <= h * (1 + 1e-12)
    if m > 1:
        assert conc.hoeffding_half_width(m - 1, w, 1 - level) > h * (1 - 1e-12)


def test_empirical_bernstein_beats_hoeffding_at_small_variance():
    v = np.full(10_000, 0.5)
    v[::100] = 0.51
    eb = conc.empirical_bernstein_interval(v, 0.0, 1.0, level=0.99)
    ho = conc.hoeffding_interval(v, 0.0, 1.0, level=0.99)
    assert eb.half_width < ho.half_width / 5


def test_intervals_are_clipped_to_the_range_and_hold_the_mean():
    v = np.array([1.0, 1.0, 1.0])
    for est in (conc.hoeffding_interval(v, 0, 1), conc.mean_interval(v, 0, 1)):
        assert est.high == 1.0 and est.value == 1.0 and est.low < 1.0
        assert est.method == "monte-carlo" and est.draws == 3


def test_intersect_levels_add_by_the_union_bound():
    a = Estimate(0.5, 0.1, 0.2, 0.9, 0.995, 10, "monte-carlo", "a")
    b = Estimate(0.5, 0.1, 0.3, 0.8, 0.995, 10, "monte-carlo", "b")
    c = conc.intersect(a, b)
    assert (c.low, c.high) == (0.3, 0.8)
    assert c.level == pytest.approx(0.99)
    assert c.interval == "intersection(a,b)"
    assert conc.mean_interval([0.1, 0.9, 0.4], 0, 1, level=0.9).level == pytest.approx(0.9)


def test_clip_keeps_the_point_estimate_inside():
    e = Estimate(2.0, 0.1, 1.0, 3.0, 0.9, 5, "monte-carlo", "x")
    c = conc.clip(e, 0.0, 1.5)
    assert c.low == 1.0 and c.high == 2.0 and c.level == 0.9


def test_accepts_torch_values():
    t = torch.tensor([0.2, 0.4, 0.6])
    assert conc.mean_interval(t, 0, 1).value == pytest.approx(0.4)


# ---------------------------------------------------------------------------------------
# coverage: the intervals cover a known mean at least at their nominal rate


@pytest.mark.parametrize("method", ["hoeffding", "empirical-bernstein", "auto"])
@pytest.mark.parametrize("p", [0.5, 0.03])
def test_coverage_of_bernoulli_means(method, p):
    level, trials, m = 0.8, 400, 60
    rng = np.random.default_rng(12345)
    covered = 0
    for _ in range(trials):
        x = (rng.random(m) < p).astype(float)
        covered += conc.mean_interval(x, 0.0, 1.0, level=level, method=method).covers(p)
    res = conc.coverage_test(covered, trials, level, false_alarm=FALSE_ALARM)
    assert res.passed, str(res)


def test_coverage_of_bounded_differences_interval():
    # the mean of m uniforms on [0, 1] moves by at most 1/m when one of them changes
    level, trials, m = 0.8, 400, 30
    rng = np.random.default_rng(7)
    covered = sum(conc.bounded_differences_interval(rng.random(m), m * (1 / m) ** 2, level=level).covers(0.5)
                  for _ in range(trials))
    res = conc.coverage_test(covered, trials, level, false_alarm=FALSE_ALARM)
    assert res.passed, str(res)


# ---------------------------------------------------------------------------------------
# binomial


def test_clopper_pearson_matches_scipy_and_handles_extremes():
    e = conc.clopper_pearson(7, 20, level=0.95)
    ci = binomtest(7, 20).proportion_ci(0.95, method="exact")
    assert (e.low, e.high, e.value) == (pytest.approx(ci.low), pytest.approx(ci.high), 0.35)
    assert e.interval == "clopper-pearson"
    zero, full = conc.clopper_pearson(0, 10), conc.clopper_pearson(10, 10)
    assert zero.low == 0.0 and zero.value == 0.0 and full.high == 1.0 and full.value == 1.0


def test_coverage_test_accepts_nominal_and_rejects_low_coverage():
    ok = conc.coverage_test(95, 100, 0.9)
    assert ok.passed and ok.pvalue > 0.5
    bad = conc.coverage_test(60, 100, 0.9, false_alarm=1e-3)
    assert not bad.passed and bad.pvalue < 1e-6
    assert "BELOW" in str(bad) and "false-alarm level" in str(bad)


# ---------------------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize("call,words", [
    (lambda: conc.hoeffding_interval([], 0, 1), "empty"),
    (lambda: conc.hoeffding_interval([0.5, np.nan], 0, 1), "finite"),
    (lambda: conc.hoeffding_interval([0.5, 2.0], 0, 1), r"\[lower, upper\]"),
    (lambda: conc.hoeffding_interval([0.5], 1, 0), "lower ≤ upper"),
    (lambda: conc.hoeffding_interval([0.5], 0, 1, level=1.0), "level"),
    (lambda: conc.hoeffding_interval([0.5], 0, 1, level=0.0), "level"),
    (lambda: conc.empirical_bernstein_interval([0.5], 0, 1), "at least 2"),
    (lambda: conc.mean_interval([0.5], 0, 1, method="clt"), "method"),
    (lambda: conc.hoeffding_half_width(0, 1.0, 0.1), "draws"),
    (lambda: conc.hoeffding_half_width(5, 1.0, 1.5), "delta"),
    (lambda: conc.bounded_differences_half_width(-1.0, 0.1), "sum_sq_c"),
    (lambda: conc.hoeffding_draws(0.0, 1.0), "half_width"),
    (lambda: conc.clopper_pearson(5, 3), "successes"),
    (lambda: conc.clopper_pearson(0, 0), "trials"),
    (lambda: conc.coverage_test(5, 10, 1.0), "nominal"),
    (lambda: conc.coverage_test(5, 10, 0.9, false_alarm=0), "false_alarm"),
    (lambda: conc.intersect(), "at least one"),
])
def test_bad_input_raises_value_error_naming_the_argument(call, words):
    with pytest.raises(ValueError, match=words):
        call()


# ---------------------------------------------------------------------------------------
# regressions: disjoint intersections, argument kinds, huge magnitudes


def test_disjoint_intervals_cannot_be_intersected():
    a = Estimate(0.5, 0.05, 0.4, 0.6, 0.95, 10, "monte-carlo", "a")
    b = Estimate(0.95, 0.02, 0.9, 1.0, 0.95, 10, "monte-carlo", "b")
    with pytest.raises(ValueError, match="disjoint"):
        conc.intersect(a, b)
    with pytest.raises(TypeError, match=r"estimates\[1\]"):
        conc.intersect(a, (0.4, 0.6))


def test_intersecting_an_exact_estimate_with_a_monte_carlo_one():
    exact = Estimate(0.5, 0.0, 0.5, 0.5, 1.0, 4, "exact", "exact")
    mc = Estimate(0.45, 0.05, 0.3, 0.6, 0.95, 10, "monte-carlo", "mc")
    both = conc.intersect(mc, exact)
    assert both.method == "monte-carlo" and both.low <= 0.5 <= both.high and both.level == pytest.approx(0.95)


@pytest.mark.parametrize("call,exc,words", [
    (lambda: conc.hoeffding_interval("abc", 0, 1), TypeError, "values"),
    (lambda: conc.hoeffding_interval(None, 0, 1), TypeError, "values"),
    (lambda: conc.hoeffding_interval([0.5], "a", 1), TypeError, "lower"),
    (lambda: conc.hoeffding_interval([0.5], 0, None), TypeError, "upper"),
    (lambda: conc.hoeffding_half_width(10, 1.0, "x"), TypeError, "delta"),
    (lambda: conc.mean_interval([0.5], 0, 1, method=["auto"]), ValueError, "method"),
    (lambda: conc.clip(0.5, 0, 1), TypeError, "estimate"),
    (lambda: conc.clip(Estimate(0.5, 0.1, 0.2, 0.8, 0.9, 10, "monte-carlo"), 2, 1), ValueError, "lower ≤ upper"),
    (lambda: conc.clip(Estimate(0.5, 0.1, 0.2, 0.8, 0.9, 10, "monte-carlo"), math.nan), ValueError, "lower"),
    (lambda: conc.bounded_differences_interval([0.5], math.nan), ValueError, "sum_sq_c"),
    (lambda: conc.bounded_differences_interval([0.5], 0.1, lower=math.inf), ValueError, "lower"),
    (lambda: conc.clopper_pearson(3, 10**30), ValueError, "trials"),
    (lambda: conc.hoeffding_draws(1e-200, 1.0), ValueError, "half_width"),
    (lambda: conc.hoeffding_interval(torch.tensor([True]), 0, 1), TypeError, "values"),
])
def test_more_bad_input_raises_naming_the_argument(call, exc, words):
    with pytest.raises(exc, match=words):
        call()


def test_huge_bounds_and_values_do_not_overflow():
    v = np.array([1e308, -1e308, 0.0])
    for est in (conc.hoeffding_interval(v, -1.7e308, 1.7e308), conc.mean_interval(v, -1.7e308, 1.7e308),
                conc.empirical_bernstein_interval(v, -1.7e308, 1.7e308),
                conc.bounded_differences_interval(v, 1e300)):
        assert all(math.isfinite(x) for x in (est.value, est.low, est.high, est.stderr))
        assert est.low <= 0.0 <= est.high
    assert math.isfinite(conc.empirical_bernstein_half_width(10, 1e308, 1e308, 0.1))
    assert math.isfinite(conc.bounded_differences_half_width(1.7e308, 1e-10))
