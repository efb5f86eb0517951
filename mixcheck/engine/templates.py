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
:func:`hold_by_search` may instead take the relation itself, ``sides=(lhs, rhs)`` and ``relation``
(its margin is then :func:`relation_margin`), and ``known`` inputs tried before the search. Such a
check can be shown to fail: under :func:`planted` its right side is scaled until the relation is
false on a known input, and the check must report the violation (tests/test_planted_violations.py).
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from typing import Any, Callable, Sequence

from .outcomes import refuted, search_missed, unexpected_violation
from .registry import Outcome
from .search import SearchResult, search

__all__ = ["refute_by_search", "hold_by_search", "planted", "relation_margin"]


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


def hold_by_search(ctx, strategy, margin: Callable[[Any], float] | None = None,
                   holding: Callable[[SearchResult], Outcome] | None = None, *, tol: float = 0.0,
                   what: str = "a violation", sides: tuple[Callable, Callable] | None = None,
                   relation: str = "<=", known: Sequence[Any] = (), max_examples: int | None = None) -> Outcome:
    """search → nothing found → ``holding(result)``; a violation → ``inconclusive``
    (:func:`~.outcomes.unexpected_violation`, naming ``what``).

    Give either ``margin`` or ``sides=(lhs, rhs)`` with ``relation`` (the claimed
    ``lhs relation rhs``; the margin is :func:`relation_margin`, relative, so ``tol`` is a relative
    tolerance). ``known`` inputs are checked first, each as one example of the search;
    ``max_examples`` overrides the profile's budget as in :func:`~.search.search`."""
    if (margin is None) == (sides is None):
        raise TypeError("give the margin or sides=(lhs, rhs), not both and not neither")
    if sides is not None:
        margin = _sides_margin(sides, relation)
    if not callable(margin):
        raise TypeError(f"margin must be a callable example -> number, got {type(margin).__name__}")
    if not callable(holding):
        raise TypeError(f"holding must be a callable SearchResult -> Outcome, got {type(holding).__name__}")
    if isinstance(known, (str, bytes)) or not isinstance(known, Sequence):
        raise TypeError(f"known must be a sequence of examples, got {type(known).__name__}")
    for k, example in enumerate(known):
        m = float(margin(example))
        if m > tol:
            res = SearchResult(examples=k + 1, worst_margin=m, worst_example=example, violation=example,
                               violation_margin=m, extra={"known_input": k})
            return unexpected_violation(res, what)
    res = search(ctx, strategy, margin, tol=tol, max_examples=max_examples)
    if res.found:
        return unexpected_violation(res, what)
    out = holding(res)
    if not isinstance(out, Outcome):
        raise TypeError(f"holding must return an Outcome, got {type(out).__name__}")
    return out


# --------------------------------------------------------------------------- planted violations

_PLANT: contextvars.ContextVar[float | None] = contextvars.ContextVar("mixcheck_plant", default=None)
_RELATIONS = ("<=", ">=", "==")


@contextmanager
def planted(scale: float):
    """Within the block every :func:`hold_by_search` given ``sides`` checks ``lhs ≤ scale·rhs``
    (``"=="``: ``lhs = scale·rhs``; ``">="``: ``lhs ≥ rhs/scale``) in place of its relation: with
    0 < scale < 1 the right side moves until the relation is false on the claim's ``known`` inputs,
    and the check must then report a violation (the negative control of a searched holds). A
    margin built from :func:`relation_margin` (a chain of relations, each link
    ``relation_margin(lhs, rhs, relation)``, the largest taken) is planted too."""
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not 0 < scale < 1:
        raise ValueError(f"scale must be a number in (0, 1), got {scale!r}")
    token = _PLANT.set(float(scale))
    try:
        yield
    finally:
        _PLANT.reset(token)


def relation_margin(lhs, rhs, relation: str = "<=") -> float:
    """By how much ``lhs relation rhs`` fails, relative to max(|lhs|, |rhs|) (> 0: it fails; 0 when
    both sides are 0), with the planted scale (:func:`planted`) applied to ``rhs``. The sides may be
    floats, Fractions or mpmath numbers; the difference is taken in their own arithmetic."""
    if relation not in _RELATIONS:
        raise ValueError(f"relation must be one of {_RELATIONS}, got {relation!r}")
    s = _PLANT.get()
    if s is not None:
        rhs = rhs * (1 / s if relation == ">=" else s)  # float scale: the planted run is a float control
    gap = {"<=": lhs - rhs, ">=": rhs - lhs, "==": abs(lhs - rhs)}[relation]
    size = max(abs(lhs), abs(rhs))
    return float(gap / size) if size else 0.0


def _sides_margin(sides, relation: str) -> Callable[[Any], float]:
    if not (isinstance(sides, tuple) and len(sides) == 2 and all(callable(f) for f in sides)):
        raise TypeError("sides must be a pair (lhs, rhs) of callables example -> number")
    if relation not in _RELATIONS:
        raise ValueError(f"relation must be one of {_RELATIONS}, got {relation!r}")
    lhs, rhs = sides
    return lambda example: relation_margin(lhs(example), rhs(example), relation)
