"""Exact arithmetic: the enumeration of sign vectors and the exact Rademacher complexities that
re-verify counterexamples (formerly ``mixcheck.counterexample``, which still names this module).

:func:`sign_vectors` is the one enumeration of {−1, +1}ⁿ; :mod:`mixcheck.rademacher` builds its
exact (half-table) enumeration on it.

Every function here takes plain inputs (lists of rows, numbers) so that a counterexample
stored as JSON can be recomputed from the JSON alone. Floats are converted to exact
``Fraction``s (a binary float is a rational number) or to ``mpmath`` numbers at
:data:`PREC` decimal digits, so that rounding can neither create nor hide a violation.

Linear class (paper eq. 16): ``H = {x ↦ w·x : ‖w‖₂ ≤ Λ}``, whose empirical Rademacher
complexity is ``R̂(X) = (Λ/n)·E_σ‖Σ σ_i x_i‖₂`` (the sup of ``w·v`` over the ball is ``Λ‖v‖``);
it is computed here by enumerating all 2ⁿ sign vectors (n ≤ 16).

Every function checks its inputs (``ValueError``/``TypeError`` naming the argument): X a
non-empty list (or array) of equal-length non-empty rows of finite numbers (exact helpers
also take Fractions and strings like '1/3'), λ in [0, 1], Λ ≥ 0, the enumeration limits on n.
The float helpers divide X by a power of two before squaring when max|x| is far from 1, so
every finite X works whose result is a finite float.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Sequence

import mpmath
import numpy as np

from .validation import (
    check_indices,
    check_positive,
    check_positive_int,
    check_probability,
    check_rational,
    check_samples,
)

__all__ = [
    "PREC",
    "as_fraction_rows",
    "frac",
    "mp",
    "sign_vectors",
    "linear_rademacher_exact",
    "linear_rademacher_float",
    "mean_row",
    "surrogate_rows",
    "mixed_rows",
    "perm_mixup_rademacher_exact",
    "perm_mixup_rademacher_float",
    "total_variance",
    "norm_variance",
    "single_neuron_rademacher",
]

PREC = 50  # decimal digits for mpmath


def frac(x) -> Fraction:
    """An exact rational: floats exactly, ints, strings like '1/3', Fractions."""
    return check_rational(x, "x")


def as_fraction_rows(X, name: str = "X") -> list[list[Fraction]]:
    """X (a list of rows, or a 2-D array) as exact rationals: n ≥ 1 rows of one length d ≥ 1."""
    if isinstance(X, np.ndarray):
        if X.ndim != 2:
            raise ValueError(f"{name} must be 2-D (n samples × d features), got shape {X.shape}")
        X = X.astype(object).tolist()
    elif hasattr(X, "tolist") and not isinstance(X, (list, tuple)):   # a torch tensor
        X = X.tolist()
    if not isinstance(X, (list, tuple)) or not X:
        raise (TypeError if not isinstance(X, (list, tuple)) else ValueError)(
            f"{name} must be a non-empty list of rows (n samples × d features), got {type(X).__name__} {X!r:.60}")
    d = None
    for i, row in enumerate(X):
        if isinstance(row, np.ndarray):
            row = row.tolist()
        if not isinstance(row, (list, tuple)):
            raise TypeError(f"{name}[{i}] must be a row (a list of numbers), got {type(row).__name__}")
        if d is None:
            d = len(row)
        if len(row) != d or d == 0:
            raise ValueError(f"{name} must have rows of one length d ≥ 1, got row lengths {d} and {len(row)}")
    return [[check_rational(v, f"{name}[{i}][{j}]") for j, v in enumerate(row)] for i, row in enumerate(X)]


def mp(x):
    """An mpmath number at :data:`PREC` digits (exact conversion from float/Fraction)."""
    if isinstance(x, Fraction):
        return mpmath.mpf(x.numerator) / x.denominator
    if isinstance(x, mpmath.mpf):
        if not mpmath.isfinite(x):
            raise ValueError(f"x must be finite, got {x}")
        return x
    if isinstance(x, str):
        try:
            v = mpmath.mpf(x)
        except (ValueError, TypeError, ZeroDivisionError):
            raise ValueError(f"x must be a number or a decimal string such as '0.25', got {x!r:.60}") from None
        if not mpmath.isfinite(v):
            raise ValueError(f"x must be finite, got {x!r:.60}")
        return v
    check_rational(x, "x")  # the kind and finiteness; the conversion below is exact for floats
    return mpmath.mpf(x)


def _scaled_float_rows(X, name: str = "X") -> tuple[np.ndarray, float]:
    """X as float64 (checked) divided by a power of two s when max|x| lies outside
    [2^-300, 2^300] (exact), and s; results of the positively homogeneous functions below
    are multiplied by s."""
    X = np.asarray(check_samples(X, name), dtype=float)
    m = float(np.abs(X).max())
    if m == 0.0 or 2.0**-300 <= m <= 2.0**300:
        return X, 1.0
    s = math.ldexp(1.0, min(math.frexp(m)[1], 1023))
    return X / s, s


def _finite(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{what} exceeds the float64 range (about 1.8e308); the inputs are too large")
    return value


def _check_lam_exact(lam) -> Fraction:
    lam = check_rational(lam, "lam")
    if not 0 <= lam <= 1:
        raise ValueError(f"lam must lie in [0, 1], got {lam}")
    return lam


def _check_Lam_exact(Lam) -> Fraction:
    Lam = check_rational(Lam, "Lam")
    if Lam < 0:
        raise ValueError(f"Lam (the radius Λ) must be ≥ 0, got {Lam}")
    return Lam


def sign_vectors(n: int) -> np.ndarray:
    """All 2ⁿ vectors in {-1, +1}ⁿ as a (2ⁿ, n) int array (0 ≤ n ≤ 20)."""
    n = check_positive_int(n, "n", minimum=0)
    if n > 20:
        raise ValueError(f"exact enumeration needs n ≤ 20, got {n}")
    idx = np.arange(2 ** n)[:, None]
    bits = (idx >> np.arange(n)[None, :]) & 1
    return (2 * bits - 1).astype(np.int64)


def linear_rademacher_float(X, Lam: float = 1.0) -> float:
    """R̂ of the Λ-ball linear class on X (n ≤ 16), exact enumeration in float64."""
    X, s = _scaled_float_rows(X)
    check_positive(Lam, "Lam", allow_zero=True)
    n = X.shape[0]
    S = sign_vectors(n).astype(float)
    if s == 1.0:
        return float(Lam * np.linalg.norm(S @ X, axis=1).mean() / n)
    return _finite(float(Lam * np.linalg.norm(S @ X, axis=1).mean() / n) * s, "R̂")


def linear_rademacher_exact(X, Lam=1) -> mpmath.mpf:
    """R̂ of the Λ-ball linear class on X at :data:`PREC` digits: the squared norms are exact
    rationals, only the square roots and the final sum are rounded (at 50 digits)."""
    rows = as_fraction_rows(X)
    _check_Lam_exact(Lam)
    n = len(rows)
    if n > 16:
        raise ValueError(f"exact enumeration needs n ≤ 16, got {n}")
    d = len(rows[0])
    total = mpmath.mpf(0)
    with mpmath.workdps(PREC):
        for signs in itertools.product((1, -1), repeat=n - 1):
            s = (1,) + signs  # σ and -σ give the same norm: enumerate half, double
            v = [sum(si * r[k] for si, r in zip(s, rows)) for k in range(d)]
            sq = sum(c * c for c in v)
            total += mpmath.sqrt(mp(sq))
        return mp(frac(Lam)) * total / (2 ** (n - 1)) / n


def _mean_of(rows: list[list[Fraction]]) -> list[Fraction]:
    n, d = len(rows), len(rows[0])
    return [sum(r[k] for r in rows) / n for k in range(d)]


def mean_row(X) -> list[Fraction]:
    """x̄ = (1/n)Σx_i, exactly (the E_{x_j}[x_j] of eqs. 19, 20 and 24 read as the sample mean); the
    entries as :func:`as_fraction_rows` takes them (ints, floats exactly, Fractions, strings like '1/3')."""
    return _mean_of(as_fraction_rows(X))


def surrogate_rows(X, lam) -> list[list[Fraction]]:
    """x̃_i = λx_i + (1-λ)x̄ (the proofs' expected partner), exactly."""
    rows = as_fraction_rows(X)
    lam = _check_lam_exact(lam)
    mean = _mean_of(rows)
    return [[lam * r[k] + (1 - lam) * mean[k] for k in range(len(mean))] for r in rows]


def mixed_rows(X, lam, perm: Sequence[int]) -> list[list[Fraction]]:
    """λx_i + (1-λ)x_{π(i)} (real mixup with partner permutation π — any n partner indices
    in [0, n) are accepted), exactly."""
    rows = as_fraction_rows(X)
    lam = _check_lam_exact(lam)
    if isinstance(perm, (str, bytes)) or not hasattr(perm, "__len__"):
        raise TypeError(f"perm must be a sequence of {len(rows)} partner indices, got {type(perm).__name__}")
    check_indices(perm, len(rows), "perm")
    return [[lam * a + (1 - lam) * b for a, b in zip(rows[i], rows[perm[i]])] for i in range(len(rows))]


def perm_mixup_rademacher_exact(X, lam, Lam=1) -> mpmath.mpf:
    """E_π R̂(λX + (1-λ)X_π) over all n! permutations (n ≤ 6), at :data:`PREC` digits."""
    rows = as_fraction_rows(X)
    _check_lam_exact(lam)
    _check_Lam_exact(Lam)
    n = len(rows)
    if n > 6:
        raise ValueError(f"exact permutation enumeration needs n ≤ 6, got {n}")
    with mpmath.workdps(PREC):
        vals = [linear_rademacher_exact(mixed_rows(rows, lam, p), Lam) for p in itertools.permutations(range(n))]
        return mpmath.fsum(vals) / math.factorial(n)


def perm_mixup_rademacher_float(X, lam, Lam: float = 1.0) -> float:
    """E_π R̂(λX + (1-λ)X_π) over all n! permutations (n ≤ 7), float64."""
    X, s = _scaled_float_rows(X)
    check_probability(lam, "lam", open_interval=False)
    check_positive(Lam, "Lam", allow_zero=True)
    n = X.shape[0]
    if n > 7:
        raise ValueError(f"exact permutation enumeration needs n ≤ 7, got {n}")
    S = sign_vectors(n).astype(float)
    tot = 0.0
    perms = list(itertools.permutations(range(n)))
    for p in perms:
        M = lam * X + (1 - lam) * X[list(p)]
        tot += np.linalg.norm(S @ M, axis=1).mean()
    if s == 1.0:
        return float(Lam * tot / len(perms) / n)
    return _finite(float(Lam * tot / len(perms) / n) * s, "R̂")


def total_variance(X, *, ddof: int = 0) -> Fraction:
    """(1/(n-ddof)) Σ‖x_i - x̄‖² exactly (0 ≤ ddof < n)."""
    rows = as_fraction_rows(X)
    n, d = len(rows), len(rows[0])
    check_positive_int(ddof, "ddof", minimum=0, maximum=n - 1)
    mean = _mean_of(rows)
    return sum(sum((r[k] - mean[k]) ** 2 for k in range(d)) for r in rows) / (n - ddof)


def norm_variance(X, *, ddof: int = 0):
    """The sample variance of the norms ‖x_i‖ (mpmath, :data:`PREC` digits)."""
    rows = as_fraction_rows(X)
    n = len(rows)
    check_positive_int(ddof, "ddof", minimum=0, maximum=n - 1)
    with mpmath.workdps(PREC):
        norms = [mpmath.sqrt(mp(sum(v * v for v in r))) for r in rows]
        m = mpmath.fsum(norms) / n
        return mpmath.fsum((a - m) ** 2 for a in norms) / (n - ddof)


def _sorted_abs_sign_sums(V: np.ndarray) -> np.ndarray:
    """Row-wise sorted |Σ_i σ_i v_i| over all 2^k sign vectors σ, for V of shape (rows, k)."""
    sums = np.zeros((V.shape[0], 1))
    for k in range(V.shape[1]):
        sums = np.concatenate((sums + V[:, k:k + 1], sums - V[:, k:k + 1]), axis=1)
    return np.sort(np.abs(sums), axis=1)


def _expected_max(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Row-wise E max(a, b) for a uniform over a row of A and b, independently, over the same row
    of B (both sorted): one joint sort, then each a meets the count and the sum of the b ≤ a."""
    C = np.concatenate((A, B), axis=1)
    is_b = np.concatenate((np.zeros(A.shape, bool), np.ones(B.shape, bool)), axis=1)
    order = np.argsort(C, axis=1, kind="stable")
    C, is_b = np.take_along_axis(C, order, axis=1), np.take_along_axis(is_b, order, axis=1)
    b_below = np.cumsum(is_b, axis=1)
    b_sum_below = np.cumsum(np.where(is_b, C, 0.0), axis=1)
    b_total = b_sum_below[:, -1:]
    per_a = np.where(is_b, 0.0, C * b_below + (b_total - b_sum_below))
    return per_a.sum(axis=1) / (A.shape[1] * B.shape[1])


SINGLE_NEURON_MAX_N_1D = 20  # 2^20 sign sums per sample at the worst (every point of one sign)


def single_neuron_rademacher_1d(X, W: float = 1.0) -> np.ndarray:
    """Exact R̂ of ``H_{1,W}`` (see :func:`single_neuron_rademacher`) for many d = 1 samples at
    once: ``X`` of shape (samples, n), n ≤ 20; returns one value per sample.

    With u ∈ {−1, +1}, ``max_u |Σσ_i relu(u x_i)| = max(|A|, |B|)`` for ``A = Σ_{x_i>0} σ_i x_i`` and
    ``B = Σ_{x_i<0} σ_i |x_i|``: sums over disjoint signs, hence independent, so
    ``E_σ max(|A|, |B|)`` needs 2^p + 2^q sums (p, q the counts of each sign), not 2ⁿ.

    >>> float(single_neuron_rademacher_1d([[1.0, -1.0]])[0])  # E max(|σ₁|, |σ₂|) / 2
    0.5
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must have shape (samples, n) with both ≥ 1, got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X must hold finite numbers")
    check_positive(W, "W", allow_zero=True)
    T, n = X.shape
    if n > SINGLE_NEURON_MAX_N_1D:
        raise ValueError(f"exact enumeration needs n ≤ {SINGLE_NEURON_MAX_N_1D} for d = 1, got {n}")
    scale = np.abs(X).max(axis=1, keepdims=True)
    scale = np.where(scale > 0, scale, 1.0)
    Y = X / scale  # R̂ is positively homogeneous in X
    positives = (Y > 0).sum(axis=1)
    negatives = (Y < 0).sum(axis=1)
    out = np.empty(T)
    for p, q in sorted(set(zip(positives.tolist(), negatives.tolist()))):
        rows = np.flatnonzero((positives == p) & (negatives == q))
        width = 2 ** max(p, q)
        for start in range(0, rows.size, max(1, 2 ** 22 // width)):  # bounded memory
            idx = rows[start:start + max(1, 2 ** 22 // width)]
            Yi = Y[idx]
            # each row's positive entries, then its negative ones negated (order within does not matter)
            pos = -np.sort(-np.where(Yi > 0, Yi, 0.0), axis=1)[:, :p]
            neg = -np.sort(-np.where(Yi < 0, -Yi, 0.0), axis=1)[:, :q]
            out[idx] = _expected_max(_sorted_abs_sign_sums(pos), _sorted_abs_sign_sums(neg))
    return W * out * scale[:, 0] / n


def single_neuron_rademacher(X, W: float = 1.0) -> float:
    """Exact R̂ (enumerating σ; n ≤ 20 for d = 1, n ≤ 14 for d = 2) of ``H_{1,W}`` for d ∈ {1, 2}.

    For one hidden ReLU layer, ``h(x) = v·relu(W₁x)`` with ‖v‖₂ = 1 and ‖W₁‖_F ≤ W, the sup
    of Σσ_i h(x_i) equals ``W · max_{‖u‖=1} |Σσ_i relu(u·x_i)|`` (Cauchy-Schwarz over the
    neurons; one neuron attains it), so ``R̂ = (W/n) E_σ max_u |Σ σ_i relu(u·x_i)|``.
    d = 1: u ∈ {-1, +1}. d = 2: the maximum over the circle is attained at an arc end (a
    direction orthogonal to some x_i) or at ±a/‖a‖ for the active set's a = Σ_{active} σ_i x_i.
    """
    X, s = _scaled_float_rows(X)
    check_positive(W, "W", allow_zero=True)
    n, d = X.shape
    if d not in (1, 2):
        raise ValueError(f"single_neuron_rademacher supports d ∈ {{1, 2}}, got X with d = {d}")
    if d == 1:
        return _finite(float(single_neuron_rademacher_1d(X.T, W)[0]) * s, "R̂")
    if n > 14:
        raise ValueError(f"exact enumeration needs n ≤ 14 for d = 2, got {n}")
    if s != 1.0:  # R̂ is positively homogeneous in X
        return _finite(single_neuron_rademacher(X, W) * s, "R̂")
    S = sign_vectors(n).astype(float)
    # candidate directions: boundaries ⟂ x_i, and the stationary directions ±a_S / ‖a_S‖
    ang = np.arctan2(X[:, 1], X[:, 0])
    cand = np.concatenate([ang + np.pi / 2, ang - np.pi / 2])
    eps = 1e-9
    cand = np.concatenate([cand - eps, cand + eps, cand])
    U = np.stack([np.cos(cand), np.sin(cand)], axis=1)  # (m, 2)
    act = np.maximum(U @ X.T, 0.0)  # (m, n)
    vals = np.abs(S @ act.T).max(axis=1)  # (2ⁿ,) boundary candidates
    # stationary candidates: for each σ and each arc (active set), a = Σ_active σ_i x_i
    mids = np.sort(np.mod(np.concatenate([ang + np.pi / 2, ang - np.pi / 2]), 2 * np.pi))
    mids = (mids + np.roll(mids, -1) + np.where(np.arange(len(mids)) == len(mids) - 1, 2 * np.pi, 0)) / 2
    Um = np.stack([np.cos(mids), np.sin(mids)], axis=1)
    active = (Um @ X.T > 0).astype(float)  # (arcs, n)
    best = vals
    for a_idx in range(active.shape[0]):
        A = (S * active[a_idx][None, :]) @ X  # (2ⁿ, 2): a_S per σ
        norm = np.linalg.norm(A, axis=1)
        # the stationary point ±a/‖a‖ counts only if it lies in this arc (same active set)
        for sgn in (1.0, -1.0):
            u = sgn * A / np.where(norm > 0, norm, 1.0)[:, None]
            same = np.all(((u @ X.T) > 0) == (active[a_idx][None, :] > 0), axis=1)
            best = np.where(same & (norm > 0), np.maximum(best, norm), best)
    return float(W * best.mean() / n)
