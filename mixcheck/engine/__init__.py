"""The claims engine: inventories, claims, outcomes, property search, running, grading.

It knows nothing of a particular paper: a claims package declares an
:class:`~.inventory.Inventory` (the statements' ids, titles and references, the report's
title) and registers claims against it; :func:`~.runner.run_claims` runs them and grades each
result from what its check did (:mod:`.grading`). See :mod:`mixcheck` for a worked example.
"""

from __future__ import annotations

from .grading import GRADES, grade_of
from .inventory import Entry, IndexRow, Inventory, Section, declare, declared, family_of, inventory_of
from .outcomes import (holds, inconclusive, not_run, refuted, search_missed, unexpected_violation, verify_counterexample,
                       with_evidence)
from .registry import (CLAIMS, METHODS, VERDICTS, Claim, ClaimResult, Context, Outcome, claim, claims_of,
                       inventory_id_of, inventory_ids, jsonable, register, sort_claims)
from .runner import record, run_claim, run_claims, select_claims
from .search import SearchResult, record_exhaustive, record_grid  # the function search: mixcheck.engine.search.search
from .validate import result_problems

__all__ = [
    "CLAIMS", "GRADES", "METHODS", "VERDICTS", "Claim", "ClaimResult", "Context", "Entry", "IndexRow",
    "Inventory", "Outcome", "SearchResult", "Section", "claim", "claims_of", "declare", "declared", "family_of",
    "grade_of", "holds", "inconclusive", "inventory_id_of", "inventory_ids", "inventory_of", "jsonable",
    "not_run", "record", "record_exhaustive", "record_grid", "refuted", "register", "result_problems",
    "run_claim", "run_claims", "search_missed", "select_claims", "sort_claims",
    "unexpected_violation", "verify_counterexample", "with_evidence",
]
