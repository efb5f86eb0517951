"""Rademacher complexity engine (mixcheck.rademacher): exactness, properties, intervals."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
import torch
from hypothesis import assume, given, strategies as st

from mixcheck import concentration as conc
from mixcheck import rademacher as rad
from mixcheck import strategies as mst
from mixcheck.mixup import mix_expected, mixup_batch

# False-alarm levels. Monte-Carlo agreement checks use intervals at level 1 − MC_DELTA, so a
# correct engine fails one with probability ≤ MC_DELTA (≤ 40 examples per property under the
# ``ci`` profile: ≤ 4e-5 per property). Coverage checks use an exact one-sided binomial test
# at COVERAGE_FALSE_ALARM. Under ``ci`` every seed is fixed: the run is deterministic.
MC_DELTA = 1e-6
COVERAGE_FALSE_ALARM = 1e-3
REL = 1e-12


def brute_linear(X, radius=1.0):
    n = len(X)
    return float(np.mean([radius / n * np.linalg.norm(np.array(s) @ X)
                          for s in itertools.product([-1.0, 1.0], repeat=n)]))


def brute_finite(P):
    k, n = P.shape
    return float(np.mean([np.max(P @ np.array(s)) / n for s in itertools.product([-1.0, 1.0], repeat=n)]))


def close(a, b, rel=REL, abs_=1e-300):
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


# ---------------------------------------------------------------------------------------
# exact enumeration against brute force


@given(X=mst.samples(max_n=7, max_d=3), radius=st.floats(0.1, 10.0))
def test_exact_linear_matches_brute_force(X, radius):
    est = rad.linear_rademacher(X, radius)
    assert est.method == "exact" and est.low == est.value == est.high and est.stderr == 0
    assert est.draws == 2 ** len(X)
    scale = 1 + np.abs(X).max()
    assert math.isclose(est.value, brute_linear(X, radius), rel_tol=1e-10, abs_tol=1e-13 * scale * radius)


@given(P=mst.samples(min_n=1, max_n=5, min_d=1, max_d=7))  # k hypotheses × n points
def test_exact_finite_matches_brute_force(P):
    est = rad.empirical_rademacher(P)
    assert est.method == "exact" and est.draws == 2 ** P.shape[1]
    assert math.isclose(est.value, brute_finite(P), rel_tol=1e-10, abs_tol=1e-12 * (1 + np.abs(P).max()))


def test_exact_small_cases_by_hand():
    # one point: R = Λ‖x‖/1; two equal points: E|σ1+σ2|·‖x‖/2 = ‖x‖/2
    assert rad.linear_rademacher(np.array([[3.0, 4.0]]), 2.0).value == 10.0
    assert rad.linear_rademacher(np.array([[3.0, 4.0], [3.0, 4.0]])).value == pytest.approx(2.5)
    # a class closed under negation {h, -h}: R = E|σ·h|/n
    h = np.array([1.0, 1.0, 1.0])
    assert rad.empirical_rademacher(np.stack([h, -h])).value == pytest.approx((3 * 2 + 1 * 6) / 8 / 3)
    # a single hypothesis has R = 0
    assert rad.empirical_rademacher(np.array([[0.3, -2.0, 5.0]])).value == 0.0


def test_exact_at_the_size_limit_and_beyond():
    X = np.random.default_rng(0).standard_normal((20, 8))
    est = rad.linear_rademacher(X)
    assert 0 < est.value <= rad.linear_jensen_bound(X)
    with pytest.raises(ValueError, match=r"n ≤ 20.*n = 21.*draws"):
        rad.linear_rademacher(np.ones((21, 2)))
    with pytest.raises(ValueError, match=r"n ≤ 20.*n = 21.*draws"):
        rad.empirical_rademacher(np.ones((2, 21)))


# ---------------------------------------------------------------------------------------
# properties (exact)


@given(X=mst.samples(max_n=8, max_d=3), c=st.floats(-1e3, 1e3, allow_nan=False))
def test_homogeneity(X, c):
    r = rad.linear_rademacher(X).value
    assert close(rad.linear_rademacher(c * X).value, abs(c) * r, rel=1e-12, abs_=1e-300)
    P = X.T
    assert close(rad.empirical_rademacher(abs(c) * P).value, abs(c) * rad.empirical_rademacher(P).value,
                 rel=1e-12, abs_=1e-12 * abs(c) * (1 + np.abs(P).max()))


@given(X=mst.samples(max_n=8, max_d=4, bound=10.0), seed=mst.seeds())
def test_rotation_invariance(X, seed):
    d = X.shape[1]
    Q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((d, d)))
    a, b = rad.linear_rademacher(X).value, rad.linear_rademacher(X @ Q).value
    assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@given(X=mst.samples(max_n=10, max_d=4), radius=st.floats(0.01, 100.0))
def test_below_the_jensen_bound(X, radius):
    assert rad.linear_rademacher(X, radius).value <= rad.linear_jensen_bound(X, radius) * (1 + 1e-12)


@given(X=mst.samples(max_n=8, max_d=3), seed=mst.seeds())
def test_permutation_invariance(X, seed):
    perm = np.random.default_rng(seed).permutation(len(X))
    assert close(rad.linear_rademacher(X[perm]).value, rad.linear_rademacher(X).value, rel=1e-12,
                 abs_=1e-14 * (1 + np.abs(X).max()))
    P = X.T
    assert close(rad.empirical_rademacher(P[:, perm]).value, rad.empirical_rademacher(P).value, rel=1e-12,
                 abs_=1e-14 * (1 + np.abs(P).max()))


@given(X=mst.samples(max_n=8, max_d=3), factors=st.lists(st.floats(0.0, 1.0), min_size=8, max_size=8))
def test_contraction_scaling_points_never_increases(X, factors):
    a = np.array(factors[:len(X)])[:, None]
    r, r_scaled = rad.linear_rademacher(X).value, rad.linear_rademacher(a * X).value
    assert r_scaled <= r * (1 + 1e-12) + 1e-300
    # the same for a finite class: scaling the columns of the predictions
    P = X.T
    assert rad.empirical_rademacher(P * a.T).value <= rad.empirical_rademacher(P).value * (1 + 1e-12) + 1e-15


@given(data=st.data(), n=st.integers(1, 10), k=st.integers(1, 12))
def test_lemma2_zero_one_loss_class_has_half_the_complexity_exactly(data, n, k):
    # Lemma 2, eq. (12): for H ⊂ {−1, +1}^X and G = {(x, y) ↦ 1[h(x) ≠ y]}, R̂_B(G) = ½ R̂_{S_X}(H)
    signs = st.sampled_from([-1.0, 1.0])
    H = np.array(data.draw(st.lists(st.lists(signs, min_size=n, max_size=n), min_size=k, max_size=k)))
    y = np.array(data.draw(st.lists(signs, min_size=n, max_size=n)))
    G = (H != y).astype(np.float64)
    assert rad.empirical_rademacher(G).value == 0.5 * rad.empirical_rademacher(H).value


def test_lemma2_against_rational_brute_force():
    rng = np.random.default_rng(3)
    H = rng.choice([-1, 1], size=(4, 6))
    y = rng.choice([-1, 1], size=6)
    G = (H != y).astype(int)

    def exact(M):
        n = M.shape[1]
        return sum(Fraction(int(max(M @ np.array(s))), n) for s in itertools.product([-1, 1], repeat=n)) / 2**n

    assert exact(G) == exact(H) / 2
    assert rad.empirical_rademacher(G.astype(float)).value == float(exact(G))
    assert rad.empirical_rademacher(H.astype(float)).value == float(exact(H))


# ---------------------------------------------------------------------------------------
# Monte Carlo


@given(X=mst.samples(max_n=10, max_d=3), seed=mst.seeds(), draws=st.integers(1, 300))
def test_linear_monte_carlo_interval_holds_the_exact_value(X, seed, draws):
    exact = rad.linear_rademacher(X).value
    mc = rad.linear_rademacher(X, draws=draws, seed=seed, level=1 - MC_DELTA)
    assert mc.method == "monte-carlo" and mc.draws == draws and mc.level == pytest.approx(1 - MC_DELTA)
    assert mc.low <= exact * (1 + 1e-9) + 1e-12 and exact <= mc.high * (1 + 1e-9) + 1e-12


@given(P=mst.samples(min_n=1, max_n=6, min_d=1, max_d=10), seed=mst.seeds(), draws=st.integers(1, 300))
def test_finite_monte_carlo_interval_holds_the_exact_value(P, seed, draws):
    exact = rad.empirical_rademacher(P).value
    mc = rad.empirical_rademacher(P, draws=draws, seed=seed, level=1 - MC_DELTA)
    tol = 1e-9 * (1 + np.abs(P).max())
    assert mc.low - tol <= exact <= mc.high + tol


def _coverage(estimate_fn, truth, trials, level):
    covered = sum(estimate_fn(seed).covers(truth) for seed in range(trials))
    return conc.coverage_test(covered, trials, level, false_alarm=COVERAGE_FALSE_ALARM)


@pytest.mark.parametrize("interval", ["auto", "bounded-differences", "hoeffding", "empirical-bernstein"])
def test_coverage_linear(interval):
    X = np.random.default_rng(11).standard_normal((12, 3))
    truth = rad.linear_rademacher(X).value
    level = 0.8
    res = _coverage(lambda s: rad.linear_rademacher(X, draws=30, seed=s, level=level, interval=interval),
                    truth, 300, level)
    assert res.passed, str(res)


@pytest.mark.parametrize("interval", ["auto", "bounded-differences", "empirical-bernstein"])
def test_coverage_finite(interval):
    P = np.random.default_rng(12).choice([-1.0, 1.0], size=(6, 12))
    truth = rad.empirical_rademacher(P).value
    level = 0.8
    res = _coverage(lambda s: rad.empirical_rademacher(P, draws=30, seed=s, level=level, interval=interval),
                    truth, 300, level)
    assert res.passed, str(res)


def test_monte_carlo_intervals_are_informative():
    # valid and also useful: at m = 2000 draws the 99% interval is a few percent of the value
    X = np.random.default_rng(0).standard_normal((500, 20))
    est = rad.linear_rademacher(X, draws=2000, seed=0)
    assert est.half_width < 0.1 * est.value
    assert est.high <= rad.linear_jensen_bound(X) * (1 + 1e-8)


def test_same_seed_same_result_and_chunking_does_not_matter(monkeypatch):
    X = np.random.default_rng(1).standard_normal((300, 7))
    P = np.random.default_rng(2).standard_normal((5, 40))
    a, b = rad.linear_rademacher(X, draws=500, seed=9), rad.linear_rademacher(X, draws=500, seed=9)
    assert a == b
    assert rad.linear_rademacher(X, draws=500, seed=10) != a
    f = rad.empirical_rademacher(P, draws=500, seed=9)
    monkeypatch.setattr(rad, "MEMORY_BUDGET", 4096)  # many small chunks
    c = rad.linear_rademacher(X, draws=500, seed=9)
    assert c.value == pytest.approx(a.value, rel=1e-13) and c.low == pytest.approx(a.low, rel=1e-12)
    assert rad.empirical_rademacher(P, draws=500, seed=9).value == pytest.approx(f.value, rel=1e-13)
    # exact enumeration in many chunks
    Y = np.random.default_rng(3).standard_normal((14, 5))
    assert rad.linear_rademacher(Y).value == pytest.approx(brute_linear(Y), rel=1e-12)
    assert rad.empirical_rademacher(Y[:, :4].T).value == pytest.approx(brute_finite(Y[:, :4].T), rel=1e-12)


def test_seed_accepts_a_generator():
    X = np.random.default_rng(1).standard_normal((20, 3))
    a = rad.linear_rademacher(X, draws=50, seed=np.random.default_rng(4))
    assert a == rad.linear_rademacher(X, draws=50, seed=4)


@given(X=mst.samples(min_n=2, max_n=9, max_d=3, bound=10.0), lam=mst.lambdas(), seed=mst.seeds())
def test_difference_with_common_signs(X, lam, seed):
    Y = rad.surrogate_sample(X, lam)
    exact = rad.linear_rademacher_difference(X, Y)
    assert exact.method == "exact"
    assert exact.value == rad.linear_rademacher(X).value - rad.linear_rademacher(Y).value
    mc = rad.linear_rademacher_difference(X, Y, draws=200, seed=seed, level=1 - MC_DELTA)
    tol = 1e-9 * (1 + np.abs(X).max())
    assert mc.low - tol <= exact.value <= mc.high + tol
    # the per-draw differences are those of the two single estimates with the same seed
    a, b = rad.linear_rademacher(X, draws=200, seed=seed), rad.linear_rademacher(Y, draws=200, seed=seed)
    assert math.isclose(mc.value, a.value - b.value, rel_tol=1e-9, abs_tol=tol)


def test_difference_interval_coverage_and_tightness():
    X = np.random.default_rng(41).standard_normal((12, 2))
    Y = rad.surrogate_sample(X, 0.9)
    truth = rad.linear_rademacher_difference(X, Y).value
    level = 0.8
    res = _coverage(lambda s: rad.linear_rademacher_difference(X, Y, draws=30, seed=s, level=level), truth, 300,
                    level)
    assert res.passed, str(res)
    # close samples: the reverse-triangle range makes the joint interval far tighter than the
    # union of two separate ones
    X = np.random.default_rng(42).standard_normal((200, 2))
    Y = rad.surrogate_sample(X, 0.9)
    joint = rad.linear_rademacher_difference(X, Y, draws=2000, seed=0, level=0.99)
    a = rad.linear_rademacher(X, draws=2000, seed=0, level=0.995)
    b = rad.linear_rademacher(Y, draws=2000, seed=0, level=0.995)
    assert joint.half_width < 0.25 * (a.half_width + b.half_width)


# ---------------------------------------------------------------------------------------
# torch


def test_torch_matches_numpy_exact_and_monte_carlo():
    X = np.random.default_rng(5).standard_normal((11, 4))
    P = np.random.default_rng(6).standard_normal((3, 11))
    Xt, Pt = torch.as_tensor(X), torch.as_tensor(P)
    assert rad.linear_rademacher(Xt).value == pytest.approx(rad.linear_rademacher(X).value, rel=1e-13)
    assert rad.empirical_rademacher(Pt).value == pytest.approx(rad.empirical_rademacher(P).value, rel=1e-13)
    # the same seed gives the same sign vectors on both backends
    a, b = rad.linear_rademacher(X, draws=200, seed=3), rad.linear_rademacher(Xt, draws=200, seed=3)
    assert b.value == pytest.approx(a.value, rel=1e-13) and b.high == pytest.approx(a.high, rel=1e-12)
    a, b = rad.empirical_rademacher(P, draws=200, seed=3), rad.empirical_rademacher(Pt, draws=200, seed=3)
    assert b.value == pytest.approx(a.value, rel=1e-13)
    f32 = rad.linear_rademacher(Xt.float(), draws=200, seed=3)
    assert f32.value == pytest.approx(rad.linear_rademacher(X, draws=200, seed=3).value, rel=1e-5)
    for kw in (dict(sign_draws=None), dict(sign_draws=3)):
        a = rad.expected_mixed_linear_rademacher(X, alpha=0.5, per_sample=True, mixing_draws=30, seed=2, **kw)
        b = rad.expected_mixed_linear_rademacher(Xt, alpha=0.5, per_sample=True, mixing_draws=30, seed=2, **kw)
        assert b.value == pytest.approx(a.value, rel=1e-12) and b.low == pytest.approx(a.low, rel=1e-10)
    assert rad.linear_jensen_bound(Xt) == pytest.approx(rad.linear_jensen_bound(X), rel=1e-14)
    assert rad.network_norm_bound(Xt, 2, 3.0) == pytest.approx(rad.network_norm_bound(X, 2, 3.0), rel=1e-14)


@pytest.mark.gpu
def test_cuda_matches_cpu():
    X = np.random.default_rng(5).standard_normal((15, 6))
    Xc = torch.as_tensor(X, device="cuda")
    assert rad.linear_rademacher(Xc).value == pytest.approx(rad.linear_rademacher(X).value, rel=1e-12)
    a, b = rad.linear_rademacher(X, draws=300, seed=3), rad.linear_rademacher(Xc, draws=300, seed=3)
    assert b.value == pytest.approx(a.value, rel=1e-12)
    assert rad.linear_rademacher(Xc, draws=300, seed=3) == b
    P = torch.as_tensor(np.random.default_rng(6).standard_normal((3, 15)), device="cuda")
    assert rad.empirical_rademacher(P).value == pytest.approx(rad.empirical_rademacher(P.cpu()).value, rel=1e-12)
    m = rad.expected_mixed_linear_rademacher(Xc.float(), alpha=1.0, mixing_draws=50, sign_draws=2, seed=0)
    m_cpu = rad.expected_mixed_linear_rademacher(torch.as_tensor(X).float(), alpha=1.0, mixing_draws=50,
                                                 sign_draws=2, seed=0)
    assert m.value == pytest.approx(m_cpu.value, rel=1e-5)


# ---------------------------------------------------------------------------------------
# the paper's bounds


@given(X=mst.samples(max_n=10, max_d=4), radius=st.floats(0.01, 100.0))
def test_jensen_bound_formula(X, radius):
    expected = radius / len(X) * math.hypot(*X.ravel())  # hypot scales: no under/overflow
    assert math.isclose(rad.linear_jensen_bound(X, radius), expected, rel_tol=1e-12, abs_tol=1e-300)


def test_network_norm_bound_formula():
    X = np.array([[3.0, 4.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    # (1/√n)·2^(L+½)·W_L·max‖x_i‖ = (1/2)·2^2.5·1.5·5
    assert rad.network_norm_bound(X, 2, 1.5) == pytest.approx(0.5 * 2**2.5 * 1.5 * 5)
    assert rad.network_norm_bound(X, 1, 1.0) == pytest.approx(0.5 * 2**1.5 * 5)


# ---------------------------------------------------------------------------------------
# mixed samples


@given(X=mst.samples(max_n=8, max_d=3), lam=mst.lambdas())
def test_surrogate_sample_is_the_proofs_mix(X, lam):
    np.testing.assert_array_equal(rad.surrogate_sample(X, lam), mix_expected(X, lam))


@given(X=mst.samples(max_n=8, max_d=3), alpha=mst.alphas(), seed=mst.seeds(), per_sample=st.booleans())
def test_mixup_sample_is_mixup_batch(X, alpha, seed, per_sample):
    np.testing.assert_array_equal(rad.mixup_sample(X, alpha=alpha, per_sample=per_sample, seed=seed),
                                  mixup_batch(X, alpha=alpha, per_sample=per_sample, rng=seed).x)


def test_mixup_sample_with_fixed_lambda():
    X = np.arange(8.0).reshape(4, 2)
    Z = rad.mixup_sample(X, lam=0.25, seed=0)
    perm = np.random.default_rng(0).permutation(4)
    np.testing.assert_allclose(Z, 0.25 * X + 0.75 * X[perm])
    np.testing.assert_array_equal(rad.mixup_sample(X, lam=1.0, seed=0), X)


def _all_permutations_truth(X, lam_vec):
    """E over all n! partner permutations of exact R̂ of the mixed sample."""
    vals = [rad.linear_rademacher(lam_vec[:, None] * X + (1 - lam_vec[:, None]) * X[list(p)]).value
            for p in itertools.permutations(range(len(X)))]
    return float(np.mean(vals))


def test_expected_mixed_without_mixing_randomness_is_exact():
    X = np.random.default_rng(0).standard_normal((9, 3))
    est = rad.expected_mixed_linear_rademacher(X, 2.0, lam=0.3, pairing="expected")
    assert est.method == "exact"
    assert est.value == rad.linear_rademacher(rad.surrogate_sample(X, 0.3), 2.0).value
    assert rad.expected_mixed_linear_rademacher(X, lam=1.0, mixing_draws=20, seed=0).value == pytest.approx(
        rad.linear_rademacher(X).value, rel=1e-12)


@pytest.mark.parametrize("sign_draws", [None, 1, 4])
@pytest.mark.parametrize("per_sample_lam", [False, True])
def test_coverage_expected_mixed_linear(sign_draws, per_sample_lam):
    X = np.random.default_rng(21).standard_normal((5, 2)) * np.array([[1.0], [1.0], [1.0], [1.0], [4.0]])
    lam = np.array([0.2, 0.5, 0.9, 0.7, 0.4]) if per_sample_lam else 0.3
    lam_vec = np.broadcast_to(np.asarray(lam, dtype=float), (5,)).copy()
    truth = _all_permutations_truth(X, lam_vec)
    level = 0.8
    res = _coverage(lambda s: rad.expected_mixed_linear_rademacher(
        X, lam=lam, mixing_draws=20, sign_draws=sign_draws, seed=s, level=level), truth, 200, level)
    assert res.passed, str(res)


@pytest.mark.parametrize("sign_draws", [None, 2])
def test_coverage_expected_mixed_linear_with_random_lambda(sign_draws):
    # pairing "expected", one λ ~ Beta(α, α) per batch: the truth E_λ R̂(λx + (1−λ)x̄) is a
    # one-dimensional integral of exact values (quadrature error ≪ the interval widths)
    from scipy import integrate, stats

    X = np.random.default_rng(31).standard_normal((6, 2))
    alpha = 0.4
    dens = stats.beta(alpha, alpha).pdf
    f = lambda t: rad.linear_rademacher(rad.surrogate_sample(X, t)).value * dens(t)  # noqa: E731
    truth = sum(integrate.quad(f, a, b, limit=200)[0] for a, b in ((0, 0.5), (0.5, 1)))
    level = 0.8
    res = _coverage(lambda s: rad.expected_mixed_linear_rademacher(
        X, alpha=alpha, pairing="expected", mixing_draws=20, sign_draws=sign_draws, seed=s, level=level),
        truth, 200, level)
    assert res.passed, str(res)


def test_expected_mixed_does_not_depend_on_chunking_and_repeats(monkeypatch):
    X = np.random.default_rng(4).standard_normal((9, 3))
    kw = dict(alpha=1.0, per_sample=True, mixing_draws=40, sign_draws=3, seed=5)
    a = rad.expected_mixed_linear_rademacher(X, **kw)
    assert rad.expected_mixed_linear_rademacher(X, **kw) == a
    monkeypatch.setattr(rad, "MEMORY_BUDGET", 1000)  # a chunk of a few rows, splitting mixing draws
    b = rad.expected_mixed_linear_rademacher(X, **kw)
    assert b.value == pytest.approx(a.value, rel=1e-13) and b.high == pytest.approx(a.high, rel=1e-12)


def test_expected_mixed_first_mixing_draw_is_mixup_sample():
    X = np.random.default_rng(4).standard_normal((7, 2))
    one = rad.expected_mixed_linear_rademacher(X, alpha=0.7, mixing_draws=1, seed=8)
    assert one.value == pytest.approx(rad.linear_rademacher(rad.mixup_sample(X, alpha=0.7, seed=8)).value,
                                      rel=1e-13)


@given(seed=mst.seeds(), alpha=mst.alphas(min_value=0.05, max_value=20.0), per_sample=st.booleans(),
       pairing=st.sampled_from(["permutation", "expected"]))
def test_expected_mixed_exact_inner_and_joint_draws_agree(seed, alpha, per_sample, pairing):
    X = np.random.default_rng(seed % 1000).standard_normal((6, 2))
    kw = dict(alpha=alpha, per_sample=per_sample, pairing=pairing, level=1 - MC_DELTA)
    a = rad.expected_mixed_linear_rademacher(X, mixing_draws=60, seed=seed, **kw)
    b = rad.expected_mixed_linear_rademacher(X, mixing_draws=60, sign_draws=3, seed=seed + 1, **kw)
    assert a.low <= b.high and b.low <= a.high  # both hold the same expectation
    # every mixed sample's complexity is below the original Jensen bound (per-batch λ)
    if not per_sample:
        assert a.high <= rad.linear_jensen_bound(X) * (1 + 1e-8)


def test_expected_mixed_finite_class_matches_linear_on_sign_classes():
    # hypotheses: the 2·d signed coordinate projections x ↦ ±x_j, values in [-B, B]
    X = np.random.default_rng(8).uniform(-1, 1, size=(6, 2))

    def hyps(Z):
        return np.concatenate([Z.T, -Z.T])

    exact_truth = float(np.mean([rad.empirical_rademacher(hyps(rad.surrogate_sample(X, 0.4))).value]))
    e = rad.expected_mixed_rademacher(X, hyps, value_range=(-1, 1), lam=0.4, pairing="expected")
    assert e.method == "exact" and e.value == pytest.approx(exact_truth, rel=1e-13)
    truth = float(np.mean([rad.empirical_rademacher(hyps(0.4 * X + 0.6 * X[list(p)])).value
                           for p in itertools.permutations(range(6))]))
    for sd in (None, 5):
        est = rad.expected_mixed_rademacher(X, hyps, value_range=(-1, 1), lam=0.4, mixing_draws=100,
                                            sign_draws=sd, seed=1, level=1 - MC_DELTA)
        assert est.covers(truth), (est, truth)
    with pytest.raises(ValueError, match="value_range"):
        rad.expected_mixed_rademacher(X, lambda Z: 3 * hyps(Z), value_range=(-1, 1), lam=0.4, mixing_draws=2)


# ---------------------------------------------------------------------------------------
# bad input


X_OK = np.ones((3, 2))


@pytest.mark.parametrize("call,words", [
    (lambda: rad.linear_rademacher(np.array([[1.0, np.nan]])), "X must be finite"),
    (lambda: rad.linear_rademacher(np.array([[1.0, np.inf]])), "X must be finite"),
    (lambda: rad.linear_rademacher(torch.tensor([[1.0, float("nan")]])), "X must be finite"),
    (lambda: rad.linear_rademacher(np.ones((0, 2))), "X must not be empty"),
    (lambda: rad.linear_rademacher(np.ones(3)), "X must be 2-D"),
    (lambda: rad.linear_rademacher(X_OK, 0.0), "radius must be a finite number > 0"),
    (lambda: rad.linear_rademacher(X_OK, -1.0), "radius must be a finite number > 0"),
    (lambda: rad.linear_rademacher(X_OK, draws=0), "draws must be an integer ≥ 1"),
    (lambda: rad.linear_rademacher(X_OK, draws=-5), "draws must be an integer ≥ 1"),
    (lambda: rad.linear_rademacher(np.ones((21, 2))), r"n ≤ 20.*draws"),
    (lambda: rad.linear_rademacher(X_OK, level=1.0), "level"),
    (lambda: rad.linear_rademacher(X_OK, draws=5, interval="clt"), "interval"),
    (lambda: rad.linear_rademacher(X_OK, draws=1, interval="empirical-bernstein"), "draws ≥ 2"),
    (lambda: rad.empirical_rademacher(np.array([[np.nan, 1.0]])), "predictions must be finite"),
    (lambda: rad.empirical_rademacher(np.ones((0, 3))), "predictions must not be empty"),
    (lambda: rad.empirical_rademacher(np.ones(3)), "predictions must be 2-D"),
    (lambda: rad.empirical_rademacher(np.ones((2, 3)), draws=0), "draws must be an integer ≥ 1"),
    (lambda: rad.empirical_rademacher(np.ones((2, 25))), r"n ≤ 20.*draws"),
    (lambda: rad.linear_jensen_bound(X_OK, 0.0), "radius must be a finite number > 0"),
    (lambda: rad.linear_jensen_bound(np.ones(2)), "X must be 2-D"),
    (lambda: rad.linear_jensen_bound(np.array([[np.inf]])), "X must be finite"),
    (lambda: rad.network_norm_bound(X_OK, 0, 1.0), "depth must be an integer ≥ 1"),
    (lambda: rad.network_norm_bound(X_OK, 2, 0.0), "frobenius_product must be a finite number > 0"),
    (lambda: rad.network_norm_bound(X_OK, 2, -1.0), "frobenius_product must be a finite number > 0"),
    (lambda: rad.network_norm_bound(np.ones((0, 2)), 2, 1.0), "X must not be empty"),
    (lambda: rad.surrogate_sample(X_OK, 1.5), "lam must lie in"),
    (lambda: rad.mixup_sample(X_OK), "exactly one of lam"),
    (lambda: rad.mixup_sample(X_OK, lam=0.5, alpha=1.0), "exactly one of lam"),
    (lambda: rad.expected_mixed_linear_rademacher(X_OK), "exactly one of lam"),
    (lambda: rad.expected_mixed_linear_rademacher(X_OK, lam=0.5, pairing="random"), "pairing"),
    (lambda: rad.expected_mixed_linear_rademacher(X_OK, lam=0.5, mixing_draws=0), "mixing_draws must be"),
    (lambda: rad.expected_mixed_linear_rademacher(X_OK, lam=0.5, sign_draws=0), "sign_draws must be"),
    (lambda: rad.expected_mixed_linear_rademacher(X_OK, 0.0, lam=0.5), "radius"),
    (lambda: rad.expected_mixed_linear_rademacher(np.ones((21, 2)), lam=0.5), r"n ≤ 20.*sign_draws"),
    (lambda: rad.expected_mixed_linear_rademacher(X_OK, lam=np.array([0.5, 0.5])), "one entry per sample"),
    (lambda: rad.expected_mixed_linear_rademacher(X_OK, alpha=-1.0), "alpha"),
    (lambda: rad.expected_mixed_rademacher(X_OK, lambda Z: Z.T, value_range=(1, 0), lam=0.5), "value_range"),
    (lambda: rad.linear_rademacher_difference(X_OK, np.ones((4, 2))), "same number of samples"),
    (lambda: rad.linear_rademacher_difference(X_OK, np.ones((3, 2)) * np.nan), "Y must be finite"),
    (lambda: rad.linear_rademacher_difference(X_OK, X_OK, draws=0), "draws must be an integer ≥ 1"),
])
def test_bad_input_raises_value_error_naming_the_argument_and_limit(call, words):
    with pytest.raises(ValueError, match=words):
        call()


# ---------------------------------------------------------------------------------------
# huge draw counts, huge and tiny magnitudes (regressions)


def test_huge_draw_counts_are_refused_before_drawing_naming_the_limit():
    with pytest.raises(ValueError, match=r"draws = 1,000,000,000,000 is more than the limit MAX_DRAWS"):
        rad.linear_rademacher(X_OK, draws=10**12, seed=0)
    with pytest.raises(ValueError, match="mixing_draws × sign_draws"):
        rad.expected_mixed_linear_rademacher(X_OK, alpha=1.0, mixing_draws=10**4, sign_draws=10**4, seed=0)
    assert rad.linear_rademacher(X_OK, draws=rad.MAX_DRAWS // 10**4, seed=0).draws == rad.MAX_DRAWS // 10**4


@pytest.mark.parametrize("scale", [1e200, 2.0**1023, 1e-200, 1e-310])
def test_huge_and_tiny_inputs_scale_the_result_exactly(scale):
    """R̂(cX) = c·R̂(X): inputs far from 1 are rescaled by a power of two before squaring."""
    X = np.array([[1.0, 0.5], [-0.75, 1.0], [0.5, 0.25]])
    s = 2.0 ** round(math.log2(scale))
    tol = dict(rel=1e-9) if s >= 2.0**-1000 else dict(rel=1e-3)   # subnormal inputs keep few bits
    for f in (lambda Z: rad.linear_rademacher(Z, draws=10, seed=0), lambda Z: rad.linear_rademacher(Z),
              lambda Z: rad.empirical_rademacher(Z.T, draws=10, seed=0), lambda Z: rad.empirical_rademacher(Z.T),
              lambda Z: rad.linear_rademacher_difference(Z, Z / 2, draws=10, seed=0),
              lambda Z: rad.expected_mixed_linear_rademacher(Z, alpha=1.0, mixing_draws=5, sign_draws=3, seed=0)):
        ref, got = f(X), f(X * s)
        assert all(math.isfinite(v) for v in (got.value, got.low, got.high))
        assert got.value == pytest.approx(ref.value * s, **tol) and got.high == pytest.approx(ref.high * s, **tol)
    assert rad.linear_jensen_bound(X * s) == pytest.approx(rad.linear_jensen_bound(X) * s, **tol)


def test_entries_of_1e200_do_not_overflow():
    est = rad.linear_rademacher(np.full((3, 2), 1e200), draws=10, seed=0)
    assert math.isfinite(est.high) and 0 < est.value <= rad.linear_jensen_bound(np.full((3, 2), 1e200))


def test_float32_and_half_inputs_near_their_maximum():
    X = torch.tensor([[1.0, 0.5], [-0.75, 1.0]])
    ref = rad.linear_rademacher(X.double(), draws=20, seed=0).value
    assert rad.linear_rademacher(X * 1e37, draws=20, seed=0).value == pytest.approx(ref * 1e37, rel=1e-5)
    assert rad.linear_rademacher((X * 6e4).half(), draws=20, seed=0).value == pytest.approx(ref * 6e4, rel=1e-3)


@pytest.mark.parametrize("call,words", [
    (lambda: rad.linear_rademacher(np.full((2, 2), 1e300), radius=1e300), "exceeds the float64 range"),
    (lambda: rad.linear_rademacher(np.full((2, 2), 1e300), radius=1e300, draws=5, seed=0), "exceeds"),
    (lambda: rad.linear_jensen_bound(np.full((2, 2), 1.7e308), radius=10.0), "exceeds"),
    (lambda: rad.network_norm_bound(X_OK, 5000, 1.0), r"exceeds the float64 range.*depth = 5000"),
    (lambda: rad.linear_rademacher(X_OK, seed="x"), "seed"),
    (lambda: rad.linear_rademacher(X_OK, interval=["auto"]), "interval"),
    (lambda: rad.mixup_sample(X_OK, lam=0.5, per_sample="no"), "per_sample"),
    (lambda: rad.expected_mixed_linear_rademacher(X_OK, lam=0.5, mixing_draws=None), "mixing_draws"),
])
def test_overflowing_results_and_bad_flags_raise_naming_the_cause(call, words):
    with pytest.raises((ValueError, TypeError), match=words):
        call()


def test_huge_radius_and_huge_prediction_ranges_work():
    r = rad.linear_rademacher(X_OK, draws=10, seed=0)
    big = rad.linear_rademacher(X_OK, radius=2.0**900, draws=10, seed=0)
    assert big.value == r.value * 2.0**900 and big.high == r.high * 2.0**900
    hyp = lambda Z: np.vstack([np.tanh(Z[:, 0]) * 1e300, -np.tanh(Z[:, 0]) * 1e300])  # noqa: E731
    est = rad.expected_mixed_rademacher(X_OK, hyp, value_range=(-1e300, 1e300), alpha=1.0, mixing_draws=4, seed=0)
    assert math.isfinite(est.high) and est.value >= 0
