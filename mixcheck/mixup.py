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
    check_allocation,
    check_alpha,
    check_bool,
    check_choice,
    check_finite_array,
    check_indices,
    check_labels,
    check_lambda,
    check_positive_int,
    check_same_length,
    check_seed,
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
    return np.random.default_rng(check_seed(rng, "rng"))


def sample_lambda(alpha: float, size: int | None = None, *, rng: Any = None) -> float | np.ndarray:
    """Draw λ ~ Beta(α, α) (Section 2.1); α = 0 gives λ = 1 (no mixing).

    ``size=None`` returns a Python float (one λ per batch); an int returns a float64 array,
    refused above :data:`mixcheck.validation.MAX_ALLOCATION_BYTES` before anything is drawn.
    """
    a = check_alpha(alpha)
    if size is not None:
        check_allocation(check_positive_int(size, "size", minimum=1), "size")
    gen = as_generator(rng)
    if a == 0.0:
        return 1.0 if size is None else np.ones(size)
    lam = gen.beta(a, a, size=size)
    return float(lam) if size is None else lam


def random_partners(n: int, *, rng: Any = None) -> np.ndarray:
    """A uniformly random permutation π of range(n): sample i is mixed with sample π(i).

    n is refused above :data:`mixcheck.validation.MAX_ALLOCATION_BYTES` (8 bytes per index)."""
    check_allocation(check_positive_int(n, "n", minimum=1), "n")
    return as_generator(rng).permutation(n)


def _weights(lam: Any, x: Any) -> Any:
    """λ broadcast against x: a scalar stays a scalar; a per-sample vector gets trailing axes."""
    if is_torch(lam) and not is_torch(x):
        lam = lam.detach().cpu().numpy()
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
    if check_bool(validate, "validate"):
        x = check_finite_array(x, "x")
        lam = check_lambda(lam)
        _check_lam_len(lam, len(x))
        arr = check_indices(partners, len(x), "partners")
        if not is_torch(x) or not is_torch(partners):
            partners = arr
    if is_torch(x) and isinstance(partners, np.ndarray):
        import torch

        partners = torch.as_tensor(partners).to(x.device, non_blocking=True)
    w = _weights(lam, x)
    return w * x + (1 - w) * x[partners]


def mix_expected(x: Any, lam: Any, *, validate: bool = True) -> Any:
    """The proofs' surrogate x̃_i = λ·x_i + (1-λ)·x̄ with x̄ the sample mean (eq. 19, 24)."""
    if check_bool(validate, "validate"):
        x = check_finite_array(x, "x")
        lam = check_lambda(lam)
        _check_lam_len(lam, len(x))
    w = _weights(lam, x)
    return w * x + (1 - w) * _mean(x, check=validate)


def _mean(x: Any, *, check: bool) -> Any:
    """The mean over the first axis; if the sum overflows (entries near the float maximum),
    it is recomputed on x / 2^k, 2^k > 2n, and scaled back (division by a power of two)."""
    k = len(x).bit_length() + 1
    if not is_torch(x):
        with np.errstate(over="ignore"):
            mean = x.mean(0, keepdims=True)
        if np.all(np.isfinite(mean)):
            return mean
        return np.ldexp(np.mean(np.ldexp(x, -k), 0, keepdims=True), k).astype(mean.dtype)
    mean = x.mean(0, keepdim=True)
    if check and x.is_floating_point():
        import torch

        if not bool(torch.isfinite(mean).all()):
            return (x * 2.0**-k).mean(0, keepdim=True) * 2.0**k
    return mean


def one_hot(y: Any, num_classes: int, *, dtype: Any = None, validate: bool = True) -> Any:
    """Integer labels → one-hot rows (float32 for torch, float64 for numpy by default).

    The n × num_classes result is refused above :data:`mixcheck.validation.MAX_ALLOCATION_BYTES`."""
    if check_bool(validate, "validate"):
        y = check_labels(y, num_classes)
        dtype = _check_dtype(dtype, torch_=is_torch(y))
        check_allocation(len(y) * num_classes, "len(y) × num_classes", itemsize=8)
    if is_torch(y):
        import torch

        out = torch.nn.functional.one_hot(y.long(), num_classes)
        return out.to(dtype or torch.float32)
    y = np.asarray(y)
    out = np.zeros((len(y), num_classes), dtype=dtype or np.float64)
    out[np.arange(len(y)), y] = 1
    return out


def _check_dtype(dtype: Any, *, torch_: bool) -> Any:
    if dtype is None:
        return None
    if torch_:
        import torch

        if not isinstance(dtype, torch.dtype) or dtype.is_complex:
            raise TypeError(f"dtype must be a real torch.dtype for torch labels, got {dtype!r}")
        return dtype
    try:
        dt = np.dtype(dtype)
    except (TypeError, ValueError, SyntaxError):  # numpy parses strings; odd ones raise any of these
        raise TypeError(f"dtype must be a numpy dtype (e.g. np.float64), got {dtype!r}") from None
    if not (np.issubdtype(dt, np.floating) or np.issubdtype(dt, np.integer)):
        raise TypeError(f"dtype must be a real numeric numpy dtype, got {dt}")
    return dt


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
    check_choice(pairing, "pairing", ("permutation", "expected"))
    check_bool(per_sample, "per_sample")
    check_bool(validate, "validate")
    if validate:
        x = check_finite_array(x, "x")
    check_alpha(alpha)
    if num_classes is not None:
        check_positive_int(num_classes, "num_classes", minimum=1)
    gen = as_generator(rng)
    n = len(x)
    if y is not None:
        if validate and is_torch(y) != is_torch(x):
            raise TypeError("x and y must both be numpy arrays or both be torch tensors, "
                            f"got {type(x).__name__} and {type(y).__name__}")
        if not is_torch(y) and not isinstance(y, np.ndarray):
            if y is None or isinstance(y, (str, bytes, dict, set, int, float, complex)):
                raise TypeError(f"y must be integer labels or soft label rows (an array), got {type(y).__name__}")
            try:
                y = np.asarray(y)
            except (TypeError, ValueError, OverflowError) as exc:
                raise TypeError(f"y must be integer labels or soft label rows (an array): {exc}") from None
        check_same_length(x, y, "x", "y")
        is_int = (not y.is_floating_point()) if is_torch(y) else np.issubdtype(np.asarray(y).dtype, np.integer)
        if is_int and not (is_torch(y) and y.dtype == __import__("torch").bool):
            if num_classes is None:
                raise ValueError("num_classes is required when y holds integer labels")
            y = one_hot(y, num_classes, validate=validate)
        elif validate:
            y = check_finite_array(y, "y", ndim=2)
            if num_classes is not None and y.shape[1] != num_classes:
                raise ValueError(f"y holds soft labels with {y.shape[1]} columns but num_classes = {num_classes}")
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
