"""Empirical Rademacher complexities (Definition 3, eq. 4): exact, Monte Carlo with valid
confidence intervals, the paper's bounds (eq. 18 and 23), and mixed samples (eq. 19, 24).

R̂_B(H) = E_σ[ sup_{h∈H} (1/n) Σ_i σ_i h(x_i) ] with σ uniform on {−1, +1}^n.

Classes
-------
* :func:`empirical_rademacher` — a finite class given by its predictions, a (k × n) matrix
  (k hypotheses, n points); the supremum is the maximum over rows.
* :func:`linear_rademacher` — H = {x ↦ w·x : ‖w‖₂ ≤ Λ} on X (n × d); the supremum has the
  closed form (Λ/n)·‖Σ_i σ_i x_i‖₂ (eq. 18, first step).
* :func:`linear_rademacher_difference` — R̂(X) − R̂(Y) for two samples of the same size with
  common sign vectors and one joint interval (the reductions of Theorem 2 and Fig. 1).

Exact or Monte Carlo
--------------------
``draws=None`` enumerates all 2^n sign vectors (n ≤ :data:`MAX_EXACT_N`): the sign vector is
split into two halves, the 2^a and 2^b partial sums Σσ_i v_i of each half are formed by two
small products, and every pair is combined in memory-bounded chunks (for the linear class
σ and −σ give the same norm, so only σ_n = +1 is visited). ``draws=m`` averages m random sign
vectors: one (m × n)·(n × d) product plus row norms (or row maxima), chunked so that no
temporary exceeds about :data:`MEMORY_BUDGET` bytes whatever m. The m per-draw values are
kept (the empirical-Bernstein interval needs their variance), so m — and mixing draws ×
sign draws — is refused above :data:`MAX_DRAWS` (their 8 bytes each within MEMORY_BUDGET /
2), with a message naming the limit, before anything is drawn.

Magnitudes
----------
Inputs (and radii) far from 1 are divided by a power of two before any square is formed
(exact in binary floating point) and the results multiplied back, so any finite input
works whose result is itself a finite float; a result beyond the float range raises
``ValueError``. Half-precision inputs are computed in float32.

Confidence intervals (Monte Carlo)
----------------------------------
Each sign draw gives a bounded variable and the average is a function of m·n independent
signs with bounded differences, so (see :mod:`mixcheck.concentration`):

* linear class: one σ_i flip moves (Λ/n)‖Σσx‖ by at most 2Λ‖x_i‖/n, so the mean of m draws has
  Σc² = 4Λ²Σ‖x_i‖²/(n²m) (McDiarmid); each draw lies in [0, (Λ/n)Σ‖x_i‖] (Hoeffding /
  empirical Bernstein); the truth lies in [0, Jensen bound (18)].
* finite class: the estimator averages sup_h (1/n)Σσ_i(h_i − c_i) with c_i the midpoint of
  column i's range r_i — the same expectation, since E[σ·c] = 0, but less variance. One flip
  moves it by at most r_i/n, so Σc² = Σr_i²/(n²m); each draw lies in ±Σr_i/(2n); the truth
  lies in [0, min(Σr_i/(2n), Massart's max_h‖h−c‖·√(2 ln k)/n)].

``interval="auto"`` (default) intersects the bounded-differences interval and the
empirical-Bernstein interval, each at level 1 − δ/2 (valid at 1 − δ by the union bound);
``"bounded-differences"``, ``"hoeffding"`` and ``"empirical-bernstein"`` pick one.

Mixed samples
-------------
:func:`surrogate_sample` (the proofs' x̃_i = λx_i + (1−λ)x̄), :func:`mixup_sample` (real
mixup: a random permutation partner, fixed λ or λ ~ Beta(α, α), per batch or per sample), and
:func:`expected_mixed_linear_rademacher` / :func:`expected_mixed_rademacher`: the expectation
over the mixing randomness of R̂ of the mixed sample, with an interval that accounts for both
the mixing draws and the sign draws.

Backends and determinism
------------------------
Numpy arrays are computed with numpy, torch tensors with torch on their device. All
randomness comes from one ``numpy.random.Generator`` (``seed`` may be an int, a Generator or
None); sign vectors are drawn as raw bits of its bit generator and unpacked on the device, so
a given seed gives the same sign vectors for numpy and torch inputs, on any device and for
any chunk size. Results for a given seed are identical across runs.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Literal

import numpy as np

from . import concentration as conc
from .estimate import Estimate
from .exact import sign_vectors
from .mixup import as_generator, mix, mix_expected, mixup_batch, random_partners, sample_lambda
from .validation import (
    check_alpha,
    check_finite_array,
    check_lambda,
    check_positive,
    check_positive_int,
    check_probability,
    check_bool,
    check_choice,
    check_samples,
    check_seed,
    is_torch,
)

__all__ = [
    "MAX_EXACT_N",
    "MEMORY_BUDGET",
    "MAX_DRAWS",
    "empirical_rademacher",
    "linear_rademacher",
    "linear_rademacher_difference",
    "surrogate_sample",
    "mixup_sample",
    "expected_mixed_linear_rademacher",
    "expected_mixed_rademacher",
]

#: Largest n for exact enumeration of the 2^n sign vectors.
MAX_EXACT_N = 20
#: Approximate cap, in bytes, on the temporaries of one chunk.
MEMORY_BUDGET = 256 * 2**20
#: Largest number of Monte-Carlo draws (sign vectors, or mixing × sign draws) in one call.
MAX_DRAWS = MEMORY_BUDGET // 16

Interval = Literal["auto", "bounded-differences", "hoeffding", "empirical-bernstein"]
_INTERVALS = ("auto", "bounded-differences", "hoeffding", "empirical-bernstein")


# ---------------------------------------------------------------------------------------
# validation and backend helpers


def _float_array(x: Any, name: str) -> Any:
    """A validated finite 2-D non-empty array/tensor with a floating dtype.

    Torch tensors are checked for NaN/inf through one min/max reduction (NaN propagates),
    which is much cheaper than a full ``isfinite`` mask; messages follow
    :func:`mixcheck.validation.check_samples`.
    """
    if is_torch(x) and x.dtype in (__import__("torch").float16, __import__("torch").bfloat16):
        x = x.float()  # sums of squares overflow half precision at once
    elif isinstance(x, np.ndarray) and x.dtype == np.float16:
        x = x.astype(np.float32)
    elif isinstance(x, np.ndarray) and np.issubdtype(x.dtype, np.floating) and x.dtype.itemsize > 8:
        with np.errstate(over="ignore"):
            x64 = x.astype(np.float64)  # the engine computes in at most float64
        if np.all(np.isfinite(x)) and not np.all(np.isfinite(x64)):
            raise ValueError(f"{name} must lie within the float64 range (about ±1.8e308)")
        x = x64
    if is_torch(x) and x.is_floating_point():
        if x.ndim != 2:
            raise ValueError(f"{name} must be 2-D (n samples × d features), got shape {tuple(x.shape)}")
        if x.numel() == 0:
            raise ValueError(f"{name} must not be empty, got shape {tuple(x.shape)}")
        lo, hi = x.aminmax()
        if not (math.isfinite(float(lo)) and math.isfinite(float(hi))):
            raise ValueError(f"{name} must be finite (no NaN or inf)")
        return x
    x = check_samples(x, name)
    if is_torch(x):
        return x if x.is_floating_point() else x.double()
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def _check_draws(draws: Any, name: str = "draws") -> int | None:
    if draws is None:
        return None
    draws = check_positive_int(draws, name, minimum=1)
    if draws > MAX_DRAWS:
        raise ValueError(f"{name} = {draws:,} is more than the limit MAX_DRAWS = {MAX_DRAWS:,} Monte-Carlo draws "
                         f"(the per-draw values are kept, 8 bytes each, within MEMORY_BUDGET / 2)")
    return draws


def _check_exact_n(n: int, draws_name: str = "draws") -> None:
    if n > MAX_EXACT_N:
        raise ValueError(f"exact enumeration of the 2^n sign vectors is limited to n ≤ {MAX_EXACT_N}, "
                         f"got n = {n}; pass {draws_name}=<number of Monte-Carlo sign vectors>")


def _check_interval(interval: str) -> str:
    return check_choice(interval, "interval", _INTERVALS)


def _check_estimation(level: Any, interval: str, seed: Any) -> float:
    """The options every estimator takes: ``level`` (returned as a float), ``interval``, ``seed``."""
    level = check_probability(level, "level")
    _check_interval(interval)
    check_seed(seed)
    return level


def _abs_max(x: Any) -> float:
    if is_torch(x):
        lo, hi = x.aminmax()
        return max(float(hi), -float(lo))
    return max(float(x.max()), -float(x.min()))


#: float64 inputs whose largest magnitude lies in [2^-SAFE_EXP, 2^SAFE_EXP] are used as they
#: are (float32: 2^±37, the same share of its exponent range); others are first divided by a
#: power of two (exact), so sums of squares cannot overflow or underflow.
_SAFE_EXP = 300


def _pow2_scale(x: Any) -> float:
    """1.0 for inputs of moderate magnitude, else a power of two s, representable in x's
    dtype, with max|x|/s in [0.5, 2)."""
    m = _abs_max(x)
    if is_torch(x):
        import torch

        fmax = float(torch.finfo(x.dtype).max) if x.is_floating_point() else 2.0**1023
    else:
        fmax = float(np.finfo(x.dtype).max) if np.issubdtype(x.dtype, np.floating) else 2.0**1023
    maxexp = math.frexp(fmax)[1]  # 1024 for float64, 128 for float32
    safe = _SAFE_EXP * maxexp // 1024
    if m == 0.0 or 2.0**-safe <= m <= 2.0**safe:
        return 1.0
    return math.ldexp(1.0, min(math.frexp(m)[1], maxexp - 1))


def _split_radius(radius: float) -> tuple[float, float]:
    """(radius / 2^k, 2^k): k = 0 for a moderate radius, else radius / 2^k in [0.5, 1)."""
    if 2.0**-_SAFE_EXP <= radius <= 2.0**_SAFE_EXP:
        return radius, 1.0
    k = min(math.frexp(radius)[1], 1023)   # 2^1024 is not a float
    return math.ldexp(radius, -k), math.ldexp(1.0, k)


def _finite_result(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{what} exceeds the float64 range (about 1.8e308); the inputs are too large")
    return value


def _rescaled(est: Estimate, factor: float, factor2: float = 1.0) -> Estimate:
    """est with value, stderr and interval multiplied by ``factor`` and then ``factor2``
    (powers of two; in turn, so that their product need not be a float)."""
    if factor == 1.0 and factor2 == 1.0:
        return est
    v = [_finite_result(x * factor * factor2, "the Rademacher complexity (or its interval)")
         for x in (est.value, est.stderr, est.low, est.high)]
    return Estimate(*v, est.level, est.draws, est.method, est.interval)


def _div(x: Any, s: float) -> Any:
    return x if s == 1.0 else x / s


def _row_norms(x: Any) -> Any:
    if is_torch(x):
        import torch

        return torch.linalg.vector_norm(x, dim=1)
    return np.sqrt(np.einsum("ij,ij->i", x, x))


def _norm_bounds(x: Any) -> np.ndarray:
    """Upper bounds on the row norms ‖x_i‖ as float64 numpy: computed in x's own dtype (no
    float64 copy of a large float32 input) and pushed up by the worst-case rounding of a sum
    of d squares and a square root, (d + 2)·ε of that dtype."""
    if is_torch(x):
        import torch

        eps = torch.finfo(x.dtype).eps
    else:
        eps = float(np.finfo(x.dtype).eps)
    return _to_numpy64(_row_norms(x)) * (1.0 + (x.shape[1] + 2) * eps)


def _to_numpy64(x: Any) -> np.ndarray:
    if is_torch(x):
        return x.detach().to("cpu", dtype=__import__("torch").float64).numpy()
    return np.asarray(x, dtype=np.float64)


def _like(a: np.ndarray, ref: Any, dtype: Any = None) -> Any:
    """A numpy array moved to ref's backend (torch device, ref's or the given dtype)."""
    if is_torch(ref):
        import torch

        a = a if a.flags.writeable else a.copy()  # torch warns on read-only (broadcast) views
        return torch.as_tensor(a).to(device=ref.device, dtype=dtype or ref.dtype)
    return a.astype(dtype or ref.dtype, copy=False)


def _as64(x: Any) -> Any:
    if is_torch(x):
        import torch

        return x.to(torch.float64)
    return x.astype(np.float64, copy=False)


# ---------------------------------------------------------------------------------------
# sign vectors


def _sign_bytes(gen: np.random.Generator, rows: int, n: int) -> np.ndarray:
    """``rows`` sign vectors of length n as packed bits (rows × 8·⌈n/64⌉ uint8), taken from the
    bit generator's raw 64-bit stream, so the bits do not depend on how rows are chunked."""
    words = (n + 63) // 64
    raw = gen.bit_generator.random_raw(rows * words)
    return np.ascontiguousarray(raw.astype("<u8", copy=False)).view(np.uint8).reshape(rows, 8 * words)


