"""Access to the SymPy derivations of ``proofs/`` (issue 3), one module at a time.

``proofs.get`` builds every derivation (≈ 10 s); the claims need a few modules only, so each
module's ``derivations()`` is built once per process and cached here.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

_MODULE_OF = {"beta": "beta_moments", "expfam": "exponential_families", "mixup": "mixup_variance",
              "thm2": "theorem_algebra", "thm3": "theorem_algebra"}


@lru_cache(maxsize=None)
def _module(name: str) -> dict:
    return {d.id: d for d in importlib.import_module(f"proofs.{name}").derivations()}


def module_derivations(name: str) -> list:
    """Every derivation of ``proofs.<name>`` (built once per process)."""
    return list(_module(name).values())


def derivation(id: str):
    """The derivation ``id`` (e.g. ``"beta.var"``) from its proofs module."""
    return _module(_MODULE_OF[id.split(".", 1)[0]])[id]


def evidence(*ids: str) -> dict:
    """{"derivations": [to_dict()...], "derivations_ok": all ok} for the given ids."""
    ds = [derivation(i) for i in ids]
    return {"derivation": [d.to_dict() for d in ds], "derivations_ok": all(d.ok for d in ds),
            "derivation_ids": list(ids)}


def all_ok(*ids: str) -> bool:
    return all(derivation(i).ok for i in ids)
