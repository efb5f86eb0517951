"""Argument checks (mixcheck.validation)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mixcheck import validation as v


def test_check_samples_accepts_lists_and_tensors():
    assert v.check_samples([[1, 2], [3, 4]]).shape == (2, 2)
    t = torch.ones(3, 2)
    assert v.check_samples(t) is t


@pytest.mark.parametrize("X,exc,words", [
    (np.ones(3), ValueError, "2-D"),
    (np.ones((0, 3)), ValueError, "empty"),
    (np.ones((3, 0)), ValueError, "empty"),
    (np.array([[1.0, np.nan]]), ValueError, "finite"),
    (np.array([[1.0, -np.inf]]), ValueError, "finite"),
    (torch.tensor([[1.0, float("inf")]]), ValueError, "finite"),
    (torch.ones(2, 2, dtype=torch.bool), TypeError, "real"),
    (np.array([["a"]]), TypeError, "real"),
    ([[1, "x"]], TypeError, "real"),
])
def test_check_samples_rejects(X, exc, words):
    with pytest.raises(exc, match=words):
        v.check_samples(X)


def test_scalars():
    assert v.check_alpha(0) == 0.0
    with pytest.raises(ValueError, match="alpha"):
        v.check_alpha(0, allow_zero=False)
    with pytest.raises(TypeError, match="alpha"):
        v.check_alpha(True)
    assert v.check_positive(np.float64(2.0), "radius") == 2.0
    with pytest.raises(ValueError, match="radius"):
        v.check_positive(0, "radius")
    with pytest.raises(ValueError, match="draws"):
        v.check_positive_int(0, "draws")
    with pytest.raises(TypeError, match="draws"):
        v.check_positive_int(1.0, "draws")
    with pytest.raises(ValueError, match="delta"):
        v.check_probability(1.0, "delta")
    assert v.check_lambda(torch.tensor(0.25)) == 0.25
    with pytest.raises(ValueError, match="lam"):
        v.check_lambda(torch.tensor([0.5, float("nan")]))
    with pytest.raises(ValueError, match="lam"):
        v.check_lambda(np.array([0.5, 2.0]))


def test_labels():
    v.check_labels(torch.tensor([0, 2]), 3)
    with pytest.raises(ValueError, match=r"\[0, 2\]"):
        v.check_labels(torch.tensor([0, 3]), 3)
    with pytest.raises(TypeError, match="integer"):
        v.check_labels(torch.tensor([0.0]), 3)
    with pytest.raises(ValueError, match="same length"):
        v.check_same_length(np.ones(3), np.ones(2))


def test_allocation_limit_names_the_size_and_the_limit():
    assert v.check_allocation(10, "size") == 10
    with pytest.raises(ValueError, match=r"size asks for 1,000,000,000,000 values \(7.28 TiB\).*limit of 4 GiB"):
        v.check_allocation(10**12, "size")


@pytest.mark.parametrize("call,exc,words", [
    (lambda: v.check_bool(1, "flag"), TypeError, "flag"),
    (lambda: v.check_choice("x", "pairing", ("a", "b")), ValueError, "pairing"),
    (lambda: v.check_choice(["a"], "pairing", ("a", "b")), ValueError, "pairing"),
    (lambda: v.check_seed(-1), ValueError, "seed"),
    (lambda: v.check_seed(1.5), TypeError, "seed"),
    (lambda: v.check_real(10**400, "value"), ValueError, "value"),
    (lambda: v.check_real(np.array([1.0]), "value"), TypeError, "value"),
    (lambda: v.check_samples([[10**400]]), ValueError, "X"),
    (lambda: v.check_samples(None), TypeError, "X"),
    (lambda: v.check_indices([0, 3], 2, "partners"), ValueError, "partners"),
    (lambda: v.check_indices([0.0, 1.0], 2, "partners"), TypeError, "partners"),
    (lambda: v.check_tensor(np.ones(2), "logits"), TypeError, "logits"),
    (lambda: v.check_same_length(3, [1], "x", "y"), TypeError, "x"),
    (lambda: v.check_rational("1/0", "lam"), ValueError, "lam"),
    (lambda: v.check_rational(float("inf"), "lam"), ValueError, "lam"),
    (lambda: v.check_lambda([0.5, 0.5], "lam"), TypeError, "lam"),
    (lambda: v.check_positive_int(np.bool_(True), "n"), TypeError, "n"),
])
def test_new_helpers_reject_naming_the_argument(call, exc, words):
    with pytest.raises(exc, match=words):
        call()
