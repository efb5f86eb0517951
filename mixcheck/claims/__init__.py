"""Every statement of the paper as registered, checkable claims.

* :data:`CLAIMS` — the ordered list of :class:`Claim` (inventory order of ../shared/claims.md);
* :func:`run_claims` — run them (all, or by id / inventory id) → list of :class:`ClaimResult`;
* :func:`inventory_ids` — the inventory ids; every one has at least one claim;
* :func:`record` — attach a result to the running pytest test (for the report plugin);
* :func:`verify_counterexample` — recompute a refuted claim's two sides from its JSON inputs;
* :data:`GRADES` — the evidence grades a result carries (``ClaimResult.grade``, see :mod:`.grading`).

The claims live in one module per part of the paper: :mod:`.lemmas` (Lemma 1, 2, Theorem 1),
:mod:`.linear` (Section 4), :mod:`.network` (Section 5), :mod:`.section6`, :mod:`.geometry`
(Section 7), :mod:`.experiments` (Table 1, Fig. 3). Each claim's ``check(ctx)`` returns an
:class:`Outcome` (verdict, evidence, one-line summary).
"""

from __future__ import annotations

from .registry import (
    CLAIMS,
    INVENTORY,
    METHODS,
    VERDICTS,
    Claim,
    ClaimResult,
    Context,
    Outcome,
    inventory_id_of,
    inventory_ids,
    jsonable,
    sort_claims,
)
from .runner import record, run_claim, run_claims, select_claims
from ._evidence import verify_counterexample
from .grading import GRADES

import importlib as _importlib

for _mod in ("lemmas", "linear", "network", "section6", "geometry", "experiments"):
    _importlib.import_module(f"{__name__}.{_mod}")
sort_claims()

__all__ = [
    "CLAIMS",
    "GRADES",
    "INVENTORY",
    "METHODS",
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
