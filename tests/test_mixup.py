"""Mixup operators (mixcheck.mixup): properties, reference cross-checks, statistics."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

from mixcheck import strategies as mst
from mixcheck.mixup import (
    as_generator,
    mix,
    mix_expected,
    mixup_batch,
    one_hot,
    random_partners,
    sample_lambda,
)

# Per-assertion false-alarm level of the statistical checks in this file. Each Hoeffding band
# below fails on a correct implementation with probability ≤ DELTA; with at most
# 40 examples × 2 assertions per property under the ``ci`` profile the whole file's
# false-alarm rate is ≤ 80·DELTA = 8e-7 (and 0 in CI, where the seeds are fixed).
DELTA = 1e-8


def _hoeffding(n: int, width: float, delta: float = DELTA) -> float:
    """Two-sided Hoeffding half-width for the mean of n variables in an interval of ``width``."""
    return width * math.sqrt(math.log(2 / delta) / (2 * n))


@given(X=mst.samples(max_n=8, max_d=4), lam=mst.lambdas(), seed=mst.seeds())
def test_mixed_points_lie_on_segment_between_parents(X, lam, seed):
    perm = random_partners(len(X), rng=seed)
    Z = mix(X, lam, perm)
    # Z_i - X_perm(i) = λ (X_i - X_perm(i)): on the segment, coordinate-wise in between.
    lo, hi = np.minimum(X, X[perm]), np.maximum(X, X[perm])
    tol = 1e-12 * (1 + np.abs(X).max())
    assert np.all(Z >= lo - tol) and np.all(Z <= hi + tol)
    np.testing.assert_allclose(Z - X[perm], lam * (X - X[perm]), atol=tol * 4)


@given(X=mst.samples(max_n=6, max_d=3, bound=10.0), lam=mst.lambdas(), seed=mst.seeds())
def test_mixed_points_lie_in_convex_hull_of_batch(X, lam, seed):
    from scipy.optimize import linprog

    perm = random_partners(len(X), rng=seed)
    Z = mix(X, lam, perm)
    n = len(X)
    for z in Z:  # feasibility of z = Σ w_k x_k, w ≥ 0, Σ w = 1
        A_eq = np.vstack([X.T, np.ones(n)])
        res = linprog(np.zeros(n), A_eq=A_eq, b_eq=np.append(z, 1.0), bounds=[(0, None)] * n, method="highs")
        assert res.status == 0, f"mixed point {z} not in the convex hull of the batch"


@given(y=st.lists(st.integers(0, 4), min_size=1, max_size=10), lam=mst.lambdas(), seed=mst.seeds(),
       per_sample=st.booleans())
def test_mixed_labels_are_probability_vectors(y, lam, seed, per_sample):
    Y = one_hot(np.array(y), 5)
    lam_ = np.full(len(y), lam) if per_sample else lam
    M = mix(Y, lam_, random_partners(len(y), rng=seed))
    assert np.all(M >= 0)
    np.testing.assert_allclose(M.sum(1), 1.0, atol=1e-12)


@given(X=mst.samples(), seed=mst.seeds())
def test_lambda_one_is_identity(X, seed):
    perm = random_partners(len(X), rng=seed)
    np.testing.assert_array_equal(mix(X, 1.0, perm), X)
    np.testing.assert_array_equal(mix_expected(X, 1.0), X)


@given(X=mst.samples(), lam=mst.lambdas(), seed=mst.seeds())
def test_swapping_partners_equals_one_minus_lambda(X, lam, seed):
    # Stack the parents S = [X; X∘π] and pair row k with row k±n: the second half mixes with
    # the roles swapped. Swapping the roles of i and j equals replacing λ by 1-λ.
    n = len(X)
    S = np.vstack([X, X[random_partners(n, rng=seed)]])
    pairs = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    swapped = mix(S, lam, pairs)[n:]
    tol = 1e-12 * (1 + np.abs(X).max())
    np.testing.assert_allclose(swapped, mix(S, 1 - lam, pairs)[:n], rtol=0, atol=tol)


@given(X=mst.samples(max_n=6, max_d=3), lam=mst.lambdas(), seed=mst.seeds())
def test_batch_mean_preserved_by_permutation_and_surrogate(X, lam, seed):
    # With a permutation partner the mean is preserved exactly for any fixed λ per batch
    # (a fortiori in expectation); the expected-partner surrogate preserves it too.
    tol = 1e-9 * (1 + np.abs(X).max())
    np.testing.assert_allclose(mix(X, lam, random_partners(len(X), rng=seed)).mean(0), X.mean(0), atol=tol)
    np.testing.assert_allclose(mix_expected(X, lam).mean(0), X.mean(0), atol=tol)


def test_batch_mean_preserved_in_expectation_with_per_sample_lambda():
    """Per-sample λ keeps the mean only in expectation (E[λ] = ½ by symmetry): Monte-Carlo,
    Hoeffding band at level 1 - DELTA per coordinate."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(5, 2))
    reps = 20000
    means = np.empty((reps, 2))
    for r in range(reps):
        means[r] = mixup_batch(X, alpha=0.7, per_sample=True, rng=rng).x.mean(0)
    # each batch mean lies in [min X, max X] per coordinate
    width = X.max(0) - X.min(0)
    band = _hoeffding(reps, width.max())
    assert np.all(np.abs(means.mean(0) - X.mean(0)) <= band)


