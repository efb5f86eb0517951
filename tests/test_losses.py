"""Mixup losses (mixcheck.losses)."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, strategies as st

from mixcheck import strategies as mst
from mixcheck.losses import mixup_cross_entropy, soft_cross_entropy
from mixcheck.mixup import mix, one_hot


@given(n=st.integers(1, 8), k=st.integers(2, 6), lam=mst.lambdas(), seed=st.integers(0, 10**6),
       per_sample=st.booleans())
def test_mixup_loss_equals_cross_entropy_against_mixed_soft_label(n, k, lam, seed, per_sample):
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(n, k, generator=g, dtype=torch.float64) * 3
    y_a = torch.randint(0, k, (n,), generator=g)
    perm = torch.randperm(n, generator=g)
    y_b = y_a[perm]
    lam_ = torch.full((n,), lam, dtype=torch.float64) if per_sample else lam
    soft = mix(one_hot(y_a, k, dtype=torch.float64), lam_, perm)
    torch.testing.assert_close(mixup_cross_entropy(logits, y_a, y_b, lam_), soft_cross_entropy(logits, soft),
                               rtol=1e-12, atol=1e-12)


def test_soft_cross_entropy_with_one_hot_is_cross_entropy():
    logits = torch.randn(5, 4, generator=torch.Generator().manual_seed(0))
    y = torch.tensor([0, 3, 1, 2, 2])
    torch.testing.assert_close(soft_cross_entropy(logits, one_hot(y, 4)), torch.nn.functional.cross_entropy(logits, y))


def test_bad_input():
    logits = torch.zeros(3, 2)
    y = torch.tensor([0, 1, 1])
    with pytest.raises(ValueError, match="lam"):
        mixup_cross_entropy(logits, y, y, 1.5)
    with pytest.raises(ValueError, match="y_a and y_b"):
        mixup_cross_entropy(logits, y, y[:2], 0.5)
    with pytest.raises(ValueError, match="logits"):
        soft_cross_entropy(torch.zeros(3), torch.zeros(3))
    with pytest.raises(ValueError, match="targets"):
        soft_cross_entropy(logits, torch.zeros(3, 3))


@pytest.mark.parametrize("call,exc,words", [
    (lambda: mixup_cross_entropy(torch.zeros(4, 3), torch.tensor([0, 1, 2, 0]), torch.tensor([1, 1, 0, 2]),
                                 torch.tensor([1.5, 0.5, 0.5, -2.0])), ValueError, "lam"),   # per-sample λ
    (lambda: mixup_cross_entropy(torch.zeros(4, 3), torch.tensor([0, 1, 2, 0]), torch.tensor([1, 1, 0, 2]),
                                 torch.tensor([0.5, 0.5])), ValueError, "lam"),
    (lambda: mixup_cross_entropy(torch.zeros(4, 3), torch.tensor([0, 1, 2, 0]), torch.tensor([1, 1, 0, 2]),
                                 float("nan")), ValueError, "lam"),
    (lambda: mixup_cross_entropy(torch.zeros(4, 3), torch.tensor([0, 1, 2, 0]), torch.tensor([5, 1, 0, 2]), 0.5),
     ValueError, "y_b"),
    (lambda: mixup_cross_entropy(torch.zeros(4, 3), torch.tensor([0.0, 1, 2, 0]), torch.tensor([1, 1, 0, 2]), 0.5),
     TypeError, "y_a"),
    (lambda: mixup_cross_entropy([[0.0]], torch.tensor([0]), torch.tensor([0]), 0.5), TypeError, "logits"),
    (lambda: soft_cross_entropy(torch.zeros(2, 2), -torch.ones(2, 2)), ValueError, "targets"),
    (lambda: soft_cross_entropy(torch.zeros(2, 2), torch.ones(2, 2, dtype=torch.long)), TypeError, "targets"),
    (lambda: soft_cross_entropy(torch.zeros(0, 2), torch.zeros(0, 2)), ValueError, "logits"),
    (lambda: soft_cross_entropy(torch.zeros(2, 2), torch.ones(2, 2) / 2, validate=1), TypeError, "validate"),
])
def test_more_bad_input_raises_naming_the_argument(call, exc, words):
    with pytest.raises(exc, match=words):
        call()


def test_non_finite_logits_give_a_non_finite_loss_not_an_argument_error():
    """A diverged model's NaN logits must show as a NaN loss (the training harness records it)."""
    y = torch.tensor([0, 1])
    assert torch.isnan(mixup_cross_entropy(torch.full((2, 2), float("nan")), y, y, 0.5))
    assert torch.isnan(soft_cross_entropy(torch.full((2, 2), float("nan")), torch.ones(2, 2) / 2))
