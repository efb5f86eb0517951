"""Argument checks shared by every public function.

Bad input raises ``ValueError`` (wrong value) or ``TypeError`` (wrong kind) with a message
that names the argument and what is allowed. Nothing is clipped or repaired silently.
Arrays may be numpy arrays or torch tensors; checks on CUDA tensors synchronise with the
device, so hot paths that have already validated their data pass ``validate=False``.

No call allocates more than :data:`MAX_ALLOCATION_BYTES` for one array it creates:
:func:`check_allocation` refuses a larger request before anything is allocated.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from typing import Any, Iterable

import numpy as np

__all__ = [
    "MAX_ALLOCATION_BYTES",
    "is_torch",
    "check_real",
    "check_alpha",
    "check_lambda",
    "check_positive",
    "check_positive_int",
    "check_probability",
    "check_bool",
    "check_choice",
    "check_seed",
    "check_allocation",
    "check_samples",
    "check_finite_array",
    "check_tensor",
    "check_indices",
    "check_labels",
    "check_same_length",
    "check_rational",
]

#: Largest array, in bytes, that one library call creates (4 GiB).
MAX_ALLOCATION_BYTES = 2**32


def is_torch(x: Any) -> bool:
    """True for a ``torch.Tensor`` (without importing torch when it is not loaded)."""
    mod = type(x).__module__
    if not mod.startswith("torch"):
        return False
    import torch

    return isinstance(x, torch.Tensor)


def _real_scalar(value: Any, name: str, what: str = "a real number") -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if is_torch(value) and value.ndim == 0 and not value.dtype.is_complex and value.dtype is not _torch_bool():
            return float(value)
        if isinstance(value, np.ndarray) and value.ndim == 0 and (
                np.issubdtype(value.dtype, np.floating) or np.issubdtype(value.dtype, np.integer)):
            return float(value)
        raise TypeError(f"{name} must be {what}, got {type(value).__name__}")
    try:
        return float(value)
    except OverflowError:  # an int beyond float range
        raise ValueError(f"{name} must be {what} within the float range, got {value!r:.40}") from None


def _torch_bool() -> Any:
    import torch

    return torch.bool


def check_real(value: Any, name: str, *, finite: bool = True) -> float:
    """A real number (Python, numpy or 0-d array/tensor; not bool), finite unless told."""
    v = _real_scalar(value, name)
    if finite and not math.isfinite(v):
        raise ValueError(f"{name} must be a finite real number, got {v}")
    return v


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
    v = _real_scalar(lam, name, "a real number in [0, 1] or a 1-D array/tensor (one λ per sample)")
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
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    v = int(value)
    if v < minimum or (maximum is not None and v > maximum):
        rng = f"[{minimum}, {maximum}]" if maximum is not None else f"≥ {minimum}"
        shown = str(v) if len(str(v)) <= 40 else f"{str(v)[:20]}…({len(str(v))} digits)"
        raise ValueError(f"{name} must be an integer {rng}, got {shown}")
    return v


def check_probability(value: Any, name: str, *, open_interval: bool = True) -> float:
    """A probability in (0, 1) (or [0, 1])."""
    v = _real_scalar(value, name)
    ok = (0.0 < v < 1.0) if open_interval else (0.0 <= v <= 1.0)
    if not ok:
        raise ValueError(f"{name} must lie in {'(0, 1)' if open_interval else '[0, 1]'}, got {v}")
    return v


def check_bool(value: Any, name: str) -> bool:
    """True or False (Python or numpy bool; not 0/1, not a string)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
    return bool(value)


def check_choice(value: Any, name: str, choices: Iterable[str]) -> str:
    """One of the given strings."""
    choices = tuple(choices)
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r:.80}")
    return value


def check_seed(seed: Any, name: str = "seed") -> Any:
    """A ``numpy.random.Generator``, a non-negative integer seed, or None (fresh entropy)."""
    if seed is None or isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{name} must be a numpy Generator, a non-negative int seed or None, "
                        f"got {type(seed).__name__}")
    if int(seed) < 0:
        raise ValueError(f"{name} must be a non-negative integer seed, got {seed}")
    return seed


def _bytes(b: float) -> str:
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if b >= size:
            return f"{b / size:.3g} {unit}"
    return f"{int(b)} B"


def check_allocation(count: int, name: str, *, itemsize: int = 8, limit: int | None = None) -> int:
    """Refuse, before allocating, an array of ``count`` items of ``itemsize`` bytes above
    ``limit`` (default :data:`MAX_ALLOCATION_BYTES`); the message names the size and limit."""
    limit = MAX_ALLOCATION_BYTES if limit is None else limit
    count = check_positive_int(count, name, minimum=0)
    need = count * int(itemsize)
    if need > limit:
        raise ValueError(f"{name} asks for {int(count):,} values ({_bytes(need)}), more than the limit of "
                         f"{_bytes(limit)} ({limit // itemsize:,} values; "
                         f"mixcheck.validation.MAX_ALLOCATION_BYTES)")
    return int(count)


