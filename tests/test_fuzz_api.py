"""Fuzzing every public function of the library modules with bad arguments.

For each function in the ``__all__`` of mixcheck.mixup, rademacher, concentration, estimate,
losses, counterexample and validation there is a valid call (``SPECS``) and, per argument,
a kind; Hypothesis replaces one argument by a bad value of that kind (garbage of other
types via ``st.from_type``, NaN/inf and extreme floats, wrong shapes and dtypes, values
outside the allowed range, sizes far beyond the memory limits) and the call must raise
``ValueError`` or ``TypeError`` whose message names that argument. Huge sizes just above
the limits run in a subprocess under an address-space cap (``RLIMIT_AS``), so a refusal
that came after the allocation would fail there instead of exhausting memory.

Search effort follows the suite profile (``ci``: derandomised, 40 examples per function;
``thorough``: 2000).
"""

from __future__ import annotations

import inspect
import math
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings, strategies as st

from mixcheck import concentration, counterexample, estimate, losses, mixup, rademacher, validation
from mixcheck.estimate import Estimate
from mixcheck.profiles import active_profile

# the robustness and huge-size properties get a quarter of the profile's examples each
SECONDARY = settings(max_examples=max(10, active_profile().max_examples // 4))

MODULES = [mixup, rademacher, concentration, estimate, losses, counterexample, validation]
# Public names that are not functions taking arguments: constants, a type alias, result
# containers (plain records built by the library itself).
NOT_FUNCTIONS = {"MAX_EXACT_N", "MEMORY_BUDGET", "MAX_DRAWS", "MAX_ALLOCATION_BYTES", "PREC", "Pairing",
                 "MixupBatch", "CoverageTest", "is_torch"}

# ---------------------------------------------------------------------------------------
# bad values by kind

NON_NUMBER = st.one_of(st.none(), st.text(max_size=4), st.binary(max_size=3), st.from_type(complex),
                       st.dictionaries(st.text(max_size=2), st.integers(), max_size=2), st.just(object()),
                       st.just([0.5, "a"]), st.just(st.integers))
NOT_FINITE = st.sampled_from([math.nan, math.inf, -math.inf, np.float64("nan"), np.float32("inf")])
HUGE_INT = st.integers(10**12, 10**30)


def _is_dtype(t) -> bool:
    try:
        np.dtype(t)
    except (TypeError, ValueError, SyntaxError):
        return False
    return True


def _is_rational_text(t) -> bool:
    from fractions import Fraction

    try:
        Fraction(t)
    except (TypeError, ValueError, ZeroDivisionError):
        return False
    return True


def _floats(lo=None, hi=None):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def _bad_arrays(ndim: int | None):
    """Arrays no sample argument accepts; wrong ranks when ``ndim`` is given."""
    base = [
        NON_NUMBER.filter(lambda v: not isinstance(v, list)),
        st.sampled_from([math.nan, math.inf, -math.inf]).map(lambda v: np.array([[1.0, v], [0.0, 1.0]])),
        st.sampled_from([math.nan, math.inf]).map(lambda v: torch.tensor([[v, 1.0], [2.0, 3.0]])),
        st.just(np.zeros((0, 2))), st.just(np.zeros((2, 0))),
        st.just(np.array([[1 + 1j, 2.0], [0.0, 1.0]])), st.just(np.ones((2, 2), dtype=bool)),
        st.just(torch.ones(2, 2, dtype=torch.bool)), st.just(np.array([["a", "b"], ["c", "d"]])),
        st.just(np.array([[None, 1.0], [2.0, 3.0]], dtype=object)), st.just([[1.0, 2.0], [3.0]]),
        st.just([[1.0, "x"], [2.0, 3.0]]),
    ]
    if ndim == 2:
        base += [st.just(np.ones(3)), st.just(np.ones((2, 2, 2))), st.just(np.float64(1.0))]
    return st.one_of(*base)


BAD = {
    "samples": _bad_arrays(2),
    "batch": _bad_arrays(None),
    "rows": st.one_of(NON_NUMBER.filter(lambda v: not isinstance(v, (list, str))), st.just([]), st.just([[]]),
                      st.just([[1.0, 2.0], [3.0]]), st.just([1.0, 2.0]), st.just([[1.0, math.nan]]),
                      st.just([[math.inf, 1.0]]), st.just([[1.0, "abc"]]), st.just([[None]]), st.just(np.ones(3))),
    "prob": st.one_of(NON_NUMBER, NOT_FINITE, st.booleans(), _floats(hi=0.0), _floats(lo=1.0)),
    "unit": st.one_of(NON_NUMBER, NOT_FINITE, st.booleans(), _floats(hi=-1e-12), _floats(lo=1.000001)),
    "lam1": st.one_of(NON_NUMBER.filter(lambda v: v is not None), NOT_FINITE, _floats(hi=-1e-12),
                      _floats(lo=1.000001), st.just(np.array([0.5, 1.5, 0.5])), st.just(np.full((3, 1), 0.5)),
                      st.just(torch.tensor([0.5, math.nan, 0.1])), st.just(torch.tensor([1, 0, 1]))),
    "alpha": st.one_of(NON_NUMBER.filter(lambda v: v is not None), NOT_FINITE, st.booleans(), _floats(hi=-1e-300)),
    "count": st.one_of(NON_NUMBER, st.booleans(), st.integers(max_value=0), st.floats(1.0, 100.0),
                       st.just(np.float64(3.0)), HUGE_INT),
    "int": st.one_of(NON_NUMBER, st.booleans(), st.integers(max_value=0), st.floats(1.0, 100.0),
                     st.just(np.float64(3.0))),
    "draws": st.one_of(NON_NUMBER.filter(lambda v: v is not None), st.booleans(), st.integers(max_value=0),
                       st.floats(1.0, 100.0), HUGE_INT),
    "trials": st.one_of(NON_NUMBER, st.booleans(), st.integers(max_value=0), st.integers(2**53 + 1, 10**30)),
    "text": st.one_of(NON_NUMBER.filter(lambda v: not isinstance(v, str)), st.just("")),
    "positive": st.one_of(NON_NUMBER, NOT_FINITE, st.booleans(), _floats(hi=0.0)),
    "nonneg": st.one_of(NON_NUMBER, NOT_FINITE, st.booleans(), _floats(hi=-1e-300)),
    "seed": st.one_of(NON_NUMBER.filter(lambda v: v is not None), st.booleans(), st.integers(max_value=-1),
                      st.floats(0.5, 10.0), st.just(np.random.RandomState(0))),
    "choice": st.one_of(NON_NUMBER, st.text(min_size=1, max_size=8), st.integers()).filter(
        lambda t: t not in ("auto", "hoeffding", "empirical-bernstein", "bounded-differences", "permutation",
                            "expected", "exact", "monte-carlo", "a", "b")),
    "bool": st.one_of(st.none(), st.integers(), st.text(max_size=3), st.floats()),
    "real": st.one_of(NON_NUMBER, st.just(math.nan)),
    "values": st.one_of(NON_NUMBER.filter(lambda v: not isinstance(v, list)), st.just([]),
                        st.just(np.array([0.5, math.nan])), st.just(torch.tensor([0.5, math.inf])),
                        st.just(np.array([True, False])), st.just(np.array([0.5, 7.0])),
                        st.just(np.array(["a", "b"]))),
    "labels": st.one_of(st.none(), st.text(max_size=3), st.just(np.array([0.0, 1.0, 1.0])),
                        st.just(np.array([0, 1, 7])), st.just(np.array([-1, 0, 1])), st.just(np.ones((3, 1), int)),
                        st.just(np.array([True, False, True]))),
    "tlabels": st.one_of(NON_NUMBER, st.just(torch.tensor([0.0, 1.0, 1.0, 0.0])),
                         st.just(torch.tensor([0, 1, 9, 0])), st.just(torch.tensor([0, 1]))),
    "indices": st.one_of(NON_NUMBER.filter(lambda v: v is not None), st.just([0.0, 1.0, 2.0]), st.just([0, 1, 3]),
                         st.just([0, 1]), st.just([-1, 0, 1]), st.just(np.ones((3, 1), int))),
    "callable": st.one_of(NON_NUMBER, st.integers()),
    "pair": st.one_of(NON_NUMBER, st.just((1.0, 0.0)), st.just((0.0, math.nan)), st.just((0.0, 1.0, 2.0)),
                      st.just((-math.inf, 1.0))),
    "logits": st.one_of(NON_NUMBER, st.just(np.zeros((4, 3))), st.just(torch.zeros(4, 3, dtype=torch.long)),
                        st.just(torch.zeros(4)), st.just(torch.zeros(0, 3)),
                        st.just(torch.zeros(4, 3, 2))),
    "targets": st.one_of(NON_NUMBER, st.just(torch.zeros(4, 2)), st.just(-torch.ones(4, 3)),
                         st.just(torch.full((4, 3), math.nan)), st.just(torch.ones(4, 3, dtype=torch.long))),
    "dtype": st.one_of(st.text(min_size=1, max_size=5).filter(lambda t: not _is_dtype(t)),
                       st.just(object), st.just(complex), st.just(np.complex64), st.just(torch.float32)),
    "estimate": NON_NUMBER,
    "rational": st.one_of(NON_NUMBER.filter(lambda v: not isinstance(v, str)), NOT_FINITE, st.just("abc"),
                          st.just("1/0"), st.booleans()),
}


def _labels(n=3):
    return np.arange(n) % 2


X3 = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
EST = Estimate(0.5, 0.1, 0.2, 0.8, 0.9, 10, "monte-carlo", "hoeffding")
LOGITS = torch.zeros(4, 3)
YA, YB = torch.tensor([0, 1, 2, 0]), torch.tensor([1, 1, 0, 2])
HYP = staticmethod(lambda Z: np.vstack([np.tanh(Z[:, 0]), -np.tanh(Z[:, 0])]))

# function name → (callable, valid keyword arguments, {argument: kind})
SPECS = {
    # mixup
    "as_generator": (mixup.as_generator, dict(rng=0), {"rng": "seed"}),
    "sample_lambda": (mixup.sample_lambda, dict(alpha=1.0, size=3, rng=0),
                      {"alpha": "alpha", "size": "draws", "rng": "seed"}),
    "random_partners": (mixup.random_partners, dict(n=3, rng=0), {"n": "count", "rng": "seed"}),
    "mix": (mixup.mix, dict(x=X3, lam=0.3, partners=[1, 2, 0]),
            {"x": "batch", "lam": "lam", "partners": "indices", "validate": "bool"}),
    "mix_expected": (mixup.mix_expected, dict(x=X3, lam=0.3), {"x": "batch", "lam": "lam", "validate": "bool"}),
    "one_hot": (mixup.one_hot, dict(y=_labels(), num_classes=2),
                {"y": "labels", "num_classes": "count", "dtype": "dtype", "validate": "bool"}),
    "mixup_batch": (mixup.mixup_batch, dict(x=X3, y=_labels(), alpha=1.0, num_classes=2, rng=0),
                    {"x": "batch", "alpha": "alpha", "num_classes": "count", "per_sample": "bool",
                     "pairing": "choice", "rng": "seed", "validate": "bool"}),
    # rademacher
    "empirical_rademacher": (rademacher.empirical_rademacher, dict(predictions=X3.T, draws=5, seed=0),
                             {"predictions": "samples", "draws": "draws", "seed": "seed", "level": "prob",
                              "interval": "choice"}),
    "linear_rademacher": (rademacher.linear_rademacher, dict(X=X3, draws=5, seed=0),
                          {"X": "samples", "radius": "positive", "draws": "draws", "seed": "seed",
                           "level": "prob", "interval": "choice"}),
    "linear_rademacher_difference": (rademacher.linear_rademacher_difference, dict(X=X3, Y=X3 / 2, draws=5, seed=0),
                                     {"X": "samples", "Y": "samples", "radius": "positive", "draws": "draws",
                                      "seed": "seed", "level": "prob", "interval": "choice"}),
    "linear_jensen_bound": (rademacher.linear_jensen_bound, dict(X=X3), {"X": "samples", "radius": "positive"}),
    "network_norm_bound": (rademacher.network_norm_bound, dict(X=X3, depth=2, frobenius_product=1.0),
                           {"X": "samples", "depth": "count", "frobenius_product": "positive"}),
    "surrogate_sample": (rademacher.surrogate_sample, dict(X=X3, lam=0.4), {"X": "samples", "lam": "lam"}),
    "mixup_sample": (rademacher.mixup_sample, dict(X=X3, alpha=1.0, seed=0),
                     {"X": "samples", "alpha": "alpha", "per_sample": "bool", "seed": "seed"}),
    "expected_mixed_linear_rademacher": (
        rademacher.expected_mixed_linear_rademacher, dict(X=X3, alpha=1.0, mixing_draws=3, sign_draws=2, seed=0),
        {"X": "samples", "radius": "positive", "alpha": "alpha", "pairing": "choice", "per_sample": "bool",
         "mixing_draws": "count", "sign_draws": "draws", "seed": "seed", "level": "prob", "interval": "choice"}),
    "expected_mixed_rademacher": (
        rademacher.expected_mixed_rademacher,
        dict(X=X3, hypotheses=HYP.__func__, value_range=(-1.0, 1.0), alpha=1.0, mixing_draws=3, sign_draws=2, seed=0),
        {"X": "samples", "hypotheses": "callable", "value_range": "pair", "alpha": "alpha", "pairing": "choice",
         "per_sample": "bool", "mixing_draws": "count", "sign_draws": "draws", "seed": "seed", "level": "prob",
         "interval": "choice"}),
    # concentration
    "hoeffding_half_width": (concentration.hoeffding_half_width, dict(draws=10, width=1.0, delta=0.05),
                             {"draws": "int", "width": "nonneg", "delta": "prob"}),
    "empirical_bernstein_half_width": (concentration.empirical_bernstein_half_width,
                                       dict(draws=10, sample_var=0.1, width=1.0, delta=0.05),
                                       {"draws": "int", "sample_var": "nonneg", "width": "nonneg", "delta": "prob"}),
    "bounded_differences_half_width": (concentration.bounded_differences_half_width, dict(sum_sq_c=0.1, delta=0.05),
                                       {"sum_sq_c": "nonneg", "delta": "prob"}),
    "hoeffding_draws": (concentration.hoeffding_draws, dict(half_width=0.1, width=1.0),
                        {"half_width": "positive", "width": "nonneg", "level": "prob"}),
    "hoeffding_interval": (concentration.hoeffding_interval, dict(values=[0.2, 0.4], lower=0.0, upper=1.0),
                           {"values": "values", "lower": "real", "upper": "real", "level": "prob"}),
    "empirical_bernstein_interval": (concentration.empirical_bernstein_interval,
                                     dict(values=[0.2, 0.4], lower=0.0, upper=1.0),
                                     {"values": "values", "lower": "real", "upper": "real", "level": "prob"}),
    "bounded_differences_interval": (concentration.bounded_differences_interval, dict(values=[0.2, 0.4], sum_sq_c=0.1),
                                     {"values": "unbounded_values", "sum_sq_c": "nonneg", "level": "prob",
                                      "lower": "real",
                                      "upper": "real"}),
    "mean_interval": (concentration.mean_interval, dict(values=[0.2, 0.4], lower=0.0, upper=1.0),
                      {"values": "values", "lower": "real", "upper": "real", "level": "prob", "method": "choice"}),
    "intersect": (concentration.intersect, dict(estimates=(EST, EST)), {"estimates": "estimate"}),
    "clip": (concentration.clip, dict(estimate=EST, lower=0.0, upper=1.0),
             {"estimate": "estimate", "lower": "real", "upper": "real"}),
    "clopper_pearson": (concentration.clopper_pearson, dict(successes=3, trials=10),
                        {"trials": "trials", "level": "prob"}),
    "coverage_test": (concentration.coverage_test, dict(covered=9, trials=10, nominal=0.9),
                      {"trials": "trials", "nominal": "prob", "false_alarm": "prob"}),
    # estimate
    "Estimate": (Estimate, dict(value=0.5, stderr=0.1, low=0.2, high=0.8, level=0.9, draws=10, method="monte-carlo",
                                interval="hoeffding"),
                 {"value": "real", "stderr": "nonneg", "low": "real", "high": "real", "level": "prob",
                  "draws": "int", "method": "choice", "interval": "text"}),
    # losses
    "soft_cross_entropy": (losses.soft_cross_entropy, dict(logits=LOGITS, targets=torch.full((4, 3), 1 / 3)),
                           {"logits": "logits", "targets": "targets", "validate": "bool"}),
    "mixup_cross_entropy": (losses.mixup_cross_entropy, dict(logits=LOGITS, y_a=YA, y_b=YB, lam=0.3),
                            {"logits": "logits", "y_a": "tlabels", "y_b": "tlabels", "lam": "lam",
                             "validate": "bool"}),
    # counterexample
    "frac": (counterexample.frac, dict(x=0.5), {"x": "rational"}),
    "mp": (counterexample.mp, dict(x=0.5), {"x": "rational"}),
    "as_fraction_rows": (counterexample.as_fraction_rows, dict(X=[[1, 2]]), {"X": "rows"}),
    "sign_vectors": (counterexample.sign_vectors, dict(n=3), {"n": "index"}),
    "linear_rademacher_exact": (counterexample.linear_rademacher_exact, dict(X=[[1, 2], [3, 4]]),
                                {"X": "rows", "Lam": "rational"}),
    "linear_rademacher_float": (counterexample.linear_rademacher_float, dict(X=[[1, 2], [3, 4]]),
                                {"X": "rows", "Lam": "nonneg"}),
    "mean_row": (counterexample.mean_row, dict(X=[[1, 2], [3, 4]]), {"X": "rows"}),
    "surrogate_rows": (counterexample.surrogate_rows, dict(X=[[1, 2], [3, 4]], lam=0.5),
                       {"X": "rows", "lam": "unit_exact"}),
    "mixed_rows": (counterexample.mixed_rows, dict(X=[[1, 2], [3, 4], [0, 1]], lam=0.5, perm=[1, 2, 0]),
                   {"X": "rows", "lam": "unit_exact", "perm": "indices"}),
    "perm_mixup_rademacher_exact": (counterexample.perm_mixup_rademacher_exact, dict(X=[[1], [2]], lam=0.5),
                                    {"X": "rows", "lam": "unit_exact", "Lam": "rational"}),
    "perm_mixup_rademacher_float": (counterexample.perm_mixup_rademacher_float, dict(X=[[1], [2]], lam=0.5),
                                    {"X": "rows", "lam": "unit", "Lam": "nonneg"}),
    "total_variance": (counterexample.total_variance, dict(X=[[1], [2]]), {"X": "rows", "ddof": "index"}),
    "norm_variance": (counterexample.norm_variance, dict(X=[[1], [2]]), {"X": "rows", "ddof": "index"}),
    "single_neuron_rademacher": (counterexample.single_neuron_rademacher, dict(X=[[1, 0], [0, 1]]),
                                 {"X": "rows", "W": "nonneg"}),
    # validation (the name given is the name the message must carry)
    "check_real": (validation.check_real, dict(value=1.0, name="the_arg"), {"value": "real"}),
    "check_alpha": (validation.check_alpha, dict(alpha=1.0, name="the_arg"), {"alpha": "alpha"}),
    "check_lambda": (validation.check_lambda, dict(lam=0.5, name="the_arg"), {"lam": "lam1"}),
    "check_positive": (validation.check_positive, dict(value=1.0, name="the_arg"), {"value": "positive"}),
    "check_positive_int": (validation.check_positive_int, dict(value=3, name="the_arg", maximum=10**11),
                           {"value": "count"}),
    "check_probability": (validation.check_probability, dict(value=0.5, name="the_arg"), {"value": "prob"}),
    "check_bool": (validation.check_bool, dict(value=True, name="the_arg"), {"value": "bool"}),
    "check_choice": (validation.check_choice, dict(value="a", name="the_arg", choices=("a", "b")),
                     {"value": "choice"}),
    "check_seed": (validation.check_seed, dict(seed=0, name="the_arg"), {"seed": "seed"}),
    "check_allocation": (validation.check_allocation, dict(count=10, name="the_arg"), {"count": "huge"}),
    "check_samples": (validation.check_samples, dict(X=X3, name="the_arg"), {"X": "samples"}),
    "check_finite_array": (validation.check_finite_array, dict(x=X3, name="the_arg"), {"x": "batch"}),
    "check_tensor": (validation.check_tensor, dict(x=LOGITS, name="the_arg", ndim=2, floating=True),
                     {"x": "tensor"}),
    "check_indices": (validation.check_indices, dict(p=[1, 2, 0], n=3, name="the_arg"), {"p": "indices"}),
    "check_labels": (validation.check_labels, dict(y=_labels(), num_classes=2, name="the_arg"), {"y": "labels"}),
    "check_same_length": (validation.check_same_length, dict(a=X3, b=X3, name_a="the_arg", name_b="other"),
                          {"a": "lengthless"}),
    "check_rational": (validation.check_rational, dict(value=0.5, name="the_arg"), {"value": "rational"}),
}
BAD["huge"] = st.integers(2**33, 10**30)
BAD["index"] = st.one_of(NON_NUMBER, st.booleans(), st.integers(max_value=-1), st.floats(1.0, 100.0), HUGE_INT)
BAD["unit_exact"] = BAD["unit"].filter(lambda v: not (isinstance(v, str) and _is_rational_text(v)
                                                      and 0 <= __import__("fractions").Fraction(v) <= 1))
BAD["unbounded_values"] = BAD["values"].filter(lambda v: not (isinstance(v, np.ndarray) and v.dtype == float
                                                               and np.all(np.isfinite(v)) and v.size))
BAD["lam"] = st.one_of(BAD["lam1"], st.just(np.array([0.5, 0.5])))   # the wrong length for n = 3 or 4
BAD["tensor"] = st.one_of(BAD["logits"].filter(lambda v: not (isinstance(v, torch.Tensor) and v.numel() == 0)),
                          st.just(torch.full((4, 3), math.nan)))
BAD["lengthless"] = st.one_of(st.none(), st.integers(), st.floats(), st.just(np.float64(1.0)))

# which name the message must carry when the argument is renamed through ``name=``
MESSAGE_NAME = {("check_same_length", "a"): "the_arg"}


def _public_functions():
    out = []
    for mod in MODULES:
        for name in mod.__all__:
            if name not in NOT_FUNCTIONS:
                out.append(name)
    return out


def test_every_public_function_has_a_fuzz_spec():
    missing = [n for n in _public_functions() if n not in SPECS]
    assert not missing, f"no fuzz spec for {missing}"
    for name, (fn, kwargs, kinds) in SPECS.items():
        params = inspect.signature(fn).parameters
        assert set(kinds) <= set(params), f"{name}: unknown arguments {set(kinds) - set(params)}"
        _call(fn, kwargs)  # the valid call works


def _call(fn, kwargs):
    if fn is concentration.intersect:
        return fn(*kwargs["estimates"])
    return fn(**kwargs)


def _expected_name(fname: str, arg: str, kwargs: dict) -> str:
    if (fname, arg) in MESSAGE_NAME:
        return MESSAGE_NAME[(fname, arg)]
    return "the_arg" if "name" in kwargs and fname.startswith("check_") else arg


COUNT_KINDS = {"count", "draws", "int", "trials", "huge"}
CASES = [(f, a) for f, (_, _, kinds) in SPECS.items() for a in kinds]


@pytest.mark.parametrize("fname", sorted(SPECS))
@given(data=st.data())
def test_bad_argument_gives_a_clear_error_naming_it(fname, data):
    fn, kwargs, kinds = SPECS[fname]
    arg = data.draw(st.sampled_from(sorted(kinds)), label="argument")
    bad = data.draw(BAD[kinds[arg]], label=arg)
    if arg == "estimates":
        bad = (EST, bad)
    call = dict(kwargs, **{arg: bad})
    want = _expected_name(fname, arg, kwargs)
    with pytest.raises((ValueError, TypeError)) as info:
        _call(fn, call)
    assert re.search(rf"\b{re.escape(want)}\b", str(info.value)), \
        f"{fname}({arg}={bad!r:.80}) raised {type(info.value).__name__} not naming {want!r}: {info.value}"


@pytest.mark.parametrize("fname", sorted(SPECS))
@SECONDARY
@given(data=st.data())
def test_any_value_anywhere_returns_or_raises_a_clear_error(fname, data):
    """Values of arbitrary builtin types (``st.from_type``) in any argument: the call either
    works (the value happened to be acceptable) or raises ValueError/TypeError — never
    another exception."""
    fn, kwargs, kinds = SPECS[fname]
    arg = data.draw(st.sampled_from(sorted(kinds)), label="argument")
    value = data.draw(st.one_of(st.sampled_from([int, float, str, bool, complex, bytes, list, tuple, dict, set,
                                                  type(None)]).flatmap(st.from_type),
                                st.floats(), st.integers(-10**20, 10**20)), label=arg)
    # a valid but expensive count (10^4 … 10^12 draws or items) would only measure patience
    assume(not (kinds[arg] in COUNT_KINDS and isinstance(value, int) and 1000 < value < 10**12))
    if arg == "estimates":
        value = (EST, value)
    try:
        _call(fn, dict(kwargs, **{arg: value}))
    except (ValueError, TypeError):
        pass


# ---------------------------------------------------------------------------------------
# huge sizes: refused before any allocation


HUGE_CALLS = {
    "sample_lambda(size)": lambda k: mixup.sample_lambda(1.0, size=k, rng=0),
    "random_partners(n)": lambda k: mixup.random_partners(k, rng=0),
    "one_hot(num_classes)": lambda k: mixup.one_hot(np.array([0, 1]), k),
    "linear_rademacher(draws)": lambda k: rademacher.linear_rademacher(X3, draws=k, seed=0),
    "empirical_rademacher(draws)": lambda k: rademacher.empirical_rademacher(X3.T, draws=k, seed=0),
    "linear_rademacher_difference(draws)": lambda k: rademacher.linear_rademacher_difference(X3, X3, draws=k, seed=0),
    "expected_mixed_linear_rademacher(mixing_draws)":
        lambda k: rademacher.expected_mixed_linear_rademacher(X3, alpha=1.0, mixing_draws=k, seed=0),
    "expected_mixed_linear_rademacher(sign_draws)":
        lambda k: rademacher.expected_mixed_linear_rademacher(X3, alpha=1.0, mixing_draws=2, sign_draws=k, seed=0),
    "expected_mixed_rademacher(mixing_draws)":
        lambda k: rademacher.expected_mixed_rademacher(X3, HYP.__func__, value_range=(-1, 1), alpha=1.0,
                                                       mixing_draws=k, seed=0),
    "sign_vectors(n)": lambda k: counterexample.sign_vectors(k),
}


@pytest.mark.parametrize("what", sorted(HUGE_CALLS))
@SECONDARY
@given(k=HUGE_INT)
def test_huge_sizes_are_refused_naming_the_limit(what, k):
    with pytest.raises(ValueError, match=r"limit|≤"):
        HUGE_CALLS[what](k)


def test_sizes_just_above_the_limits_are_refused_under_a_memory_cap():
    """In a subprocess whose address space is capped at its current size + 512 MiB, sizes
    from just above each limit up to 2^62 are refused with ValueError (an allocation first
    would raise MemoryError there, or be killed)."""
    script = textwrap.dedent(r"""
        import resource, sys, numpy as np
        from mixcheck import mixup, rademacher, validation
        X = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
        cap = validation.MAX_ALLOCATION_BYTES // 8
        calls = {
            "size": (lambda k: mixup.sample_lambda(1.0, size=k, rng=0), cap),
            "n": (lambda k: mixup.random_partners(k, rng=0), cap),
            "num_classes": (lambda k: mixup.one_hot(np.array([0, 1]), k), cap // 2),
            "draws": (lambda k: rademacher.linear_rademacher(X, draws=k, seed=0), rademacher.MAX_DRAWS),
            "mixing_draws": (lambda k: rademacher.expected_mixed_linear_rademacher(
                X, alpha=1.0, mixing_draws=k, seed=0), rademacher.MAX_DRAWS),
        }
        with open("/proc/self/status") as f:
            vm = next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmSize:"))
        resource.setrlimit(resource.RLIMIT_AS, (vm + 512 * 2**20, resource.RLIM_INFINITY))
        for name, (fn, limit) in calls.items():
            for k in (limit + 1, 2 * limit, 10**13, 2**62):
                try:
                    fn(k)
                except ValueError as e:
                    assert name in str(e) and "limit" in str(e), (name, k, str(e))
                else:
                    sys.exit(f"{name}={k} was not refused")
        print("ok")
    """)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr[-2000:] + res.stdout[-500:]


# ---------------------------------------------------------------------------------------
# census: ``python tests/test_fuzz_api.py`` prints, per module, how many bad calls were
# tried and how each ended (the same bad values as the property above, 8 per argument)


def census(per_argument: int = 8) -> dict:
    import collections
    import resource
    import signal

    from hypothesis import HealthCheck, Phase

    class Hang(Exception):
        pass

    def on_alarm(*_):
        raise Hang()

    signal.signal(signal.SIGALRM, on_alarm)
    with open("/proc/self/status") as f:
        vm = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (vm + 2 * 2**30, resource.RLIM_INFINITY))
    tally: dict = collections.defaultdict(collections.Counter)
    for fname, (fn, kwargs, kinds) in sorted(SPECS.items()):
        for arg, kind in sorted(kinds.items()):
            seen: dict = {}

            @settings(max_examples=per_argument, derandomize=True, database=None, phases=[Phase.generate],
                      deadline=None, suppress_health_check=list(HealthCheck))
            @given(bad=BAD[kind])
            def probe(bad):
                key = repr(bad)[:80]
                if key in seen:
                    return
                want = _expected_name(fname, arg, kwargs)
                signal.alarm(3)
                try:
                    _call(fn, dict(kwargs, **{arg: (EST, bad) if arg == "estimates" else bad}))
                    seen[key] = "returned"
                except (ValueError, TypeError) as e:
                    seen[key] = "clear" if re.search(rf"\b{re.escape(want)}\b", str(e)) else "unclear"
                except MemoryError:
                    seen[key] = "memory"
                except Hang:
                    seen[key] = "hang"
                except Exception:  # noqa: BLE001 - any other exception is an unclear error
                    seen[key] = "unclear"
                finally:
                    signal.alarm(0)

            probe()
            tally[fn.__module__.split(".")[-1]].update(seen.values())
    return tally


if __name__ == "__main__":
    for mod, c in sorted(census().items()):
        print(f"{mod:16s} tried {sum(c.values()):4d}  " + "  ".join(
            f"{k} {c[k]}" for k in ("clear", "unclear", "returned", "memory", "hang")))
