"""Mixup operators, one semantics for numpy arrays and torch tensors.

Mixup (paper eq. 1) forms x̃ = λ·x_i + (1-λ)·x_j and ỹ = λ·y_i + (1-λ)·y_j with
λ ~ Beta(α, α) (Section 2.1). Two partner rules are provided:

* ``"permutation"`` — x_j = x[π(i)] for a uniformly random permutation π of the batch, the
  reference behaviour (facebookresearch/mixup-cifar10, ``mixup_data``);
* ``"expected"`` — the surrogate x̃_i = λ·x_i + (1-λ)·x̄ that the proofs of Theorems 2 and 3
  use (eq. 19 and 24: x̃_i = E_{x_j}[λx_i + (1-λ)x_j] with E taken as the sample mean).

λ is drawn once per batch (the reference behaviour) or once per sample. α = 0 means no
mixing (λ = 1), as in the reference implementation.

All randomness (λ and the permutation) comes from one ``numpy.random.Generator`` (or an
integer seed), so the same seed gives the same λ and partners on the CPU and on a GPU; torch
results stay on the input's device and dtype, and the hot path makes no host-device sync
(pass ``validate=False`` after validating the data once).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from .validation import (
    check_alpha,
    check_finite_array,
    check_labels,
    check_lambda,
    check_positive_int,
    check_same_length,
    is_torch,
)

__all__ = [
    "Pairing",
    "MixupBatch",
    "as_generator",
    "sample_lambda",
    "random_partners",
    "mix",
    "mix_expected",
    "one_hot",
    "mixup_batch",
]

Pairing = Literal["permutation", "expected"]


def as_generator(rng: Any = None) -> np.random.Generator:
    """A ``numpy.random.Generator`` from a Generator, an int seed, or None (fresh entropy)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        if rng is not None and int(rng) < 0:
            raise ValueError(f"rng seed must be a non-negative integer, got {rng}")
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be a numpy Generator, a non-negative int seed or None, got {type(rng).__name__}")


def sample_lambda(alpha: float, size: int | None = None, *, rng: Any = None) -> float | np.ndarray:
    """Draw λ ~ Beta(α, α) (Section 2.1); α = 0 gives λ = 1 (no mixing).

    ``size=None`` returns a Python float (one λ per batch); an int returns a float64 array.
    """
    a = check_alpha(alpha)
    if size is not None:
        check_positive_int(size, "size", minimum=1)
    gen = as_generator(rng)
    if a == 0.0:
        return 1.0 if size is None else np.ones(size)
    lam = gen.beta(a, a, size=size)
    return float(lam) if size is None else lam


def random_partners(n: int, *, rng: Any = None) -> np.ndarray:
    """A uniformly random permutation π of range(n): sample i is mixed with sample π(i)."""
    check_positive_int(n, "n", minimum=1)
    return as_generator(rng).permutation(n)


def _weights(lam: Any, x: Any) -> Any:
    """λ broadcast against x: a scalar stays a scalar; a per-sample vector gets trailing axes."""
    if is_torch(lam):
        return lam.to(device=x.device, dtype=x.dtype).reshape((-1,) + (1,) * (x.ndim - 1))
    if isinstance(lam, np.ndarray) and lam.ndim == 1:
        if is_torch(x):
            import torch

            return torch.as_tensor(lam, dtype=x.dtype).to(x.device, non_blocking=True).reshape(
                (-1,) + (1,) * (x.ndim - 1))
        return lam.astype(np.result_type(x.dtype, np.float32), copy=False).reshape((-1,) + (1,) * (x.ndim - 1))
    return float(lam)


def _check_lam_len(lam: Any, n: int) -> None:
    if (is_torch(lam) or isinstance(lam, np.ndarray)) and getattr(lam, "ndim", 0) == 1 and len(lam) != n:
        raise ValueError(f"lam must be a scalar or have one entry per sample (length {n}), got length {len(lam)}")


