"""Partner laws of mixup and what they do to the paper's quantities (Sections 4, 5 and 7).

The proofs write the mixed point as x̃_i = E_{x_j}[λx_i + (1-λ)x_j] (eqs. 19, 24) without saying
how the partner x_j is drawn. :data:`PARTNERS` names four laws:

* ``sample`` — j uniform over the whole sample (j = i allowed); the expected partner is x̄, so
  x̃_i = λx_i + (1-λ)x̄ (the proofs' surrogate);
* ``others`` — j uniform over j ≠ i; x̃_i = λx_i + (1-λ)m_i with m_i = (Σ_{j≠i} x_j)/(n-1);
* ``permutation`` — x_{π(i)} with π a uniformly random permutation (the reference mixup
  implementation);
* ``derangement`` — x_{π(i)} with π a uniformly random derangement (no point mixed with itself).

For the two deterministic (expected-partner) laws the mixed sample is (x̃_1, …, x̃_n); for the two
random laws R̂ of the mixed sample means E_π R̂(λx_i + (1-λ)x_{π(i)}), the expectation over the
partner draw of the empirical Rademacher complexity (:func:`mixed_rademacher`), computed by
enumerating every permutation / derangement (n ≤ 7) or by Monte Carlo over π with every sign
vector enumerated (:func:`mixed_rademacher_mc`, a Hoeffding interval). The expected partner of a
random law is E_π x_{π(i)}: x̄ for permutations, m_i for derangements (:func:`partner_means`).

Section 7 (eq. 33, Theorem 4): :func:`variance_factor` is Var(x̃)/Var(x) when x_1, …, x_n are
i.i.d. draws of x, I is uniform and x̃ = λx_I + (1-λ)·(partner of I) — the factor the paper
writes as λ²; :func:`beta_variance_factor` averages it over λ ~ Beta(α, α) (exact rationals).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from functools import lru_cache

import mpmath
import numpy as np

from .concentration import mean_interval
from .exact import PREC, as_fraction_rows, linear_rademacher_exact
from .validation import check_choice, check_positive, check_positive_int, check_probability, check_rational, check_samples

__all__ = ["PARTNERS", "RANDOM_PARTNERS", "PARTNER_LAWS", "MAX_ENUMERATED_N", "derangements", "partner_maps",
           "partner_means", "partner_means_exact", "expected_mixed", "expected_mixed_exact", "mixed_rademacher", "mixed_rademacher_exact", "mixed_rademacher_mc",
           "draw_partner_maps", "variance_factor", "beta_lambda_moments", "beta_variance_factor",
           "enumerated_variance_factor"]

PARTNERS: tuple[str, ...] = ("sample", "others", "permutation", "derangement")
RANDOM_PARTNERS: tuple[str, ...] = ("permutation", "derangement")
#: the largest n for which the random partner laws are enumerated (7! = 5040 maps)
MAX_ENUMERATED_N = 7

PARTNER_LAWS: dict[str, str] = {
    "sample": "x_j uniform over the whole sample (j = i allowed): x̃_i = λx_i + (1-λ)x̄ (the proofs' surrogate)",
    "others": "x_j uniform over j ≠ i: x̃_i = λx_i + (1-λ)(Σ_{j≠i}x_j)/(n-1)",
    "permutation": "x_{π(i)}, π a uniformly random permutation of the sample (real mixup); R̂ of the mixed sample "
                   "= E_π R̂(λx_i + (1-λ)x_{π(i)}), the expectation over the partner draw",
    "derangement": "x_{π(i)}, π a uniformly random derangement (no fixed point); R̂ of the mixed sample "
                   "= E_π R̂(λx_i + (1-λ)x_{π(i)}), the expectation over the partner draw",
}


def _partner(partner) -> str:
    return check_choice(partner, "partner", PARTNERS)


def _lam(lam) -> float:
    return check_probability(lam, "lam", open_interval=False)


def _samples(X, partner: str) -> np.ndarray:
    X = np.asarray(check_samples(X, "X"), dtype=float)
    if partner in ("others", "derangement") and X.shape[0] < 2:
        raise ValueError(f"partner {partner!r} needs n ≥ 2 samples (a partner j ≠ i), got n = {X.shape[0]}")
    return X


@lru_cache(maxsize=None)
def _maps(n: int, partner: str) -> np.ndarray:
    perms = np.array(list(itertools.permutations(range(n))), dtype=np.int64)
    if partner == "derangement":
        perms = perms[np.all(perms != np.arange(n)[None, :], axis=1)]
    perms.setflags(write=False)
    return perms


def partner_maps(n: int, partner: str) -> np.ndarray:
    """Every partner map of a random law as rows of a (k, n) int array, each equally likely:
    all n! permutations or all derangements (1 ≤ n ≤ 7; derangements need n ≥ 2)."""
    partner = check_choice(partner, "partner", RANDOM_PARTNERS)
    n = check_positive_int(n, "n", minimum=2 if partner == "derangement" else 1, maximum=MAX_ENUMERATED_N)
    return _maps(n, partner)


def derangements(n: int) -> np.ndarray:
    """All derangements of range(n) (2 ≤ n ≤ 7), one per row."""
    return partner_maps(n, "derangement")


def draw_partner_maps(n: int, partner: str, draws: int, rng: np.random.Generator) -> np.ndarray:
    """``draws`` independent uniform permutations / derangements of range(n) (rejection sampling
    of permutations for derangements: acceptance ≈ 1/e), as a (draws, n) array."""
    partner = check_choice(partner, "partner", RANDOM_PARTNERS)
    n = check_positive_int(n, "n", minimum=2 if partner == "derangement" else 1, maximum=64)
    draws = check_positive_int(draws, "draws", maximum=1_000_000)
    out = np.empty((draws, n), dtype=np.int64)
    k = 0
    while k < draws:
        p = np.argsort(rng.random((2 * (draws - k) + 8, n)), axis=1)
        if partner == "derangement":
            p = p[np.all(p != np.arange(n)[None, :], axis=1)]
        take = min(len(p), draws - k)
        out[k:k + take] = p[:take]
        k += take
    return out


def partner_means(X, partner: str) -> np.ndarray:
    """E[partner of x_i] for every i, shape (n, d): x̄ (sample, permutation) or
    m_i = (Σ_{j≠i} x_j)/(n-1) (others, derangement)."""
    partner = _partner(partner)
    X = _samples(X, partner)
    n = X.shape[0]
    if partner in ("sample", "permutation"):
        return np.repeat(X.mean(0, keepdims=True), n, axis=0)
    return (X.sum(0, keepdims=True) - X) / (n - 1)


def expected_mixed(X, lam, partner: str) -> np.ndarray:
    """The paper's x̃_i = E_{x_j}[λx_i + (1-λ)x_j] under ``partner`` (eqs. 19, 24)."""
    lam = _lam(lam)
    X = _samples(X, _partner(partner))
    return lam * X + (1 - lam) * partner_means(X, partner)


