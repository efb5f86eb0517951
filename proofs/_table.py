"""The registry shape shared by proofs modules that build each derivation from its own function."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Mapping

from mixcheck.derivation import Derivation


def table_registry(table: Mapping[str, Callable[[], Derivation]]):
    """``(derivation, derivations)`` for a module's ``DERIVATIONS`` table: ``derivation(id)`` builds
    one derivation once per process; ``derivations()`` builds every one, in the table's order."""

    @lru_cache(maxsize=None)
    def derivation(id: str) -> Derivation:
        """One derivation of this module, built once per process."""
        return table[id]()

    def derivations() -> tuple[Derivation, ...]:
        """Every derivation of this module."""
        return tuple(derivation(k) for k in table)

    return derivation, derivations
