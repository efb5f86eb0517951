"""A claim attaches the SymPy derivations of its own statement (``proofs``) to its evidence.

``@attach("thm2.eq19-expansion")`` under ``@claim(...)`` adds ``derivation`` (each derivation's
``to_dict()``), ``derivations_ok`` and ``derivation_ids`` to every outcome of the check, next to
what the check itself found; keys the check already set are kept. The derivations are built
once per process, only when the claim runs (:mod:`mixcheck.paper._proofs`).
"""

from __future__ import annotations

import functools

from mixcheck.paper import _proofs
from mixcheck.engine.registry import Outcome, jsonable


def attach(*ids: str):
    """Decorator for a check: its outcomes carry the derivations ``ids`` in their evidence."""
    if not ids or not all(isinstance(i, str) and i for i in ids):
        raise ValueError(f"attach: derivation ids must be non-empty strings, got {ids!r}")

    def wrap(check):
        @functools.wraps(check)
        def checked(ctx):
            out = check(ctx)
            ev = dict(out.evidence)
            for key, value in _proofs.evidence(*ids).items():
                ev.setdefault(key, value)
            return Outcome(out.verdict, jsonable(ev), out.summary)

        checked.derivation_ids = tuple(ids)
        return checked

    return wrap