def mix(x: Any, lam: Any, partners: Any, *, validate: bool = True) -> Any:
    """λ·x + (1-λ)·x[partners] (eq. 1) along the first axis; works for any trailing shape."""
    if validate:
        x = check_finite_array(x, "x")
        lam = check_lambda(lam)
        _check_lam_len(lam, len(x))
        _check_partners(partners, len(x))
    if is_torch(x) and isinstance(partners, np.ndarray):
        import torch

        partners = torch.as_tensor(partners).to(x.device, non_blocking=True)
    w = _weights(lam, x)
    return w * x + (1 - w) * x[partners]


def mix_expected(x: Any, lam: Any, *, validate: bool = True) -> Any:
    """The proofs' surrogate x̃_i = λ·x_i + (1-λ)·x̄ with x̄ the sample mean (eq. 19, 24)."""
    if validate:
        x = check_finite_array(x, "x")
        lam = check_lambda(lam)
        _check_lam_len(lam, len(x))
    w = _weights(lam, x)
    mean = x.mean(0, keepdims=True) if not is_torch(x) else x.mean(0, keepdim=True)
    return w * x + (1 - w) * mean


def _check_partners(partners: Any, n: int) -> None:
    p = partners.detach().cpu().numpy() if is_torch(partners) else np.asarray(partners)
    if p.shape != (n,) or not np.issubdtype(p.dtype, np.integer) or (n and (p.min() < 0 or p.max() >= n)):
        raise ValueError(f"partners must be {n} integer indices in [0, {n - 1}], got shape {p.shape}, dtype {p.dtype}")


def one_hot(y: Any, num_classes: int, *, dtype: Any = None, validate: bool = True) -> Any:
    """Integer labels → one-hot rows (float32 for torch, float64 for numpy by default)."""
    if validate:
        y = check_labels(y, num_classes)
    if is_torch(y):
        import torch

        out = torch.nn.functional.one_hot(y.long(), num_classes)
        return out.to(dtype or torch.float32)
    y = np.asarray(y)
    out = np.zeros((len(y), num_classes), dtype=dtype or np.float64)
    out[np.arange(len(y)), y] = 1
    return out


@dataclass(frozen=True)
class MixupBatch:
    """One mixed batch: inputs, soft labels (or None), the λ used and the partner indices.

    ``lam`` is a float (one per batch) or an array of length n (one per sample); ``partners``
    is None for the ``"expected"`` surrogate, whose partner is the batch mean.
    """

    x: Any
    y: Any
    lam: Any
    partners: Any


def mixup_batch(x: Any, y: Any = None, *, alpha: float, num_classes: int | None = None,
                per_sample: bool = False, pairing: Pairing = "permutation", rng: Any = None,
                validate: bool = True) -> MixupBatch:
    """Mix a batch (eq. 1) with λ ~ Beta(α, α) and the given partner rule.

    ``y`` may be integer labels (then ``num_classes`` is required and labels become one-hot
    before mixing) or already-soft label rows (n × K). The returned labels are probability
    vectors whenever the inputs are.
    """
    if pairing not in ("permutation", "expected"):
        raise ValueError(f"pairing must be 'permutation' or 'expected', got {pairing!r}")
    if validate:
        x = check_finite_array(x, "x")
    check_alpha(alpha)
    n = len(x)
    if y is not None:
        check_same_length(x, y, "x", "y")
        is_int = (not y.is_floating_point()) if is_torch(y) else np.issubdtype(np.asarray(y).dtype, np.integer)
        if is_int:
            if num_classes is None:
                raise ValueError("num_classes is required when y holds integer labels")
            y = one_hot(y, num_classes, validate=validate)
        elif validate:
            y = check_finite_array(y, "y", ndim=2)
    gen = as_generator(rng)
    lam = sample_lambda(alpha, n if per_sample else None, rng=gen)
    if pairing == "expected":
        xm = mix_expected(x, lam, validate=False)
        ym = None if y is None else mix_expected(y, lam, validate=False)
        return MixupBatch(xm, ym, lam, None)
    partners = random_partners(n, rng=gen)
    if is_torch(x):
        import torch

        partners = torch.as_tensor(partners).to(x.device, non_blocking=True)
    xm = mix(x, lam, partners, validate=False)
    ym = None if y is None else mix(y, lam, partners, validate=False)
    return MixupBatch(xm, ym, lam, partners)
