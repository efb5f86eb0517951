"""Confidence intervals for means of bounded random variables, and binomial checks.

Every interval here is *finite-sample valid* — it holds with probability at least ``level``
for every distribution the stated assumptions allow, never only asymptotically:

* **Hoeffding** (1963): i.i.d. X_i ∈ [a, b]; half-width (b−a)·√(ln(2/δ) / 2m).
* **Empirical Bernstein** (Maurer & Pontil 2009, *Empirical Bernstein Bounds and Sample
  Variance Penalization*, Theorem 4): i.i.d. X_i ∈ [a, b], m ≥ 2, V the unbiased sample
  variance; each side at δ/2 gives the two-sided half-width
  √(2V·ln(4/δ) / m) + 7(b−a)·ln(4/δ) / (3(m−1)).
  Much tighter than Hoeffding when the variance is small against the range.
* **Bounded differences** (McDiarmid 1989): a function f of independent variables that moves
  by at most c_k when the k-th variable alone changes satisfies
  P(|f − E f| ≥ t) ≤ 2·exp(−2t² / Σc_k²); half-width √(Σc_k² · ln(2/δ) / 2).
* :func:`intersect` — the intersection of intervals at levels 1−δ_j is valid at level
  1 − Σδ_j (union bound); this is how the ``"auto"`` choices combine two constructions.
  Disjoint intervals cannot all hold the same quantity: :func:`intersect` raises
  ``ValueError`` for them rather than invent an interval.

Binomial helpers (:func:`clopper_pearson`, :func:`coverage_test`) use
``scipy.stats.binomtest``; :func:`coverage_test` is the check that a family of intervals
covers a known truth at least at its nominal rate.

All results are :class:`mixcheck.estimate.Estimate` (``method="monte-carlo"``) with the
construction named in ``interval``; ``level`` is the stated confidence level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from .estimate import Estimate
from .validation import (
    check_choice,
    check_finite_array,
    check_positive,
    check_positive_int,
    check_probability,
    check_real,
    is_torch,
)

__all__ = [
    "hoeffding_half_width",
    "empirical_bernstein_half_width",
    "bounded_differences_half_width",
    "hoeffding_draws",
    "hoeffding_interval",
    "empirical_bernstein_interval",
    "bounded_differences_interval",
    "mean_interval",
    "intersect",
    "clip",
    "clopper_pearson",
    "CoverageTest",
    "coverage_test",
]

MeanMethod = Literal["auto", "hoeffding", "empirical-bernstein"]


# ---------------------------------------------------------------------------------------
# half-widths (two-sided, total failure probability delta)


def _delta(delta: float) -> float:
    return check_probability(delta, "delta")


#: Largest trial count of the binomial helpers (counts up to 2^53 are exact in float64).
MAX_TRIALS = 2**53


def _finite(value: Any, fallback: Any, what: str) -> float:
    """``value()`` if finite, else ``fallback()`` (the same quantity computed in an order that
    cannot overflow in between); a result beyond the float range raises ``ValueError``."""
    try:
        v = value()
    except (OverflowError, ZeroDivisionError):
        v = math.inf
    if not math.isfinite(v):
        try:
            v = fallback()
        except (OverflowError, ZeroDivisionError):
            v = math.inf
        if not math.isfinite(v):
            raise ValueError(f"{what} exceeds the float64 range (inputs too extreme)")
    return v


def hoeffding_half_width(draws: int, width: float, delta: float) -> float:
    """Two-sided Hoeffding half-width for the mean of ``draws`` i.i.d. variables in an interval
    of length ``width``: width·√(ln(2/δ) / (2·draws))."""
    m = check_positive_int(draws, "draws", minimum=1, maximum=2**63)
    w = check_positive(width, "width", allow_zero=True)
    return w * math.sqrt(math.log(2.0 / _delta(delta)) / (2.0 * m))


def empirical_bernstein_half_width(draws: int, sample_var: float, width: float, delta: float) -> float:
    """Two-sided empirical-Bernstein half-width (Maurer & Pontil 2009, Thm 4, δ/2 per side):
    √(2V·ln(4/δ)/m) + 7·width·ln(4/δ)/(3(m−1)); needs m ≥ 2."""
    m = check_positive_int(draws, "draws", minimum=2, maximum=2**63)
    v = check_positive(sample_var, "sample_var", allow_zero=True)
    w = check_positive(width, "width", allow_zero=True)
    log_term = math.log(4.0 / _delta(delta))
    what = "the empirical-Bernstein half-width"
    first = _finite(lambda: math.sqrt(2.0 * v * log_term / m), lambda: math.sqrt(v) * math.sqrt(2.0 * log_term / m),
                    what)
    second = _finite(lambda: 7.0 * w * log_term / (3.0 * (m - 1)), lambda: w * (7.0 * log_term / (3.0 * (m - 1))),
                     what)
    return _finite(lambda: first + second, lambda: math.inf, what)


def bounded_differences_half_width(sum_sq_c: float, delta: float) -> float:
    """Two-sided McDiarmid half-width √(Σc_k²·ln(2/δ)/2) for a function of independent
    variables with bounded differences c_k."""
    s = check_positive(sum_sq_c, "sum_sq_c", allow_zero=True)
    log_term = math.log(2.0 / _delta(delta))
    return _finite(lambda: math.sqrt(s * log_term / 2.0), lambda: math.sqrt(s) * math.sqrt(log_term / 2.0),
                   "the bounded-differences half-width")


def hoeffding_draws(half_width: float, width: float, *, level: float = 0.99) -> int:
    """The number of i.i.d. draws in an interval of length ``width`` after which the two-sided
    Hoeffding half-width at ``level`` is at most ``half_width``."""
    h = check_positive(half_width, "half_width")
    w = check_positive(width, "width", allow_zero=True)
    delta = 1.0 - check_probability(level, "level")
    need = _finite(lambda: w * w * math.log(2.0 / delta) / (2.0 * h * h),
                   lambda: (w / h) ** 2 * (math.log(2.0 / delta) / 2.0),
                   "the number of draws for this half_width and width")
    return max(1, math.ceil(need))


# ---------------------------------------------------------------------------------------
# intervals


def _values(values: Any) -> np.ndarray:
    """The draws as a flat float64 vector: any shape, real, finite, at least one."""
    if isinstance(values, (int, float, np.number)) and not isinstance(values, (bool, np.bool_)):
        values = [values]
    if is_torch(values):
        check_finite_array(values, "values", min_ndim=0, allow_empty=True)
        values = values.detach().to("cpu").double().numpy()
    v = check_finite_array(values, "values", min_ndim=0, allow_empty=True)
    v = np.asarray(v, dtype=np.float64).reshape(-1)
    if v.size == 0:
        raise ValueError("values must not be empty")
    if not np.all(np.isfinite(v)):
        raise ValueError("values must be finite (no NaN or inf) within the float64 range")
    return v


def _bounds(v: np.ndarray, lower: float, upper: float) -> tuple[float, float]:
    lo, hi = check_real(lower, "lower", finite=False), check_real(upper, "upper", finite=False)
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
        raise ValueError(f"need finite lower ≤ upper, got lower={lo}, upper={hi}")
    if v.min() < lo or v.max() > hi:
        raise ValueError(f"values must lie in [lower, upper] = [{lo}, {hi}], got range [{v.min()}, {v.max()}]")
    return lo, hi


#: Bounds or values beyond 2^SAFE_EXP in magnitude are first divided by a power of two (exact),
#: so that widths, sums and variances cannot overflow; the estimate is scaled back.
_SAFE_EXP = 1000


def _pow2(*magnitudes: float) -> int:
    m = max([abs(x) for x in magnitudes if math.isfinite(x)] + [0.0])
    return 0 if m <= 2.0**_SAFE_EXP else math.frexp(m)[1]


def _scaled(est: Estimate, k: int) -> Estimate:
    """est with value, stderr and bounds multiplied by 2^k."""
    if k == 0:
        return est
    f = lambda x: math.ldexp(x, k)  # noqa: E731
    return Estimate(f(est.value), f(est.stderr), f(est.low), f(est.high), est.level, est.draws, est.method,
                    est.interval)


def _stats(v: np.ndarray) -> tuple[float, float, float]:
    """mean, unbiased variance (0 for one value), standard error."""
    m = v.size
    mean = float(v.mean())
    var = float(v.var(ddof=1)) if m > 1 else 0.0
    return mean, var, math.sqrt(var / m)


def _estimate(mean: float, stderr: float, half: float, lo: float, hi: float, level: float, m: int,
              name: str) -> Estimate:
    low = max(lo, mean - half)
    high = min(hi, mean + half)
    mean = min(max(mean, lo), hi)  # guards against rounding of the mean past a bound
    return Estimate(mean, stderr, min(low, mean), max(high, mean), level, m, "monte-carlo", name)


def hoeffding_interval(values: Any, lower: float, upper: float, *, level: float = 0.99) -> Estimate:
    """Mean of i.i.d. draws known to lie in [lower, upper], with its two-sided Hoeffding
    interval at ``level`` (clipped to [lower, upper])."""
    level = check_probability(level, "level")
    v = _values(values)
    lo, hi = _bounds(v, lower, upper)
    k = _pow2(lo, hi)
    if k:
        return _scaled(hoeffding_interval(np.ldexp(v, -k), math.ldexp(lo, -k), math.ldexp(hi, -k), level=level), k)
    mean, _, se = _stats(v)
    half = hoeffding_half_width(v.size, hi - lo, 1.0 - level)
    return _estimate(mean, se, half, lo, hi, level, v.size, "hoeffding")


def empirical_bernstein_interval(values: Any, lower: float, upper: float, *, level: float = 0.99) -> Estimate:
    """Mean of i.i.d. draws in [lower, upper] with the two-sided empirical-Bernstein interval
    of Maurer & Pontil (2009, Thm 4) at ``level``; needs at least 2 values."""
    level = check_probability(level, "level")
    v = _values(values)
    if v.size < 2:
        raise ValueError(f"values must hold at least 2 draws for the empirical-Bernstein interval, got {v.size}")
    lo, hi = _bounds(v, lower, upper)
    k = _pow2(lo, hi)
    if k:
        return _scaled(empirical_bernstein_interval(np.ldexp(v, -k), math.ldexp(lo, -k), math.ldexp(hi, -k),
                                                    level=level), k)
    mean, var, se = _stats(v)
    half = empirical_bernstein_half_width(v.size, var, hi - lo, 1.0 - level)
    return _estimate(mean, se, half, lo, hi, level, v.size, "empirical-bernstein")


def bounded_differences_interval(values: Any, sum_sq_c: float, *, level: float = 0.99,
                                 lower: float = -math.inf, upper: float = math.inf) -> Estimate:
    """The mean of ``values`` as an estimate of its expectation, when that mean, seen as a
    function of independent variables, has bounded differences c_k with Σc_k² = ``sum_sq_c``
    (McDiarmid). [lower, upper], if given, is a range known to hold the expectation."""
    level = check_probability(level, "level")
    v = _values(values)
    s2 = check_positive(sum_sq_c, "sum_sq_c", allow_zero=True)
    lo, hi = check_real(lower, "lower", finite=False), check_real(upper, "upper", finite=False)
    if math.isnan(lo) or math.isnan(hi) or lo > hi or lo == math.inf or hi == -math.inf:
        raise ValueError(f"need lower ≤ upper (each a number or ±inf on its own side), got lower={lo}, upper={hi}")
    k = _pow2(float(np.abs(v).max()), lo, hi)
    if k:
        return _scaled(bounded_differences_interval(np.ldexp(v, -k), math.ldexp(s2, -2 * k), level=level,
                                                    lower=math.ldexp(lo, -k), upper=math.ldexp(hi, -k)), k)
    mean, _, se = _stats(v)
    half = bounded_differences_half_width(sum_sq_c, 1.0 - level)
    return _estimate(mean, se, half, lo, hi, level, v.size, "bounded-differences")


def intersect(*estimates: Estimate) -> Estimate:
    """The intersection of intervals for the same quantity, valid at level 1 − Σ(1 − level_j)
    by the union bound. Value, standard error and draws come from the first estimate."""
    if not estimates:
        raise ValueError("intersect needs at least one estimate")
    for i, e in enumerate(estimates):
        if not isinstance(e, Estimate):
            raise TypeError(f"estimates[{i}] must be an Estimate, got {type(e).__name__}")
    if len(estimates) == 1:
        return estimates[0]
    first = estimates[0]
    low = max(e.low for e in estimates)
    high = min(e.high for e in estimates)
    if low > high:
        raise ValueError(f"the intervals are disjoint (largest low {low} > smallest high {high}): they cannot "
                         "all hold the same quantity, so at least one of them missed it")
    level = 1.0 - sum(1.0 - e.level for e in estimates)
    if level <= 0:
        raise ValueError(f"the levels of the intersected intervals sum to a non-positive level {level}")
    if all(e.method == "exact" for e in estimates):
        return first  # equal exact values (else disjoint, above)
    value = first.value
    low, high = min(low, value), max(high, value)
    name = "intersection(" + ",".join(e.interval for e in estimates) + ")"
    return Estimate(value, first.stderr, low, high, level, first.draws, "monte-carlo", name)


def clip(estimate: Estimate, lower: float = -math.inf, upper: float = math.inf) -> Estimate:
    """Intersect the interval with a range [lower, upper] known for certain to hold the true
    value (this keeps the level); the interval still contains the point estimate. An interval
    wholly outside [lower, upper] has missed (probability ≤ 1 − level); it then shrinks to end
    at the point estimate, so the result is never wider than the input."""
    if not isinstance(estimate, Estimate):
        raise TypeError(f"estimate must be an Estimate, got {type(estimate).__name__}")
    lower, upper = check_real(lower, "lower", finite=False), check_real(upper, "upper", finite=False)
    if math.isnan(lower) or math.isnan(upper) or lower > upper:
        raise ValueError(f"need lower ≤ upper, got lower={lower}, upper={upper}")
    low = max(estimate.low, float(lower))
    high = min(estimate.high, float(upper))
    low, high = min(low, estimate.value), max(high, estimate.value)
    return Estimate(estimate.value, estimate.stderr, low, high, estimate.level, estimate.draws,
                    estimate.method, estimate.interval)


def mean_interval(values: Any, lower: float, upper: float, *, level: float = 0.99,
                  method: MeanMethod = "auto") -> Estimate:
    """Mean of i.i.d. draws in [lower, upper] with a valid two-sided interval at ``level``.

    ``method``: ``"hoeffding"``, ``"empirical-bernstein"``, or ``"auto"`` — both at level
    1 − δ/2 each, intersected (valid at 1 − δ by the union bound); with a single value
    ``"auto"`` is Hoeffding.
    """
    level = check_probability(level, "level")
    check_choice(method, "method", ("auto", "hoeffding", "empirical-bernstein"))
    if method == "hoeffding":
        return hoeffding_interval(values, lower, upper, level=level)
    if method == "empirical-bernstein":
        return empirical_bernstein_interval(values, lower, upper, level=level)
    if method != "auto":
        raise ValueError(f"method must be 'auto', 'hoeffding' or 'empirical-bernstein', got {method!r}")
    v = _values(values)
    if v.size < 2:
        return hoeffding_interval(v, lower, upper, level=level)
    half_level = 1.0 - (1.0 - level) / 2.0
    return intersect(hoeffding_interval(v, lower, upper, level=half_level),
                     empirical_bernstein_interval(v, lower, upper, level=half_level))


# ---------------------------------------------------------------------------------------
# binomial


def _counts(successes: int, trials: int) -> tuple[int, int]:
    n = check_positive_int(trials, "trials", minimum=1, maximum=MAX_TRIALS)
    k = check_positive_int(successes, "successes", minimum=0, maximum=n)
    return k, n


def clopper_pearson(successes: int, trials: int, *, level: float = 0.99) -> Estimate:
    """A proportion k/n with its exact two-sided Clopper–Pearson interval at ``level``
    (``scipy.stats.binomtest(...).proportion_ci(method="exact")``)."""
    from scipy.stats import binomtest

    k, n = _counts(successes, trials)
    level = check_probability(level, "level")
    ci = binomtest(k, n).proportion_ci(confidence_level=level, method="exact")
    p = k / n
    se = math.sqrt(p * (1 - p) / n)
    return Estimate(p, se, min(float(ci.low), p), max(float(ci.high), p), level, n, "monte-carlo",
                    "clopper-pearson")


@dataclass(frozen=True)
class CoverageTest:
    """One-sided exact binomial test of H0: "coverage ≥ nominal" against "coverage < nominal".

    ``passed`` is ``pvalue ≥ false_alarm``: a correct family of intervals fails with
    probability at most ``false_alarm``.
    """

    covered: int
    trials: int
    nominal: float
    rate: float
    pvalue: float
    false_alarm: float
    passed: bool
    ci: Estimate

    def __str__(self) -> str:
        verdict = "consistent with" if self.passed else "BELOW"
        return (f"coverage {self.covered}/{self.trials} = {self.rate:.4f} {verdict} nominal {self.nominal} "
                f"(one-sided binomial p = {self.pvalue:.3g}, false-alarm level {self.false_alarm})")


def coverage_test(covered: int, trials: int, nominal: float, *, false_alarm: float = 1e-3) -> CoverageTest:
    """Test whether intervals that covered the truth ``covered`` times out of ``trials`` are
    consistent with a coverage of at least ``nominal`` (exact one-sided binomial test,
    ``scipy.stats.binomtest(alternative="less")``), at false-alarm level ``false_alarm``."""
    from scipy.stats import binomtest

    k, n = _counts(covered, trials)
    p0 = check_probability(nominal, "nominal")
    fa = check_probability(false_alarm, "false_alarm")
    pvalue = float(binomtest(k, n, p0, alternative="less").pvalue)
    return CoverageTest(k, n, p0, k / n, pvalue, fa, pvalue >= fa, clopper_pearson(k, n, level=1 - fa))
