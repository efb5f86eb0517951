"""SymPy derivations of the closed forms the paper relies on; run ``python -m mixcheck.proofs``.

Each derivation is a :class:`mixcheck.derivation.Derivation`, every step checked and graded
(:attr:`Derivation.is_proof` is true only where every step is a proof-grade check and the
conclusion is the last step; :attr:`Derivation.proves` names the claims it proves). Topics,
one module each:

* :mod:`mixcheck.proofs.beta_moments` — λ ~ Beta(α, α) and Beta(a, b): moments, Section 6's values;
* :mod:`mixcheck.proofs.exponential_families` — ψ from the normaliser, eqs. (30)-(31), convexity;
* :mod:`mixcheck.proofs.expfam_general` — eqs. (30)-(31) for a general family; ψ_λ of eq. (34) (Gaussian);
* :mod:`mixcheck.proofs.mixup_variance` — means and (co)variances of mixed variables, eqs. (32)-(33);
* :mod:`mixcheck.proofs.theorem_algebra` — the algebra of eqs. (18)-(20), (24) and Theorem 3's chain (n = 3, d = 2);
* :mod:`mixcheck.proofs.bounds_linear` — eqs. (18)-(20) and Theorem 2 for any n and d (named rules);
* :mod:`mixcheck.proofs.bounds_network` — eq. (24)'s steps and Fig. 1's scaling for any n and d;

``get(id)`` builds only the module (or, where the module allows, the one derivation) that the
id needs; ``all_derivations()`` builds everything; ``preload(derivations)`` hands this process
derivations built by another process of the same code (the test session does so).

>>> from mixcheck import proofs
>>> proofs.get("beta.var").ok
True
"""

from __future__ import annotations

import difflib
import importlib
from functools import lru_cache
from types import ModuleType

from mixcheck.derivation import Derivation, check_derivations

__all__ = ["MODULES", "all_derivations", "get", "ids", "module_of", "closest", "proving", "preload", "source_digest"]

MODULES = ("beta_moments", "exponential_families", "expfam_general", "mixup_variance", "theorem_algebra",
           "bounds_linear", "bounds_network")


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


def _module_ids(name: str) -> tuple[str, ...]:
    """The ids a module builds, without building them (``IDS``, ``DERIVATIONS`` or ``FAMILIES``)."""
    mod = _module(name)
    if hasattr(mod, "DERIVATIONS"):
        return tuple(mod.DERIVATIONS)
    if hasattr(mod, "FAMILIES"):
        return tuple(f.id for f in mod.FAMILIES)
    return tuple(mod.IDS)


@lru_cache(maxsize=None)
def _index() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in MODULES:
        for i in _module_ids(name):
            if i in out:
                raise RuntimeError(f"duplicate derivation id {i!r}")
            out[i] = name
    return out


def ids() -> list[str]:
    """The ids of every derivation (nothing is built)."""
    return list(_index())


def module_of(id: str) -> str:
    """The proofs module that builds ``id``; KeyError (with the closest ids) when unknown."""
    try:
        return _index()[id]
    except KeyError:
        near = closest(id)
        raise KeyError(f"no derivation {id!r}" + (f"; closest: {', '.join(near)}" if near else "")) from None


def closest(id: str, n: int = 3) -> list[str]:
    """The known ids closest to ``id`` (difflib)."""
    return difflib.get_close_matches(id, ids(), n=n, cutoff=0.4)


@lru_cache(maxsize=None)
def _built(name: str) -> dict[str, Derivation]:
    return {d.id: d for d in _module(name).derivations()}


def get(id: str) -> Derivation:
    """The derivation with this id (e.g. ``"beta.var"``), building only what it needs."""
    name = module_of(id)
    mod = _module(name)
    if hasattr(mod, "DERIVATIONS") or hasattr(mod, "FAMILIES"):
        return mod.derivation(id)
    return _built(name)[id]


def preload(derivations) -> int:
    """Use these derivations, built by another process of this same code (e.g. handed over with
    :mod:`mixcheck.derivation_pickle`; see :func:`source_digest`), wherever one of their ids is
    asked for and not built here yet; returns how many were taken. A derivation built here
    already stays. The modules that build them are imported (their vector symbols are declared
    there, which a copy's norms need when a step is re-checked)."""
    from ._table import PRELOADED

    ds = check_derivations(derivations)
    unknown = sorted({d.id for d in ds} - set(_index()))
    if unknown:
        raise ValueError(f"no derivation has the id(s) {unknown}; known: {', '.join(ids())}")
    new = [d for d in ds if d.id not in PRELOADED]
    for name in sorted({_index()[d.id] for d in new}):
        _module(name)
    PRELOADED.update((d.id, d) for d in new)
    return len(new)


def source_digest() -> str:
    """A SHA-256 digest of the sources the derivations are built and checked from (this
    package's modules and the derivation checker, ``mixcheck/derivation*.py``): two processes
    with the same digest build the same derivations."""
    import hashlib
    from pathlib import Path

    import mixcheck.derivation as checker

    here, core = Path(__file__).resolve().parent, Path(checker.__file__).resolve().parent
    h = hashlib.sha256()
    for f in sorted(here.glob("*.py")) + sorted(core.glob("derivation*.py")):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def all_derivations() -> list[Derivation]:
    """Every derivation, in a stable order (each built once per process, then cached)."""
    return [get(i) for i in ids()]


def proving(claim_id: str) -> list[Derivation]:
    """The derivations whose ``proves`` names ``claim_id`` and that are proofs (builds them all)."""
    return [d for d in all_derivations() if claim_id in d.proves and d.is_proof]
