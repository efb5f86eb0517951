"""Estimate: a value with its confidence interval, checked on construction."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mixcheck.estimate import Estimate

GOOD = dict(value=0.5, stderr=0.1, low=0.2, high=0.8, level=0.9, draws=10, method="monte-carlo",
            interval="hoeffding")


def test_valid_estimates():
    e = Estimate(**GOOD)
    assert e.confidence_interval == (0.2, 0.8) and e.half_width == pytest.approx(0.3) and e.covers(0.3)
    exact = Estimate(1.25, 0.0, 1.25, 1.25, 1.0, 2**40, "exact", "exact")
    assert exact.to_dict()["draws"] == 2**40
    assert Estimate(np.float64(0.5), 0, 0.5, 0.5, 0.99, np.int64(1), "monte-carlo").level == 0.99


def test_an_estimate_with_negative_stderr_and_draws_and_an_unknown_method_is_refused():
    with pytest.raises((ValueError, TypeError)):
        Estimate(0.5, -1.0, 0.0, 1.0, 0.9, -5, "bogus")


@pytest.mark.parametrize("field,bad,words", [
    ("stderr", -1.0, "stderr"),
    ("draws", -5, "draws"),
    ("draws", 0, "draws"),
    ("draws", 2.5, "draws"),
    ("draws", True, "draws"),
    ("method", "bogus", "method"),
    ("interval", "", "interval"),
    ("interval", 3, "interval"),
    ("level", 0.0, "level"),
    ("level", 1.0, "level"),       # a Monte-Carlo interval is never certain
    ("level", 1.5, "level"),
    ("level", math.nan, "level"),
    ("value", math.nan, "value"),
    ("value", math.inf, "value"),
    ("value", "0.5", "value"),
    ("low", 0.6, "low"),
    ("high", 0.4, "high"),
    ("high", math.inf, "high"),
    ("stderr", None, "stderr"),
])
def test_bad_fields_raise_naming_them(field, bad, words):
    with pytest.raises((ValueError, TypeError), match=words):
        Estimate(**dict(GOOD, **{field: bad}))


@pytest.mark.parametrize("kw", [dict(stderr=0.1), dict(low=1.0), dict(level=0.99)])
def test_an_exact_estimate_has_no_width_no_error_and_level_one(kw):
    with pytest.raises(ValueError, match="exact"):
        Estimate(**dict(dict(value=1.25, stderr=0.0, low=1.25, high=1.25, level=1.0, draws=4, method="exact"), **kw))