@given(alpha=mst.alphas(min_value=0.05, max_value=50.0))
def test_sampled_lambda_mean_and_variance_match_beta_closed_forms(alpha):
    # E[λ] = ½ and Var(λ) = 1/(4(2α+1)) for Beta(α, α); λ ∈ [0, 1] and (λ-½)² ∈ [0, ¼], so
    # Hoeffding bands apply to both sample means with false-alarm level DELTA each.
    n = 40000
    lam = sample_lambda(alpha, n, rng=12345)
    assert abs(lam.mean() - 0.5) <= _hoeffding(n, 1.0)
    assert abs(((lam - 0.5) ** 2).mean() - 1 / (4 * (2 * alpha + 1))) <= _hoeffding(n, 0.25)


def test_alpha_zero_means_no_mixing():
    X = np.arange(6.0).reshape(3, 2)
    b = mixup_batch(X, alpha=0.0, rng=0)
    assert b.lam == 1.0
    np.testing.assert_array_equal(b.x, X)
    np.testing.assert_array_equal(sample_lambda(0.0, 4), np.ones(4))


def test_same_seed_same_batch_numpy_and_torch():
    X = np.random.default_rng(1).normal(size=(7, 3))
    y = np.array([0, 1, 2, 0, 1, 2, 0])
    a = mixup_batch(X, y, alpha=0.4, num_classes=3, rng=99)
    b = mixup_batch(X, y, alpha=0.4, num_classes=3, rng=99)
    t = mixup_batch(torch.from_numpy(X), torch.from_numpy(y), alpha=0.4, num_classes=3, rng=99)
    np.testing.assert_array_equal(a.x, b.x)
    assert a.lam == b.lam == t.lam
    np.testing.assert_allclose(t.x.numpy(), a.x, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(t.y.numpy(), a.y, rtol=1e-7)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.bfloat16])
@pytest.mark.parametrize("per_sample", [False, True])
@pytest.mark.parametrize("pairing", ["permutation", "expected"])
def test_torch_keeps_dtype_and_device(dtype, per_sample, pairing):
    x = torch.randn(6, 3, 4, 4, generator=torch.Generator().manual_seed(0)).to(dtype)
    y = torch.tensor([0, 1, 2, 3, 4, 5])
    b = mixup_batch(x, y, alpha=1.0, num_classes=6, per_sample=per_sample, pairing=pairing, rng=3)
    assert b.x.dtype == dtype and b.x.device == x.device and b.x.shape == x.shape
    assert b.y.shape == (6, 6)
    torch.testing.assert_close(b.y.sum(1), torch.ones(6))


