"""Argument checks shared by every public function.

Bad input raises ``ValueError`` (wrong value) or ``TypeError`` (wrong kind) with a message
that names the argument and what is allowed. Nothing is clipped or repaired silently.
Arrays may be numpy arrays or torch tensors; checks on CUDA tensors synchronise with the
device, so hot paths that have already validated their data pass ``validate=False``.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

__all__ = [
    "is_torch",
    "check_alpha",
    "check_lambda",
    "check_positive",
    "check_positive_int",
    "check_probability",
    "check_samples",
    "check_finite_array",
    "check_labels",
    "check_same_length",
]


def is_torch(x: Any) -> bool:
    """True for a ``torch.Tensor`` (without importing torch when it is not loaded)."""
    mod = type(x).__module__
    if not mod.startswith("torch"):
        return False
    import torch

    return isinstance(x, torch.Tensor)


def _real_scalar(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if is_torch(value) and value.ndim == 0 and not value.dtype.is_complex:
            return float(value)
        if isinstance(value, np.ndarray) and value.ndim == 0 and np.isrealobj(value):
            return float(value)
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    return float(value)


def check_alpha(alpha: Any, name: str = "alpha", *, allow_zero: bool = True) -> float:
    """Beta(α, α) concentration: finite, > 0 (or exactly 0 = no mixing when allowed)."""
    a = _real_scalar(alpha, name)
    if not math.isfinite(a):
        raise ValueError(f"{name} must be finite, got {a}")
    if a < 0 or (a == 0 and not allow_zero):
        allowed = "α ≥ 0 (α = 0 means no mixing)" if allow_zero else "α > 0"
        raise ValueError(f"{name} must satisfy {allowed}, got {a}")
    return a


def check_lambda(lam: Any, name: str = "lam") -> Any:
    """Mixing weight(s) λ in [0, 1]: a scalar, or a 1-D array/tensor (one per sample)."""
    if is_torch(lam):
        if lam.ndim > 1:
            raise ValueError(f"{name} must be a scalar or 1-D (one λ per sample), got shape {tuple(lam.shape)}")
        if not lam.is_floating_point():
            raise TypeError(f"{name} must have a floating dtype, got {lam.dtype}")
        bad = ~((lam >= 0) & (lam <= 1))  # NaN fails both comparisons
        if bool(bad.any()):
            raise ValueError(f"{name} must lie in [0, 1] (and not be NaN); got values outside")
        return lam
    if isinstance(lam, np.ndarray) and lam.ndim > 0:
        if lam.ndim > 1:
            raise ValueError(f"{name} must be a scalar or 1-D (one λ per sample), got shape {lam.shape}")
        if not np.issubdtype(lam.dtype, np.floating) and not np.issubdtype(lam.dtype, np.integer):
            raise TypeError(f"{name} must be real, got dtype {lam.dtype}")
        if np.any(~((lam >= 0) & (lam <= 1))):
            raise ValueError(f"{name} must lie in [0, 1] (and not be NaN); got min {np.nanmin(lam) if lam.size else 'n/a'}")
        return lam
    v = _real_scalar(lam, name)
    if not (0.0 <= v <= 1.0):
        raise ValueError(f"{name} must lie in [0, 1], got {v}")
    return v


def check_positive(value: Any, name: str, *, allow_zero: bool = False) -> float:
    """A finite real number > 0 (or ≥ 0)."""
    v = _real_scalar(value, name)
    if not math.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        raise ValueError(f"{name} must be a finite number {'≥' if allow_zero else '>'} 0, got {v}")
    return v


def check_positive_int(value: Any, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """An integer in [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    v = int(value)
    if v < minimum or (maximum is not None and v > maximum):
        rng = f"[{minimum}, {maximum}]" if maximum is not None else f"≥ {minimum}"
        raise ValueError(f"{name} must be an integer {rng}, got {v}")
    return v


def check_probability(value: Any, name: str, *, open_interval: bool = True) -> float:
    """A probability in (0, 1) (or [0, 1])."""
    v = _real_scalar(value, name)
    ok = (0.0 < v < 1.0) if open_interval else (0.0 <= v <= 1.0)
    if not ok:
        raise ValueError(f"{name} must lie in {'(0, 1)' if open_interval else '[0, 1]'}, got {v}")
    return v


def check_finite_array(x: Any, name: str = "X", *, ndim: int | None = None, min_ndim: int = 1,
                       allow_empty: bool = False) -> Any:
    """A real numpy array or torch tensor, finite, of the given rank, non-empty.

    Python sequences are converted to float64 numpy arrays.
    """
    if is_torch(x):
        if x.is_complex() or x.dtype == __import__("torch").bool:
            raise TypeError(f"{name} must be real-valued, got dtype {x.dtype}")
        shape = tuple(x.shape)
    else:
        if not isinstance(x, np.ndarray):
            try:
                x = np.asarray(x, dtype=np.float64)
            except (TypeError, ValueError) as exc:
                raise TypeError(f"{name} must be an array of real numbers: {exc}") from None
        if not (np.issubdtype(x.dtype, np.floating) or np.issubdtype(x.dtype, np.integer)):
            raise TypeError(f"{name} must be real-valued, got dtype {x.dtype}")
        shape = x.shape
    if ndim is not None and len(shape) != ndim:
        what = {1: "1-D", 2: "2-D (n samples × d features)"}.get(ndim, f"{ndim}-D")
        raise ValueError(f"{name} must be {what}, got shape {shape}")
    if len(shape) < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimension(s), got shape {shape}")
    if not allow_empty and (len(shape) == 0 or shape[0] == 0 or any(s == 0 for s in shape)):
        raise ValueError(f"{name} must not be empty, got shape {shape}")
    if is_torch(x):
        import torch

        if x.is_floating_point() and not bool(torch.isfinite(x).all()):
            raise ValueError(f"{name} must be finite (no NaN or inf)")
    elif np.issubdtype(x.dtype, np.floating) and not np.all(np.isfinite(x)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return x


def check_samples(X: Any, name: str = "X") -> Any:
    """A sample of n ≥ 1 points in d ≥ 1 dimensions: a finite 2-D array (n × d)."""
    return check_finite_array(X, name, ndim=2)


def check_same_length(a: Any, b: Any, name_a: str = "X", name_b: str = "y") -> int:
    """Both have the same first dimension; returns it."""
    na, nb = len(a), len(b)
    if na != nb:
        raise ValueError(f"{name_a} and {name_b} must have the same length, got {na} and {nb}")
    return na


def check_labels(y: Any, num_classes: int, name: str = "y") -> Any:
    """Integer class labels in [0, num_classes)."""
    check_positive_int(num_classes, "num_classes", minimum=1)
    if is_torch(y):
        if y.is_floating_point() or y.is_complex() or y.dtype == __import__("torch").bool:
            raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
        if y.ndim != 1:
            raise ValueError(f"{name} must be 1-D (one label per sample), got shape {tuple(y.shape)}")
        if y.numel() and bool(((y < 0) | (y >= num_classes)).any()):
            raise ValueError(f"{name} must hold labels in [0, {num_classes - 1}] for num_classes={num_classes}")
        return y
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one label per sample), got shape {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"{name} must hold labels in [0, {num_classes - 1}] for num_classes={num_classes}, "
                         f"got range [{y.min()}, {y.max()}]")
    return y