def _unpack_signs(packed: np.ndarray, n: int, like: Any) -> Any:
    """±1 matrix (rows × n) in like's backend and dtype from packed bits (numpy bit order)."""
    if is_torch(like) and like.device.type == "cpu":
        import torch

        np_dtype = {torch.float32: np.float32, torch.float64: np.float64}.get(like.dtype)
        if np_dtype is not None:  # numpy's unpacking and in-place arithmetic, shared memory
            return torch.from_numpy(_unpack_signs(packed, n, np.empty(0, dtype=np_dtype)))
        return torch.from_numpy(np.unpackbits(packed, axis=1, count=n)).to(like.dtype) * 2 - 1
    if is_torch(like):
        import torch

        b = torch.from_numpy(packed).to(like.device, non_blocking=True)
        shifts = torch.arange(7, -1, -1, device=like.device, dtype=torch.uint8)
        bits = ((b.unsqueeze(-1) >> shifts) & 1).reshape(b.shape[0], -1)[:, :n]
        return bits.to(like.dtype) * 2 - 1
    bits = np.unpackbits(packed, axis=1, count=n)
    s = bits.astype(like.dtype)
    s *= 2
    s -= 1
    return s


def _sign_table(k: int, like: Any) -> Any:
    """All 2^k sign vectors of length k as a (2^k × k) ±1 float64 matrix (row j: bit i of j),
    from :func:`mixcheck.exact.sign_vectors`."""
    return _like(sign_vectors(k).astype(np.float64), like, dtype=_f64(like))