def check_finite_array(x: Any, name: str = "X", *, ndim: int | None = None, min_ndim: int = 1,
                       allow_empty: bool = False) -> Any:
    """A real numpy array or torch tensor, finite, of the given rank, non-empty.

    Python sequences are converted to float64 numpy arrays.
    """
    if is_torch(x):
        if x.is_complex() or x.dtype == _torch_bool():
            raise TypeError(f"{name} must be real-valued, got dtype {x.dtype}")
        shape = tuple(x.shape)
    else:
        if x is None or isinstance(x, (str, bytes, dict, set, numbers.Number)):
            raise TypeError(f"{name} must be an array of real numbers, got {type(x).__name__}")
        if not isinstance(x, np.ndarray):
            try:
                x = np.asarray(x, dtype=np.float64)
            except OverflowError:
                raise ValueError(f"{name} must hold finite numbers within the float64 range") from None
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


def check_tensor(x: Any, name: str, *, ndim: int | None = None, floating: bool | None = None) -> Any:
    """A ``torch.Tensor`` of the given rank; floating (finite) or integer dtype when asked."""
    if not is_torch(x):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(x).__name__}")
    if ndim is not None and x.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {tuple(x.shape)}")
    if floating is True:
        if not x.is_floating_point():
            raise TypeError(f"{name} must have a floating dtype, got {x.dtype}")
        check_finite_array(x, name, min_ndim=0, allow_empty=True)
    elif floating is False and (x.is_floating_point() or x.is_complex() or x.dtype == _torch_bool()):
        raise TypeError(f"{name} must have an integer dtype, got {x.dtype}")
    return x


def check_indices(p: Any, n: int, name: str = "partners", *, length: int | None = None) -> np.ndarray:
    """``length`` (default n) integer indices in [0, n), as a numpy array."""
    length = n if length is None else length
    arr = p.detach().cpu().numpy() if is_torch(p) else np.asarray(p)
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must hold integer indices, got dtype {arr.dtype}")
    if arr.shape != (length,) or (arr.size and (arr.min() < 0 or arr.max() >= n)):
        raise ValueError(f"{name} must be {length} integer indices in [0, {n - 1}], got shape {arr.shape}"
                         + (f", range [{arr.min()}, {arr.max()}]" if arr.size and arr.ndim else ""))
    return arr


def check_same_length(a: Any, b: Any, name_a: str = "X", name_b: str = "y") -> int:
    """Both have the same first dimension; returns it."""
    for v, nm in ((a, name_a), (b, name_b)):
        if not hasattr(v, "__len__") or getattr(v, "ndim", 1) == 0:
            raise TypeError(f"{nm} must be an array or sequence with one entry per sample, got {type(v).__name__}")
    na, nb = len(a), len(b)
    if na != nb:
        raise ValueError(f"{name_a} and {name_b} must have the same length, got {na} and {nb}")
    return na


def check_labels(y: Any, num_classes: int, name: str = "y") -> Any:
    """Integer class labels in [0, num_classes)."""
    check_positive_int(num_classes, "num_classes", minimum=1)
    if is_torch(y):
        if y.is_floating_point() or y.is_complex() or y.dtype == _torch_bool():
            raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
        if y.ndim != 1:
            raise ValueError(f"{name} must be 1-D (one label per sample), got shape {tuple(y.shape)}")
        if y.numel() and bool(((y < 0) | (y >= num_classes)).any()):
            raise ValueError(f"{name} must hold labels in [0, {num_classes - 1}] for num_classes={num_classes}")
        return y
    if y is None or isinstance(y, (str, bytes)):
        raise TypeError(f"{name} must hold integer class labels, got {type(y).__name__}")
    try:
        y = np.asarray(y)
    except (TypeError, ValueError, OverflowError) as exc:
        raise TypeError(f"{name} must be a 1-D array of integer class labels: {exc}") from None
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one label per sample), got shape {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"{name} must hold labels in [0, {num_classes - 1}] for num_classes={num_classes}, "
                         f"got range [{y.min()}, {y.max()}]")
    return y


def check_rational(value: Any, name: str) -> Fraction:
    """An exact rational: an int, a finite float (exactly), a Fraction or a string like '1/3'."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a number (int, float, Fraction or a string like '1/3'), got bool")
    if isinstance(value, str):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{name} must be a rational number such as '1/3' or '0.25', got {value!r:.60}") from None
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, numbers.Real) or (isinstance(value, np.ndarray) and value.ndim == 0) or (
            is_torch(value) and value.ndim == 0):
        v = _real_scalar(value, name)
        if not math.isfinite(v):
            raise ValueError(f"{name} must be finite, got {v}")
        return Fraction(v)
    raise TypeError(f"{name} must be a number (int, float, Fraction or a string like '1/3'), "
                    f"got {type(value).__name__}")
