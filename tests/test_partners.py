"""The partner laws of mixup (mixcheck.partners) and the partner-reading checks built on them."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mixcheck import partners as P
from mixcheck.paper import _partner_checks as PC
from mixcheck.paper import _partner_checks_constant as PK
from mixcheck.paper import _partner_checks_more as PM
from mixcheck.paper import _partner_checks_psi as PS
from mixcheck import strategies as mst
from mixcheck.engine.registry import Context
from mixcheck.exact import linear_rademacher_float, perm_mixup_rademacher_float
from mixcheck.profiles import PROFILES

DERANGEMENTS = {2: 1, 3: 2, 4: 9, 5: 44, 6: 265, 7: 1854}


def _ctx(cid="test/partners"):
    return Context(PROFILES["ci"], 0, cid)


# --------------------------------------------------------------------------- partner maps

@pytest.mark.parametrize("n", range(2, 8))
def test_maps_are_all_permutations_and_derangements(n):
    perms = P.partner_maps(n, "permutation")
    der = P.derangements(n)
    assert len(perms) == math.factorial(n) and len({tuple(p) for p in perms}) == len(perms)
    assert len(der) == DERANGEMENTS[n]
    assert np.all(np.sort(der, axis=1) == np.arange(n)) and not np.any(der == np.arange(n))


def test_drawn_maps_are_valid_and_uniform():
    rng = np.random.default_rng(1)
    der = P.draw_partner_maps(5, "derangement", 4000, rng)
    assert np.all(np.sort(der, axis=1) == np.arange(5)) and not np.any(der == np.arange(5))
    counts = np.bincount(der[:, 0], minlength=5)
    # π(0) uniform on {1, …, 4}: each count ~ Binomial(4000, ¼); ±6 sd is a false alarm below 1e-8 per count
    sd = math.sqrt(4000 * 0.25 * 0.75)
    assert counts[0] == 0 and np.all(np.abs(counts[1:] - 1000) < 6 * sd)
    perm = P.draw_partner_maps(6, "permutation", 100, rng)
    assert np.all(np.sort(perm, axis=1) == np.arange(6))


# --------------------------------------------------------------------------- mixed-sample complexity

def test_mixed_rademacher_matches_the_existing_engines():
    X = np.random.default_rng(0).standard_normal((5, 3))
    assert P.mixed_rademacher(X, 0.3, "permutation") == pytest.approx(perm_mixup_rademacher_float(X, 0.3), rel=1e-12)
    surr = 0.3 * X + 0.7 * X.mean(0)
    assert P.mixed_rademacher(X, 0.3, "sample") == pytest.approx(linear_rademacher_float(surr), rel=1e-12)
    m = (X.sum(0) - X) / 4
    assert P.mixed_rademacher(X, 0.3, "others") == pytest.approx(linear_rademacher_float(0.3 * X + 0.7 * m), rel=1e-12)


@pytest.mark.parametrize("partner", P.PARTNERS)
def test_float_and_50_digit_values_agree(partner):
    X = [[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5], [1.0, 1.0]]
    assert float(P.mixed_rademacher_exact(X, "1/3", partner)) == pytest.approx(
        P.mixed_rademacher(X, 1 / 3, partner), rel=1e-12)


def test_two_points_derangement_is_the_j_ne_i_surrogate():
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    assert P.mixed_rademacher(X, 0.7, "derangement") == pytest.approx(P.mixed_rademacher(X, 0.7, "others"))


@settings(max_examples=30, deadline=None, derandomize=True)
@given(mst.samples(min_n=2, max_n=5, max_d=3, bound=10.0), st.floats(0.0, 1.0))
def test_random_partners_reduce_less_than_their_expected_partner(X, lam):
    """R̂ is convex in the sample and E_π[mixed] is the expected-partner sample (Jensen)."""
    tol = 1e-9 * (1 + float(np.abs(X).max()))
    assert P.mixed_rademacher(X, lam, "permutation") >= P.mixed_rademacher(X, lam, "sample") - tol
    assert P.mixed_rademacher(X, lam, "derangement") >= P.mixed_rademacher(X, lam, "others") - tol


def test_monte_carlo_interval_covers_the_enumerated_value():
    X = np.random.default_rng(3).standard_normal((6, 4))
    for partner in P.RANDOM_PARTNERS:
        est = P.mixed_rademacher_mc(X, 0.4, partner, 400, np.random.default_rng(7), level=0.999)  # false alarm 1e-3
        exact = P.mixed_rademacher(X, 0.4, partner)
        assert est["low"] <= exact <= est["high"] and est["half_width"] < 0.15 * exact


def test_bad_input_is_named():
    X = np.ones((3, 2))
    with pytest.raises(ValueError, match="partner"):
        P.mixed_rademacher(X, 0.5, "neighbour")
    with pytest.raises(ValueError, match="n ≥ 2"):
        P.mixed_rademacher(np.ones((1, 2)), 0.5, "derangement")
    with pytest.raises(ValueError, match="lam"):
        P.expected_mixed(X, 1.5, "sample")
    with pytest.raises(ValueError, match="mixed_rademacher_mc"):
        P.mixed_rademacher(np.ones((8, 2)), 0.5, "permutation")
    with pytest.raises(ValueError, match="alpha"):
        P.beta_lambda_moments(0)
    with pytest.raises(ValueError, match="p must"):
        P.enumerated_variance_factor(1, "1/2", "sample", 3)


# --------------------------------------------------------------------------- Section 7 factors

@pytest.mark.parametrize("partner", P.VARIANCE_PARTNERS)
@pytest.mark.parametrize("n", [2, 3, 5])
def test_variance_factor_is_the_enumerated_law(partner, n):
    for lam in (Fraction(1, 4), Fraction(2, 3)):
        assert P.variance_factor(lam, partner, n) == P.enumerated_variance_factor(Fraction(1, 3), lam, partner, n)
    alpha = Fraction(2, 5)
    e2, e11 = P.beta_lambda_moments(alpha)
    assert P.beta_variance_factor(alpha, partner, n) == P.enumerated_variance_factor(
        Fraction(1, 5), None, partner, n, lam_moments=(e2, e11, Fraction(1, 2)))


def test_beta_moments_against_scipy():
    from scipy.stats import beta

    for a in (Fraction(1, 10), Fraction(1), Fraction(4)):
        e2, e11 = P.beta_lambda_moments(a)
        assert float(e2) == pytest.approx(beta(float(a), float(a)).moment(2), rel=1e-12)
        assert float(e11) == pytest.approx(0.5 - beta(float(a), float(a)).moment(2), rel=1e-12)


# --------------------------------------------------------------------------- closed forms behind the verdicts

@pytest.mark.parametrize("lam", [0.5, 0.75, 0.9])
def test_two_point_ratios_in_closed_form(lam):
    """n = 2, λ ≥ ½: the j ≠ i / derangement ratio is √2 and the permutation ratio √2/2 for any sample."""
    X = np.array([[0.3, -1.0], [2.0, 0.5]])
    assert PK._ratio(X, lam, "others") == pytest.approx(math.sqrt(2), rel=1e-12)
    assert PK._ratio(X, lam, "derangement") == pytest.approx(math.sqrt(2), rel=1e-12)
    assert PK._ratio(X, lam, "permutation") == pytest.approx(math.sqrt(2) / 2, rel=1e-12)


def test_theorem2_counterexample_for_j_ne_i_recomputes_exactly():
    inp = json.loads(json.dumps({"X": [[0.0], [1.0]], "lambda": 0.5, "partner": "others"}))
    lhs, rhs = PC.sides_exact("thm2", inp)
    with mpmath.workdps(50):
        assert lhs == mpmath.mpf("0.25") and abs(rhs - mpmath.mpf("0.25") / mpmath.sqrt(2)) < mpmath.mpf(10) ** -45


def test_identity_family_approaches_the_constant_from_below():
    for vals in PK.identity_limit(lams=(0.5, 0.9)).values():
        ratios = [v["ratio"] for v in vals]
        assert all(a < b < 1 for a, b in zip(ratios, ratios[1:])) and ratios[-1] > 0.99


def test_the_relation_check_reports_a_planted_violation(monkeypatch):
    """Theorem 2 for the sample partner holds; with its right side scaled by 0.3 it must be refuted."""
    real_f, real_e = PC.sides_float, PC.sides_exact
    monkeypatch.setattr(PC, "sides_float", lambda *a, **k: (lambda s: (s[0], 0.3 * s[1]))(real_f(*a, **k)))
    monkeypatch.setattr(PC, "sides_exact", lambda rel, inp: (lambda s: (s[0], 0.3 * s[1]))(real_e(rel, inp)))
    out = PC._relation_check("thm2", "sample", "holds")(_ctx("thm2/partner-sample"))
    assert out.verdict == "refuted"


def test_bound_value_counterexample_for_j_ne_i():
    lhs, rhs = PM.bound_value_sides_exact({"X": [[1.0], [0.0]], "lambda": 0.5, "partner": "others"})
    assert lhs == mpmath.mpf("0.5") and rhs == mpmath.mpf("0.25")


def test_log_partition_family_reproduces_the_law_and_rescales():
    for family in PS.FAMILIES:
        with mpmath.workdps(30):
            _, _, checks = PS._family(family, "surrogate", mpmath.mpf("0.25"), mpmath.mpf("0.5"), cross_check=True)
            assert all(abs(q - v) < mpmath.mpf(10) ** -20 for _, q, v in checks)
        lhs, rhs = PS.log_partition_sides({"family": family, "partner": "surrogate", "lambda": "1/4",
                                           "theta": "1/2", "at": "rescaled"})
        assert abs(lhs - rhs) < 1e-15
    lhs, rhs = PS.log_partition_sides({"family": "gaussian", "partner": "independent", "lambda": "1/2",
                                       "theta": "0", "at": "rescaled"})
    assert float(lhs) == pytest.approx(0.5) and float(rhs) == pytest.approx(0.25)


def test_every_partner_claim_is_declared_once_with_a_recompute_for_refutations():
    ids = [s.id for s in PC.SPECS]
    assert len(ids) == len(set(ids)) == 42  # eq19 8, eq20 4, thm2 8, thm3 8, eq33 5, thm4 9
    for s in PC.SPECS:
        assert s.expected in ("holds", "refuted") and (s.expected == "holds" or s.recompute is not None), s.id


def test_registration_registers_exactly_one_statements_claims():
    seen = []

    def fake_claim(cid, **kw):
        assert kw["expected"] in ("holds", "refuted") and kw["paper_ref"] and kw["reading"]
        return lambda fn: seen.append(cid) or fn

    ids = PC.register_partner_claims("thm3", claim=fake_claim)
    assert ids == seen and len(ids) == 8 and all(i.startswith("thm3/partner-") for i in ids)
