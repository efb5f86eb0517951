"""Access to the SymPy derivations of ``proofs/`` for the claims.

Everything goes through the ``proofs`` package's own cache (``proofs.get``), which builds a
derivation (or its module) once per process and only when asked — so a claim that attaches
``beta.var`` builds only that, and a test session that also runs the proofs' tests builds
nothing twice.
"""

from __future__ import annotations


def derivation(id: str):
    """The derivation ``id`` (e.g. ``"beta.var"``), built once per process."""
    from mixcheck import proofs

    return proofs.get(id)


def module_derivations(name: str) -> list:
    """Every derivation of ``proofs.<name>`` (built once per process)."""
    from mixcheck import proofs

    return [proofs.get(i) for i in proofs.ids() if proofs.module_of(i) == name]


def evidence(*ids: str) -> dict:
    """{"derivation": [to_dict()...], "derivations_ok": all ok, "derivation_ids"} for the given ids."""
    ds = [derivation(i) for i in ids]
    return {"derivation": [d.to_dict() for d in ds], "derivations_ok": all(d.ok for d in ds),
            "derivation_ids": list(ids)}


def all_ok(*ids: str) -> bool:
    return all(derivation(i).ok for i in ids)