def _half_signs(n: int) -> np.ndarray:
    """Sign vectors with σ_1 = +1 (σ and −σ give the same norm), shape (2^(n-1), n)."""
    idx = np.arange(2 ** (n - 1))[:, None]
    return np.concatenate([np.ones((len(idx), 1)), 2.0 * ((idx >> np.arange(n - 1)[None, :]) & 1) - 1], axis=1)


def _rademacher_of_stack(M: np.ndarray, Lam: float) -> np.ndarray:
    """R̂ of each sample M[k] (shape (k, n, d)) for the Λ-ball linear class, every σ enumerated."""
    n = M.shape[1]
    S = _half_signs(n)
    out = np.empty(M.shape[0])
    step = max(1, int(4_000_000 // (len(S) * M.shape[2] + 1)))
    for s in range(0, M.shape[0], step):
        V = np.matmul(S[None], M[s:s + step])  # (k, signs, d)
        out[s:s + step] = np.sqrt(np.einsum("ksd,ksd->ks", V, V)).mean(1)
    return Lam * out / n


def _mixed_stack(X: np.ndarray, lam: float, maps: np.ndarray) -> np.ndarray:
    return lam * X[None, :, :] + (1 - lam) * X[maps]


def mixed_rademacher(X, lam, partner: str, Lam: float = 1.0) -> float:
    """R̂ of the mixed sample under ``partner`` for the Λ-ball linear class (eq. 16), float64, every
    sign vector enumerated (n ≤ 16); for the random laws the exact mean over every partner map
    (n ≤ 7; use :func:`mixed_rademacher_mc` beyond)."""
    partner = _partner(partner)
    lam, X = _lam(lam), _samples(X, partner)
    Lam = check_positive(Lam, "Lam", allow_zero=True)
    n = X.shape[0]
    if n > 16:
        raise ValueError(f"sign enumeration needs n ≤ 16, got n = {n}")
    if partner in RANDOM_PARTNERS:
        if n > MAX_ENUMERATED_N:
            raise ValueError(f"enumerating every {partner} needs n ≤ {MAX_ENUMERATED_N}, got n = {n}; "
                             "use mixed_rademacher_mc")
        return float(_rademacher_of_stack(_mixed_stack(X, lam, partner_maps(n, partner)), Lam).mean())
    return float(_rademacher_of_stack(expected_mixed(X, lam, partner)[None], Lam)[0])


def mixed_rademacher_mc(X, lam, partner: str, draws: int, rng: np.random.Generator, *, Lam: float = 1.0,
                        level: float = 0.999) -> dict:
    """E_π R̂(mixed sample) by Monte Carlo over ``draws`` partner maps (every σ enumerated for each,
    n ≤ 16): the estimate and a two-sided interval at ``level`` (Hoeffding ∩ empirical Bernstein). Each R̂ of a mixed
    sample lies in [0, (Λ/n)(Σ‖x_i‖²)^½] (eq. 18, and Σ_i‖λx_i + (1-λ)x_π(i)‖² ≤ Σ_i‖x_i‖² by convexity
    of the square, π a bijection)."""
    partner = check_choice(partner, "partner", RANDOM_PARTNERS)
    lam, X = _lam(lam), _samples(X, partner)
    Lam = check_positive(Lam, "Lam", allow_zero=True)
    level = check_probability(level, "level")
    n = X.shape[0]
    if n > 16:
        raise ValueError(f"sign enumeration needs n ≤ 16, got n = {n}")
    vals = _rademacher_of_stack(_mixed_stack(X, lam, draw_partner_maps(n, partner, draws, rng)), Lam)
    width = Lam * math.sqrt(float(np.sum(X * X))) / n
    est = mean_interval(np.minimum(vals, width), 0.0, width, level=level)
    return {"estimate": est.value, "low": est.low, "high": est.high, "half_width": (est.high - est.low) / 2,
            "level": level, "draws": len(vals), "range": [0.0, width], "interval": "Hoeffding ∩ empirical Bernstein"}


def mixed_rademacher_exact(X, lam, partner: str, Lam=1) -> mpmath.mpf:
    """R̂ of the mixed sample at 50 digits from exact rationals (X, λ, Λ as floats, Fractions or
    strings such as '1/3'): squared norms exact, square roots at :data:`PREC` digits; the random
    laws averaged over every partner map (n ≤ 6)."""
    partner = _partner(partner)
    rows = as_fraction_rows(X)
    lam = check_rational(lam, "lam")
    if not 0 <= lam <= 1:
        raise ValueError(f"lam must lie in [0, 1], got {lam}")
    n = len(rows)
    if partner in ("others", "derangement") and n < 2:
        raise ValueError(f"partner {partner!r} needs n ≥ 2 samples, got n = {n}")
    if partner in RANDOM_PARTNERS:
        if n > 6:
            raise ValueError(f"exact enumeration of every {partner} needs n ≤ 6, got n = {n}")
        maps = partner_maps(n, partner).tolist()
        with mpmath.workdps(PREC):
            vals = [linear_rademacher_exact([[lam * a + (1 - lam) * b for a, b in zip(rows[i], rows[p[i]])]
                                             for i in range(n)], Lam) for p in maps]
            return mpmath.fsum(vals) / len(vals)
    return linear_rademacher_exact(expected_mixed_exact(rows, lam, partner), Lam)


def partner_means_exact(X, partner: str) -> list[list[Fraction]]:
    """:func:`partner_means` in exact rationals."""
    partner = _partner(partner)
    rows = as_fraction_rows(X)
    n, d = len(rows), len(rows[0])
    if partner in ("others", "derangement") and n < 2:
        raise ValueError(f"partner {partner!r} needs n ≥ 2 samples, got n = {n}")
    tot = [sum(r[k] for r in rows) for k in range(d)]
    if partner in ("sample", "permutation"):
        return [[t / n for t in tot] for _ in rows]
    return [[(tot[k] - r[k]) / (n - 1) for k in range(d)] for r in rows]


def expected_mixed_exact(X, lam, partner: str) -> list[list[Fraction]]:
    """:func:`expected_mixed` in exact rationals (λ a float, Fraction or string such as '1/3')."""
    rows = as_fraction_rows(X)
    lam = check_rational(lam, "lam")
    if not 0 <= lam <= 1:
        raise ValueError(f"lam must lie in [0, 1], got {lam}")
    return [[lam * a + (1 - lam) * b for a, b in zip(r, m)] for r, m in zip(rows, partner_means_exact(rows, partner))]


# --------------------------------------------------------------------------- Section 7: variance factors

def _factor_terms(partner: str, n: int) -> tuple[Fraction, Fraction, Fraction]:
    """(a, b, c) with Var(x̃)/Var(x) = aλ² + bλ(1-λ) + c(1-λ)² for x_1..x_n i.i.d., I uniform:
    partner = x̄ → Cov(x_I, x̄) = Var/n, Var(x̄) = Var/n; m_I independent of x_I with Var/(n-1);
    x_π(I): P(π(I) = I) = 1/n for a uniform permutation, 0 for a derangement."""
    f = Fraction
    if partner == "mean":
        return f(1), f(0), f(0)
    if partner == "sample":
        return f(1), f(2, n), f(1, n)
    if partner == "others":
        return f(1), f(0), f(1, n - 1)
    if partner == "permutation":
        return f(1), f(2, n), f(1)
    return f(1), f(0), f(1)


VARIANCE_PARTNERS: tuple[str, ...] = ("mean",) + PARTNERS


def _factor_partner(partner, n):
    partner = check_choice(partner, "partner", VARIANCE_PARTNERS)
    n = check_positive_int(n, "n", minimum=2 if partner in ("others", "derangement") else 1)
    return partner, n


def variance_factor(lam, partner: str, n: int) -> Fraction:
    """Var(x̃)/Var(x) for fixed λ (exact rational; λ given exactly), x̃ = λx_I + (1-λ)·partner:
    ``mean`` (the population mean E[x], eq. 33: λ²), or one of :data:`PARTNERS` applied to an
    i.i.d. sample of size n: sample λ² + (1-λ²)/n, others λ² + (1-λ)²/(n-1),
    permutation λ² + (1-λ)² + 2λ(1-λ)/n, derangement λ² + (1-λ)²."""
    partner, n = _factor_partner(partner, n)
    lam = check_rational(lam, "lam")
    if not 0 <= lam <= 1:
        raise ValueError(f"lam must lie in [0, 1], got {lam}")
    a, b, c = _factor_terms(partner, n)
    return a * lam ** 2 + b * lam * (1 - lam) + c * (1 - lam) ** 2


def beta_lambda_moments(alpha) -> tuple[Fraction, Fraction]:
    """(E[λ²], E[λ(1-λ)]) for λ ~ Beta(α, α), exactly (α > 0 rational): (α+1)/(2(2α+1)), α/(2(2α+1));
    E[(1-λ)²] = E[λ²] by symmetry."""
    a = check_rational(alpha, "alpha")
    if a <= 0:
        raise ValueError(f"alpha must be > 0, got {alpha}")
    return (a + 1) / (2 * (2 * a + 1)), a / (2 * (2 * a + 1))


def beta_variance_factor(alpha, partner: str, n: int) -> Fraction:
    """E over λ ~ Beta(α, α) (independent of the data) of :func:`variance_factor`, exactly."""
    partner, n = _factor_partner(partner, n)
    e2, e11 = beta_lambda_moments(alpha)
    a, b, c = _factor_terms(partner, n)
    return a * e2 + b * e11 + c * e2


@lru_cache(maxsize=256)
def _pair_moments(p: Fraction, partner: str, n: int) -> tuple[Fraction, ...]:
    """(E x, E y, E x², E xy, E y²) for x = x_I and y its partner, x_1..x_n i.i.d. Bernoulli(p),
    every sample, index and partner map enumerated exactly."""
    # a random law enters only through the law of π(i): counted over every partner map
    marg = None
    if partner in RANDOM_PARTNERS:
        maps = partner_maps(n, partner)
        marg = [[Fraction(int(np.sum(maps[:, i] == j)), len(maps)) for j in range(n)] for i in range(n)]
    acc = [Fraction(0)] * 5
    for bits in itertools.product((0, 1), repeat=n):
        w = p ** sum(bits) * (1 - p) ** (n - sum(bits)) / n
        for i in range(n):
            if partner == "mean":
                ys = [(p, Fraction(1))]
            elif partner == "sample":
                ys = [(Fraction(sum(bits), n), Fraction(1))]
            elif partner == "others":
                ys = [(Fraction(sum(bits) - bits[i], n - 1), Fraction(1))]
            else:
                ys = [(Fraction(bits[j]), marg[i][j]) for j in range(n) if marg[i][j]]
            x = Fraction(bits[i])
            for y, wy in ys:
                ww = w * wy
                acc[0] += ww * x
                acc[1] += ww * y
                acc[2] += ww * x * x
                acc[3] += ww * x * y
                acc[4] += ww * y * y
    return tuple(acc)


def enumerated_variance_factor(p, lam, partner: str, n: int, *, lam_moments=None) -> Fraction:
    """Var(x̃)/Var(x) computed from the law itself, not the formula: x ~ Bernoulli(p) (p rational
    in (0, 1)), every one of the 2ⁿ samples, every index I and every partner (every permutation /
    derangement, n ≤ 6) enumerated in exact rationals. ``lam_moments`` = (E[λ²], E[λ(1-λ)], E[λ])
    replaces the fixed λ by a random λ independent of everything (e.g. Beta(α, α))."""
    partner, n = _factor_partner(partner, n)
    p = check_rational(p, "p")
    if not 0 < p < 1:
        raise ValueError(f"p must lie in (0, 1), got {p}")
    if n > 6:
        raise ValueError(f"exact enumeration needs n ≤ 6, got n = {n}")
    if lam_moments is None:
        lam = check_rational(lam, "lam")
        if not 0 <= lam <= 1:
            raise ValueError(f"lam must lie in [0, 1], got {lam}")
        e2, e11, e1 = lam * lam, lam * (1 - lam), lam
    else:
        if len(lam_moments) != 3:
            raise ValueError(f"lam_moments must be (E[λ²], E[λ(1-λ)], E[λ]), got {lam_moments!r}")
        e2, e11, e1 = (check_rational(v, "lam_moments") for v in lam_moments)
    ex, ey, exx, exy, eyy = _pair_moments(p, partner, n)
    first = e1 * ex + (1 - e1) * ey
    second = e2 * exx + 2 * e11 * exy + (1 - 2 * e1 + e2) * eyy
    return (second - first ** 2) / (p * (1 - p))
