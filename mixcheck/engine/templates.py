"""The two recurring search-then-verdict patterns of a property-search claim.

* :func:`refute_by_search` — search for a violation; the shrunk example goes to the claim's
  ``counterexample(example)``, which recomputes both sides exactly and gives the arguments of
  :func:`~.outcomes.refuted` (inputs, lhs, rhs, relation, summary, extra evidence); the result is
  ``refuted`` with the search effort. A search that finds nothing is ``inconclusive`` with its
  effort (:func:`~.outcomes.search_missed`) — never an error, and never ``holds``.
* :func:`hold_by_search` — search for a violation of a relation believed to hold; nothing found
  gives the claim's ``holding(result)`` (a ``holds`` outcome built from the search result); a
  violation is ``inconclusive`` until re-verified (:func:`~.outcomes.unexpected_violation`).

Both take the claim's strategy and ``margin`` (> ``tol``: a violation) as :func:`~.search.search`.
"""

from __future__ import annotations

from typing import Any, Callable

from .outcomes import refuted, search_missed, unexpected_violation
from .registry import Outcome
from .search import SearchResult, search

__all__ = ["refute_by_search", "hold_by_search"]


def refute_by_search(ctx, strategy, margin: Callable[[Any], float], counterexample: Callable[[Any], dict], *,
                     tol: float = 0.0) -> Outcome:
    """search → violation → ``counterexample(violation)`` (exact sides) → ``refuted``;
    nothing found → ``inconclusive`` with the search effort."""
    if not callable(counterexample):
        raise TypeError(f"counterexample must be a callable example -> dict, got {type(counterexample).__name__}")
    res = search(ctx, strategy, margin, tol=tol)
    if not res.found:
        return search_missed(res)
    args = counterexample(res.violation)
    if not isinstance(args, dict):
        raise TypeError(f"counterexample must return the keyword arguments of refuted (a dict), got "
                        f"{type(args).__name__}")
    return refuted(**args, search=res.effort())


def hold_by_search(ctx, strategy, margin: Callable[[Any], float], holding: Callable[[SearchResult], Outcome], *,
                   tol: float = 0.0, what: str = "a violation") -> Outcome:
    """search → nothing found → ``holding(result)``; a violation → ``inconclusive``
    (:func:`~.outcomes.unexpected_violation`, naming ``what``)."""
    if not callable(holding):
        raise TypeError(f"holding must be a callable SearchResult -> Outcome, got {type(holding).__name__}")
    res = search(ctx, strategy, margin, tol=tol)
    if res.found:
        return unexpected_violation(res, what)
    out = holding(res)
    if not isinstance(out, Outcome):
        raise TypeError(f"holding must return an Outcome, got {type(out).__name__}")
    return out
