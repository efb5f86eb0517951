"""The paper's claims through the engine's names (a compatibility facade).

Importing this package registers every claim of Kimura, "Why Mixup Improves the Model
Performance" (:mod:`mixcheck.paper`, one module per statement) against the paper's inventory
(:data:`mixcheck.paper.inventory.PAPER`), and re-exports the engine (:mod:`mixcheck.engine`):

* :data:`CLAIMS` — every registered :class:`Claim` (inventory order of ../shared/claims.md);
* :func:`run_claims` — run them (all, or by id / inventory id) → list of :class:`ClaimResult`;
* :func:`inventory_ids` — the paper's inventory ids; every one has at least one claim;
* :data:`INVENTORY` — the same ids as a tuple;
* :func:`record` — attach a result to the running pytest test (for the report plugin);
* :func:`verify_counterexample` — recompute a refuted claim's two sides from its JSON inputs;
* :data:`GRADES` — the evidence grades a result carries (``ClaimResult.grade``).
"""

from __future__ import annotations

from mixcheck.engine.grading import GRADES
from mixcheck.engine.outcomes import verify_counterexample
from mixcheck.engine.registry import (CLAIMS, METHODS, VERDICTS, Claim, ClaimResult, Context, Outcome,
                                      inventory_id_of, jsonable, sort_claims)
from mixcheck.engine.runner import record, run_claim, run_claims, select_claims
from mixcheck.paper.inventory import PAPER

import mixcheck.paper  # noqa: E402,F401  registers the paper's claims

sort_claims()

#: The paper's inventory ids, in the order of ../shared/claims.md.
INVENTORY: tuple[str, ...] = PAPER.ids


def inventory_ids() -> list[str]:
    """The paper's inventory ids, in the order of ../shared/claims.md."""
    return list(PAPER.ids)


__all__ = [
    "CLAIMS",
    "GRADES",
    "INVENTORY",
    "METHODS",
    "PAPER",
    "VERDICTS",
    "Claim",
    "ClaimResult",
    "Context",
    "Outcome",
    "inventory_id_of",
    "inventory_ids",
    "jsonable",
    "record",
    "run_claim",
    "run_claims",
    "select_claims",
    "verify_counterexample",
]
