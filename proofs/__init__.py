"""SymPy derivations of the closed forms the paper relies on; run ``python -m proofs``.

Each derivation is a :class:`mixcheck.derivation.Derivation` built from definitions (integrals
or sums over a density), every step checked. Topics, one module each:

* :mod:`proofs.beta_moments` — λ ~ Beta(α, α) and Beta(a, b): moments, Section 6's values;
* :mod:`proofs.exponential_families` — ψ from the normaliser, eqs. (30)-(31), convexity;
* :mod:`proofs.mixup_variance` — means and (co)variances of mixed variables, eqs. (32)-(33);
* :mod:`proofs.theorem_algebra` — the algebra of eqs. (18)-(20), (24) and Theorem 3's chain.

>>> import proofs
>>> proofs.get("beta.var").ok
True
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from mixcheck.derivation import Derivation

__all__ = ["MODULES", "all_derivations", "get", "ids"]

MODULES = ("beta_moments", "exponential_families", "mixup_variance", "theorem_algebra")


@lru_cache(maxsize=None)
def _registry() -> tuple[Derivation, ...]:
    out: list[Derivation] = []
    for name in MODULES:
        out.extend(importlib.import_module(f"proofs.{name}").derivations())
    seen: set[str] = set()
    for d in out:
        if d.id in seen:
            raise RuntimeError(f"duplicate derivation id {d.id!r}")
        seen.add(d.id)
    return tuple(out)


def all_derivations() -> list[Derivation]:
    """Every derivation, in a stable order (built once per process, then cached)."""
    return list(_registry())


def ids() -> list[str]:
    """The ids of every derivation."""
    return [d.id for d in _registry()]


def get(id: str) -> Derivation:
    """The derivation with this id (e.g. ``"beta.var"``, ``"thm2.eq19-expansion"``)."""
    for d in _registry():
        if d.id == id:
            return d
    raise KeyError(f"no derivation {id!r}; known: {', '.join(ids())}")
