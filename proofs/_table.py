"""The registry shape shared by proofs modules that build each derivation from its own function."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Mapping

from mixcheck.derivation import Derivation


#: derivations built by another process of this same code and handed to this one
#: (:func:`mixcheck.proofs.preload`): used instead of building them here
PRELOADED: dict[str, Derivation] = {}


def table_registry(table: Mapping[str, Callable[[], Derivation]]):
    """``(derivation, derivations)`` for a module's ``DERIVATIONS`` table: ``derivation(id)`` builds
    one derivation once per process (or takes the preloaded one); ``derivations()`` gives every
    one, in the table's order."""

    @lru_cache(maxsize=None)
    def derivation(id: str) -> Derivation:
        """One derivation of this module, built once per process (unless preloaded)."""
        return PRELOADED[id] if id in PRELOADED else table[id]()

    def derivations() -> tuple[Derivation, ...]:
        """Every derivation of this module."""
        return tuple(derivation(k) for k in table)

    return derivation, derivations