@pytest.mark.gpu
def test_torch_cuda_matches_cpu():
    x = torch.randn(16, 3, 8, 8)
    y = torch.arange(16) % 10
    cpu = mixup_batch(x, y, alpha=0.2, num_classes=10, per_sample=True, rng=5)
    gpu = mixup_batch(x.cuda(), y.cuda(), alpha=0.2, num_classes=10, per_sample=True, rng=5)
    assert gpu.x.is_cuda and gpu.y.is_cuda
    torch.testing.assert_close(gpu.x.cpu(), cpu.x)
    torch.testing.assert_close(gpu.y.cpu(), cpu.y)


@given(alpha=mst.alphas(min_value=0.05, max_value=20.0), seed=st.integers(0, 2**31 - 1),
       n=st.integers(2, 8), k=st.integers(2, 5))
def test_torch_operator_reproduces_torchvision_mixup(alpha, seed, n, k):
    """Same λ and the same partner rule (torchvision pairs i with i-1: ``roll(1, 0)``)."""
    from torchvision.transforms import v2

    images = torch.rand(n, 3, 4, 4, generator=torch.Generator().manual_seed(seed))
    labels = torch.randint(0, k, (n,), generator=torch.Generator().manual_seed(seed + 1))
    torch.manual_seed(seed)
    tv_images, tv_labels = v2.MixUp(alpha=alpha, num_classes=k)(images, labels)
    torch.manual_seed(seed)
    lam = float(torch.distributions.Beta(torch.tensor([alpha]), torch.tensor([alpha])).sample(()))
    partners = torch.roll(torch.arange(n), 1)
    ours_x = mix(images, lam, partners)
    ours_y = mix(one_hot(labels, k), lam, partners)
    assert torch.equal(ours_x, tv_images)
    assert torch.equal(ours_y, tv_labels)


def test_generator_and_partners():
    g = as_generator(7)
    assert as_generator(g) is g
    p = random_partners(10, rng=1)
    assert sorted(p) == list(range(10))


BAD = [
    (lambda: sample_lambda(-0.1), ValueError, "alpha"),
    (lambda: sample_lambda(float("nan")), ValueError, "alpha"),
    (lambda: sample_lambda(float("inf")), ValueError, "alpha"),
    (lambda: sample_lambda("1"), TypeError, "alpha"),
    (lambda: sample_lambda(1.0, 0), ValueError, "size"),
    (lambda: mix(np.ones((3, 2)), 1.5, np.arange(3)), ValueError, "lam"),
    (lambda: mix(np.ones((3, 2)), -0.1, np.arange(3)), ValueError, "lam"),
    (lambda: mix(np.ones((3, 2)), np.array([0.5, 0.5]), np.arange(3)), ValueError, "lam"),
    (lambda: mix(np.ones((3, 2)), 0.5, np.array([0, 1, 3])), ValueError, "partners"),
    (lambda: mix(np.array([[np.nan, 1.0]]), 0.5, np.arange(1)), ValueError, "finite"),
    (lambda: mix(np.array([[np.inf, 1.0]]), 0.5, np.arange(1)), ValueError, "finite"),
    (lambda: mix(np.ones((0, 2)), 0.5, np.arange(0)), ValueError, "empty"),
    (lambda: mix_expected(torch.tensor([[float("nan")]]), 0.5), ValueError, "finite"),
    (lambda: mixup_batch(np.ones((3, 2)), np.array([0, 1]), alpha=1.0, num_classes=2), ValueError, "same length"),
    (lambda: mixup_batch(np.ones((3, 2)), np.array([0, 1, 2]), alpha=1.0, num_classes=2), ValueError, "num_classes"),
    (lambda: mixup_batch(np.ones((3, 2)), np.array([0, 1, -1]), alpha=1.0, num_classes=2), ValueError, "labels"),
    (lambda: mixup_batch(np.ones((3, 2)), np.array([0, 1, 1]), alpha=1.0), ValueError, "num_classes"),
    (lambda: mixup_batch(np.ones((3, 2)), alpha=-1.0), ValueError, "alpha"),
    (lambda: mixup_batch(np.ones((3, 2)), alpha=1.0, pairing="random"), ValueError, "pairing"),
    (lambda: one_hot(np.array([0.5]), 2), TypeError, "integer"),
    (lambda: one_hot(np.array([[0, 1]]), 2), ValueError, "1-D"),
    (lambda: as_generator(-1), ValueError, "seed"),
    (lambda: as_generator("x"), TypeError, "rng"),
]


