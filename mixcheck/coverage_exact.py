"""Exact violation probabilities of eq. (6), (7), (14), (15) for finite classes on finite domains.

Z = {0, …, m−1} with law p, G a finite class given by its values (k × m, in [0, 1]), n points.
A sample enters only through its count vector c (multinomial(n, p)), so every quantity is exact:

* Φ(c) = max_g (Σ_v g(v)p_v − Σ_v g(v)c_v/n);
* R̂_B(G)(c) = E_σ max_g (1/n) Σ_v g(v) S_v, with S_v independent simple random walks of c_v
  steps, summed over every joint value of (S_v) with its binomial probability;
* ℜ_n(G) = Σ_c P(c) R̂_B(G)(c), and P(Φ > bound) = Σ_c P(c)·1[Φ(c) > bound(c)].

:func:`scan` draws classes and laws at random (seeded) and reports the largest P(violation)/δ
per bound — the search for a class on which a bound, or a negative control, fails.
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache

import numpy as np
from scipy.special import gammaln
from scipy.stats import binom

from .coverage import BoundSpec, bound_value
from .validation import check_finite_array, check_positive_int, check_probability

__all__ = ["compositions", "exact_quantities", "violation_probability", "scan", "MAX_CELLS"]

#: Largest number of (count vector × joint walk value) cells one exact computation enumerates.
MAX_CELLS = 5_000_000


@lru_cache(maxsize=256)
def compositions(n: int, m: int) -> np.ndarray:
    """Every count vector of n points over m values (rows summing to n)."""
    n = check_positive_int(n, "n", maximum=200)
    m = check_positive_int(m, "m", maximum=8)
    rows = [c + (n - sum(c),) for c in itertools.product(range(n + 1), repeat=m - 1) if sum(c) <= n]
    out = np.array(rows, dtype=np.int64).reshape(-1, m)
    out.setflags(write=False)
    return out


def _check_class(values, law) -> tuple[np.ndarray, np.ndarray]:
    G = np.asarray(check_finite_array(values, "values", ndim=2), dtype=float)
    p = np.asarray(check_finite_array(law, "law", ndim=1), dtype=float)
    if G.shape[1] != p.size:
        raise ValueError(f"values must have one column per domain point ({p.size}), got shape {G.shape}")
    if G.min() < 0 or G.max() > 1:
        raise ValueError(f"values must lie in [0, 1], got range [{G.min()}, {G.max()}]")
    if p.min() < 0 or not math.isclose(p.sum(), 1.0, rel_tol=0, abs_tol=1e-12):
        raise ValueError(f"law must be a probability vector (non-negative, sum 1), got sum {p.sum()}")
    return G, p


def _rad_hat(G: np.ndarray, c: np.ndarray, n: int) -> float:
    """E_σ max_g (1/n) Σ_v g(v) S_{c_v}, exactly over the joint values of the walks."""
    used = np.flatnonzero(c)
    if used.size == 0:
        return 0.0
    axes = [2 * np.arange(c[v] + 1) - c[v] for v in used]
    probs = [binom.pmf(np.arange(c[v] + 1), c[v], 0.5) for v in used]
    S = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, used.size)
    w = probs[0]
    for q in probs[1:]:
        w = np.multiply.outer(w, q)
    return float(np.dot(w.reshape(-1), (S @ G[:, used].T).max(axis=1)) / n)


def exact_quantities(values, law, n: int) -> dict:
    """{counts, probability, phi, rad_hat, rad_n} for every count vector of n points."""
    G, p = _check_class(values, law)
    n = check_positive_int(n, "n", maximum=200)
    C = compositions(n, p.size)
    cells = int(np.sum(np.prod(C + 1, axis=1)))
    if cells > MAX_CELLS:
        raise ValueError(f"n = {n} over {p.size} points needs {cells} cells, above MAX_CELLS = {MAX_CELLS}")
    with np.errstate(divide="ignore"):
        logp = np.where(p > 0, np.log(np.where(p > 0, p, 1.0)), -np.inf)
    logpmf = gammaln(n + 1) - gammaln(C + 1).sum(axis=1) + np.where(C > 0, C * logp, 0.0).sum(axis=1)
    prob = np.exp(logpmf)
    phi = (G @ p)[None, :] - (C @ G.T) / n
    rad = np.array([_rad_hat(G, c, n) for c in C])
    return {"counts": C, "probability": prob, "phi": phi.max(axis=1), "rad_hat": rad,
            "rad_n": float(np.dot(prob, rad))}


def violation_probability(q: dict, spec: BoundSpec, n: int, delta: float) -> float:
    """P(Φ(B) > bound) from :func:`exact_quantities` (a small tolerance keeps ties as no violation)."""
    complexity = q["rad_n"] if spec.complexity == "expected" else q["rad_hat"]
    b = bound_value(spec, n, check_probability(delta, "delta"), complexity)
    return float(np.sum(q["probability"][q["phi"] > b + 1e-12]))


def scan(specs: dict[str, BoundSpec], *, cases: int, rng: np.random.Generator, n_max: int = 10,
         deltas=(0.01, 0.05, 0.1, 0.2, 0.5, 0.9)) -> dict:
    """Random finite classes (1-4 functions, values in {0, ½, 1} or uniform on [0, 1]) on 2-3 points
    with random laws, n ≤ n_max: the largest exact P(violation)/δ of each bound, and where."""
    cases = check_positive_int(cases, "cases", maximum=100_000)
    n_max = check_positive_int(n_max, "n_max", maximum=40)
    best = {name: {"ratio": 0.0} for name in specs}
    for _ in range(cases):
        m, k, n = int(rng.integers(2, 4)), int(rng.integers(1, 5)), int(rng.integers(1, n_max + 1))
        G = rng.choice([0.0, 0.5, 1.0], size=(k, m)) if rng.random() < 0.5 else rng.random((k, m))
        p = rng.dirichlet(np.ones(m))
        q = exact_quantities(G, p, n)
        for name, spec in specs.items():
            for d in deltas:
                r = violation_probability(q, spec, n, d) / d
                if r > best[name]["ratio"]:
                    best[name] = {"ratio": r, "n": n, "delta": d, "values": G.tolist(), "law": p.tolist()}
    return {"cases": cases, "domain": f"2-3 points, 1-4 functions, n in [1, {n_max}], delta in {list(deltas)}",
            "best": best}
