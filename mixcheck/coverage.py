"""Coverage simulations for Lemma 1 (eq. 6-7) and Theorem 1 (eq. 14-15) that can see a wrong bound.

Two function classes, each with every quantity of the bounds computed exactly per sample:

* :class:`SingletonClass` — G = {g}, g(z) = z, z ~ Bernoulli(½) (Theorem 1: H = {h ≡ +1},
  x uniform on {−1, +1}, target c(x) = x, so 1_{h≠c} = g). ℜ_n(G) = R̂_B(G) = 0 and
  Φ(B) = sup_g(E g − Ê_B g) = ½ − K/n with K ~ Bin(n, ½): the bound is its confidence term
  alone, and Hoeffding is tight here up to a lower-order factor — halving the confidence term
  of eq. (6)/(14) is seen. The violation probability of any constant bound is exact
  (:meth:`SingletonClass.exact_violation_probability`).
* :class:`AllFunctionsClass` — Z uniform on a domain of N = ``domain_factor``·n points,
  G = every {0,1}-valued function on Z (Theorem 1: every ±1-valued h, any target; the loss
  class is again every {0,1} function). With c_v the count of point v in B:
  Φ(B) = Σ_v max(0, 1/N − c_v/n) (each v chosen freely);
  R̂_B(G) = (1/n) Σ_v E[max(0, S_{c_v})] = (1/2n) Σ_v E|S_{c_v}| (S_c a c-step simple random
  walk), which depends on the sample through its collisions; ℜ_n(G) = (N/2n) E|S_C|,
  C ~ Bin(n, 1/N). The complexity term dominates — halving it is seen — and the empirical
  R̂_B of eq. (7)/(15) is exercised. R̂_{S_X}(H) = 2R̂_B(G) (Lemma 2, eq. 12).

Bounds (:class:`BoundSpec`, m read as n): right side = a·ℜ + b·√(log(k/δ)/2n), with ℜ the
expected (ℜ_n) or empirical (R̂_B) complexity of the loss class G.

The test (:func:`violation_test`): per cell (class, n, δ), H0 "P(Φ(B) > bound) ≤ δ", one-sided
exact binomial test (``scipy.stats.binomtest(alternative="greater")``) at level
false_alarm / cells (Bonferroni: a bound that holds in every cell is refuted with probability
≤ false_alarm). :func:`design_draws` picks the smallest draw count whose exact power against
the named alternative (violation rate 2δ) reaches the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import gammaln
from scipy.stats import binom, binomtest

from .validation import check_choice, check_positive, check_positive_int, check_probability

__all__ = [
    "BoundSpec", "SingletonClass", "AllFunctionsClass", "CellResult",
    "expected_abs_walk", "bound_value", "critical_count", "power", "design_draws",
    "simulate_cell", "violation_test", "CHUNK_BYTES",
]

#: Approximate cap, in bytes, on the temporaries of one chunk of simulated samples.
CHUNK_BYTES = 32 * 2**20
#: Largest sample size and draw count these simulations accept.
MAX_N = 100_000
MAX_DRAWS = 10_000_000


# --------------------------------------------------------------------------- exact pieces

@lru_cache(maxsize=64)
def _abs_walk_table(cmax: int) -> np.ndarray:
    c = np.arange(cmax + 1)
    # E|S_c| = c·C(c−1, ⌊(c−1)/2⌋)/2^(c−1) for c ≥ 1 (closed form of Σ_j Bin(j; c, ½)|2j − c|)
    out = np.zeros(cmax + 1)
    if cmax >= 1:
        cc = c[1:].astype(float)
        half = np.floor((cc - 1) / 2)
        log_choose = gammaln(cc) - gammaln(half + 1) - gammaln(cc - half)
        out[1:] = cc * np.exp(log_choose - (cc - 1) * math.log(2.0))
    out.setflags(write=False)
    return out


def expected_abs_walk(cmax: int) -> np.ndarray:
    """E|S_c| for c = 0, …, cmax, S_c the sum of c independent Rademacher signs (closed form)."""
    return _abs_walk_table(check_positive_int(cmax, "cmax", minimum=0, maximum=MAX_N))


@dataclass(frozen=True)
class BoundSpec:
    """Right side a·ℜ(G) + b·√(log(k/δ)/2n) of eq. (6), (7), (14), (15) (m = n), in terms of the
    loss class G; ``complexity`` is ``"expected"`` (ℜ_n) or ``"empirical"`` (R̂_B)."""

    name: str
    complexity: str
    rademacher_coef: float
    confidence_coef: float
    log_numerator: float

    def __post_init__(self) -> None:
        check_choice(self.complexity, "complexity", ("expected", "empirical"))
        check_positive(self.rademacher_coef, "rademacher_coef", allow_zero=True)
        check_positive(self.confidence_coef, "confidence_coef", allow_zero=True)
        if not (isinstance(self.log_numerator, (int, float)) and self.log_numerator >= 1):
            raise ValueError(f"log_numerator must be a number ≥ 1, got {self.log_numerator!r}")

    def scaled(self, *, rademacher: float = 1.0, confidence: float = 1.0, name: str | None = None) -> "BoundSpec":
        """The same bound with its Rademacher and/or confidence term multiplied (negative controls)."""
        return BoundSpec(name or self.name, self.complexity, self.rademacher_coef * rademacher,
                         self.confidence_coef * confidence, self.log_numerator)

    def text(self) -> str:
        r = {"expected": "ℜ_n(G)", "empirical": "R̂_B(G)"}[self.complexity]
        k = "1" if self.log_numerator == 1 else f"{self.log_numerator:g}"
        return f"Ê_B[g] + {self.rademacher_coef:g}·{r} + {self.confidence_coef:g}·√(log({k}/δ)/2n)"


def bound_value(spec: BoundSpec, n: int, delta: float, complexity) -> np.ndarray:
    """The right side minus Ê_B[g], for the loss-class complexity ``complexity`` (array or scalar)."""
    n = check_positive_int(n, "n", maximum=MAX_N)
    delta = check_probability(delta, "delta")
    conf = math.sqrt(math.log(spec.log_numerator / delta) / (2 * n))
    return spec.rademacher_coef * np.asarray(complexity, dtype=float) + spec.confidence_coef * conf


# --------------------------------------------------------------------------- the classes

def _chunks(total: int, per_draw_bytes: int):
    step = max(1, CHUNK_BYTES // max(1, per_draw_bytes))
    for start in range(0, total, step):
        yield min(step, total - start)


@dataclass(frozen=True)
class SingletonClass:
    """G = {z ↦ z}, z ~ Bernoulli(½): ℜ_n(G) = R̂_B(G) = 0, Φ(B) = ½ − K/n (exact)."""

    name: str = "singleton"
    description: str = "G = {g(z) = z}, z ~ Bernoulli(1/2); Theorem 1: H = {h ≡ +1}, x uniform on {-1,+1}, c(x) = x"

    def expected_complexity(self, n: int) -> float:
        """ℜ_n(G): E_σ[(1/n)Σσ_i g(z_i)] = 0 for one function."""
        check_positive_int(n, "n", maximum=MAX_N)
        return 0.0

    def simulate(self, n: int, draws: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """(Φ(B), R̂_B(G)) for ``draws`` samples of n Bernoulli(½) points, drawn point by point."""
        n = check_positive_int(n, "n", maximum=MAX_N)
        draws = check_positive_int(draws, "draws", maximum=MAX_DRAWS)
        _check_rng(rng)
        phi = np.empty(draws)
        at = 0
        for m in _chunks(draws, 9 * n):  # a float and a bool per point
            k = (rng.random((m, n)) < 0.5).sum(axis=1)
            phi[at:at + m] = 0.5 - k / n
            at += m
        return phi, np.zeros(draws)

    def exact_violation_probability(self, n: int, bound: float) -> float:
        """P(½ − K/n > bound), K ~ Bin(n, ½): exact for a bound that does not depend on B."""
        n = check_positive_int(n, "n", maximum=MAX_N)
        k = np.arange(n + 1)
        return float(binom.pmf(k, n, 0.5)[0.5 - k / n > float(bound)].sum())


@dataclass(frozen=True)
class AllFunctionsClass:
    """Every {0,1} function on a uniform domain of N = domain_factor·n points (exact Φ, R̂_B, ℜ_n)."""

    domain_factor: int = 4

    def __post_init__(self) -> None:
        check_positive_int(self.domain_factor, "domain_factor", maximum=1000)

    @property
    def name(self) -> str:
        return f"all-functions-N={self.domain_factor}n"

    @property
    def description(self) -> str:
        return (f"G = all {{0,1}}-valued functions on Z uniform on N = {self.domain_factor}·n points; Theorem 1: "
                "H = all {-1,+1}-valued functions (any target)")

    def domain(self, n: int) -> int:
        return self.domain_factor * check_positive_int(n, "n", maximum=MAX_N)

    def sup_deviation(self, counts: np.ndarray, n: int) -> np.ndarray:
        """Φ(B) = Σ_v max(0, 1/N − c_v/n) for rows of point counts (draws × N)."""
        N = counts.shape[-1]
        return np.maximum(0.0, 1.0 / N - counts / n).sum(axis=-1)

    def empirical_complexity(self, counts: np.ndarray, n: int) -> np.ndarray:
        """R̂_B(G) = (1/2n) Σ_v E|S_{c_v}| for rows of point counts."""
        return expected_abs_walk(n)[counts].sum(axis=-1) / (2 * n)

    def expected_complexity(self, n: int) -> float:
        """ℜ_n(G) = (N/2n) Σ_c Bin(c; n, 1/N) E|S_c| (exact)."""
        N = self.domain(n)
        c = np.arange(n + 1)
        return float(N / (2 * n) * np.sum(binom.pmf(c, n, 1.0 / N) * expected_abs_walk(n)))

    def counts(self, n: int, draws: int, rng: np.random.Generator) -> np.ndarray:
        """Point counts (draws × N) of ``draws`` samples of n uniform points (no chunking)."""
        N = self.domain(n)
        idx = rng.integers(0, N, size=(draws, n)) + N * np.arange(draws)[:, None]
        return np.bincount(idx.ravel(), minlength=draws * N).reshape(draws, N)

    def simulate(self, n: int, draws: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """(Φ(B), R̂_B(G)) for ``draws`` samples of n uniform points, in memory-bounded chunks."""
        n = check_positive_int(n, "n", maximum=MAX_N)
        draws = check_positive_int(draws, "draws", maximum=MAX_DRAWS)
        _check_rng(rng)
        N = self.domain(n)
        phi, rad = np.empty(draws), np.empty(draws)
        at = 0
        for m in _chunks(draws, 8 * (3 * N + n)):
            c = self.counts(n, m, rng)
            phi[at:at + m] = self.sup_deviation(c, n)
            rad[at:at + m] = self.empirical_complexity(c, n)
            at += m
        return phi, rad


def _check_rng(rng) -> None:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")


# --------------------------------------------------------------------------- the test

def critical_count(draws: int, delta: float, level: float) -> int:
    """Smallest k with P(Bin(draws, δ) ≥ k) ≤ level: H0 'rate ≤ δ' is rejected iff violations ≥ k."""
    draws = check_positive_int(draws, "draws", maximum=MAX_DRAWS)
    delta, level = check_probability(delta, "delta"), check_probability(level, "level")
    return int(binom.isf(level, draws, delta)) + 1


def power(draws: int, delta: float, level: float, rate: float) -> float:
    """Exact probability that the test rejects H0 'rate ≤ δ' when the true violation rate is ``rate``."""
    k = critical_count(draws, delta, level)
    rate = check_probability(rate, "rate", open_interval=False)
    return float(binom.sf(k - 1, draws, rate))


def design_draws(delta: float, level: float, rate: float, target: float = 0.8) -> int:
    """Smallest draw count whose exact power against violation rate ``rate`` (> δ) is ≥ ``target``."""
    delta, level = check_probability(delta, "delta"), check_probability(level, "level")
    rate, target = check_probability(rate, "rate"), check_probability(target, "target")
    if rate <= delta:
        raise ValueError(f"rate must exceed delta = {delta}, got {rate}")
    for hi in (2 ** j for j in range(4, 25)):  # the first power of two with enough power
        if power(hi, delta, level, rate) >= target:
            break
    else:
        raise ValueError(f"no draw count up to 2^24 reaches power {target} at rate {rate} vs delta {delta}")
    ts = np.arange(max(1, hi // 2 - 1), hi + 1)
    k = binom.isf(level, ts, delta) + 1
    pw = binom.sf(k - 1, ts, rate)
    return int(ts[np.argmax(pw >= target)])


@dataclass(frozen=True)
class CellResult:
    """One cell (class, n, δ) of a coverage simulation for one bound."""

    cls: str
    n: int
    delta: float
    draws: int
    violations: int
    frequency: float
    p_value: float
    cell_level: float
    rejected: bool
    critical: int
    power_at_2delta: float
    ci: tuple[float, float]
    mean_sup_deviation: float
    mean_bound: float
    exact_violation_probability: float | None

    def to_dict(self) -> dict:
        return dict(self.__dict__, ci=list(self.ci))


def simulate_cell(cls, n: int, draws: int, rng: np.random.Generator) -> dict:
    """The per-sample quantities of one cell: Φ(B), R̂_B(G) and the exact ℜ_n(G)."""
    phi, rad_hat = cls.simulate(n, draws, rng)
    return {"phi": phi, "rad_hat": rad_hat, "rad_n": cls.expected_complexity(n)}


def violation_test(cls, sim: dict, spec: BoundSpec, n: int, delta: float, *, cell_level: float) -> CellResult:
    """Count Φ(B) > bound over the simulated samples and test H0 'P(violation) ≤ δ' (exact binomial)."""
    complexity = sim["rad_n"] if spec.complexity == "expected" else sim["rad_hat"]
    b = bound_value(spec, n, delta, complexity)
    phi = sim["phi"]
    T = int(phi.size)
    viol = int(np.count_nonzero(phi > b))
    test = binomtest(viol, T, delta, alternative="greater")
    ci = test.proportion_ci(confidence_level=1 - cell_level, method="exact")
    exact = None
    if isinstance(cls, SingletonClass):
        exact = cls.exact_violation_probability(n, float(np.max(b)))
    return CellResult(cls.name, int(n), float(delta), T, viol, viol / T, float(test.pvalue), float(cell_level),
                      bool(test.pvalue <= cell_level), critical_count(T, delta, cell_level),
                      power(T, delta, cell_level, min(1.0, 2 * delta)), (float(ci.low), float(ci.high)),
                      float(phi.mean()), float(np.mean(b)), exact)