def _f64(like: Any) -> Any:
    if is_torch(like):
        import torch

        return torch.float64
    return np.float64


def _subset_sums(v: Any) -> Any:
    """(2^k × c) matrix of Σ_i σ_i v_i over all σ ∈ {±1}^k for the rows of v (k × c)."""
    k, c = v.shape
    if k == 0:
        return v.new_zeros((1, c)) if is_torch(v) else np.zeros((1, c))
    return _sign_table(k, v) @ v


def _side_stream(gen: np.random.Generator) -> np.random.Generator:
    """A second stream determined by gen's state that leaves gen untouched when the bit
    generator can jump (PCG64, MT19937, Philox); otherwise seeded by one draw from gen."""
    bg = gen.bit_generator
    if hasattr(bg, "jumped"):
        return np.random.Generator(bg.jumped())
    return np.random.default_rng(int(gen.integers(0, 2**63)))


def _chunk_rows(per_row_bytes: int, total: int) -> int:
    return int(max(1, min(total, MEMORY_BUDGET // max(1, per_row_bytes))))


# ---------------------------------------------------------------------------------------
# exact enumeration


def _block(width: int, a_rows: int, b_rows: int) -> int:
    """Columns per block so that the partial-sum tables (2^a + 2^b rows) and one pair-chunk of
    2^a rows stay within the memory budget (at least one column)."""
    return int(max(1, min(width, MEMORY_BUDGET // (8 * 2 * (a_rows + b_rows + 2 * a_rows)))))


def _exact_linear_total(X: Any) -> float:
    """Σ over the 2^(n−1) sign vectors with σ_n = +1 of ‖Σ σ_i x_i‖ (X float64, n ≥ 1).

    σ = (low half, high half, +1): ‖Σσx‖² = Σ over coordinate blocks of ‖low + high‖², so the
    (2^b × 2^a) table of squared norms is accumulated block by block of features and chunk by
    chunk of high-half rows, never holding more than about MEMORY_BUDGET bytes at once.
    """
    n, d = X.shape
    free = n - 1
    a = free // 2
    la, lb = 2**a, 2 ** (free - a)
    torch_ = is_torch(X)
    if torch_:
        from torch import einsum as torch_einsum
    sq = X.new_zeros((lb, la)) if torch_ else np.zeros((lb, la))
    db = _block(d, la, lb)
    for c0 in range(0, d, db):
        Xb = X[:, c0:c0 + db]
        low = _subset_sums(Xb[:a])                      # (2^a × db)
        high = _subset_sums(Xb[a:free]) + Xb[free]      # (2^b × db), σ_n = +1 folded in
        rows = _chunk_rows(la * Xb.shape[1] * 8 * 2, lb)
        for j in range(0, lb, rows):
            t = high[j:j + rows, None, :] + low[None, :, :]
            sq[j:j + rows] += (torch_einsum if torch_ else np.einsum)("ijk,ijk->ij", t, t)
            del t
    return float(sq.sqrt().sum()) if torch_ else float(np.sqrt(sq).sum())


def _exact_finite_total(P: Any) -> float:
    """Σ over all 2^n sign vectors of max_h Σ_i σ_i h_i for P (k × n), float64.

    The (2^b × 2^a) table of maxima is updated block by block of hypotheses and chunk by chunk
    of high-half rows, within about MEMORY_BUDGET bytes.
    """
    k, n = P.shape
    a = n // 2
    la, lb = 2**a, 2 ** (n - a)
    torch_ = is_torch(P)
    best = None
    kb = _block(k, la, lb)
    for h0 in range(0, k, kb):
        V = P[h0:h0 + kb].T
        low = _subset_sums(V[:a])                       # (2^a × kb)
        high = _subset_sums(V[a:])                      # (2^b × kb)
        if best is None:
            best = P.new_full((lb, la), -math.inf) if torch_ else np.full((lb, la), -np.inf)
        rows = _chunk_rows(la * V.shape[1] * 8 * 2, lb)
        for j in range(0, lb, rows):
            t = high[j:j + rows, None, :] + low[None, :, :]
            if torch_:
                import torch

                best[j:j + rows] = torch.maximum(best[j:j + rows], t.amax(dim=2))
            else:
                np.maximum(best[j:j + rows], t.max(axis=2), out=best[j:j + rows])
            del t
    return float(best.sum())


def _exact_finite_value(P: Any) -> float:
    """Exact R̂ of the finite class with predictions P (k × n), any backend.

    R(H) = R(H − c) for any fixed vector c (E σ·c = 0): each column is centred on the midpoint
    of its range, which shrinks rounding (a single hypothesis gives exactly 0) and, in the
    Monte-Carlo path, the variance. R̂ ≥ 0 always (sup ≥ the value at any fixed h, whose mean
    is 0), so the result is clamped there.
    """
    k, n = P.shape
    s = _pow2_scale(P)
    P64 = _div(_as64(P), s)
    if is_torch(P64):
        center = (P64.amax(dim=0) + P64.amin(dim=0)) / 2
    else:
        center = (P64.max(axis=0) + P64.min(axis=0)) / 2
    total = _exact_finite_total(P64 - center)
    return max(0.0, s * (total / (n * 2.0**n)))


def _exact_estimate(value: float, n: int) -> Estimate:
    return Estimate(value, 0.0, value, value, 1.0, 2**n, "exact", "exact")


# ---------------------------------------------------------------------------------------
# Monte Carlo


def _mc_linear_values(X: Any, draws: int, gen: np.random.Generator) -> np.ndarray:
    """‖S_j X‖ for ``draws`` random sign rows S_j, chunked; float64 numpy vector."""
    n, d = X.shape
    isz = X.element_size() if is_torch(X) else X.itemsize
    per_row = n * (3 + isz) + 3 * d * isz + 16  # packed bits (twice), unpacked bits, signs, product
    rows = _chunk_rows(per_row, draws)
    out = []
    for j in range(0, draws, rows):
        r = min(rows, draws - j)
        S = _unpack_signs(_sign_bytes(gen, r, n), n, X)
        out.append(_row_norms(S @ X))
        del S  # free this chunk's signs before the next chunk allocates its own
    if is_torch(X):
        import torch

        return torch.cat(out).to("cpu", torch.float64).numpy()
    return np.concatenate(out).astype(np.float64, copy=False)


def _mc_finite_values(Pc: Any, draws: int, gen: np.random.Generator) -> np.ndarray:
    """max_h S_j·h for ``draws`` random sign rows S_j (Pc is k × n), float64 numpy vector."""
    k, n = Pc.shape
    isz = Pc.element_size() if is_torch(Pc) else Pc.itemsize
    per_row = n * (3 + isz) + 3 * k * isz + 16
    rows = _chunk_rows(per_row, draws)
    Pt = Pc.T
    out = []
    for j in range(0, draws, rows):
        r = min(rows, draws - j)
        S = _unpack_signs(_sign_bytes(gen, r, n), n, Pc)
        prod = S @ Pt
        del S
        out.append(prod.amax(dim=1) if is_torch(prod) else prod.max(axis=1))
        del prod
    if is_torch(Pc):
        import torch

        return torch.cat(out).to("cpu", torch.float64).numpy()
    return np.concatenate(out).astype(np.float64, copy=False)


def _inflate(x: float) -> float:
    """x pushed outward by a relative 1e-9 (rounding slack on a mathematically valid bound)."""
    return x + 1e-9 * abs(x) + 1e-300 if x >= 0 else x - 1e-9 * abs(x) - 1e-300


def _mc_estimate(values: np.ndarray, lower: float, upper: float, sum_sq_c: float, level: float,
                 interval: str, truth_range: tuple[float, float]) -> Estimate:
    """The interval for the mean of per-draw values in [lower, upper], whose mean has bounded
    differences with Σc² = sum_sq_c; clipped to the range known to hold the truth."""
    lower, upper = -_inflate(-lower), _inflate(upper)
    values = np.clip(values, lower, upper)
    m = values.size
    if interval == "empirical-bernstein" and m < 2:
        raise ValueError(f"interval='empirical-bernstein' needs draws ≥ 2, got draws = {m}")
    if interval == "bounded-differences" or (interval == "auto" and m < 2):
        est = conc.bounded_differences_interval(values, sum_sq_c, level=level)
    elif interval in ("hoeffding", "empirical-bernstein"):
        est = conc.mean_interval(values, lower, upper, level=level, method=interval)
    else:
        half = 1.0 - (1.0 - level) / 2.0
        est = conc.intersect(conc.bounded_differences_interval(values, sum_sq_c, level=half),
                             conc.empirical_bernstein_interval(values, lower, upper, level=half))
    return conc.clip(est, -_inflate(-truth_range[0]), _inflate(truth_range[1]))


# ---------------------------------------------------------------------------------------
# public: the two classes


def empirical_rademacher(predictions: Any, *, draws: int | None = None, seed: Any = None,
                         level: float = 0.99, interval: Interval = "auto") -> Estimate:
    """R̂ of a finite class given as a (hypotheses × n) matrix of real predictions.

    Exact (all 2^n sign vectors, n ≤ :data:`MAX_EXACT_N`) when ``draws`` is None, else a
    Monte-Carlo estimate from ``draws`` sign vectors with a valid interval at ``level``
    (see the module docstring). Numpy arrays or torch tensors (computed on their device).
    """
    P = _float_array(predictions, "predictions")
    draws = _check_draws(draws)
    level = _check_estimation(level, interval, seed)
    k, n = P.shape
    if draws is None:
        _check_exact_n(n)
        return _exact_estimate(_exact_finite_value(P), n)
    s = _pow2_scale(P)
    P64 = _div(_to_numpy64(P), s)   # everything below in units of s, scaled back at the end
    hi, lo = P64.max(axis=0), P64.min(axis=0)
    r = hi - lo
    center = (hi + lo) / 2  # centring: see _exact_finite_value
    gen = as_generator(seed)
    Pc = _div(P, s) - _like(center, P)
    values = _mc_finite_values(Pc, draws, gen) * (1.0 / n)
    half_range = float(r.sum()) / (2 * n)
    centred = P64 - center
    massart = float(np.sqrt(np.einsum("ij,ij->i", centred, centred)).max()) * math.sqrt(2 * math.log(k)) / n
    sum_sq_c = float(np.sum(r * r)) / (n * n * draws)
    return _rescaled(_mc_estimate(values, -half_range, half_range, sum_sq_c, level, interval,
                                  (0.0, min(half_range, massart))), s)


def linear_rademacher(X: Any, radius: float = 1.0, *, draws: int | None = None, seed: Any = None,
                      level: float = 0.99, interval: Interval = "auto") -> Estimate:
    """R̂ of {x ↦ w·x : ‖w‖₂ ≤ radius} on X (n × d): E_σ (radius/n)·‖Σ σ_i x_i‖₂.

    Exact (2^(n−1) sign vectors by σ → −σ symmetry; n ≤ :data:`MAX_EXACT_N`) when ``draws``
    is None, else Monte Carlo with ``draws`` sign vectors and a valid interval at ``level``.
    """
    X = _float_array(X, "X")
    radius = check_positive(radius, "radius")
    draws = _check_draws(draws)
    level = _check_estimation(level, interval, seed)
    n, _ = X.shape
    s = _pow2_scale(X)
    if draws is None:
        _check_exact_n(n)
        total = _exact_linear_total(_div(_as64(X), s))
        value = _finite_result(radius * s * (total / (n * 2.0 ** (n - 1))), "the Rademacher complexity")
        return _exact_estimate(value, n)
    gen = as_generator(seed)
    r_eff, rf = _split_radius(radius)   # below in units of s·rf, scaled back at the end
    values = _mc_linear_values(_div(X, s), draws, gen) * (r_eff / n)
    norms = _norm_bounds(_div(X, s))
    sq = float(np.sum(norms * norms))
    sum_sq_c = 4 * r_eff**2 * sq / (n * n * draws)
    return _rescaled(_mc_estimate(values, 0.0, r_eff * float(norms.sum()) / n, sum_sq_c, level, interval,
                                  (0.0, r_eff * math.sqrt(sq) / n)), s, rf)


def linear_rademacher_difference(X: Any, Y: Any, radius: float = 1.0, *, draws: int | None = None,
                                 seed: Any = None, level: float = 0.99,
                                 interval: Interval = "auto") -> Estimate:
    """R̂(X) − R̂(Y) for the radius-Λ linear class on two samples of the same size n (e.g. a
    sample and its mixed version: the reduction of Theorem 2), with one interval.

    Exact (zero width) when ``draws`` is None. Monte Carlo uses the same sign vectors for both
    samples (common random numbers): each draw D = (Λ/n)(‖Σσx‖ − ‖Σσy‖) lies in
    [−(Λ/n)Σ‖y_i‖, (Λ/n)Σ‖x_i‖] and, by the reverse triangle inequality, |D| ≤
    (Λ/n)‖Σσ(x−y)‖ ≤ (Λ/n)Σ‖x_i − y_i‖; one σ_i flip moves D by at most 2Λ(‖x_i‖ + ‖y_i‖)/n;
    the truth lies in [−Jensen(Y), Jensen(X)] and |truth| ≤ Jensen(X − Y). ``interval`` as in
    :func:`linear_rademacher`. Much tighter than two separate intervals when X and Y are close.
    """
    X = _float_array(X, "X")
    Y = _float_array(Y, "Y")
    if X.shape[0] != Y.shape[0]:
        raise ValueError(f"X and Y must have the same number of samples n, got {X.shape[0]} and {Y.shape[0]}")
    if is_torch(X) != is_torch(Y):
        raise TypeError("X and Y must both be numpy arrays or both be torch tensors")
    radius = check_positive(radius, "radius")
    draws = _check_draws(draws)
    level = _check_estimation(level, interval, seed)
    if draws is None:
        v = (linear_rademacher(X, radius).value - linear_rademacher(Y, radius).value)
        return Estimate(v, 0.0, v, v, 1.0, 2 ** X.shape[0], "exact", "exact")
    s = _pow2_scale(X if _abs_max(X) >= _abs_max(Y) else Y)   # one scale for both samples
    r_eff, rf = _split_radius(radius)
    if s == 1.0 and rf == 1.0:
        return _difference_mc(X, Y, radius, draws, seed, level, interval)
    return _rescaled(_difference_mc(_div(X, s), _div(Y, s), r_eff, draws, seed, level, interval), s, rf)


def _difference_mc(X: Any, Y: Any, radius: float, draws: int, seed: Any, level: float, interval: str) -> Estimate:
    """The Monte-Carlo body of :func:`linear_rademacher_difference` (inputs of moderate size)."""
    n = X.shape[0]
    Xs, Ys = X, Y
    gen = as_generator(seed)
    isz = max(Xs.element_size() if is_torch(Xs) else Xs.itemsize, Ys.element_size() if is_torch(Ys) else Ys.itemsize)
    rows = _chunk_rows(n * (3 + isz) + 3 * (X.shape[1] + Y.shape[1]) * isz + 16, draws)
    out = []
    for j in range(0, draws, rows):
        r = min(rows, draws - j)
        packed = _sign_bytes(gen, r, n)
        S = _unpack_signs(packed, n, Xs)
        a = _to_numpy64(_row_norms(S @ Xs))
        if S.dtype != Ys.dtype or (is_torch(Ys) and S.device != Ys.device):
            S = _unpack_signs(packed, n, Ys)
        b = _to_numpy64(_row_norms(S @ Ys))
        out.append(a - b)
        del S
    values = np.concatenate(out) * (radius / n)
    nx = _norm_bounds(Xs)
    ny = _norm_bounds(Ys)
    nd = _norm_bounds(_as64(X) - _as64(Y))   # ≥ ‖x_i − y_i‖
    sum_sq_c = 4 * radius**2 * float(np.sum((nx + ny) ** 2)) / (n * n * draws)
    jx = radius * math.sqrt(float(np.sum(nx * nx))) / n
    jy = radius * math.sqrt(float(np.sum(ny * ny))) / n
    jd = radius * math.sqrt(float(np.sum(nd * nd))) / n
    dmax = radius * float(nd.sum()) / n
    return _mc_estimate(values, max(-radius * float(ny.sum()) / n, -dmax), min(radius * float(nx.sum()) / n, dmax),
                        sum_sq_c, level, interval, (max(-jy, -jd), min(jx, jd)))


# ---------------------------------------------------------------------------------------
# public: mixed samples


def surrogate_sample(X: Any, lam: Any) -> Any:
    """The proofs' surrogate sample x̃_i = λ·x_i + (1−λ)·x̄ (eq. 19 and 24, E_{x_j} read as the
    sample mean); λ a scalar in [0, 1] or one per sample."""
    X = _float_array(X, "X")
    return mix_expected(X, check_lambda(lam), validate=True)


def _check_lam_or_alpha(lam: Any, alpha: Any) -> None:
    if (lam is None) == (alpha is None):
        raise ValueError("give exactly one of lam (a fixed λ) and alpha (λ ~ Beta(α, α))")


def mixup_sample(X: Any, lam: Any = None, alpha: float | None = None, per_sample: bool = False,
                 seed: Any = None) -> Any:
    """A real mixup sample (eq. 1): x̃_i = λ_i·x_i + (1−λ_i)·x_{π(i)} with π a uniformly random
    permutation; λ fixed (``lam``: a scalar or one per sample) or λ ~ Beta(α, α) (``alpha``),
    one per batch or, with ``per_sample``, one per sample. Same draws as
    :func:`mixcheck.mixup.mixup_batch` for a given seed."""
    X = _float_array(X, "X")
    _check_lam_or_alpha(lam, alpha)
    check_bool(per_sample, "per_sample")
    check_seed(seed)
    if alpha is not None:
        return mixup_batch(X, alpha=alpha, per_sample=per_sample, pairing="permutation", rng=seed).x
    gen = as_generator(seed)
    return mix(X, check_lambda(lam), random_partners(len(X), rng=gen))


def _mixing_spec(X: Any, lam: Any, alpha: Any, pairing: str, per_sample: bool) -> tuple[Any, float | None, bool]:
    _check_lam_or_alpha(lam, alpha)
    check_choice(pairing, "pairing", ("permutation", "expected"))
    check_bool(per_sample, "per_sample")
    n = X.shape[0]
    if lam is not None:
        lam = check_lambda(lam)
        lam_np = _to_numpy64(lam) if is_torch(lam) else np.asarray(lam, dtype=np.float64)
        if lam_np.ndim == 1 and lam_np.shape[0] != n:
            raise ValueError(f"lam must be a scalar or have one entry per sample (length {n}), got length {len(lam_np)}")
        lam_vec = np.broadcast_to(lam_np, (n,)).astype(np.float64)
        vector = lam_np.ndim == 1 and not np.all(lam_np == lam_np[0])
        return lam_vec, None, vector
    a = check_alpha(alpha)
    return None, a, bool(per_sample) and a > 0


def _draw_mixing(gen: np.random.Generator, n: int, lam_vec: Any, alpha: float | None, per_sample: bool,
                 pairing: str) -> tuple[np.ndarray, np.ndarray | None]:
    """One mixing draw: (λ per sample, partner permutation or None), λ drawn before π as in
    :func:`mixcheck.mixup.mixup_batch`."""
    if lam_vec is None:
        lam = sample_lambda(alpha, n if per_sample else None, rng=gen)
        lam_vec = np.broadcast_to(np.asarray(lam, dtype=np.float64), (n,))
    perm = random_partners(n, rng=gen) if pairing == "permutation" else None
    return lam_vec, perm


def _mixed(X: Any, lam_vec: np.ndarray, perm: np.ndarray | None) -> Any:
    lam = _like(np.ascontiguousarray(lam_vec), X) if is_torch(X) else lam_vec
    if perm is None:
        return mix_expected(X, lam, validate=False)
    return mix(X, lam, perm, validate=False)


def _mixed_norm_bounds(norms: np.ndarray, mean_norm: float, per_sample_lam: bool, pairing: str
                       ) -> tuple[float, float]:
    """Deterministic bounds, over every possible mixing draw, on Σ_i ‖x̃_i‖ and Σ_i ‖x̃_i‖².

    Per-batch λ: convexity gives Σ‖x̃_i‖ ≤ Σ‖x_i‖ and Σ‖x̃_i‖² ≤ Σ‖x_i‖² (the partner is a
    permutation, or x̄ with ‖x̄‖ ≤ mean‖x_i‖ and n‖x̄‖² ≤ Σ‖x_i‖²). Per-sample λ: each ‖x̃_i‖ is
    at most max(‖x_i‖, ‖partner‖), so the sums are at most twice those, and at most n·max.
    """
    s1, s2 = float(norms.sum()), float(np.sum(norms * norms))
    if not per_sample_lam:
        return s1, s2
    n, mx = norms.size, float(max(norms.max(), mean_norm))
    return min(2 * s1, n * mx), min(2 * s2, n * mx * mx)


def _outer_inner_estimate(values: np.ndarray, *, group: int, outer_range: float,
                          joint_range: tuple[float, float], sum_sq_c: float, level: float, interval: str,
                          truth_range: tuple[float, float]) -> Estimate:
    """Interval for E_mix E_σ[Z] from K·``group`` joint draws (t-major: mixing draw t, then its
    ``group`` sign draws), each Z in ``joint_range``.

    Decomposition ("bounded-differences+hoeffding"): mean Z − E = (mean Z − mean_t R̂(X̃_t)) +
    (mean_t R̂(X̃_t) − E). Given the mixing draws, the first term is a function of independent
    signs with Σc² = ``sum_sq_c`` (McDiarmid; valid conditionally, hence unconditionally); the
    second is a mean of K i.i.d. variables in [0, ``outer_range``] (Hoeffding); δ/2 each.
    Hoeffding / empirical Bernstein apply to the K per-mixing-draw means of Z, which are
    i.i.d. in ``joint_range`` (the draws that share a mixing draw are not independent).
    ``"auto"`` intersects the decomposition with empirical Bernstein, each at 1 − δ/2.
    """
    lower, upper = -_inflate(-joint_range[0]), _inflate(joint_range[1])
    values = np.clip(values, lower, upper)
    K = values.size // group
    means = np.clip(values.reshape(K, group).mean(axis=1), lower, upper)
    truth_lo, truth_hi = -_inflate(-truth_range[0]), _inflate(truth_range[1])
    if interval in ("hoeffding", "empirical-bernstein"):
        est = conc.mean_interval(means, lower, upper, level=level, method=interval)
        est = Estimate(est.value, est.stderr, est.low, est.high, est.level, values.size, est.method, est.interval)
        return conc.clip(est, truth_lo, truth_hi)
    use_eb = interval == "auto" and K >= 2
    lvl = 1.0 - (1.0 - level) / 2.0 if use_eb else level
    delta = 1.0 - lvl
    mean = float(np.clip(values.mean(), lower, upper))
    se = float(means.std(ddof=1)) / math.sqrt(K) if K > 1 else 0.0
    h = (conc.bounded_differences_half_width(sum_sq_c, delta / 2)
         + conc.hoeffding_half_width(K, outer_range, delta / 2))
    est = Estimate(mean, se, mean - h, mean + h, lvl, values.size, "monte-carlo", "bounded-differences+hoeffding")
    if use_eb:
        eb = conc.empirical_bernstein_interval(means, lower, upper, level=lvl)
        est = conc.intersect(est, Estimate(mean, se, min(eb.low, mean), max(eb.high, mean), eb.level,
                                           values.size, eb.method, eb.interval))
    return conc.clip(est, truth_lo, truth_hi)


def expected_mixed_linear_rademacher(X: Any, radius: float = 1.0, *, lam: Any = None,
                                     alpha: float | None = None,
                                     pairing: Literal["permutation", "expected"] = "permutation",
                                     per_sample: bool = False, mixing_draws: int = 1000,
                                     sign_draws: int | None = None, seed: Any = None,
                                     level: float = 0.99, interval: Interval = "auto") -> Estimate:
    """E over the mixing randomness of R̂ of the radius-Λ linear class on the mixed sample.

    The mixed sample is x̃_i = λ_i x_i + (1−λ_i) x_{π(i)} (``pairing="permutation"``, real
    mixup) or λ_i x_i + (1−λ_i) x̄ (``"expected"``, the proofs' surrogate), with λ fixed
    (``lam``) or λ ~ Beta(α, α) (``alpha``; one per batch, or per sample with ``per_sample``).

    ``sign_draws=None``: R̂ of each of ``mixing_draws`` mixed samples is computed exactly
    (n ≤ :data:`MAX_EXACT_N`) and the interval is Hoeffding ∩ empirical Bernstein over the
    mixing draws, on [0, Jensen bound of the mixed sample] ⊂ [0, a bound valid for every draw].
    ``sign_draws=s``: each mixing draw is paired with s random sign vectors; the interval
    adds a conditional bounded-differences term (signs) to a Hoeffding term (mixing) — see
    :func:`_outer_inner_estimate`. With a fixed λ and ``pairing="expected"`` there is no
    mixing randomness: the result is :func:`linear_rademacher` of :func:`surrogate_sample`.
    """
    X = _float_array(X, "X")
    radius = check_positive(radius, "radius")
    K, s_draws = _check_mixing_draws(mixing_draws, sign_draws)
    level = _check_estimation(level, interval, seed)
    lam_vec, alpha_v, per_sample_lam = _mixing_spec(X, lam, alpha, pairing, per_sample)
    n = X.shape[0]
    random_mixing = pairing == "permutation" or (alpha_v is not None and alpha_v > 0)
    if s_draws is None:
        _check_exact_n(n, "sign_draws")
    if not random_mixing:
        return linear_rademacher(_mixed(X, lam_vec, None), radius, draws=s_draws, seed=seed, level=level,
                                 interval=interval)
    gen = as_generator(seed)
    scale = _pow2_scale(X)
    r_eff, rf = _split_radius(radius)   # below in units of scale·rf, scaled back at the end
    Xs = _div(X, scale)
    norms = _norm_bounds(Xs)
    mean_norm = float(np.linalg.norm(_to_numpy64(Xs).mean(axis=0)))
    s1, s2 = _mixed_norm_bounds(norms, mean_norm, per_sample_lam, pairing)
    jensen_max = r_eff * math.sqrt(s2) / n
    mixing = (_draw_mixing(gen, n, lam_vec, alpha_v, per_sample, pairing) for _ in range(K))
    if s_draws is None:
        X64 = _as64(Xs)
        vals = np.array([r_eff * _exact_linear_total(_mixed(X64, lv, pm)) / (n * 2.0 ** (n - 1))
                         for lv, pm in mixing])
        method = interval if interval in ("hoeffding", "empirical-bernstein") else "auto"
        est = conc.mean_interval(np.clip(vals, 0.0, _inflate(jensen_max)), 0.0, _inflate(jensen_max),
                                 level=level, method=method)
        return _rescaled(conc.clip(est, 0.0, _inflate(jensen_max)), scale, rf)
    # Joint draws, t-major: row (t, r) pairs mixing draw t with sign vector r, and
    # Σ_i σ_i x̃_i = Σ_j w_j x_j with w = σ∘λ + (σ∘(1−λ)) scattered to the partners π(i) (or
    # spread evenly, for the mean partner). Mixing draws come lazily from ``gen``, signs from a
    # side stream, so the results do not depend on the chunk size.
    sign_gen = _side_stream(gen)
    rows_total = K * s_draws
    isz = Xs.element_size() if is_torch(Xs) else Xs.itemsize
    chunk = _chunk_rows(n * (6 * 8 + 3) + 3 * X.shape[1] * isz + 16, rows_total)
    vals, sum_sq_c = [], 0.0
    cache, cache_t0 = [], 0          # mixing draws t = cache_t0, cache_t0 + 1, ...
    for j in range(0, rows_total, chunk):
        r = min(chunk, rows_total - j)
        t_idx = np.arange(j, j + r) // s_draws
        cache, cache_t0 = cache[t_idx[0] - cache_t0:], int(t_idx[0])
        while cache_t0 + len(cache) <= t_idx[-1]:
            cache.append(next(mixing))
        local = t_idx - cache_t0
        lr = np.stack([lv for lv, _ in cache])[local]                               # (r × n)
        sig = _unpack_signs(_sign_bytes(sign_gen, r, n), n, lr)                     # float64 ±1
        W = sig * lr
        if pairing == "expected":
            W += (sig * (1 - lr)).mean(axis=1, keepdims=True)
            ub = lr * norms + (1 - lr) * mean_norm
        else:
            pr = np.stack([pm for _, pm in cache])[local]
            np.put_along_axis(W, pr, np.take_along_axis(W, pr, axis=1) + sig * (1 - lr), axis=1)
            ub = lr * norms + (1 - lr) * norms[pr]                                  # ≥ ‖x̃_i‖
        sum_sq_c += float(np.sum(ub * ub))
        vals.append(_to_numpy64(_row_norms(_like(W, Xs) @ Xs)))
        del sig, W, ub, lr
    values = np.concatenate(vals) * (r_eff / n)
    sum_sq_c *= (2 * r_eff / (n * rows_total)) ** 2
    return _rescaled(_outer_inner_estimate(values, group=s_draws, outer_range=jensen_max,
                                           joint_range=(0.0, r_eff * s1 / n), sum_sq_c=sum_sq_c, level=level,
                                           interval=interval, truth_range=(0.0, jensen_max)), scale, rf)


def _check_mixing_draws(mixing_draws: Any, sign_draws: Any) -> tuple[int, int | None]:
    K = _check_draws(mixing_draws, "mixing_draws")
    if K is None:
        raise TypeError("mixing_draws must be an integer ≥ 1, got None")
    s_draws = _check_draws(sign_draws, "sign_draws")
    if s_draws is not None and K * s_draws > MAX_DRAWS:
        raise ValueError(f"mixing_draws × sign_draws = {K * s_draws:,} is more than the limit MAX_DRAWS = "
                         f"{MAX_DRAWS:,} joint draws (the per-draw values are kept, 8 bytes each)")
    return K, s_draws


def expected_mixed_rademacher(X: Any, hypotheses: Callable[[Any], Any], *, value_range: tuple[float, float],
                              lam: Any = None, alpha: float | None = None,
                              pairing: Literal["permutation", "expected"] = "permutation",
                              per_sample: bool = False, mixing_draws: int = 1000,
                              sign_draws: int | None = None, seed: Any = None, level: float = 0.99,
                              interval: Interval = "auto") -> Estimate:
    """E over the mixing randomness of R̂ of a finite class on the mixed sample.

    ``hypotheses(X̃)`` returns the (k × n) predictions of the k hypotheses on a mixed sample
    X̃ (n × d), every value inside ``value_range`` = (lo, hi) (checked). Mixing and the choice
    of ``sign_draws`` are as in :func:`expected_mixed_linear_rademacher`; the bounds used are
    R̂ ∈ [0, (hi−lo)/2] for every mixed sample, and the bounded differences r_i/n of the
    centred estimator of :func:`empirical_rademacher`.
    """
    X = _float_array(X, "X")
    K, s_draws = _check_mixing_draws(mixing_draws, sign_draws)
    level = _check_estimation(level, interval, seed)
    if not callable(hypotheses):
        raise TypeError(f"hypotheses must be callable (mixed sample → k × n predictions), got {type(hypotheses).__name__}")
    try:
        lo, hi = (float(v) for v in value_range)
    except (TypeError, ValueError):
        raise ValueError(f"value_range must be a pair (lo, hi) of finite numbers, got {value_range!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"value_range must satisfy lo < hi, both finite, got ({lo}, {hi})")
    if max(abs(lo), abs(hi)) > 2.0**_SAFE_EXP:   # predictions in units of 2^k, scaled back
        f = math.ldexp(1.0, math.frexp(max(abs(lo), abs(hi)))[1])
        return _rescaled(expected_mixed_rademacher(
            X, lambda Xt: hypotheses(Xt) / f, value_range=(lo / f, hi / f), lam=lam, alpha=alpha, pairing=pairing,
            per_sample=per_sample, mixing_draws=mixing_draws, sign_draws=sign_draws, seed=seed, level=level,
            interval=interval), f)
    lam_vec, alpha_v, _ = _mixing_spec(X, lam, alpha, pairing, per_sample)
    n = X.shape[0]
    if s_draws is None:
        _check_exact_n(n, "sign_draws")
    random_mixing = pairing == "permutation" or (alpha_v is not None and alpha_v > 0)
    half = (hi - lo) / 2

    def predictions(Xt: Any) -> np.ndarray:
        P = _to_numpy64(_float_array(hypotheses(Xt), "hypotheses(X̃)"))
        if P.shape[1] != n:
            raise ValueError(f"hypotheses(X̃) must return a (k × n) matrix with n = {n}, got shape {P.shape}")
        if P.min() < lo or P.max() > hi:
            raise ValueError(f"hypotheses(X̃) returned values outside value_range ({lo}, {hi}): "
                             f"[{P.min()}, {P.max()}]")
        return P

    gen = as_generator(seed)
    if not random_mixing:
        return empirical_rademacher(predictions(_mixed(X, lam_vec, None)), draws=s_draws, seed=gen, level=level,
                                    interval=interval)
    sign_gen = _side_stream(gen)
    vals, sum_sq_r = [], 0.0
    for _ in range(K):
        P = predictions(_mixed(X, *_draw_mixing(gen, n, lam_vec, alpha_v, per_sample, pairing)))
        if s_draws is None:
            vals.append(np.array([_exact_finite_value(P)]))
            continue
        top, bottom = P.max(axis=0), P.min(axis=0)
        r = top - bottom
        sum_sq_r += float(np.sum(r * r))
        vals.append(_mc_finite_values(P - (top + bottom) / 2, s_draws, sign_gen) / n)
    values = np.concatenate(vals)
    if s_draws is None:
        method = interval if interval in ("hoeffding", "empirical-bernstein") else "auto"
        est = conc.mean_interval(np.clip(values, 0.0, half), 0.0, half, level=level, method=method)
        return conc.clip(est, 0.0, half)
    rows_total = K * s_draws
    sum_sq_c = s_draws * sum_sq_r / (n * rows_total) ** 2
    return _outer_inner_estimate(values, group=s_draws, outer_range=half, joint_range=(-half, half),
                                 sum_sq_c=sum_sq_c, level=level, interval=interval, truth_range=(0.0, half))


def __getattr__(name: str):
    """The paper's bounds moved to :mod:`mixcheck.bounds`; ``rademacher.linear_jensen_bound`` and
    ``rademacher.network_norm_bound`` still name them."""
    if name in ("linear_jensen_bound", "network_norm_bound"):
        from . import bounds

        return getattr(bounds, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
