"""A claim attaches the SymPy derivations of its own statement (``proofs``) to its evidence.

``@attach("thm2.eq19-expansion")`` under ``@claim(...)`` adds ``derivation`` (each derivation's
``to_dict()``), ``derivations_ok`` and ``derivation_ids`` to every outcome of the check, next to
what the check itself found; keys the check already set are kept. The derivations are built
once per process, only when the claim runs (:mod:`mixcheck.paper._proofs`).
"""

from __future__ import annotations

from mixcheck.paper import _proofs
from mixcheck.engine.outcomes import with_evidence


def attach(*ids: str):
    """Decorator for a check: its outcomes carry the derivations ``ids`` in their evidence."""
    if not ids or not all(isinstance(i, str) and i for i in ids):
        raise ValueError(f"attach: derivation ids must be non-empty strings, got {ids!r}")

    def wrap(check):
        checked = with_evidence(lambda ctx: _proofs.evidence(*ids))(check)
        checked.derivation_ids = tuple(ids)
        return checked

    return wrap