@pytest.mark.parametrize("call,exc,words", BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_bad_input_is_rejected_with_named_argument(call, exc, words):
    with pytest.raises(exc, match=words):
        call()


# ---------------------------------------------------------------------------------------
# sizes against memory, backends, huge values (regressions)


@pytest.mark.parametrize("call,words", [
    (lambda: sample_lambda(1.0, size=10**13), r"size asks for 10,000,000,000,000 values .* limit of 4 GiB"),
    (lambda: random_partners(10**13), r"n asks for .* limit"),
    (lambda: one_hot(np.array([0, 1]), 10**12), r"num_classes asks for .* limit"),
    (lambda: mixup_batch(np.ones((2, 2)), np.array([0, 1]), alpha=1.0, num_classes=10**12), "num_classes"),
])
def test_huge_sizes_are_refused_before_allocation_naming_size_and_limit(call, words):
    with pytest.raises(ValueError, match=words):
        call()


@pytest.mark.parametrize("call,exc,words", [
    (lambda: one_hot(np.array([0, 1]), 3, dtype="bogus"), TypeError, "dtype"),
    (lambda: one_hot(torch.tensor([0, 1]), 3, dtype=np.float32), TypeError, "dtype"),
    (lambda: mix(np.ones((3, 2)), 0.5, [1.0, 0.0, 2.0]), TypeError, "partners"),
    (lambda: mix(np.ones((3, 2)), 0.5, np.arange(3), validate="no"), TypeError, "validate"),
    (lambda: mixup_batch(np.ones((2, 2)), 5, alpha=1.0, num_classes=2), TypeError, "y"),
    (lambda: mixup_batch(np.ones((2, 2)), np.ones((2, 3)) / 3, alpha=1.0, num_classes=2), ValueError, "num_classes"),
    (lambda: mixup_batch(np.ones((2, 2)), torch.tensor([0, 1]), alpha=1.0, num_classes=2), TypeError, "x and y"),
    (lambda: mixup_batch(np.ones((2, 2)), alpha=1.0, per_sample="yes"), TypeError, "per_sample"),
    (lambda: mixup_batch(np.ones((2, 2)), alpha=1.0, pairing=["permutation"]), ValueError, "pairing"),
    (lambda: sample_lambda(1.0, rng=True), TypeError, "rng"),
    (lambda: mix([[1.0, 2.0]], 0.5, [0], validate=True) if False else mix(None, 0.5, [0]), TypeError, "x"),
])
def test_more_bad_input_is_rejected_with_named_argument(call, exc, words):
    with pytest.raises(exc, match=words):
        call()


def test_backends_mix_and_lists_of_labels_work():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(mix(x, torch.tensor([0.5, 0.5], dtype=torch.float64), torch.tensor([1, 0])),
                                  mix(x, np.array([0.5, 0.5]), np.array([1, 0])))
    b = mixup_batch(x, [0, 1], alpha=1.0, num_classes=2, rng=0)
    assert b.y.shape == (2, 2) and np.allclose(b.y.sum(1), 1)


def test_the_mean_partner_does_not_overflow_near_the_float_maximum():
    x = np.full((3, 2), 1.7e308)
    np.testing.assert_array_equal(mix_expected(x, 0.5), x)
    t = torch.full((3, 2), 3.0e38)                    # float32 maximum ≈ 3.4e38
    assert torch.isfinite(mix_expected(t, 0.25)).all()
