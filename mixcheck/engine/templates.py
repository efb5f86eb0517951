"""The two recurring search-then-verdict patterns of a property-search claim.

* :func:`refute_by_search` — search for a violation, recompute the shrunk example exactly from
  its JSON inputs, and return ``refuted`` with the counterexample; a search that finds nothing
  is ``inconclusive`` with its effort (:func:`~.outcomes.search_missed`), never an error and
  never ``holds``.
* :func:`hold_by_search` — search for a violation of a relation believed to hold; nothing
  found gives ``holds`` with the search effort (``examples``, ``worst_margin``); a violation is
  ``inconclusive`` until re-verified (:func:`~.outcomes.unexpected_violation`).

Both take the claim's ``margin`` (> ``tol``: a violation) and a strategy, as
:func:`~.search.search` does.
"""

from __future__ import annotations

from typing import Any, Callable

from .outcomes import holds, refuted, search_missed, unexpected_violation
from .registry import Outcome
from .search import SearchResult, search

__all__ = ["refute_by_search", "hold_by_search"]


def refute_by_search(ctx, strategy, margin: Callable[[Any], float], *, inputs: Callable[[Any], dict],
                     recompute: Callable[[dict], tuple], relation: str,
                     summary: Callable[[Any, dict, Any, Any], str], tol: float = 0.0,
                     **extra) -> Outcome:
    """search → violation → exact recompute → ``refuted``; nothing found → ``inconclusive``.

    ``inputs(violation)`` gives the counterexample's JSON inputs, ``recompute(inputs)`` its two
    sides exactly, ``summary(violation, inputs, lhs, rhs)`` the one-line summary; ``extra``
    evidence (e.g. ``correction``) goes before the search effort."""
    if not callable(inputs) or not callable(recompute) or not callable(summary):
        raise TypeError("inputs, recompute and summary must be callables")
    res = search(ctx, strategy, margin, tol=tol)
    if not res.found:
        return search_missed(res)
    inp = inputs(res.violation)
    lhs, rhs = recompute(inp)
    return refuted(inputs=inp, lhs=lhs, rhs=rhs, relation=relation,
                   summary=summary(res.violation, inp, lhs, rhs), **extra, search=res.effort())


def hold_by_search(ctx, strategy, margin: Callable[[Any], float], *,
                   summary: str | Callable[[SearchResult], str], tol: float = 0.0, what: str = "violation",
                   **evidence) -> Outcome:
    """search → nothing found → ``holds`` (examples, worst margin, then ``evidence``); a
    violation → ``inconclusive`` (:func:`~.outcomes.unexpected_violation`, naming ``what``).

    ``evidence`` values that are callables are called with the search result."""
    res = search(ctx, strategy, margin, tol=tol)
    if res.found:
        return unexpected_violation(res, what)
    text = summary(res) if callable(summary) else summary
    extra = {k: (v(res) if callable(v) else v) for k, v in evidence.items()}
    return holds(text, examples=res.examples, worst_margin=res.worst_margin, **extra)
