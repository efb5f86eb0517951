"""The paper's closed-form bounds on the Rademacher complexity.

* :func:`linear_jensen_bound` — eq. (18)'s right side (Λ/n)(Σ‖x_i‖₂²)^½ (Jensen), ≥ R̂ of the
  Λ-ball linear class (eq. 16);
* :func:`network_norm_bound` — eq. (23), the norm-based bound of Neyshabur et al. (2015) as the
  paper prints it, (1/√n)·2^(L+½)·W_L·max_i‖x_i‖₂.

Both accept any finite X (numpy or torch; rows rescaled by a power of two before squaring, as
:mod:`mixcheck.rademacher` does) and raise ValueError/TypeError naming a bad argument.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .rademacher import (
    _as64,
    _div,
    _finite_result,
    _float_array,
    _pow2_scale,
    _row_norms,
    _split_radius,
    _to_numpy64,
)
from .validation import check_positive, check_positive_int

__all__ = ["linear_jensen_bound", "network_norm_bound"]


def linear_jensen_bound(X: Any, radius: float = 1.0) -> float:
    """Right side of eq. (18): (Λ/n)·(Σ_i ‖x_i‖₂²)^½ ≥ R̂ of the radius-Λ linear class."""
    X = _float_array(X, "X")
    radius = check_positive(radius, "radius")
    s = _pow2_scale(X)
    norms = _to_numpy64(_row_norms(_div(_as64(X), s)))
    root = math.sqrt(float(np.sum(norms * norms)))
    if s == 1.0:
        return _finite_result(radius * root / X.shape[0], "the Jensen bound")
    r_eff, rf = _split_radius(radius)
    return _finite_result(r_eff * root / X.shape[0] * s * rf, "the Jensen bound")


def network_norm_bound(X: Any, depth: int, frobenius_product: float) -> float:
    """Eq. (23) (Neyshabur et al. 2015 as the paper prints it):
    (1/√n)·2^(L+½)·W_L·max_i ‖x_i‖₂, with L = ``depth`` ≥ 1 and W_L = ``frobenius_product`` > 0."""
    X = _float_array(X, "X")
    L = check_positive_int(depth, "depth", minimum=1)
    W = check_positive(frobenius_product, "frobenius_product")
    s = _pow2_scale(X)
    scaled_max = float(_to_numpy64(_row_norms(_div(_as64(X), s))).max())
    if scaled_max == 0.0:
        return 0.0
    max_norm = scaled_max * s
    if L < 1000 and math.isfinite(max_norm):
        value = 2.0 ** (L + 0.5) * W * max_norm / math.sqrt(X.shape[0])
        if math.isfinite(value):
            return value
    log2 = (L + 0.5) + math.log2(W) + math.log2(scaled_max) + math.log2(s) - 0.5 * math.log2(X.shape[0])
    if log2 >= 1024:
        raise ValueError(f"the network norm bound (about 2^{log2:.0f}) exceeds the float64 range "
                         f"(about 2^1024): depth = {L}, frobenius_product = {W}")
    return math.exp2(log2)
